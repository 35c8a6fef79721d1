package dev.tandem.examples.server;

import java.util.Locale;

/**
 * Parsers for the launcher's own directives with Redis 7.0's rules and error wording. The
 * replication directives are parsed by {@code ReplicationConfig}; its value parsers are not
 * public, so the two kinds the launcher needs besides them (yes/no and bounded integers) are
 * repeated here.
 */
final class RedisValues {

    static final String NOT_YES_NO = "argument must be 'yes' or 'no'";
    static final String NOT_INTEGER = "argument couldn't be parsed into an integer";

    private RedisValues() {
    }

    /** {@code yes}/{@code no}, case-insensitive ({@code yesnotoi}). */
    static boolean yesNo(String value) throws DirectiveException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new DirectiveException(NOT_YES_NO);
        };
    }

    /** An integer directive: {@code string2ll} syntax, then the inclusive range, worded as Redis words it. */
    static long integer(String value, long min, long max) throws DirectiveException {
        Long parsed = string2ll(value);
        if (parsed == null) {
            throw new DirectiveException(NOT_INTEGER);
        }
        if (parsed < min || parsed > max) {
            throw new DirectiveException("argument must be between " + min + " and " + max + " inclusive");
        }
        return parsed;
    }

    /**
     * Redis's strict {@code string2ll}: an optional {@code -}, digits without a leading zero
     * (except "0" itself), no {@code +}, no spaces, within 64 bits; {@code null} otherwise.
     */
    static Long string2ll(String s) {
        int length = s.length();
        if (length == 0 || length > 20) {
            return null;
        }
        if (s.equals("0")) {
            return 0L;
        }
        boolean negative = s.charAt(0) == '-';
        int i = negative ? 1 : 0;
        if (i == length || s.charAt(i) < '1' || s.charAt(i) > '9') {
            return null;
        }
        long value = 0; // accumulated negatively, so that Long.MIN_VALUE fits
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            int digit = c - '0';
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? null : -value;
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
