/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/**
 * Observes a node's {@link ReplicationEvent}s. Events are delivered one at a time, in the order
 * they happened, on a dedicated thread of the node (never on an event loop and never under the
 * keyspace lock), so a listener may call back into the node. A listener that throws is logged
 * and keeps receiving later events.
 */
@FunctionalInterface
public interface ReplicationListener {
    void onEvent(ReplicationEvent event);
}
