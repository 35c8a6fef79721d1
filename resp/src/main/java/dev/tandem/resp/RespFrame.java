/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * One whole, immutable RESP2/RESP3 value.
 *
 * <p>Frames hold {@code byte[]} payloads, never {@code ByteBuf}s, so a frame needs no release and
 * cannot leak. Factories such as {@link RespBulkString#of(byte[])} copy the caller's array and
 * accessors such as {@link RespBulkString#toByteArray()} return copies, so a frame can be shared
 * between threads freely. Bulk strings too large to hold whole arrive from the decoder as
 * {@link RespBulkStringHeader} plus {@link RespBulkStringChunk}s instead.
 */
public sealed interface RespFrame extends RespMessage
        permits RespSimpleString, RespError, RespInteger, RespBulkString, RespNull, RespArray,
                RespMap, RespSet, RespDouble, RespBoolean, RespBigNumber, RespVerbatimString,
                RespPush, RespAttribute {

    /** The RESP type of this frame. */
    RespType type();
}
