/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.BlockedClient;
import dev.tandem.core.internal.Keyspace;
import io.netty.channel.Channel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Times out a client blocked on keys from its connection's event loop (Redis's
 * handleBlockedClientsTimeout in beforeSleep): a task at the deadline, re-armed if the keyspace
 * clock has not reached it yet, cancelled once the client is served.
 */
final class BlockedClientTimeouts {
    private BlockedClientTimeouts() {
    }

    static void schedule(Channel channel, Keyspace keyspace, BlockedClient blocked) {
        if (blocked.deadlineMillis() == 0 || channel == null) {
            return;
        }
        arm(channel, keyspace, blocked);
    }

    private static void arm(Channel channel, Keyspace keyspace, BlockedClient blocked) {
        if (blocked.reply().isDone()) {
            return;
        }
        long delay = Math.max(0, blocked.deadlineMillis() - keyspace.clock().nowMillis());
        ScheduledFuture<?> task;
        try {
            task = channel.eventLoop().schedule(() -> {
                if (!keyspace.blocking().timeOut(blocked)) {
                    arm(channel, keyspace, blocked); // the clock lags the timer a little: wait more
                }
            }, delay + 1, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // the event loop is shutting down, and the connection with it
        }
        blocked.reply().whenComplete((r, e) -> task.cancel(false));
    }
}
