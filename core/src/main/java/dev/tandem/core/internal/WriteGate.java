/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/**
 * Decides whether a client's write may run now, asked under the keyspace write lock right before
 * the write executes. Replication installs one ({@code READONLY} on a read-only replica,
 * {@code NOREPLICAS} on a master without enough good replicas): because a role change also
 * happens under that lock, a write that the gate lets through is executed and propagated by the
 * role that let it through, never by the next one.
 *
 * <p>Never asked for the commands of a master link ({@link ClientState#master()}): a replica
 * applies its master's stream whatever its own settings.
 */
@FunctionalInterface
public interface WriteGate {

    /** Lets every write through: a node without replication. */
    WriteGate OPEN = client -> null;

    /**
     * The error reply's text refusing a write (or a transaction holding one) by {@code client}
     * now, or null to let it run. Called under the keyspace write lock: must be quick and must
     * not block.
     */
    String refusal(ClientState client);
}
