/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * A RESP error, {@code -ERR message\r\n}. The payload is the whole line after {@code -},
 * error code included (e.g. {@code ERR ...}, {@code WRONGTYPE ...}). It cannot contain CR or LF.
 */
public final class RespError extends AbstractBytesFrame implements RespFrame {

    RespError(byte[] ownedBytes) {
        super(ownedBytes);
    }

    /** An error holding a copy of {@code value}; rejects CR and LF. */
    public static RespError of(byte[] value) {
        byte[] copy = value.clone();
        requireNoLineBreak(copy, "an error");
        return new RespError(copy);
    }

    /** An error holding the UTF-8 bytes of {@code message}; rejects CR and LF. */
    public static RespError of(String message) {
        byte[] bytes = utf8(message);
        requireNoLineBreak(bytes, "an error");
        return new RespError(bytes);
    }

    /** The error code: the payload up to the first space (e.g. {@code ERR}, {@code MOVED}). */
    public String code() {
        int i = 0;
        while (i < bytes.length && bytes[i] != ' ') {
            i++;
        }
        return new String(bytes, 0, i, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public RespType type() {
        return RespType.ERROR;
    }
}
