/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import io.netty.channel.Channel;
import java.util.Objects;

/**
 * A connection that asked to become a replica ({@code PSYNC}/{@code SYNC}), as the server hands
 * it to the replication layer.
 *
 * @param channel the client's channel; after an accepted hand-off only the replication layer
 *                writes to it (the server keeps reading and forwards requests to the listener)
 * @param client  what the server knows about the connection (id, address, name, announced
 *                {@code REPLCONF} values are the replication layer's own business)
 * @param argv    the {@code PSYNC}/{@code SYNC} command as sent
 */
public record ReplicaHandoff(Channel channel, ClientInfo client, byte[][] argv) {
    public ReplicaHandoff {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(argv, "argv");
    }

    /** Whether this is the pre-PSYNC {@code SYNC} (no {@code +FULLRESYNC} line, never ACKs). */
    public boolean isLegacySync() {
        return argv.length == 1;
    }
}
