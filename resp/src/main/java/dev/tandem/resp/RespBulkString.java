/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * A whole RESP bulk string, {@code $3\r\nfoo\r\n}: binary safe, held as a {@code byte[]} owned by
 * this frame (so it needs no release). The decoders deliver bulks above their chunk threshold as
 * {@link RespBulkStringHeader} and {@link RespBulkStringChunk}s instead.
 */
public final class RespBulkString extends AbstractBytesFrame implements RespFrame {

    /** The empty bulk string {@code $0\r\n\r\n}. */
    public static final RespBulkString EMPTY = new RespBulkString(new byte[0]);

    RespBulkString(byte[] ownedBytes) {
        super(ownedBytes);
    }

    /** A bulk string holding a copy of {@code value}. */
    public static RespBulkString of(byte[] value) {
        return new RespBulkString(value.clone());
    }

    /** A bulk string holding the UTF-8 bytes of {@code value}. */
    public static RespBulkString of(String value) {
        return new RespBulkString(utf8(value));
    }

    @Override
    public RespType type() {
        return RespType.BULK_STRING;
    }
}
