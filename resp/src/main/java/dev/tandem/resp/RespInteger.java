/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/** A RESP integer, {@code :1000\r\n}: a signed 64-bit number. */
public record RespInteger(long value) implements RespFrame {

    public static final RespInteger ZERO = new RespInteger(0);
    public static final RespInteger ONE = new RespInteger(1);

    /** The integer {@code value}, sharing the common instances for 0 and 1. */
    public static RespInteger of(long value) {
        if (value == 0) {
            return ZERO;
        }
        return value == 1 ? ONE : new RespInteger(value);
    }

    @Override
    public RespType type() {
        return RespType.INTEGER;
    }
}
