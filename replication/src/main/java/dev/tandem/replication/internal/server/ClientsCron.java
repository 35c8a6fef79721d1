/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Redis's clientsCron: once a second the server walks its client registry and has every
 * connection run its periodic checks (idle {@code timeout}, soft output-buffer limit). One timer
 * serves the whole server instead of one per connection; each connection's check still runs on
 * that connection's own event loop, so nothing races its channel.
 *
 * <p>The timer runs while the server has connections. The server binds nothing itself (its
 * listeners belong to the transport) and so has no start or stop of its own: the first
 * admitted connection starts the timer on its event loop, and the removal of the last one
 * cancels it. A loop that shuts down drops its scheduled tasks (and closes its connections):
 * a timer found dead on the next admission or removal restarts on a live connection's loop.
 */
final class ClientsCron {

    static final long PERIOD_MILLIS = 1000;

    private final ClientRegistry registry;
    private final ServerStats stats;
    /** Guarded by {@code this}; null while the server has no connections. */
    private ScheduledFuture<?> timer;

    ClientsCron(ClientRegistry registry, ServerStats stats) {
        this.registry = registry;
        this.stats = stats;
    }

    /** A connection was admitted: make sure the timer runs. */
    synchronized void connectionAdmitted(EventLoop loop) {
        if (!isRunning()) {
            start(loop);
        }
    }

    /** A connection left the registry: the last one stops the timer. */
    synchronized void connectionRemoved() {
        if (registry.size() == 0) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        } else if (!isRunning()) {
            restartOnARemainingConnectionsLoop();
        }
    }

    private void start(EventLoop loop) {
        timer = loop.scheduleAtFixedRate(() -> tick(System.currentTimeMillis()),
                PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void restartOnARemainingConnectionsLoop() {
        timer = null;
        for (ClientConnection client : registry.all()) {
            EventLoop loop = client.channel().eventLoop();
            if (!loop.isShuttingDown()) {
                start(loop);
                return;
            }
        }
    }

    synchronized boolean isRunning() {
        return timer != null && !timer.isDone();
    }

    /** One pass over the registry: each connection's check is queued on its own event loop. */
    void tick(long nowMillis) {
        stats.sample(nowMillis);
        for (ClientConnection client : registry.all()) {
            client.schedulePeriodicCheck(nowMillis);
        }
    }
}
