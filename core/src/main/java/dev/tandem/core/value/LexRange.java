/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.Key;
import java.util.Arrays;

/**
 * A lexicographic member interval as ZRANGEBYLEX takes it: {@code [a} inclusive, {@code (a}
 * exclusive, {@code -} and {@code +} the smallest and greatest possible strings. Members compare
 * as unsigned bytes (memcmp, then length), like Redis's sdscmplex.
 */
public record LexRange(Bound min, Bound max) {

    /** One end of the interval. */
    public record Bound(Kind kind, byte[] bytes, boolean exclusive) {
        public static final Bound NEGATIVE_INFINITY = new Bound(Kind.NEGATIVE_INFINITY, null, true);
        public static final Bound POSITIVE_INFINITY = new Bound(Kind.POSITIVE_INFINITY, null, true);

        public static Bound inclusive(byte[] bytes) {
            return new Bound(Kind.VALUE, bytes, false);
        }

        public static Bound exclusive(byte[] bytes) {
            return new Bound(Kind.VALUE, bytes, true);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bound b && kind == b.kind && exclusive == b.exclusive
                    && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + Arrays.hashCode(bytes) + (exclusive ? 1 : 0);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case NEGATIVE_INFINITY -> "-";
                case POSITIVE_INFINITY -> "+";
                case VALUE -> (exclusive ? "(" : "[") + new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            };
        }
    }

    public enum Kind { NEGATIVE_INFINITY, VALUE, POSITIVE_INFINITY }

    /** sdscmplex: a member (never infinite) against a bound. */
    private static int compare(Key member, Bound bound) {
        return switch (bound.kind) {
            case NEGATIVE_INFINITY -> 1;
            case POSITIVE_INFINITY -> -1;
            case VALUE -> Arrays.compareUnsigned(member.bytes(), bound.bytes);
        };
    }

    public boolean gteMin(Key member) {
        int c = compare(member, min);
        return min.exclusive ? c > 0 : c >= 0;
    }

    public boolean lteMax(Key member) {
        int c = compare(member, max);
        return max.exclusive ? c < 0 : c <= 0;
    }

    public boolean contains(Key member) {
        return gteMin(member) && lteMax(member);
    }

    /** Intervals that can never contain anything (t_zset.c zslIsInLexRange's first test). */
    public boolean isEmpty() {
        int cmp = compareBounds(min, max);
        return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
    }

    private static int compareBounds(Bound a, Bound b) {
        if (a.kind == b.kind && a.kind != Kind.VALUE) {
            return 0;
        }
        if (a.kind == Kind.NEGATIVE_INFINITY || b.kind == Kind.POSITIVE_INFINITY) {
            return -1;
        }
        if (a.kind == Kind.POSITIVE_INFINITY || b.kind == Kind.NEGATIVE_INFINITY) {
            return 1;
        }
        return Arrays.compareUnsigned(a.bytes, b.bytes);
    }
}
