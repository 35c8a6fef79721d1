/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/**
 * Receives the pub/sub messages of a {@link ReplicatedKeyspace#subscribe subscription}: on the
 * node's event thread (the one that delivers {@link ReplicationEvent}s), in publish order, never
 * on an I/O thread or under the keyspace lock. A listener that throws is logged and skipped.
 */
@FunctionalInterface
public interface MessageListener {

    void onMessage(PubSubMessage message);
}
