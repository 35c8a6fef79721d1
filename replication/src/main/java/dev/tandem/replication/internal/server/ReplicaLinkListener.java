/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.resp.RespCommand;

/**
 * Receives the requests that arrive on a connection after it became a replica link
 * ({@code REPLCONF ACK <offset>}, {@code REPLCONF GETACK}, and empty commands for bare newlines,
 * which refresh the replica's liveness). Called on the channel's event loop, in arrival order.
 */
@FunctionalInterface
public interface ReplicaLinkListener {
    void onRequest(RespCommand request);
}
