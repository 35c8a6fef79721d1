/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sim;

import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one event loop of a deterministic simulation: every channel, timer, snapshot step and
 * event delivery of every node runs here as a task, in the order the tasks were queued, and time
 * is virtual ({@link #getCurrentTimeNanos()}): it stands still while tasks run and moves only
 * when the driver says so.
 *
 * <h2>Turns</h2>
 * The loop has a thread of its own (Netty's channels need one), but it never runs at the same
 * time as the driver (the test thread calling nodes' API). It runs only in a <em>turn</em> the
 * driver grants: {@link #runUntilIdle()} lets it run every queued and due task, including the
 * ones those tasks queue, and returns once nothing is left; the driver's own calls (writes,
 * {@code replicaOf}, samples) happen between turns. So there is one thread of control at any
 * time and the interleaving is a function of what the driver did, never of thread timing.
 *
 * <p>A driver call that blocks on the loop (binding a listener) runs inside
 * {@link #freeRun(Runnable)}: the loop serves tasks as they come until the call returns.
 *
 * <h2>States</h2>
 * PARKED (waiting for a turn) → RUNNING (a turn, or free running) → PARKED; SHUTTING_DOWN once
 * {@link #shutdownGracefully} was called, after which the loop drains and ends on its own.
 */
public final class SimulatedEventLoop extends SingleThreadEventLoop {

    /** Where virtual time starts: 1 s, so that "0" never looks like "unset" in timestamps. */
    static final long START_NANOS = TimeUnit.SECONDS.toNanos(1);

    private enum Turn { PARKED, GRANTED, FREE_RUNNING }

    private final Object monitor = new Object();
    /** Guarded by monitor. */
    private Turn turn = Turn.PARKED;
    /** Whether the loop thread waits for a turn (and runs nothing). Guarded by monitor. */
    private boolean parked;
    private volatile long nowNanos = START_NANOS;

    public SimulatedEventLoop(String threadName) {
        super(null, new ThreadPerTaskExecutor(new DefaultThreadFactory(threadName, true)), false);
        // Starts the thread now, so that the first turn has a loop to run it.
        execute(() -> { });
        runUntilIdle();
    }

    /** Virtual time: what every timer of every node measures against. */
    @Override
    protected long getCurrentTimeNanos() {
        return nowNanos;
    }

    /** Virtual nanoseconds since the simulation started. */
    public long elapsedNanos() {
        return nowNanos - START_NANOS;
    }

    @Override
    protected void wakeup(boolean inEventLoop) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    @Override
    protected void run() {
        while (!isShuttingDown()) {
            awaitTurn();
            drain();
            endTurn();
        }
        // Netty's shutdown waits for a quiet period measured on this loop's clock, which stands
        // still: time moves on here so that it ends at once, as with a quiet period of zero.
        do {
            nowNanos += TimeUnit.SECONDS.toNanos(1);
        } while (!confirmShutdown());
    }

    private void awaitTurn() {
        synchronized (monitor) {
            parked = true;
            monitor.notifyAll();
            try {
                while (!isShuttingDown() && turn != Turn.GRANTED && !(turn == Turn.FREE_RUNNING && hasWork())) {
                    // Bounded: a timer falling due while free running queues nothing to wake us.
                    monitor.wait(turn == Turn.FREE_RUNNING ? 5 : 0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                parked = false;
            }
        }
    }

    private void endTurn() {
        synchronized (monitor) {
            if (turn == Turn.GRANTED) {
                turn = Turn.PARKED;
                monitor.notifyAll();
            }
        }
    }

    private void drain() {
        boolean ran;
        do {
            ran = runAllTasks();
        } while (ran || hasWork());
    }

    /** Queued tasks, or a timer due at the current virtual time. Loop thread, or loop parked. */
    private boolean hasWork() {
        if (hasTasks()) {
            return true;
        }
        long deadline = nextScheduledTaskDeadlineNanos();
        return deadline != -1 && deadline <= nowNanos;
    }

    // ------------------------------------------------------------------ the driver's side

    /** Lets the loop run every task that is queued or due now, and what those queue; returns when none is left. */
    public void runUntilIdle() {
        requireDriver();
        synchronized (monitor) {
            turn = Turn.GRANTED;
            monitor.notifyAll();
            try {
                while (turn == Turn.GRANTED && !isTerminated()) {
                    monitor.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the simulation ran", e);
            }
        }
    }

    /**
     * Runs the simulation for {@code duration} of virtual time: to idle, then the clock jumps to
     * the next timer's deadline and runs to idle again, until {@code duration} has passed.
     */
    public void runFor(Duration duration) {
        long target = nowNanos + duration.toNanos();
        runUntilIdle();
        while (true) {
            long next = nextScheduledTaskDeadlineNanos(); // the loop is parked: its queue is quiet
            if (next == -1 || next > target) {
                nowNanos = target;
                runUntilIdle();
                return;
            }
            nowNanos = Math.max(nowNanos, next);
            runUntilIdle();
        }
    }

    /**
     * Runs {@code call} on the driver's thread while the loop serves tasks as they come: for
     * driver calls that wait for the loop (a listener's bind). Deterministic when nothing else is
     * in flight, as when nodes start; then runs to idle.
     */
    public void freeRun(Runnable call) {
        requireDriver();
        synchronized (monitor) {
            turn = Turn.FREE_RUNNING;
            monitor.notifyAll();
        }
        try {
            call.run();
        } finally {
            synchronized (monitor) {
                turn = Turn.PARKED;
                monitor.notifyAll();
                try {
                    while (!parked && !isTerminated()) {
                        monitor.wait(100);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        runUntilIdle();
    }

    private void requireDriver() {
        if (inEventLoop()) {
            throw new IllegalStateException("the simulation is driven from outside its event loop");
        }
    }
}
