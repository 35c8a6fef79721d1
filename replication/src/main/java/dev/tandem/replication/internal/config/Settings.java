/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.ReplicationConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the directives read, as it is now: a node's replication settings (absent for a
 * RESP server without a node) and the RESP server's settings.
 */
public record Settings(Optional<ReplicationConfig> replication, ServerSettings server) {

    public Settings {
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(server, "server");
    }

    public static Settings ofNode(ReplicationConfig replication, ServerSettings server) {
        return new Settings(Optional.of(replication), server);
    }

    public static Settings ofServer(ServerSettings server) {
        return new Settings(Optional.empty(), server);
    }

    /** A draft starting from these settings. */
    public SettingsDraft toDraft() {
        return new SettingsDraft(replication.map(ReplicationConfig::toBuilder).orElse(null), server);
    }
}
