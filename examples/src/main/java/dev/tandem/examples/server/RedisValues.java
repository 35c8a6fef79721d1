/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.internal.config.ConfigValues;

/**
 * Value parsers for the launcher's own directives. Yes/no and bounded integers delegate to the
 * replication module's {@link ConfigValues}, so both speak Redis 7.0's rules and wording;
 * {@code strtol} is the launcher's alone ({@code save}, {@code replicaof}).
 */
final class RedisValues {

    private RedisValues() {
    }

    /** {@code yes}/{@code no}, case-insensitive ({@code yesnotoi}). */
    static boolean yesNo(String value) throws DirectiveException {
        try {
            return ConfigValues.parseBoolean("", value);
        } catch (ConfigException e) {
            throw new DirectiveException(e.reason());
        }
    }

    /** An integer directive: {@code string2ll} syntax, then the inclusive range, worded as Redis words it. */
    static long integer(String value, long min, long max) throws DirectiveException {
        try {
            return ConfigValues.parseInteger("", value, min, max);
        } catch (ConfigException e) {
            throw new DirectiveException(e.reason());
        }
    }

    /**
     * C's {@code strtol(s, &end, 10)} as the {@code save} and {@code replicaof} directives use
     * it: leading whitespace, an optional sign, decimal digits, clamped on overflow.
     *
     * @param value the number (0 when there are no digits)
     * @param wholeString whether {@code *end == '\0'}, i.e. nothing follows the number; true
     *     for the empty string, as in C, and false when there are no digits at all otherwise
     */
    record CLong(long value, boolean wholeString) {
    }

    static CLong strtol(String s) {
        int i = 0;
        while (i < s.length() && ConfigArgs.isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int digit = s.charAt(i) - '0';
            if (!overflow) {
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    overflow = true;
                } else {
                    value = value * 10 + digit;
                }
            }
            i++;
        }
        if (i == digitsStart) { // no digits: end points at the start of the string
            return new CLong(0, s.isEmpty());
        }
        if (overflow) {
            value = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else if (negative) {
            value = -value;
        }
        return new CLong(value, i == s.length());
    }
}
