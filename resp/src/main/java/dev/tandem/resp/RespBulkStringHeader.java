/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * The start of a bulk string delivered in pieces: {@code $<length>\r\n}. It is followed by
 * {@link RespBulkStringChunk}s whose contents add up to {@code length} bytes, the last of them
 * flagged {@link RespBulkStringChunk#isLast()}.
 *
 * @param length the number of payload bytes that follow (may exceed {@code Integer.MAX_VALUE})
 */
public record RespBulkStringHeader(long length) implements RespMessage {
    public RespBulkStringHeader {
        if (length < 0) {
            throw new IllegalArgumentException("bulk string length must be >= 0: " + length);
        }
    }
}
