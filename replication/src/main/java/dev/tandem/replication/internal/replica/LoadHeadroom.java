/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

/**
 * Whether a replica can keep its old data set beside the one a full sync is loading
 * ({@code repl-diskless-load swapdb}): Redis's temp db needs the memory of both data sets until
 * the swap, and on a JVM running out of heap during that load leaves a half-alive process (issue
 * #14, defect 1). So before (from the payload's {@code $<len>} and the RESIZEDB hints) and
 * while (from the bytes the new data set has accounted so far) the load runs, the loader asks
 * whether both fit: under {@code maxmemory} when one is set, and in the JVM's free heap with a
 * reserve for everything else the node allocates. When they do not, the loader empties the old
 * data set first (flush-then-load, Redis's behaviour for the other modes).
 *
 * <p>Pure arithmetic over the figures it is given, so the decision is testable without filling a
 * heap; {@link #jvm()} reads the running JVM's.
 */
record LoadHeadroom(long maxHeap, long usedHeap) {

    /**
     * The least heap one key costs once loaded (entry, key object and array, the smallest value),
     * so that a RESIZEDB hint of n keys predicts at least n times this; the accounted size of what
     * is really loaded is checked as the load goes, so an under-estimate here is caught later.
     */
    static final long MIN_BYTES_PER_KEY = 80;

    /** The JVM's heap now: its maximum and what is in use (live and not yet collected). */
    static LoadHeadroom jvm() {
        Runtime rt = Runtime.getRuntime();
        return new LoadHeadroom(rt.maxMemory(), rt.totalMemory() - rt.freeMemory());
    }

    /** The heap kept free for everything but the two data sets: an eighth of the maximum. */
    long reserve() {
        return maxHeap / 8;
    }

    /** What the new data set will take at least, from what the payload announced. */
    static long predicted(long payloadBytes, long hintedKeys, long loadedBytes) {
        long fromHints = hintedKeys > Long.MAX_VALUE / MIN_BYTES_PER_KEY ? Long.MAX_VALUE : hintedKeys * MIN_BYTES_PER_KEY;
        return Math.max(loadedBytes, Math.max(Math.max(payloadBytes, 0), fromHints));
    }

    /**
     * Why the old data set ({@code liveBytes}) cannot stay beside a new one of
     * {@code newBytes}, or null when both fit. {@code loadedBytes} is the part of the new data
     * set already on the heap (counted in {@link #usedHeap}).
     */
    String shortfall(long liveBytes, long newBytes, long loadedBytes, long maxmemory) {
        if (maxmemory > 0 && liveBytes + newBytes > maxmemory) {
            return "keeping the old data set (" + liveBytes + " bytes) beside the new one (at least " + newBytes
                    + " bytes) would exceed maxmemory (" + maxmemory + " bytes)";
        }
        long free = maxHeap - usedHeap - reserve();
        long toCome = newBytes - loadedBytes;
        if (toCome > free) {
            return "keeping the old data set (" + liveBytes + " bytes) beside the new one (at least " + newBytes
                    + " bytes) would leave less than " + reserve() + " bytes of the JVM's " + maxHeap
                    + "-byte heap free (" + Math.max(0, maxHeap - usedHeap) + " free now)";
        }
        return null;
    }
}
