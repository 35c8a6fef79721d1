/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * How {@code tandem-server} stops, as Redis does: a signal handler or the {@code SHUTDOWN}
 * command only <em>asks</em> ({@link #request}, which returns at once, since it runs on a signal
 * thread or on an event loop); the main thread, waiting in {@link #awaitRequest}, then closes the
 * node once ({@link #shutdown}), logging {@code User requested shutdown...} and {@code Tandem is
 * now ready to exit, bye bye...}. A JVM exit for any other reason (SIGHUP, or a signal whose
 * handler could not be installed) closes the node through {@link #jvmExitHook}.
 */
final class ServerShutdown {

    private final Logger log;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** A signal asked (not the SHUTDOWN command, which saved before it asked). */
    private volatile boolean bySignal;

    ServerShutdown(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Asks the main thread to shut down; returns at once.
     *
     * @param why logged at warning level unless null, as Redis logs
     *     {@code Received SIGTERM scheduling shutdown...}
     */
    void request(String why) {
        if (why != null) {
            log.warn(why);
            bySignal = true;
        }
        requested.countDown();
    }

    /**
     * Whether a signal asked for the shutdown: then the node saves first when it has save rules,
     * as Redis's {@code prepareForShutdown} does on SIGTERM (the {@code SHUTDOWN} command has saved
     * already, or refused to stop).
     */
    boolean requestedBySignal() {
        return bySignal;
    }

    /** Whether a shutdown was asked for. */
    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits until a shutdown is asked for. */
    void awaitRequest() throws InterruptedException {
        requested.await();
    }

    /**
     * Closes {@code node} unless a shutdown has started already; returns once it is closed (or at
     * once, on the second and later calls).
     */
    void shutdown(AutoCloseable node) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            log.warn("User requested shutdown...");
            try {
                node.close();
            } catch (Exception e) {
                log.error("Error while shutting down: {}", e.toString(), e);
            }
            log.warn("Tandem is now ready to exit, bye bye...");
        } finally {
            finished.countDown();
        }
    }

    /** A thread for {@link Runtime#addShutdownHook}: closes {@code node} if the JVM exits before the main thread did. */
    Thread jvmExitHook(AutoCloseable node) {
        return new Thread(() -> {
            if (!started.get()) {
                log.warn("The JVM is exiting (a signal without a handler, or System.exit): shutting down...");
            }
            shutdown(node);
        }, "tandem-shutdown");
    }

    /** Whether a shutdown has started. */
    boolean isShuttingDown() {
        return started.get();
    }

    /** Waits at most {@code timeout} until a shutdown has finished; true when it has. */
    boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }
}
