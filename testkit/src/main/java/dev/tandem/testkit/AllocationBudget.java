/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.lang.management.ManagementFactory;

/**
 * Asserts that code fed untrusted input allocates memory in proportion to the input, not to a
 * length the input merely claims: a decoder that believes {@code $2000000000} and allocates the
 * buffer up front passes every functional test and still dies of an {@code OutOfMemoryError}
 * in production. Measured with the JVM's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean}), so only the calling thread's allocations count;
 * fuzz targets run the code under test on that thread.
 *
 * <pre>{@code
 * AllocationBudget.bounded("RESP command parser", input.length, () -> decode(input));
 * }</pre>
 *
 * <p>Class loading is charged to the thread that triggers it, and under Jazzer so is the
 * instrumentation of every newly loaded class (tens of megabytes the first time an input reaches
 * new code): {@link #bounded} therefore runs an input that went over its budget a second time,
 * with every class it needs loaded, and fails only if that run goes over too. The code under test
 * must be deterministic for its input, which fuzz targets are anyway.
 */
public final class AllocationBudget {

    /**
     * Fixed allowance: class initialisation, the decoders' own small tables and the fuzzer's
     * hooks allocate a few megabytes whatever the input; a claimed length of hundreds of
     * megabytes is what this is meant to catch.
     */
    public static final long BASE_ALLOWANCE = 32L * 1024 * 1024;

    /** Bytes allowed per input byte: copies, splits, boxed frames and strings of the input. */
    public static final long PER_INPUT_BYTE = 512;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long start;
    private final long limit;

    private AllocationBudget(long start, long limit) {
        this.start = start;
        this.limit = limit;
    }

    /**
     * Runs {@code body} and fails if it allocated more than the budget for an input of
     * {@code inputLength} bytes on a run with its classes already loaded (see the class comment).
     */
    public static void bounded(String what, long inputLength, Runnable body) {
        AllocationBudget first = start(inputLength);
        body.run();
        if (first.used() <= first.limit) {
            return;
        }
        AllocationBudget second = start(inputLength);
        body.run();
        second.check(what);
    }

    /** Starts measuring the calling thread for an input of {@code inputLength} bytes. */
    public static AllocationBudget start(long inputLength) {
        return new AllocationBudget(allocatedByThisThread(), BASE_ALLOWANCE + PER_INPUT_BYTE * inputLength);
    }

    /** Bytes the calling thread has allocated since it started (-1 where the JVM cannot tell). */
    public static long allocatedByThisThread() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes allocated since {@link #start}. */
    public long used() {
        return allocatedByThisThread() - start;
    }

    /** Fails when the calling thread allocated more than the budget since {@link #start}. */
    public void check(String what) {
        long used = used();
        if (start >= 0 && used > limit) {
            throw new AssertionError(what + " allocated " + used + " bytes for its input, more than the "
                    + limit + " allowed: it allocated for a length the input only claimed");
        }
    }
}
