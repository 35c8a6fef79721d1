/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import java.nio.charset.StandardCharsets;

/**
 * Redis's notion of a string that "is" an integer ({@code string2ll} in {@code util.c},
 * {@code lpStringToInt64} in {@code listpack.c}): canonical decimal only — an optional
 * {@code -}, then either {@code 0} alone or a non-zero digit followed by digits, within the
 * signed 64-bit range. {@code "007"}, {@code "-0"}, {@code "+1"}, {@code " 1"}, {@code "1 "}
 * and {@code ""} are strings. Only canonical strings may be stored in integer form, because
 * the reader turns integers back into canonical text.
 */
public final class IntegerStrings {
    /** Longest canonical int64 text: {@code -9223372036854775808}. */
    private static final int MAX_CANONICAL_LENGTH = 20;
    /** RDB's C0/C1/C2 string forms are tried only for strings this short ({@code rdbTryIntegerEncoding}). */
    private static final int MAX_RDB_INT_STRING_LENGTH = 11;

    private IntegerStrings() {
    }

    /** Whether {@code s} is the canonical decimal text of a signed 64-bit integer. */
    public static boolean isCanonicalInt64(byte[] s) {
        return isCanonicalInt64(s, 0, s.length);
    }

    public static boolean isCanonicalInt64(byte[] s, int off, int len) {
        if (len == 0 || len > MAX_CANONICAL_LENGTH) {
            return false;
        }
        int i = off;
        int end = off + len;
        boolean negative = s[i] == '-';
        if (negative) {
            i++;
            if (i == end) {
                return false;
            }
        }
        if (s[i] == '0') {
            return !negative && len == 1;
        }
        // Accumulate negatively so that Long.MIN_VALUE is representable.
        long acc = 0;
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (acc < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            acc = acc * 10 - d;
        }
        return negative || acc != Long.MIN_VALUE;
    }

    /**
     * Parses text already known to satisfy {@link #isCanonicalInt64}.
     *
     * @throws IllegalArgumentException if it does not
     */
    public static long parseCanonicalInt64(byte[] s) {
        if (!isCanonicalInt64(s)) {
            throw new IllegalArgumentException("not a canonical int64: "
                    + new String(s, StandardCharsets.ISO_8859_1));
        }
        return Long.parseLong(new String(s, StandardCharsets.US_ASCII));
    }

    /** Canonical decimal text of {@code v}, as Redis's {@code ll2string}. */
    public static byte[] toBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The RDB integer string form of {@code s} ({@code rdbTryIntegerEncoding}): {@code C0} +
     * int8, {@code C1} + int16 LE or {@code C2} + int32 LE, smallest that fits; or
     * {@code null} when {@code s} must stay a byte string (not canonical, longer than 11
     * bytes, or outside the int32 range, e.g. {@code "2147483648"}).
     */
    public static byte[] rdbIntegerForm(byte[] s) {
        if (s.length > MAX_RDB_INT_STRING_LENGTH || !isCanonicalInt64(s)) {
            return null;
        }
        long v = parseCanonicalInt64(s);
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return new byte[] {(byte) 0xC0, (byte) v};
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return new byte[] {(byte) 0xC1, (byte) v, (byte) (v >>> 8)};
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return new byte[] {(byte) 0xC2, (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
        }
        return null;
    }
}
