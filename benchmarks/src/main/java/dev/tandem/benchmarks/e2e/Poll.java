/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded polling: the harness observes nodes from outside (over RESP, like a client would),
 * so "wait until X" is a loop of probes. Every wait has a deadline and fails with a
 * {@link TimeoutException} naming what it waited for; nothing in the harness waits forever.
 *
 * <p>Between probes the poller parks for {@code interval}: on a two-core machine a probe loop
 * that never yields would take CPU away from the nodes it measures. The interval is the
 * resolution of the measurement, so it is part of every figure's description.
 */
final class Poll {
    /** Something probed repeatedly; may throw (a connection refused while a node starts, ...). */
    @FunctionalInterface
    interface Probe {
        boolean done() throws Exception;
    }

    private Poll() {
    }

    /**
     * Probes until {@code probe} is true; returns the {@link System#nanoTime()} at which it first
     * was. Exceptions from the probe propagate (wrap the probe to tolerate them).
     */
    static long until(String what, Duration timeout, Duration interval, Probe probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = interval.toNanos();
        while (true) {
            if (probe.done()) {
                return System.nanoTime();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            if (pause > 0) {
                LockSupport.parkNanos(pause);
            }
        }
    }

    /** {@link #until} with a 1 ms interval. */
    static long until(String what, Duration timeout, Probe probe) throws Exception {
        return until(what, timeout, Duration.ofMillis(1), probe);
    }
}
