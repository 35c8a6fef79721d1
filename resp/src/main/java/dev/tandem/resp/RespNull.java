/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * A null reply. RESP2 has two spellings, the null bulk string {@code $-1\r\n} and the null array
 * {@code *-1\r\n}; RESP3 has one, {@code _\r\n}. The frame remembers which it was so that it
 * re-encodes exactly.
 */
public final class RespNull implements RespFrame {

    /** Which wire spelling a null has. */
    public enum Form {
        /** RESP2 {@code $-1\r\n}. */
        NULL_BULK_STRING,
        /** RESP2 {@code *-1\r\n}. */
        NULL_ARRAY,
        /** RESP3 {@code _\r\n}. */
        RESP3_NULL
    }

    /** {@code $-1\r\n}. */
    public static final RespNull NULL_BULK_STRING = new RespNull(Form.NULL_BULK_STRING);
    /** {@code *-1\r\n}. */
    public static final RespNull NULL_ARRAY = new RespNull(Form.NULL_ARRAY);
    /** {@code _\r\n}. */
    public static final RespNull RESP3_NULL = new RespNull(Form.RESP3_NULL);

    private final Form form;

    private RespNull(Form form) {
        this.form = form;
    }

    /** The shared instance of {@code form}. */
    public static RespNull of(Form form) {
        return switch (form) {
            case NULL_BULK_STRING -> NULL_BULK_STRING;
            case NULL_ARRAY -> NULL_ARRAY;
            case RESP3_NULL -> RESP3_NULL;
        };
    }

    public Form form() {
        return form;
    }

    @Override
    public RespType type() {
        return RespType.NULL;
    }

    @Override
    public String toString() {
        return "RespNull[" + form + "]";
    }
}
