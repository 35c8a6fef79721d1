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
 * Everything the directives read, as it is now: a node's replication settings (absent for a
 * RESP server without a node), the RESP server's settings and the node's {@code tls-*} settings.
 */
public record Settings(Optional<ReplicationConfig> replication, ServerSettings server, TlsSettings tls) {

    public Settings {
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tls, "tls");
    }

    /** Settings without TLS (its defaults). */
    public Settings(Optional<ReplicationConfig> replication, ServerSettings server) {
        this(replication, server, TlsSettings.DEFAULTS);
    }

    /** These settings with other {@code tls-*} values. */
    public Settings withTls(TlsSettings value) {
        return new Settings(replication, server, value);
    }

    public static Settings ofNode(ReplicationConfig replication, ServerSettings server) {
        return new Settings(Optional.of(replication), server);
    }

    public static Settings ofServer(ServerSettings server) {
        return new Settings(Optional.empty(), server);
    }

    /** A draft starting from these settings. */
    public SettingsDraft toDraft() {
        SettingsDraft draft = new SettingsDraft(replication.map(ReplicationConfig::toBuilder).orElse(null), server);
        draft.tls(tls);
        return draft;
    }
}
