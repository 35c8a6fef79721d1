/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal;

import dev.tandem.core.KeyspaceClock;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Everything of a node that runs by itself or reads the world: its timer, the driver of full-sync
 * snapshots, the delivery of events, its clocks and its random choices. A node normally gets
 * {@link #threads}: threads of its own, {@code System.nanoTime}, the wall clock and secure random
 * ids. The deterministic simulation ({@link dev.tandem.replication.internal.sim.SimulatedNetwork})
 * gives every node a runtime on one shared event loop with a virtual clock and seeded random
 * sources, so that a run is a function of its seed.
 *
 * <p>One runtime belongs to one node: the node asks each factory once, at construction.
 */
public interface NodeRuntime {

    /** The node's timer: cron, reconnect back-off, WAIT timeouts. */
    ScheduledExecutorService newScheduler();

    /** Where full-sync snapshots are produced, step by step. */
    ScheduledExecutorService newSnapshotDriver();

    /**
     * Whether a snapshot step may block its driver while replicas' channels are unwritable (a
     * thread of its own), or must return and be resumed (a driver shared with the channels).
     */
    boolean snapshotDriverMayBlock();

    /** Delivers the node's replication events to listeners, one at a time, in order. */
    ExecutorService newEventExecutor();

    /** Monotonic milliseconds for timeouts and lags; the origin is the runtime's. */
    LongSupplier monotonicMillis();

    /** Monotonic nanoseconds for CPU budgets (active expiry). */
    LongSupplier nanoTime();

    /** The clock of key expiry (Unix milliseconds). */
    KeyspaceClock keyspaceClock();

    /** A seed for the keyspace's random choices (SPOP, expiry sampling); empty: unseeded. */
    OptionalLong keyspaceRandomSeed();

    /** {@code length} random lowercase hex characters: replication ids, {@code $EOF:} marks. */
    String randomHex(int length);

    /** Threads of the node's own, named after it; the system's clocks and random sources. */
    static NodeRuntime threads(String nodeName) {
        return new ThreadedNodeRuntime(nodeName);
    }
}
