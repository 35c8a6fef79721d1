/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.role;

import dev.tandem.core.internal.ExpiryMode;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.replication.Role;

/**
 * What a node is right now, with everything that differs between the roles: where its writes
 * propagate, how its keys expire, whether it may serve sub-replicas. One value replaces the
 * fields that used to change together (sink, expiry mode, role, link, "can serve replicas"):
 * {@link NodeRoles#transition} swaps it whole, under the keyspace write lock, so nothing ever
 * sees half of one role and half of the other.
 */
public sealed interface NodeRole permits MasterRole, ReplicaRole {

    /** The role as the API and {@code INFO}/{@code ROLE} name it. */
    Role kind();

    /** Where the keyspace hands its writes' propagated forms. */
    PropagationSink sink();

    /** Masters expire keys; replicas wait for their master's {@code DEL}. */
    ExpiryMode expiryMode();

    /**
     * Whether this node may start serving a replica now: a master always; a replica only while its
     * own link is up (Redis refuses sub-replicas of a replica that is not connected, since it has
     * no data it could vouch for).
     */
    boolean servesSubReplicas();
}
