/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/** What a node does in replication: serves its own writes, or follows a master. */
public enum Role {
    /** Accepts writes and serves replicas ({@code role:master}). */
    MASTER("master"),
    /** Follows a master's stream ({@code role:slave}). */
    REPLICA("slave");

    private final String infoName;

    Role(String infoName) {
        this.infoName = infoName;
    }

    /** The name {@code INFO replication} prints ({@code master} / {@code slave}). */
    public String infoName() {
        return infoName;
    }
}
