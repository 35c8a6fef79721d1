/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Renders doubles exactly as Redis does, byte for byte.
 *
 * <ul>
 *   <li>{@link #format} is C's {@code "%.17g"} with Redis's explicit {@code inf}/{@code -inf}
 *       (networking.c addReplyDouble): every score in a reply, RESP2 bulk or RESP3 double, and
 *       the scores of a hash-table-encoded sorted set in ZSCAN (ld2string "%.17Lg", which gives
 *       the same digits for a value that is a double).</li>
 *   <li>{@link #d2string} is util.c d2string: integral values in the long long safe range are
 *       printed as integers, anything else as {@code %.17g}. Redis stores scores in this form in
 *       listpack-encoded sorted sets, so it is what ZSCAN returns for a compact sorted set and
 *       what an RDB listpack holds.</li>
 * </ul>
 *
 * <p>{@code %.17g} is reproduced with exact decimal arithmetic: the binary value is expanded
 * exactly ({@link BigDecimal#BigDecimal(double)}), rounded to 17 significant digits half-even
 * (glibc rounds the exact value in the default rounding mode), and laid out with the
 * {@code %g} rules: exponent X of the rounded value; fixed notation when -4 &lt;= X &lt; 17,
 * otherwise {@code d.ddde±XX}; trailing zeros and a trailing point removed.
 */
public final class ScoreFormat {
    private static final int PRECISION = 17;
    private static final MathContext SIGNIFICANT_17 = new MathContext(PRECISION, RoundingMode.HALF_EVEN);
    /** {@code (double)(LLONG_MAX/2)}, the bound of util.c double2ll. */
    private static final double LL_SAFE_BOUND = (double) (Long.MAX_VALUE / 2);

    private ScoreFormat() {
    }

    /** C's {@code %.17g}, with {@code inf}, {@code -inf}, {@code nan} spelled as Redis does. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return isNegativeZero(value) ? "-0" : "0";
        }
        String exact = shortExact(value);
        return exact != null ? exact : formatExpanded(value);
    }

    /** 5^0..5^27, the powers of five that fit in a long. */
    private static final long[] POWERS_OF_FIVE = new long[28];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_FIVE.length; i++) {
            POWERS_OF_FIVE[i] = p;
            p *= 5;
        }
    }

    /**
     * {@code %.17g} without {@link BigDecimal} for a non-integral double whose exact decimal
     * expansion has at most 17 significant digits and prints in fixed notation (1.5, 0.25,
     * 1234.0625): such a value is M x 2^-f with M odd, i.e. exactly (M x 5^f) / 10^f, so its
     * digits are those of the integer M x 5^f and nothing needs rounding; the last digit is a 5,
     * so there are no trailing zeros to strip. Null for every other value (the general path).
     * Sorted-set scores of this form are common and formatted on every listpack write.
     */
    private static String shortExact(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) ((bits >>> 52) & 0x7FF);
        if (biased == 0 || biased == 0x7FF) {
            return null; // subnormal, infinite, NaN: the general path
        }
        long mantissa = (bits & ((1L << 52) - 1)) | (1L << 52);
        int exponent = biased - 1075; // value = mantissa x 2^exponent
        int zeros = Long.numberOfTrailingZeros(mantissa);
        mantissa >>>= zeros;
        exponent += zeros;
        if (exponent >= 0) {
            return null; // an integer: d2string prints those itself, %.17g via the general path
        }
        int fraction = -exponent;
        if (fraction >= POWERS_OF_FIVE.length) {
            return null;
        }
        long high = Math.multiplyHigh(mantissa, POWERS_OF_FIVE[fraction]);
        long digitsValue = mantissa * POWERS_OF_FIVE[fraction];
        if (high != 0 || digitsValue < 0 || digitsValue >= 100_000_000_000_000_000L) {
            return null; // more than 17 significant digits: %.17g rounds, the general path
        }
        String digits = Long.toString(digitsValue);
        int leading = digits.length() - 1 - fraction; // exponent of the leading digit
        if (leading < -4) {
            return null; // %g's scientific notation
        }
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (value < 0) {
            sb.append('-');
        }
        if (leading >= 0) {
            sb.append(digits, 0, leading + 1).append('.').append(digits, leading + 1, digits.length());
        } else {
            sb.append("0.");
            for (int i = -1; i > leading; i--) {
                sb.append('0');
            }
            sb.append(digits);
        }
        return sb.toString();
    }

    /** The general {@code %.17g} of a finite non-zero value: exact expansion, then rounding. */
    static String formatExpanded(double value) {
        BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT_17);
        String digits = rounded.unscaledValue().abs().toString();
        // Exponent of the leading digit in scientific notation.
        int exponent = digits.length() - 1 - rounded.scale();
        digits = stripTrailingZeros(digits);
        StringBuilder sb = new StringBuilder(26);
        if (value < 0) {
            sb.append('-');
        }
        if (exponent < -4 || exponent >= PRECISION) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
        } else if (exponent < 0) {
            sb.append("0.");
            for (int i = -1; i > exponent; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exponent; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    /** {@link #format} as ASCII bytes, ready for a bulk reply. */
    public static byte[] formatBytes(double value) {
        return format(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** util.c d2string: integers in the safe long long range without exponent, else %.17g. */
    public static String d2string(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return format(value);
        }
        if (value >= -LL_SAFE_BOUND && value <= LL_SAFE_BOUND) {
            long asLong = (long) value;
            if (asLong == value) {
                return Long.toString(asLong);
            }
        }
        return format(value);
    }

    public static byte[] d2stringBytes(double value) {
        return d2string(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code value} is -0.0 (which compares equal to 0.0 but prints as "-0"). */
    public static boolean isNegativeZero(double value) {
        return value == 0 && Double.doubleToRawLongBits(value) != 0;
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
