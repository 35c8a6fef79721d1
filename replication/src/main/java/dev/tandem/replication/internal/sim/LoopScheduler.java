/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sim;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node's executor (timer, snapshot driver or event delivery) as a view of the simulation's
 * shared loop: its tasks run on the loop at virtual time, and shutting it down stops this node's
 * tasks only, never the loop the other nodes share. It never blocks: {@link #awaitTermination}
 * returns at once (the caller may be the driver, with the loop parked).
 *
 * <p>Like a {@code ScheduledThreadPoolExecutor}, {@link #shutdown()} lets queued tasks run and
 * {@link #shutdownNow()} cancels them and every timer.
 */
final class LoopScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private enum State { RUNNING, SHUT_DOWN, STOPPED }

    private final EventLoop loop;
    /** In creation order, so that cancelling them queues the same tasks in the same order every run. */
    private final Set<ScheduledFuture<?>> timers = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile State state = State.RUNNING;

    LoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void execute(Runnable command) {
        requireRunning();
        loop.execute(() -> {
            if (state != State.STOPPED) {
                command.run();
            }
        });
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        requireRunning();
        return track(loop.schedule(guarded(command), delay, unit));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        requireRunning();
        return track(loop.schedule(callable, delay, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        requireRunning();
        return track(loop.scheduleAtFixedRate(guarded(command), initialDelay, period, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        requireRunning();
        return track(loop.scheduleWithFixedDelay(guarded(command), initialDelay, delay, unit));
    }

    private Runnable guarded(Runnable command) {
        return () -> {
            if (state == State.RUNNING) {
                command.run();
            }
        };
    }

    private <V> ScheduledFuture<V> track(io.netty.util.concurrent.ScheduledFuture<V> future) {
        timers.add(future);
        future.addListener(f -> timers.remove(future));
        return future;
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new RejectedExecutionException("shut down");
        }
    }

    @Override
    public void shutdown() {
        if (state == State.RUNNING) {
            state = State.SHUT_DOWN;
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        state = State.STOPPED;
        List<ScheduledFuture<?>> pending;
        synchronized (timers) {
            pending = List.copyOf(timers);
            timers.clear();
        }
        for (ScheduledFuture<?> timer : pending) {
            timer.cancel(false);
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return state != State.RUNNING;
    }

    @Override
    public boolean isTerminated() {
        return state != State.RUNNING;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
