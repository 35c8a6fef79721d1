/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.value.LexRange;
import dev.tandem.core.value.ScoreRange;
import java.util.Arrays;

/** Argument parsing of the sorted set commands, with Redis's exact rules and error texts. */
final class SortedSetArgs {
    static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
    static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";

    private SortedSetArgs() {
    }

    /**
     * db.c parseScanCursorOrReply: strtoul in base 10 (an optional sign, "-1" wrapping to the
     * largest cursor; an empty string is cursor 0), no leading space, nothing after the digits
     * but a NUL, no overflow; otherwise {@code ERR invalid cursor}.
     */
    static long parseScanCursor(byte[] s) {
        RedisError invalid = new RedisError("ERR invalid cursor");
        if (s.length > 0 && Strtod.isSpace(s[0])) {
            throw invalid;
        }
        int i = 0;
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < s.length && s[i] >= '0' && s[i] <= '9') {
            int d = s[i] - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw invalid; // ERANGE
            }
            value = value * 10 + d;
            i++;
        }
        if (i == digitsStart) {
            // No conversion: strtoul leaves the end pointer at the string's start.
            if (s.length > 0 && s[0] != 0) {
                throw invalid;
            }
            return 0;
        }
        if (i < s.length && s[i] != 0) {
            throw invalid;
        }
        return negative ? -value : value;
    }

    /**
     * t_zset.c zslParseRange: strtod on the C string after an optional {@code (}; trailing
     * garbage (before a NUL) or NaN is an error. Unlike ZADD scores, leading spaces, an empty
     * string (0) and overflow to infinity are accepted.
     */
    static ScoreRange parseScoreRange(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        double lo = parseRangeBound(min, minEx ? 1 : 0);
        double hi = parseRangeBound(max, maxEx ? 1 : 0);
        return new ScoreRange(lo, minEx, hi, maxEx);
    }

    private static double parseRangeBound(byte[] s, int start) {
        Strtod.Result r = Strtod.parse(s, start);
        if ((r.end() != s.length && s[r.end()] != 0) || Double.isNaN(r.value())) {
            throw new RedisError(NOT_FLOAT_RANGE);
        }
        return r.value();
    }

    /** t_zset.c zslParseLexRange. */
    static LexRange parseLexRange(byte[] min, byte[] max) {
        return new LexRange(parseLexBound(min), parseLexBound(max));
    }

    private static LexRange.Bound parseLexBound(byte[] s) {
        if (s.length == 0) {
            throw new RedisError(NOT_LEX_RANGE);
        }
        // The C code tests c[1] == '\0' on the C string: "+" followed by a NUL counts as "+".
        boolean single = s.length == 1 || s[1] == 0;
        switch (s[0]) {
            case '+':
                if (!single) {
                    throw new RedisError(NOT_LEX_RANGE);
                }
                return LexRange.Bound.POSITIVE_INFINITY;
            case '-':
                if (!single) {
                    throw new RedisError(NOT_LEX_RANGE);
                }
                return LexRange.Bound.NEGATIVE_INFINITY;
            case '(':
                return LexRange.Bound.exclusive(Arrays.copyOfRange(s, 1, s.length));
            case '[':
                return LexRange.Bound.inclusive(Arrays.copyOfRange(s, 1, s.length));
            default:
                throw new RedisError(NOT_LEX_RANGE);
        }
    }

    /**
     * object.c getRangeLongFromObjectOrReply with a message: both a non-integer and an
     * out-of-range value reply {@code errorText}.
     */
    static long parseRangeLong(byte[] s, long min, long max, String errorText) {
        long v = Args.parseLong(s, errorText);
        if (v < min || v > max) {
            throw new RedisError(errorText);
        }
        return v;
    }
}
