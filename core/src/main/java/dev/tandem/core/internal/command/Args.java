/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.RedisError;
import java.nio.charset.StandardCharsets;

/** Argument parsing with Redis's rules and error texts (util.c string2ll, string2ld). */
public final class Args {
    private Args() {
    }

    /** Case-insensitive ASCII comparison of an argument with an option name. */
    public static boolean is(byte[] arg, String option) {
        if (arg.length != option.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i] & 0xff;
            int b = option.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
            if (a != b && !Character.isLetter(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a signed 64-bit decimal exactly as Redis's string2ll: no leading '+', no leading
     * zeros (except "0"), no spaces, no "-0"; returns null when not such an integer.
     */
    public static Long parseLongStrict(byte[] s) {
        int len = s.length;
        if (len == 0 || len > 20) {
            return null;
        }
        if (len == 1 && s[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i = 1;
            if (len == 1) {
                return null;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return null;
        }
        long v = 0; // accumulated as a negative number to reach Long.MIN_VALUE
        for (; i < len; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return null;
            }
            return -v;
        }
        return v;
    }

    /** A 64-bit integer argument or {@code ERR value is not an integer or out of range}. */
    public static long parseLong(byte[] s) {
        Long v = parseLongStrict(s);
        if (v == null) {
            throw RedisError.notInteger();
        }
        return v;
    }

    /** A 64-bit integer argument or the given error text. */
    public static long parseLong(byte[] s, String errorText) {
        Long v = parseLongStrict(s);
        if (v == null) {
            throw new RedisError(errorText);
        }
        return v;
    }

    /** A command name lowercased, as the keyspace event some commands are named after. */
    static String lower(byte[] name) {
        return new String(name, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    }

    public static String utf8(byte[] s) {
        return new String(s, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] bytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
