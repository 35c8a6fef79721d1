/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.pubsub;

/**
 * Receives the messages of what it subscribed to. Called by the publishing thread, possibly
 * under the keyspace write lock (a PUBLISH takes its place in the replication stream there): an
 * implementation only hands the message on (to its connection's event loop, to an executor),
 * never blocks and never does I/O itself.
 */
@FunctionalInterface
public interface Subscriber {

    void deliver(Message message);
}
