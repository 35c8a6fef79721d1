/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code CLIENT PAUSE} / {@code CLIENT UNPAUSE} as Redis 7.0: a server-wide state machine
 * <em>none → write | all → none</em>. While paused, a client's command waits (the connection
 * keeps it and stops reading, its I/O thread stays free) until the pause ends, then runs through
 * every check again. A second PAUSE keeps the more restrictive mode and the later end, as Redis's
 * {@code pauseClients}. Replica links and the master's stream are never paused: the dispatcher
 * asks only for commands of normal and pub/sub clients.
 */
final class ClientPause {

    /** Redis's pause types, least restrictive first. */
    enum Mode {
        NONE, WRITE, ALL
    }

    private final LongSupplier nanoTime;
    private Mode mode = Mode.NONE;
    private long endNanos;
    /** Completes when the current pause ends; waiting commands hang on it. */
    private CompletableFuture<Void> ended = new CompletableFuture<>();
    private ScheduledFuture<?> timer;

    ClientPause(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Pauses for {@code timeoutMillis} from now; the end is checked on {@code scheduler} (the
     * calling connection's event loop), so a pause ends without any further command.
     */
    synchronized void pause(long timeoutMillis, Mode requested, ScheduledExecutorService scheduler) {
        long now = nanoTime.getAsLong();
        long end = now + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, Long.MAX_VALUE / 2_000_000));
        if (mode == Mode.NONE) {
            mode = requested;
            endNanos = end;
        } else {
            if (requested.compareTo(mode) > 0) {
                mode = requested;
            }
            if (end - endNanos > 0) {
                endNanos = end;
            }
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timer = scheduler.schedule(this::expire, Math.max(0, endNanos - now), TimeUnit.NANOSECONDS);
    }

    /** CLIENT UNPAUSE: ends the pause now, and every waiting command runs. */
    void unpause() {
        CompletableFuture<Void> done;
        synchronized (this) {
            if (mode == Mode.NONE) {
                return;
            }
            mode = Mode.NONE;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            done = ended;
            ended = new CompletableFuture<>();
        }
        done.complete(null); // outside the lock: waiting connections resume on their own loops
    }

    private void expire() {
        synchronized (this) {
            if (mode == Mode.NONE || endNanos - nanoTime.getAsLong() > 0) {
                return; // ended already, or extended (the later timer ends it)
            }
        }
        unpause();
    }

    /**
     * What a command must wait for, or null when it may run: every command under ALL, a write
     * or may-replicate one (Redis's {@code is_may_replicate_command}) under WRITE.
     */
    synchronized CompletionStage<Void> waitFor(boolean mayReplicate) {
        if (mode == Mode.NONE || mode == Mode.WRITE && !mayReplicate) {
            return null;
        }
        return ended;
    }

    synchronized Mode mode() {
        return mode;
    }
}
