/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

/**
 * {@code tandem-server}'s {@code maxmemory} when the configuration sets none: 40% of the JVM's
 * maximum heap ({@code -Xmx}), rounded down to a whole megabyte. Why 40%: the figure counts the
 * data set's objects only, and the heap must also hold a full sync's second copy of the data set
 * while it loads (up to twice the limit), the replication backlog, client buffers and the
 * collector's headroom. A value given in the file or on the command line (0 included) wins. Like
 * Redis's 32-bit default ({@code 3gb} with {@code noeviction}), the policy stays
 * {@code noeviction}: past the limit writes get {@code -OOM}, never a dead JVM.
 */
final class DefaultMaxMemory {
    static final double SHARE_OF_HEAP = 0.4;
    private static final long MB = 1024 * 1024;

    private DefaultMaxMemory() {
    }

    /** The default for a maximum heap of {@code maxHeap} bytes; 0 (no limit) when the heap has no bound. */
    static long forHeap(long maxHeap) {
        if (maxHeap <= 0 || maxHeap == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(MB, (long) (maxHeap * SHARE_OF_HEAP) / MB * MB);
    }

    /** The start-up line that says which value was chosen and why. */
    static String message(long maxmemory, long maxHeap) {
        return "No maxmemory set: using " + maxmemory + " bytes (" + maxmemory / MB + "mb), 40% of the JVM's maximum "
                + "heap of " + maxHeap / MB + "mb, with maxmemory-policy noeviction. Set maxmemory (0 for no limit) "
                + "to choose another value.";
    }
}
