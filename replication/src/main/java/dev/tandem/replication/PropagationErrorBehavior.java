/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.util.Locale;

/**
 * {@code propagation-error-behavior}: what a replica does when a command of its master's stream
 * fails on it (an unknown command, a command that errors), which means its data set no longer
 * is the master's. Every value emits {@link ReplicationEvent.ApplyFailed} and counts in
 * {@code INFO stats} ({@code tandem_propagation_errors}).
 *
 * <p><b>Deviation:</b> Redis 7.0's default is {@code ignore}; Tandem's is {@link #RESYNC}, its own
 * value, because a replica that silently serves wrong data is worse than one that re-syncs.
 */
public enum PropagationErrorBehavior {
    /** Redis's default: log the error and go on applying the stream (the replica diverges). */
    IGNORE("ignore"),
    /**
     * Redis: the process panics. Tandem, a library, does not stop the JVM: the replica stops
     * applying, drops the link and stays disconnected (its data frozen at the failure) until
     * told otherwise ({@code REPLICAOF} the same or another master, {@code REPLICAOF NO ONE});
     * the next sync is a full one.
     */
    PANIC("panic"),
    /** Redis: panic on replicas, ignore while loading an AOF. Tandem has no AOF: as {@link #PANIC}. */
    PANIC_ON_REPLICAS("panic-on-replicas"),
    /**
     * Tandem's default: drop the link and the cached history, so the next attempt (after the
     * link's reconnect backoff) is a full sync that replaces the data set with the master's.
     */
    RESYNC("resync");

    private final String configName;

    PropagationErrorBehavior(String configName) {
        this.configName = configName;
    }

    /** The value as written in {@code redis.conf}. */
    public String configName() {
        return configName;
    }

    /** The value named {@code value} (any case), or null. */
    public static PropagationErrorBehavior parse(String value) {
        for (PropagationErrorBehavior b : values()) {
            if (b.configName.equals(value.toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        return null;
    }
}
