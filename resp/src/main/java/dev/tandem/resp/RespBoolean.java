/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/** A RESP3 boolean, {@code #t\r\n} or {@code #f\r\n}. */
public record RespBoolean(boolean value) implements RespFrame {

    public static final RespBoolean TRUE = new RespBoolean(true);
    public static final RespBoolean FALSE = new RespBoolean(false);

    public static RespBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    @Override
    public RespType type() {
        return RespType.BOOLEAN;
    }
}
