/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.charset.StandardCharsets;

/**
 * Parses a zset score stored as text (type 3 string doubles and ziplist/listpack score
 * entries) the way C's {@code strtod} reads Redis's output: an optional sign, then decimal
 * digits with an optional point and exponent, or {@code inf}/{@code infinity}/{@code nan} in
 * any case. Spellings only Java accepts ({@code "1d"}, {@code "2f"}) are rejected; hex floats,
 * which no Redis writer produces, are rejected too.
 */
final class ScoreText {
    private ScoreText() {
    }

    /** Returns the parsed value, or throws {@link NumberFormatException}. */
    static double parse(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        boolean negative = s.startsWith("-");
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (body.isEmpty()) {
            throw new NumberFormatException("empty score");
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
            if (!ok) {
                throw new NumberFormatException("invalid score text \"" + s + "\"");
            }
        }
        return Double.parseDouble(s);
    }
}
