/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

/**
 * A RESP3 double, {@code ,3.14\r\n}, {@code ,inf\r\n}, {@code ,-inf\r\n} or {@code ,nan\r\n}.
 * Equality is that of {@link Double#compare}: NaN equals NaN, and 0.0 differs from -0.0.
 */
public record RespDouble(double value) implements RespFrame {

    public static RespDouble of(double value) {
        return new RespDouble(value);
    }

    @Override
    public RespType type() {
        return RespType.DOUBLE;
    }
}
