/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.tls.TlsSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings while directives are being applied: a {@link ReplicationConfig.Builder} when there is
 * a node, and the server's settings. {@link #build()} validates the ranges; nothing reaches a
 * running node or server before that succeeds, which is what makes a change all or nothing.
 */
public final class SettingsDraft {

    private final ReplicationConfig.Builder replication;
    private ServerSettings server;
    private TlsSettings tls = TlsSettings.DEFAULTS;

    SettingsDraft(ReplicationConfig.Builder replication, ServerSettings server) {
        this.replication = replication;
        this.server = Objects.requireNonNull(server, "server");
    }

    /** A node's draft: both layers. */
    public static SettingsDraft ofNode(ReplicationConfig.Builder replication, ServerSettings server) {
        return new SettingsDraft(Objects.requireNonNull(replication, "replication"), server);
    }

    /** A draft of the replication settings alone (the server's part is kept apart and dropped). */
    public static SettingsDraft ofReplication(ReplicationConfig.Builder replication) {
        return ofNode(replication, ServerSettings.DEFAULTS);
    }

    /** A draft of a RESP server without a node. */
    public static SettingsDraft ofServer(ServerSettings server) {
        return new SettingsDraft(null, server);
    }

    /** Whether a node's replication settings are part of this draft. */
    public boolean hasReplication() {
        return replication != null;
    }

    /** The node's replication builder; only when {@link #hasReplication()}. */
    public ReplicationConfig.Builder replication() {
        if (replication == null) {
            throw new IllegalStateException("no replication layer");
        }
        return replication;
    }

    public ServerSettings server() {
        return server;
    }

    public void server(ServerSettings value) {
        server = Objects.requireNonNull(value, "server");
    }

    /** The node's {@code tls-*} settings. */
    public TlsSettings tls() {
        return tls;
    }

    public void tls(TlsSettings value) {
        tls = Objects.requireNonNull(value, "tls");
    }

    /** @throws dev.tandem.replication.ConfigException when a value is out of Redis's range */
    public Settings build() {
        return new Settings(Optional.ofNullable(replication).map(ReplicationConfig.Builder::build), server, tls);
    }
}
