/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sim;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.replication.internal.NodeRuntime;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A node's runtime in a {@link SimulatedNetwork}: every executor is a view of the shared loop,
 * the clocks are the loop's virtual time, and random choices come from a generator seeded by the
 * network's seed and the node's name (so adding a node does not change another's choices).
 */
final class SimulatedNodeRuntime implements NodeRuntime {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SimulatedEventLoop loop;
    private final LongSupplier wallClockMillis;
    private final long originNanos;
    private final SplittableRandom random;
    private final long keyspaceSeed;

    SimulatedNodeRuntime(SimulatedEventLoop loop, long networkSeed, String nodeName, LongSupplier wallClockMillis) {
        this.loop = loop;
        this.wallClockMillis = wallClockMillis;
        this.originNanos = loop.elapsedNanos();
        SplittableRandom forNode = new SplittableRandom(networkSeed ^ (0x9E3779B97F4A7C15L * nodeName.hashCode()));
        this.keyspaceSeed = forNode.nextLong();
        this.random = forNode.split();
    }

    @Override
    public ScheduledExecutorService newScheduler() {
        return new LoopScheduler(loop);
    }

    @Override
    public ScheduledExecutorService newSnapshotDriver() {
        return new LoopScheduler(loop);
    }

    /** The driver is the loop every channel runs on: a step that waited would wait forever. */
    @Override
    public boolean snapshotDriverMayBlock() {
        return false;
    }

    @Override
    public ExecutorService newEventExecutor() {
        return new LoopScheduler(loop);
    }

    @Override
    public LongSupplier monotonicMillis() {
        return () -> TimeUnit.NANOSECONDS.toMillis(loop.elapsedNanos() - originNanos);
    }

    @Override
    public LongSupplier nanoTime() {
        return loop::elapsedNanos;
    }

    @Override
    public KeyspaceClock keyspaceClock() {
        return wallClockMillis::getAsLong;
    }

    @Override
    public OptionalLong keyspaceRandomSeed() {
        return OptionalLong.of(keyspaceSeed);
    }

    /** Called on the loop or by the driver, never both at once: the generator needs no lock. */
    @Override
    public synchronized String randomHex(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }
}
