/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Number conversions with Redis's exact rules: {@code string2ll} for lengths and integers, and
 * {@code "%.17g"} for doubles.
 */
public final class RespNumbers {

    /** Redis's {@code LONG_STR_SIZE}: a decimal of this many bytes or more is never a valid long. */
    private static final int LONG_STR_SIZE = 21;
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final byte[] LONG_MIN_DIGITS = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private RespNumbers() {
    }

    /**
     * Redis's {@code string2ll}: an optional {@code -}, then either exactly {@code 0} or a digit
     * 1-9 followed by digits; no {@code +}, no spaces, no leading zeros, no overflow.
     *
     * @return whether {@code bytes[from, to)} is such a number; its value is then in {@code out[0]}
     */
    public static boolean string2ll(byte[] bytes, int from, int to, long[] out) {
        int len = to - from;
        if (len == 0 || len >= LONG_STR_SIZE) {
            return false;
        }
        if (len == 1 && bytes[from] == '0') {
            out[0] = 0;
            return true;
        }
        int p = from;
        boolean negative = false;
        if (bytes[p] == '-') {
            negative = true;
            p++;
            if (p == to) {
                return false;
            }
        }
        if (bytes[p] < '1' || bytes[p] > '9') {
            return false;
        }
        // Accumulate negatively so that Long.MIN_VALUE is reachable without overflow.
        long v = -(bytes[p++] - '0');
        for (; p < to; p++) {
            int digit = bytes[p] - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (v < Long.MIN_VALUE / 10) {
                return false;
            }
            v *= 10;
            if (v < Long.MIN_VALUE + digit) {
                return false;
            }
            v -= digit;
        }
        if (negative) {
            out[0] = v;
            return true;
        }
        if (v == Long.MIN_VALUE) {
            return false;
        }
        out[0] = -v;
        return true;
    }

    /** {@link #string2ll(byte[], int, int, long[])} over {@code buf[from, to)} (absolute indexes), without copying. */
    static boolean string2ll(ByteBuf buf, int from, int to, long[] out) {
        int len = to - from;
        if (len == 0 || len >= LONG_STR_SIZE) {
            return false;
        }
        if (len == 1 && buf.getByte(from) == '0') {
            out[0] = 0;
            return true;
        }
        int p = from;
        boolean negative = buf.getByte(p) == '-';
        if (negative && ++p == to) {
            return false;
        }
        byte first = buf.getByte(p++);
        if (first < '1' || first > '9') {
            return false;
        }
        long v = -(first - '0');
        for (; p < to; p++) {
            int digit = buf.getByte(p) - '0';
            if (digit < 0 || digit > 9 || v < Long.MIN_VALUE / 10) {
                return false;
            }
            v *= 10;
            if (v < Long.MIN_VALUE + digit) {
                return false;
            }
            v -= digit;
        }
        if (negative) {
            out[0] = v;
            return true;
        }
        if (v == Long.MIN_VALUE) {
            return false;
        }
        out[0] = -v;
        return true;
    }

    /** How many bytes {@code value} takes in decimal, sign included. */
    public static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) {
            return LONG_MIN_DIGITS.length;
        }
        int digits = value < 0 ? 2 : 1;
        for (long t = Math.abs(value); t >= 10; t /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes {@code value} in decimal ASCII, without allocating a String. */
    public static void writeDecimal(ByteBuf out, long value) {
        if (value == Long.MIN_VALUE) {
            out.writeBytes(LONG_MIN_DIGITS);
            return;
        }
        boolean negative = value < 0;
        long v = negative ? -value : value;
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int size = digits + (negative ? 1 : 0);
        out.ensureWritable(size);
        int start = out.writerIndex();
        if (negative) {
            out.setByte(start, '-');
        }
        int pos = start + size - 1;
        do {
            out.setByte(pos--, (int) ('0' + v % 10));
            v /= 10;
        } while (v != 0);
        out.writerIndex(start + size);
    }

    /**
     * The text Redis 7.0 writes for a double: C's {@code "%.17g"} (17 significant digits,
     * trailing zeros dropped, exponent form below 1e-4 and from 1e17), and {@code inf},
     * {@code -inf}, {@code nan}. Seventeen digits always read back to the same double.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 17) {
            String digits = rounded.unscaledValue().abs().toString();
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') {
                end--;
            }
            StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
            if (end > 1) {
                sb.append('.').append(digits, 1, end);
            }
            int absExp = Math.abs(exponent);
            sb.append('e').append(exponent < 0 ? '-' : '+');
            if (absExp < 10) {
                sb.append('0');
            }
            return sb.append(absExp).toString();
        }
        return sign + rounded.abs().stripTrailingZeros().toPlainString();
    }

    /**
     * Parses a RESP3 double: a decimal number with optional sign, fraction and exponent, or
     * {@code inf}, {@code -inf}, {@code +inf}, {@code nan} (any case).
     *
     * @return the value, or {@code null} if the text is not a double
     */
    static Double parseDouble(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "-nan", "+nan" -> {
                return Double.NaN;
            }
            default -> {
                // Double.parseDouble also takes "Infinity", hex floats and a 'd'/'f' suffix; RESP does not.
                if (!isDecimalFloat(b)) {
                    return null;
                }
                return Double.parseDouble(s);
            }
        }
    }

    private static boolean isDecimalFloat(byte[] b) {
        int i = 0;
        int n = b.length;
        if (i < n && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        int intDigits = 0;
        while (i < n && b[i] >= '0' && b[i] <= '9') {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < n && b[i] == '.') {
            i++;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
                fracDigits++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return false;
        }
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }
}
