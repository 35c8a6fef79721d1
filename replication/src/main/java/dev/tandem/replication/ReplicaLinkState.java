/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/**
 * A replica's link to its master, as {@code ROLE} names it (Redis's {@code repl_state} grouped
 * the way {@code roleCommand} reports it).
 */
public enum ReplicaLinkState {
    /** No replication configured (transient, e.g. while switching). */
    NONE("none"),
    /** Must connect (waiting for the next attempt). */
    CONNECT("connect"),
    /** Connecting. */
    CONNECTING("connecting"),
    /** Any step from sending PING to awaiting the PSYNC reply. */
    HANDSHAKE("handshake"),
    /** Receiving the full-sync payload ({@code master_sync_in_progress:1}). */
    TRANSFER("sync"),
    /** Streaming ({@code master_link_status:up}). */
    CONNECTED("connected");

    private final String roleName;

    ReplicaLinkState(String roleName) {
        this.roleName = roleName;
    }

    /** The state string in the {@code ROLE} reply. */
    public String roleName() {
        return roleName;
    }
}
