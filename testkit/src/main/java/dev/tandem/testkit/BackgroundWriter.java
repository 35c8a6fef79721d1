/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.time.Duration;

/**
 * A daemon thread that keeps writing to a node under test while the test does something else
 * (a full sync, a snapshot, a promotion). Each write is one call of the test's {@link Write}
 * (one command, or one batch of them). How many writes it makes is bounded by a budget, so a
 * test's stream stays small and nothing needs to sleep:
 * <ul>
 *   <li>{@link #start(String, long, Write)}: a fixed budget, written as fast as possible;</li>
 *   <li>{@link #unbounded}: writes until stopped;</li>
 *   <li>{@link #granted}: nothing until the test {@link #grant}s writes, which the writer then
 *       makes whenever it gets to them, racing with the test's own actions.</li>
 * </ul>
 * The first failure ends the thread; every waiting method then throws it, wrapped in an
 * {@link AssertionError}. All waits are bounded.
 */
public final class BackgroundWriter implements AutoCloseable {

    /** One write, or one batch of writes, against the node under test. */
    @FunctionalInterface
    public interface Write {
        void run() throws Exception;
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Object lock = new Object();
    private final Write write;
    private final Thread thread;
    /** Guarded by {@code lock}. */
    private long budget;
    private long written;
    private boolean stopped;
    private Throwable failure;

    private BackgroundWriter(String name, long budget, Write write) {
        this.budget = budget;
        this.write = write;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes {@code maxWrites} writes at once, then waits to be closed. */
    public static BackgroundWriter start(String name, long maxWrites, Write write) {
        return new BackgroundWriter(name, maxWrites, write);
    }

    /** Writes until {@link #stop()}ped. */
    public static BackgroundWriter unbounded(String name, Write write) {
        return new BackgroundWriter(name, Long.MAX_VALUE, write);
    }

    /** Writes only what {@link #grant} allows. */
    public static BackgroundWriter granted(String name, Write write) {
        return new BackgroundWriter(name, 0, write);
    }

    private void run() {
        try {
            while (true) {
                synchronized (lock) {
                    while (!stopped && written >= budget) {
                        lock.wait();
                    }
                    if (stopped) {
                        return;
                    }
                }
                write.run();
                synchronized (lock) {
                    written++;
                    lock.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            synchronized (lock) {
                failure = t;
                lock.notifyAll();
            }
        }
    }

    /** Allows {@code n} more writes. */
    public void grant(long n) {
        synchronized (lock) {
            budget = budget > Long.MAX_VALUE - n ? Long.MAX_VALUE : budget + n;
            lock.notifyAll();
        }
    }

    /** Writes made so far. */
    public long writes() {
        synchronized (lock) {
            return written;
        }
    }

    /** Waits until at least {@code more} further writes were made. */
    public void awaitMoreWrites(long more, Duration timeout) {
        long target = writes() + more;
        await(timeout, () -> written >= target, "the writer to make " + more + " more writes");
    }

    /** Waits until every write of the budget (fixed or granted so far) was made. */
    public void awaitBudgetSpent(Duration timeout) {
        await(timeout, () -> written >= budget, "the writer to spend its budget");
    }

    /** Stops the writer after its current write and waits for it; returns the writes made. */
    public long stop() throws InterruptedException {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        thread.join(STOP_TIMEOUT.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + " did not stop within " + STOP_TIMEOUT);
        }
        synchronized (lock) {
            rethrowFailure();
            return written;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private interface Condition {
        boolean holds();
    }

    private void await(Duration timeout, Condition condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (failure == null && !condition.holds()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
            rethrowFailure();
        }
    }

    private void rethrowFailure() {
        if (failure != null) {
            throw new AssertionError(thread.getName() + " failed", failure);
        }
    }
}
