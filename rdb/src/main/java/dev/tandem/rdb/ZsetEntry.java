/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.Arrays;

/** One sorted-set member with its score (never NaN; may be ±infinity). */
public record ZsetEntry(byte[] member, double score) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ZsetEntry e && Arrays.equals(member, e.member)
                && Double.compare(score, e.score) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(member) * 31 + Double.hashCode(score);
    }

    @Override
    public String toString() {
        return Printable.of(member) + "=" + score;
    }
}
