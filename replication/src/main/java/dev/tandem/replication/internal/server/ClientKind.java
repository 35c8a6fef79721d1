/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.Locale;

/** Redis's client types ({@code CLIENT KILL TYPE}, {@code CLIENT LIST TYPE}). */
public enum ClientKind {
    NORMAL("normal"),
    /** A connection handed to the replication layer after PSYNC/SYNC. */
    REPLICA("replica"),
    /** This replica's link to its master (owned by the replication layer, never a server connection). */
    MASTER("master"),
    /** Connections with at least one (P|S)SUBSCRIBE (Redis's CLIENT_PUBSUB flag). */
    PUBSUB("pubsub");

    private final String redisName;

    ClientKind(String redisName) {
        this.redisName = redisName;
    }

    public String redisName() {
        return redisName;
    }

    /** Redis's getClientTypeByName: {@code normal}, {@code slave}/{@code replica}, {@code pubsub}, {@code master}; null otherwise. */
    public static ClientKind byRedisName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "normal": return NORMAL;
            case "slave":
            case "replica": return REPLICA;
            case "pubsub": return PUBSUB;
            case "master": return MASTER;
            default: return null;
        }
    }
}
