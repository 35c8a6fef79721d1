/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.replication.ReplicationId;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The default {@link NodeRuntime}: daemon threads named after the node, the system's clocks. */
final class ThreadedNodeRuntime implements NodeRuntime {

    private final String nodeName;
    private final long originNanos = System.nanoTime();

    ThreadedNodeRuntime(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public ScheduledExecutorService newScheduler() {
        return singleScheduledThread(nodeName + "-cron");
    }

    @Override
    public ScheduledExecutorService newSnapshotDriver() {
        return singleScheduledThread(nodeName + "-snapshot");
    }

    @Override
    public boolean snapshotDriverMayBlock() {
        return true;
    }

    @Override
    public ExecutorService newEventExecutor() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemon(nodeName + "-events"));
    }

    @Override
    public LongSupplier monotonicMillis() {
        return () -> (System.nanoTime() - originNanos) / 1_000_000;
    }

    @Override
    public LongSupplier nanoTime() {
        return System::nanoTime;
    }

    @Override
    public KeyspaceClock keyspaceClock() {
        return KeyspaceClock.SYSTEM;
    }

    @Override
    public OptionalLong keyspaceRandomSeed() {
        return OptionalLong.empty();
    }

    @Override
    public String randomHex(int length) {
        return ReplicationId.randomHex(length);
    }

    private static ScheduledExecutorService singleScheduledThread(String name) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, daemon(name));
        // Cancelled timers (reconnects, WAIT timeouts) leave the queue at once.
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
