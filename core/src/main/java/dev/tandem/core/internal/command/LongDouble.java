/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * INCRBYFLOAT's arithmetic, bit for bit as Redis on x86-64 Linux does it: C {@code long double}
 * there is the x87 80-bit extended format (64-bit significand, exponents -16382..16383, with
 * subnormals), parsed by glibc's correctly rounded {@code strtold} (util.c string2ld) and printed
 * with {@code "%.17Lf"} minus trailing zeros (ld2string, LD_STR_HUMAN).
 *
 * <p>Why emulate instead of using {@code double}: the stored string is what replicas and RDB
 * files see, and the user sees it too — {@code INCRBYFLOAT k 0.1} must store {@code "0.1"}, and
 * {@code SET k 1000; INCRBYFLOAT k 0.1} must store {@code "1000.09999999999999998"}, exactly like
 * redis-server. Values are held exactly as {@link BigDecimal}s (every binary fraction has a
 * finite decimal expansion), rounded to the extended format after each operation.
 */
final class LongDouble {
    /** Significand bits of the x87 extended format (explicit integer bit included). */
    private static final int PRECISION = 64;
    /** Smallest exponent of a normal number: 2^-16382. */
    private static final int MIN_EXPONENT = -16382;
    /** Largest finite numbers are below 2^16384. */
    private static final int MAX_EXPONENT = 16383;
    /** util.h MAX_LONG_DOUBLE_CHARS: longer inputs are rejected by string2ld. */
    private static final int MAX_CHARS = 5 * 1024;
    /**
     * Decimal exponents beyond which a non-zero input surely overflows (above ~1.19e4932) or
     * underflows to zero (below ~3.6e-4951): decided before building huge powers of ten.
     */
    private static final long OVERFLOW_DECIMAL_EXPONENT = 4940;
    private static final long UNDERFLOW_DECIMAL_EXPONENT = -4970;

    private LongDouble() {
    }

    /** A parsed value: finite ({@code value} exact) or an infinity ({@code value} null). */
    record Parsed(BigDecimal value, int infinitySign) {
        boolean isInfinite() {
            return value == null;
        }
    }

    /**
     * Parses like string2ld: the whole string must be a strtold number with no leading space;
     * NaN, overflow to infinity and underflow to zero are rejected (null). "inf"/"infinity" are
     * accepted, as strtold accepts them.
     */
    static Parsed parse(byte[] s) {
        int len = s.length;
        if (len == 0 || len >= MAX_CHARS) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-') {
            negative = s[0] == '-';
            i = 1;
        }
        if (i < len && (s[i] == 'i' || s[i] == 'I')) {
            String rest = new String(s, i, len - i, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
                return new Parsed(null, negative ? -1 : 1);
            }
            return null;
        }
        BigDecimal exact;
        if (i + 1 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            exact = parseHex(s, i + 2);
        } else {
            exact = parseDecimal(s, i);
        }
        if (exact == null) {
            return null;
        }
        if (exact.signum() == 0) {
            return new Parsed(BigDecimal.ZERO, 0);
        }
        BigDecimal rounded = round(negative ? exact.negate() : exact);
        if (rounded == null || rounded.signum() == 0) {
            return null; // ERANGE: HUGE_VAL or underflow to zero
        }
        return new Parsed(rounded, 0);
    }

    /** Digits [. digits] [e [sign] digits], at least one digit in the mantissa; exact value. */
    private static BigDecimal parseDecimal(byte[] s, int i) {
        int len = s.length;
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        boolean sawDigit = false;
        boolean sawPoint = false;
        for (; i < len; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                digits.append((char) c);
                if (sawPoint) {
                    fractionDigits++;
                }
            } else if (c == '.' && !sawPoint) {
                sawPoint = true;
            } else {
                break;
            }
        }
        if (!sawDigit) {
            return null;
        }
        long exponent = 0;
        if (i < len) {
            if (s[i] != 'e' && s[i] != 'E') {
                return null;
            }
            Long e = parseExponent(s, i + 1);
            if (e == null) {
                return null;
            }
            exponent = e;
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        if (unscaled.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // Value = unscaled * 10^(exponent - fractionDigits); its magnitude is about
        // 10^(digitCount - fractionDigits + exponent).
        int significant = unscaled.toString().length();
        long magnitude = significant - fractionDigits + exponent;
        if (magnitude > OVERFLOW_DECIMAL_EXPONENT) {
            return BigDecimal.valueOf(1, -(int) OVERFLOW_DECIMAL_EXPONENT - 10); // surely overflows
        }
        if (magnitude < UNDERFLOW_DECIMAL_EXPONENT) {
            return BigDecimal.valueOf(1, (int) -UNDERFLOW_DECIMAL_EXPONENT + 10); // underflows
        }
        long scale = fractionDigits - exponent;
        return new BigDecimal(unscaled, Math.toIntExact(scale));
    }

    /** [sign] digits to the end of the string, saturated far beyond any meaningful range. */
    private static Long parseExponent(byte[] s, int i) {
        int len = s.length;
        boolean negative = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (i >= len) {
            return null;
        }
        long v = 0;
        for (; i < len; i++) {
            byte c = s[i];
            if (c < '0' || c > '9') {
                return null;
            }
            v = Math.min(v * 10 + (c - '0'), 1_000_000_000L);
        }
        return negative ? -v : v;
    }

    /** Hex digits [. hex digits] [p [sign] digits] after "0x"; exact value. */
    private static BigDecimal parseHex(byte[] s, int i) {
        int len = s.length;
        BigInteger mantissa = BigInteger.ZERO;
        int fractionDigits = 0;
        boolean sawDigit = false;
        boolean sawPoint = false;
        for (; i < len; i++) {
            int d = Character.digit(s[i], 16);
            if (d >= 0) {
                sawDigit = true;
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(d));
                if (sawPoint) {
                    fractionDigits++;
                }
            } else if (s[i] == '.' && !sawPoint) {
                sawPoint = true;
            } else {
                break;
            }
        }
        if (!sawDigit) {
            return null; // "0x" alone: strtold stops after the "0", the rest is garbage
        }
        long exponent = 0;
        if (i < len) {
            if (s[i] != 'p' && s[i] != 'P') {
                return null;
            }
            Long e = parseExponent(s, i + 1);
            if (e == null) {
                return null;
            }
            exponent = e;
        }
        if (mantissa.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long binaryExponent = exponent - 4L * fractionDigits;
        long magnitude = mantissa.bitLength() + binaryExponent;
        if (magnitude > MAX_EXPONENT + 2) {
            return BigDecimal.valueOf(1, -(int) OVERFLOW_DECIMAL_EXPONENT - 10);
        }
        if (magnitude < MIN_EXPONENT - PRECISION - 2) {
            return BigDecimal.valueOf(1, (int) -UNDERFLOW_DECIMAL_EXPONENT + 10);
        }
        return scaleByPowerOfTwo(mantissa, binaryExponent);
    }

    /** {@code m * 2^e} exactly. */
    private static BigDecimal scaleByPowerOfTwo(BigInteger m, long e) {
        if (e >= 0) {
            return new BigDecimal(m.shiftLeft(Math.toIntExact(e)));
        }
        int n = Math.toIntExact(-e);
        // m / 2^n = m * 5^n / 10^n
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(n)), n);
    }

    /** The sum rounded to the extended format; null when it overflows to infinity. */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        BigDecimal sum = a.add(b);
        return sum.signum() == 0 ? BigDecimal.ZERO : round(sum);
    }

    /**
     * Rounds a non-zero exact value to the nearest extended-format number (ties to even);
     * null on overflow, zero on total underflow.
     */
    private static BigDecimal round(BigDecimal v) {
        boolean negative = v.signum() < 0;
        BigDecimal abs = v.abs();
        // abs = num / den exactly.
        BigInteger num;
        BigInteger den;
        if (abs.scale() <= 0) {
            num = abs.unscaledValue().multiply(BigInteger.TEN.pow(-abs.scale()));
            den = BigInteger.ONE;
        } else {
            num = abs.unscaledValue();
            den = BigInteger.TEN.pow(abs.scale());
        }
        // e = floor(log2(abs)): 2^e <= abs < 2^(e+1).
        long e = (long) num.bitLength() - den.bitLength();
        if (compareWithPowerOfTwo(num, den, e) < 0) {
            e--;
        }
        if (e > MAX_EXPONENT) {
            return null;
        }
        // Quantum of the result: 2^(e - 63) for normals, fixed 2^(MIN_EXPONENT - 63) below.
        long quantumExponent = Math.max(e, MIN_EXPONENT) - (PRECISION - 1);
        // m = abs / 2^quantumExponent, rounded half to even.
        BigInteger scaledNum = num;
        BigInteger scaledDen = den;
        if (quantumExponent >= 0) {
            scaledDen = den.shiftLeft(Math.toIntExact(quantumExponent));
        } else {
            scaledNum = num.shiftLeft(Math.toIntExact(-quantumExponent));
        }
        BigInteger[] qr = scaledNum.divideAndRemainder(scaledDen);
        BigInteger m = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(scaledDen);
        if (half > 0 || (half == 0 && m.testBit(0))) {
            m = m.add(BigInteger.ONE);
        }
        if (m.bitLength() > PRECISION) { // rounded up to 2^64: next binade
            m = m.shiftRight(1);
            quantumExponent++;
        }
        if (quantumExponent + PRECISION - 1 > MAX_EXPONENT) {
            return null;
        }
        BigDecimal r = scaleByPowerOfTwo(m, quantumExponent);
        return negative ? r.negate() : r;
    }

    /** Sign of {@code num/den - 2^e}. */
    private static int compareWithPowerOfTwo(BigInteger num, BigInteger den, long e) {
        if (e >= 0) {
            return num.compareTo(den.shiftLeft(Math.toIntExact(e)));
        }
        return num.shiftLeft(Math.toIntExact(-e)).compareTo(den);
    }

    /** ld2string(LD_STR_HUMAN): {@code "%.17Lf"}, trailing zeros and point removed, "-0" → "0". */
    static String format(BigDecimal v) {
        // printf rounds the exact binary value in the current (nearest-even) rounding mode.
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        if (s.indexOf('.') >= 0) {
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }
}
