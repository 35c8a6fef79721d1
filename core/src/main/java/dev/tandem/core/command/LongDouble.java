package dev.tandem.core.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The C {@code long double} of x86-64 Linux (80-bit extended precision: 64-bit significand,
 * 15-bit exponent) as Redis uses it for HINCRBYFLOAT: parsed like glibc's {@code strtold}
 * behind Redis's {@code string2ld}, added with one correct rounding, and printed like
 * {@code ld2string(..., LD_STR_HUMAN)} ({@code "%.17Lf"} with trailing zeros removed).
 *
 * <p>Why not {@code double}: the reply and the propagated {@code HSET} carry the printed
 * result, and 17 fractional digits expose the extra precision ({@code 0.1 + 0.2} prints
 * {@code 0.3}, {@code 100000.1 + 0.3} prints {@code 100000.39999999999999858}). A finite value
 * is held exactly as {@code significand * 2^exponent}; arithmetic is exact BigInteger work
 * followed by round-half-even to 64 significant bits, subnormals and overflow included.
 */
final class LongDouble {
    /** Longest input string2ld accepts (MAX_LONG_DOUBLE_CHARS is 5k, and slen must be below). */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int PRECISION = 64;
    /** Largest binary exponent of the leading bit of a finite value. */
    private static final int MAX_EXPONENT = 16383;
    /** Exponent of the least subnormal, the smallest quantum. */
    private static final int MIN_QUANTUM_EXPONENT = -16445;

    /** Signed significand (|N| below 2^64), for finite values. */
    private final BigInteger significand;
    private final int exponent;
    /** 0 for finite values, +1 or -1 for the infinities. */
    private final int infinity;

    private LongDouble(BigInteger significand, int exponent, int infinity) {
        this.significand = significand;
        this.exponent = exponent;
        this.infinity = infinity;
    }

    static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, 0);

    boolean isInfinite() {
        return infinity != 0;
    }

    /**
     * Redis's string2ld: the whole string must be a strtold number (decimal, hex float,
     * {@code inf}/{@code infinity}), with no leading space; NaN, overflow and underflow to zero
     * are rejected. Returns null when rejected.
     */
    static LongDouble parse(byte[] s) {
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
        if (matchesIgnoreCase(s, i, "inf") || matchesIgnoreCase(s, i, "infinity")) {
            return new LongDouble(BigInteger.ZERO, 0, negative ? -1 : 1);
        }
        if (i + 1 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            return parseHex(s, i + 2, negative);
        }
        return parseDecimal(s, i, negative);
    }

    private static boolean matchesIgnoreCase(byte[] s, int from, String word) {
        if (s.length - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) (s[from + k] & 0xff)) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static LongDouble parseDecimal(byte[] s, int i, boolean negative) {
        int len = s.length;
        StringBuilder digits = new StringBuilder(len);
        int fractionDigits = 0;
        boolean seenPoint = false;
        boolean anyDigit = false;
        for (; i < len; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                if (digits.length() > 0 || c != '0') {
                    digits.append((char) c);
                }
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (c == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return null;
        }
        long exp10 = 0;
        if (i < len && (s[i] == 'e' || s[i] == 'E')) {
            Long e = parseExponent(s, i + 1);
            if (e == null) {
                return null; // strtold would stop before the 'e', leaving characters behind
            }
            exp10 = e;
            i = len;
        }
        if (i != len) {
            return null;
        }
        if (digits.length() == 0) {
            return negative ? new LongDouble(BigInteger.ZERO, 0, 0) : ZERO;
        }
        long scale = exp10 - fractionDigits; // value = digits * 10^scale
        long leading = digits.length() - 1 + scale; // decimal exponent of the leading digit
        if (leading > 4933) {
            return null; // overflow: HUGE_VALL with ERANGE
        }
        if (leading < -4952) {
            return null; // underflow to zero with ERANGE
        }
        BigInteger d = new BigInteger(digits.toString());
        LongDouble v = scale >= 0
                ? round(negative, d.multiply(BigInteger.TEN.pow((int) scale)), BigInteger.ONE, 0)
                : round(negative, d, BigInteger.TEN.pow((int) -scale), 0);
        return v.isInfinite() || v.significand.signum() == 0 ? null : v;
    }

    private static LongDouble parseHex(byte[] s, int i, boolean negative) {
        int len = s.length;
        BigInteger mantissa = BigInteger.ZERO;
        int fractionDigits = 0;
        boolean seenPoint = false;
        boolean anyDigit = false;
        for (; i < len; i++) {
            int v = Character.digit((char) (s[i] & 0xff), 16);
            if (v >= 0) {
                anyDigit = true;
                if (mantissa.signum() != 0 || v != 0) {
                    mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(v));
                }
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (s[i] == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return null; // "0x" alone: strtold takes the "0" and leaves the 'x'
        }
        long exp2 = 0;
        if (i < len && (s[i] == 'p' || s[i] == 'P')) {
            Long e = parseExponent(s, i + 1);
            if (e == null) {
                return null;
            }
            exp2 = e;
            i = len;
        }
        if (i != len) {
            return null;
        }
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long e = exp2 - 4L * fractionDigits;
        long leading = mantissa.bitLength() - 1 + e;
        if (leading > MAX_EXPONENT) {
            return null;
        }
        if (leading < MIN_QUANTUM_EXPONENT - 1) {
            return null;
        }
        LongDouble v = round(negative, mantissa, BigInteger.ONE, (int) e);
        return v.isInfinite() || v.significand.signum() == 0 ? null : v;
    }

    /** [+-]digits to the end of the string, saturated far beyond any meaningful exponent. */
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
            if (s[i] < '0' || s[i] > '9') {
                return null;
            }
            v = Math.min(v * 10 + (s[i] - '0'), 1_000_000_000L);
        }
        return negative ? -v : v;
    }

    /**
     * Rounds {@code num / den * 2^e} (num &ge; 0, den &gt; 0) to the nearest representable
     * value, ties to even: 64 significant bits for normal values, a fixed quantum of 2^-16445
     * for subnormals, infinity past the largest finite value.
     */
    private static LongDouble round(boolean negative, BigInteger num, BigInteger den, int e) {
        if (num.signum() == 0) {
            return ZERO;
        }
        int q = num.bitLength() - den.bitLength();
        if (compareWithPowerOfTwo(num, den, q) < 0) {
            q--; // now 2^q <= num/den < 2^(q+1)
        }
        long leading = (long) q + e;
        if (leading > MAX_EXPONENT) {
            return new LongDouble(BigInteger.ZERO, 0, negative ? -1 : 1);
        }
        long quantum = Math.max(leading - (PRECISION - 1), MIN_QUANTUM_EXPONENT);
        long shift = e - quantum;
        BigInteger n = num;
        BigInteger d = den;
        if (shift >= 0) {
            n = n.shiftLeft((int) shift);
        } else {
            d = d.shiftLeft((int) -shift);
        }
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger significand = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(d);
        if (half > 0 || (half == 0 && significand.testBit(0))) {
            significand = significand.add(BigInteger.ONE);
        }
        if (significand.bitLength() > PRECISION) { // rounded up to 2^64
            significand = significand.shiftRight(1);
            quantum++;
            if (quantum + PRECISION - 1 > MAX_EXPONENT) {
                return new LongDouble(BigInteger.ZERO, 0, negative ? -1 : 1);
            }
        }
        return new LongDouble(negative ? significand.negate() : significand, (int) quantum, 0);
    }

    /** Sign of {@code num/den - 2^k}. */
    private static int compareWithPowerOfTwo(BigInteger num, BigInteger den, int k) {
        return k >= 0 ? num.compareTo(den.shiftLeft(k)) : num.shiftLeft(-k).compareTo(den);
    }

    /** The correctly rounded sum; null for NaN (opposite infinities). */
    LongDouble add(LongDouble o) {
        if (infinity != 0 || o.infinity != 0) {
            if (infinity != 0 && o.infinity != 0 && infinity != o.infinity) {
                return null;
            }
            return infinity != 0 ? this : o;
        }
        int low = Math.min(exponent, o.exponent);
        BigInteger sum = significand.shiftLeft(exponent - low)
                .add(o.significand.shiftLeft(o.exponent - low));
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE, low);
    }

    /** ld2string(LD_STR_HUMAN): "%.17Lf" without trailing zeros or point; "-0" becomes "0". */
    String toHumanString() {
        if (infinity != 0) {
            return infinity > 0 ? "inf" : "-inf";
        }
        BigDecimal exact = exponent >= 0
                ? new BigDecimal(significand.shiftLeft(exponent))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)),
                        -exponent);
        String s = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    @Override
    public String toString() {
        return toHumanString();
    }
}
