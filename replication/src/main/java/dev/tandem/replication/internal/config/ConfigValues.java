/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.ConfigException;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Parsers with Redis's rules and error wording for the value kinds used in directives; public so
 * that launchers parse their own directives the same way.
 */
public final class ConfigValues {

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ConfigValues() {
    }

    /** {@code yes}/{@code no}, case-insensitive. */
    public static boolean parseBoolean(String directive, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("yes")) {
            return true;
        }
        if (v.equals("no")) {
            return false;
        }
        throw new ConfigException(directive, value, "argument must be 'yes' or 'no'");
    }

    /**
     * Redis's {@code string2ll}: optional '-', digits, no '+', no spaces, no leading zeros,
     * fits in 64 bits; then the inclusive range check.
     */
    public static long parseInteger(String directive, String value, long min, long max) {
        Long parsed = string2ll(value);
        if (parsed == null) {
            throw new ConfigException(directive, value, "argument couldn't be parsed into an integer");
        }
        return checkRange(directive, value, parsed, min, max);
    }

    public static long checkRange(String directive, String value, long parsed, long min, long max) {
        if (parsed < min || parsed > max) {
            throw new ConfigException(directive, value, "argument must be between " + min + " and " + max + " inclusive");
        }
        return parsed;
    }

    public static Long string2ll(String s) {
        int length = s.length();
        if (length == 0 || length > 20) {
            return null;
        }
        if (length == 1 && s.charAt(0) == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-') {
            negative = true;
            i = 1;
            if (length == 1) {
                return null;
            }
        }
        if (s.charAt(i) < '1' || s.charAt(i) > '9') {
            return null;
        }
        long value = 0;
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            int digit = c - '0';
            // accumulate negatively so that Long.MIN_VALUE fits
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            value = -value;
        }
        return value;
    }

    /**
     * Redis's {@code memtoull}: digits then an optional unit, case-insensitive: {@code b},
     * {@code k}=1000, {@code kb}=1024, {@code m}=1000², {@code mb}=1024², {@code g}=1000³,
     * {@code gb}=1024³. No sign, no fraction. As in Redis, no digits at all ({@code ""},
     * {@code "mb"}) reads as 0. Values above 2^63-1 (Redis wraps them) are reported as out of
     * range.
     *
     * @return the byte count, or -1 when it exceeds {@link Long#MAX_VALUE}
     * @throws ConfigException "argument must be a memory value" when malformed
     */
    public static long memtoull(String directive, String value, String memoryError) {
        int unitStart = 0;
        while (unitStart < value.length() && value.charAt(unitStart) >= '0' && value.charAt(unitStart) <= '9') {
            unitStart++;
        }
        long multiplier = switch (value.substring(unitStart).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> throw new ConfigException(directive, value, memoryError);
        };
        if (unitStart >= 128) { // Redis copies the digits into a 128-byte buffer
            throw new ConfigException(directive, value, memoryError);
        }
        BigInteger digits = unitStart == 0 ? BigInteger.ZERO : new BigInteger(value.substring(0, unitStart));
        BigInteger bytes = digits.multiply(BigInteger.valueOf(multiplier));
        return bytes.compareTo(LONG_MAX) > 0 ? -1 : bytes.longValueExact();
    }

    /** A memory directive: {@link #memtoull} plus Redis's range check. */
    public static long parseMemory(String directive, String value, long min, long max) {
        long bytes = memtoull(directive, value, "argument must be a memory value");
        if (bytes < min || bytes > max) { // -1 (overflow) lands here too
            throw new ConfigException(directive, value, "argument must be between " + min + " and " + max + " inclusive");
        }
        return bytes;
    }
}
