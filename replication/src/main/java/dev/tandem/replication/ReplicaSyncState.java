/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/** A connected replica's state as a master reports it in {@code slaveN:...,state=...}. */
public enum ReplicaSyncState {
    /** Waiting for a snapshot to start or to finish being produced. */
    WAIT_BGSAVE("wait_bgsave"),
    /** Receiving the snapshot. */
    SEND_BULK("send_bulk"),
    /** Streaming. */
    ONLINE("online");

    private final String infoName;

    ReplicaSyncState(String infoName) {
        this.infoName = infoName;
    }

    public String infoName() {
        return infoName;
    }
}
