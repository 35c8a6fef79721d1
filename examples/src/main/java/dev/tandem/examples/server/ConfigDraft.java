/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.config.ServerSettings;
import dev.tandem.replication.internal.config.SettingsDraft;
import java.nio.file.Path;

/** The configuration while directives are being applied: later directives override earlier ones. */
final class ConfigDraft {

    final LauncherConfig.Builder launcher;
    /**
     * What the node implements (replication and RESP server directives), filled through the
     * node's own directive registry, as its builder and {@code CONFIG SET} are.
     */
    final SettingsDraft node = SettingsDraft.ofNode(ReplicationConfig.builder(), ServerSettings.DEFAULTS);
    /** {@code logfile} as written: resolved against the final {@code dir} once everything is read, as Redis opens it. */
    String logfile = "";
    /** Whether the configuration set {@code maxmemory} itself; otherwise {@link DefaultMaxMemory} applies. */
    boolean maxmemoryGiven;

    ConfigDraft(Path workingDirectory) {
        launcher = new LauncherConfig.Builder(workingDirectory);
    }
}
