/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

/**
 * A score interval as ZRANGEBYSCORE and friends take it ({@code (} makes a bound exclusive).
 * Comparisons are IEEE ({@code -0.0 == 0.0}), as Redis's zslValueGteMin/zslValueLteMax.
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

    public ScoreRange {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("NaN bound");
        }
    }

    public static ScoreRange inclusive(double min, double max) {
        return new ScoreRange(min, false, max, false);
    }

    public boolean gteMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    public boolean lteMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    public boolean contains(double score) {
        return gteMin(score) && lteMax(score);
    }

    /** Ranges that can never contain anything (t_zset.c zslIsInRange's first test). */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
