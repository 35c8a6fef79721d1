/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.failover;

/**
 * The states of a coordinated {@code FAILOVER}, as Redis 7.0 names them in {@code INFO}'s
 * {@code master_failover_state}. Allowed moves: none → waiting-for-sync (the command);
 * waiting-for-sync → in-progress (the target caught up, or FORCE at the timeout);
 * waiting-for-sync → none (ABORT, timeout); in-progress → none (the target accepted the
 * {@code PSYNC ... FAILOVER}, or it refused it, or ABORT).
 */
public enum FailoverState {
    NO_FAILOVER("no-failover"),
    WAITING_FOR_SYNC("waiting-for-sync"),
    FAILOVER_IN_PROGRESS("failover-in-progress");

    private final String infoName;

    FailoverState(String infoName) {
        this.infoName = infoName;
    }

    /** The value of {@code master_failover_state}. */
    public String infoName() {
        return infoName;
    }
}
