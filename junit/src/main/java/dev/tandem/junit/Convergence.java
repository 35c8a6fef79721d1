/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * "Every replica agrees with the master": link up, same replication offset, same
 * {@code DEBUG DIGEST}. Polled every 10 ms up to a bound, no sleeping past the deadline.
 */
final class Convergence {

    /** One node as a probe sees it. */
    record State(String node, boolean linkUp, long offset, String digest) {
        @Override
        public String toString() {
            return node + ": link " + (linkUp ? "up" : "down") + ", offset " + offset + ", digest " + digest;
        }
    }

    /** Reads one replica's state. */
    @FunctionalInterface
    interface Probe {
        State read() throws Exception;
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Supplier<State> master;
    private final List<Probe> replicas;

    Convergence(Supplier<State> master, List<Probe> replicas) {
        this.master = master;
        this.replicas = List.copyOf(replicas);
    }

    void await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<State> last = List.of();
        Exception lastError = null;
        while (true) {
            try {
                last = new ArrayList<>();
                if (converged(last)) {
                    return;
                }
                lastError = null;
            } catch (Exception e) {
                lastError = e; // a node that does not answer yet is not converged
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                AssertionError failure = new AssertionError("replicas did not converge within " + timeout + ": "
                        + (last.isEmpty() ? "no state read" : String.join("; ", last.stream().map(State::toString).toList())));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            LockSupport.parkNanos(Math.min(POLL_NANOS, left));
        }
    }

    /**
     * Offsets first (cheap), digests only once every replica applied the whole stream: a digest
     * walks the data set and would slow down a replica that is still applying.
     */
    private boolean converged(List<State> seen) throws Exception {
        State m = master.get();
        seen.add(m);
        boolean offsetsMatch = true;
        List<State> states = new ArrayList<>();
        for (Probe p : replicas) {
            State s = p.read();
            states.add(s);
            seen.add(s);
            offsetsMatch &= s.linkUp() && s.offset() == m.offset();
        }
        if (!offsetsMatch) {
            return false;
        }
        for (State s : states) {
            if (!s.digest().equals(m.digest())) {
                return false;
            }
        }
        return true;
    }
}
