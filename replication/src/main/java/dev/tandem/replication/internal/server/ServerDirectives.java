/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.internal.config.Directive;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.replication.internal.config.Settings;
import dev.tandem.replication.internal.config.SettingsDraft;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CONFIG GET/SET} of a RESP server without a node: the registry's directives that need
 * no replication layer, over a {@link ServerConfig}. (A node answers for every directive itself,
 * the server's included.)
 */
final class ServerDirectives implements ConfigDirectives {

    private final ServerConfig config;
    private final int databases;

    ServerDirectives(ServerConfig config, int databases) {
        this.config = config;
        this.databases = databases;
    }

    private Settings settings() {
        return Settings.ofServer(config.settings().withDatabases(databases));
    }

    @Override
    public Set<String> names() {
        return DirectiveRegistry.names(false);
    }

    @Override
    public Optional<String> get(String name) {
        return DirectiveRegistry.lookup(name, false).map(d -> d.render(settings()));
    }

    @Override
    public boolean isMutable(String name) {
        return DirectiveRegistry.lookup(name, false).map(Directive::isMutable).orElse(true);
    }

    @Override
    public Runnable prepare(Map<String, String> changes) {
        SettingsDraft draft = settings().toDraft();
        try {
            DirectiveRegistry.applyAtRunTime(draft, changes);
        } catch (ConfigException e) {
            throw new ConfigRejectedException(e.directive(), e.reason());
        }
        Settings next = draft.build();
        return () -> config.settings(next.server());
    }
}
