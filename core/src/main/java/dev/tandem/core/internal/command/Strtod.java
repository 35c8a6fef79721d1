/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.RedisError;

/**
 * C's {@code strtod} (glibc, "C" locale) over bytes, and the two ways Redis uses it.
 *
 * <p>Redis parses floats with strtod and then applies its own acceptance rules, so the exact
 * prefix strtod consumes matters: {@code ZADD k 0x10 m} stores 16, {@code ZCOUNT k " 1" 2}
 * accepts the leading space while {@code ZADD} refuses it, {@code "1e400"} is refused by ZADD
 * (overflow) but is {@code +inf} as a range bound. The grammar accepted here is glibc's: leading
 * white space, an optional sign, then {@code inf}/{@code infinity}, {@code nan}/{@code nan(...)},
 * a hexadecimal float ({@code 0x1.8p3}) or a decimal float; the value is rounded correctly.
 */
public final class Strtod {
    private Strtod() {
    }

    /**
     * What strtod returned: the value, where parsing stopped, and whether it overflowed to
     * infinity or underflowed to zero (errno ERANGE with HUGE_VAL or 0; glibc also flags inexact
     * subnormal results, which no Redis caller distinguishes, so they are not reported).
     */
    public record Result(double value, int end, boolean outOfRange) { }

    /** strtod over {@code s} from index 0; a NUL byte ends the C string like any other stop. */
    public static Result parse(byte[] s) {
        return parse(s, 0);
    }

    public static Result parse(byte[] s, int start) {
        int i = start;
        while (i < s.length && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (matchesIgnoreCase(s, i, "inf")) {
            int end = matchesIgnoreCase(s, i, "infinity") ? i + 8 : i + 3;
            return new Result(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, end, false);
        }
        if (matchesIgnoreCase(s, i, "nan")) {
            int end = i + 3;
            if (end < s.length && s[end] == '(') {
                int j = end + 1;
                while (j < s.length && isNanChar(s[j])) {
                    j++;
                }
                if (j < s.length && s[j] == ')') {
                    end = j + 1;
                }
            }
            return new Result(Double.NaN, end, false);
        }
        if (i + 1 < s.length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            Result hex = parseHex(s, i + 2, negative);
            if (hex != null) {
                return hex;
            }
            // "0x" without hex digits: only the "0" is a number.
            return new Result(negative ? -0.0 : 0.0, i + 1, false);
        }
        return parseDecimal(s, start, i, negative);
    }

    private static Result parseDecimal(byte[] s, int start, int i, boolean negative) {
        StringBuilder text = new StringBuilder(Math.min(s.length - i + 2, 64));
        text.append(negative ? '-' : '+');
        int digits = 0;
        boolean nonZeroDigit = false;
        int j = i;
        while (j < s.length && isDigit(s[j])) {
            nonZeroDigit |= s[j] != '0';
            text.append((char) s[j++]);
            digits++;
        }
        if (j < s.length && s[j] == '.') {
            int k = j + 1;
            int fraction = 0;
            StringBuilder frac = new StringBuilder();
            while (k < s.length && isDigit(s[k])) {
                nonZeroDigit |= s[k] != '0';
                frac.append((char) s[k++]);
                fraction++;
            }
            if (digits + fraction > 0) {
                text.append('.').append(frac);
                digits += fraction;
                j = k;
            }
        }
        if (digits == 0) {
            return new Result(0.0, start, false); // no conversion: endptr = the string itself
        }
        if (j < s.length && (s[j] == 'e' || s[j] == 'E')) {
            int k = j + 1;
            StringBuilder exp = new StringBuilder("e");
            if (k < s.length && (s[k] == '+' || s[k] == '-')) {
                exp.append((char) s[k++]);
            }
            int expDigits = 0;
            while (k < s.length && isDigit(s[k])) {
                exp.append((char) s[k++]);
                expDigits++;
            }
            if (expDigits > 0) {
                text.append(exp);
                j = k;
            }
        }
        double v = Double.parseDouble(text.toString());
        boolean outOfRange = Double.isInfinite(v) || (nonZeroDigit && v == 0);
        return new Result(v, j, outOfRange);
    }

    /** Parses after "0x"; null when no hex digit follows (then strtod consumes just "0"). */
    private static Result parseHex(byte[] s, int i, boolean negative) {
        StringBuilder text = new StringBuilder();
        text.append(negative ? "-0x" : "0x");
        int digits = 0;
        boolean nonZeroDigit = false;
        int j = i;
        while (j < s.length && isHexDigit(s[j])) {
            nonZeroDigit |= s[j] != '0';
            text.append((char) s[j++]);
            digits++;
        }
        if (j < s.length && s[j] == '.') {
            int k = j + 1;
            StringBuilder frac = new StringBuilder();
            while (k < s.length && isHexDigit(s[k])) {
                nonZeroDigit |= s[k] != '0';
                frac.append((char) s[k++]);
            }
            if (digits + frac.length() > 0) {
                text.append('.').append(frac);
                digits += frac.length();
                j = k;
            }
        }
        if (digits == 0) {
            return null;
        }
        String exponent = "p0";
        if (j < s.length && (s[j] == 'p' || s[j] == 'P')) {
            int k = j + 1;
            StringBuilder exp = new StringBuilder("p");
            if (k < s.length && (s[k] == '+' || s[k] == '-')) {
                exp.append((char) s[k++]);
            }
            int expStart = exp.length();
            while (k < s.length && isDigit(s[k])) {
                exp.append((char) s[k++]);
            }
            if (exp.length() > expStart) {
                exponent = clampExponent(exp, expStart);
                j = k;
            }
        }
        text.append(exponent);
        double v = Double.parseDouble(text.toString());
        boolean outOfRange = Double.isInfinite(v) || (nonZeroDigit && v == 0);
        return new Result(v, j, outOfRange);
    }

    /** Very long binary exponents saturate: far beyond any double either way. */
    private static String clampExponent(StringBuilder exp, int digitsStart) {
        int firstNonZero = digitsStart;
        while (firstNonZero < exp.length() - 1 && exp.charAt(firstNonZero) == '0') {
            firstNonZero++;
        }
        if (exp.length() - firstNonZero > 9) {
            return exp.substring(0, digitsStart) + "999999999";
        }
        return exp.toString();
    }

    /**
     * util.c string2d (getDoubleFromObject): the whole string must be a float, no leading
     * space, no overflow to infinity or underflow to zero, not NaN. Returns null otherwise.
     */
    public static Double string2d(byte[] s) {
        if (s.length == 0 || isSpace(s[0])) {
            return null;
        }
        Result r = parse(s);
        if (r.end != s.length || Double.isNaN(r.value)) {
            return null;
        }
        if (r.outOfRange && (Double.isInfinite(r.value) || r.value == 0)) {
            return null;
        }
        return r.value;
    }

    /** A float argument, or {@code ERR value is not a valid float}. */
    public static double parseFloat(byte[] s) {
        Double d = string2d(s);
        if (d == null) {
            throw RedisError.notFloat();
        }
        return d;
    }

    /** A float argument, or {@code errorText}. */
    public static double parseFloat(byte[] s, String errorText) {
        Double d = string2d(s);
        if (d == null) {
            throw new RedisError(errorText);
        }
        return d;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static boolean isNanChar(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
    }

    private static boolean matchesIgnoreCase(byte[] s, int at, String word) {
        if (at + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            int c = s[at + k] & 0xff;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
