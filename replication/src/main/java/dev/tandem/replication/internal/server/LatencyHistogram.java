/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A cheap concurrent histogram of command durations in nanoseconds, for {@code INFO
 * latencystats} and {@code LATENCY HISTOGRAM}: log-linear buckets (each power of two split in
 * 32), so a percentile is exact to about 3% — Redis uses an HdrHistogram with 2 significant
 * digits for the same reports. Fixed size (about 9 KB), no allocation when recording.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    /** Values are clamped here (about 18 minutes): a longer command is not a latency question. */
    private static final long MAX_NANOS = (1L << 40) - 1;
    private static final int BUCKETS = SUB + (40 - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(index(Math.max(0, Math.min(nanos, MAX_NANOS))));
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB - 1);
        return SUB + (exponent - SUB_BITS) * SUB + sub;
    }

    /** The highest value that falls in bucket {@code i} (what a percentile reports, as HdrHistogram). */
    static long highestValue(int i) {
        if (i < SUB) {
            return i;
        }
        int exponent = (i - SUB) / SUB + SUB_BITS;
        long sub = (i - SUB) % SUB;
        long low = (1L << exponent) | (sub << (exponent - SUB_BITS));
        return low + (1L << (exponent - SUB_BITS)) - 1;
    }

    /** The value at {@code percentile} (0..100) in nanoseconds; 0 when empty. */
    long valueAt(double percentile) {
        long[] snapshot = snapshot();
        long total = 0;
        for (long c : snapshot) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        // HdrHistogram's rule: the smallest value with at least ceil(p% of total) values at or below it.
        long wanted = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= wanted) {
                return highestValue(i);
            }
        }
        return highestValue(snapshot.length - 1);
    }

    long[] snapshot() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    static int buckets() {
        return BUCKETS;
    }
}
