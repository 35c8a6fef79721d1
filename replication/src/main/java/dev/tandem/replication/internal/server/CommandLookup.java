/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.NameTable;
import java.util.Map;

/**
 * Resolves a request's command name to the server command or the keyspace command it names in
 * one case-insensitive lookup over the name's bytes, and gives the canonical lower-case name
 * as a shared {@code String}. Before, each request built a lower-cased {@code String} and
 * looked it up in two maps in turn (server commands, then the keyspace's table).
 *
 * <p>Server commands shadow keyspace commands of the same name, as in
 * {@link CommandDispatcher#dispatch}. The table is built once, after the dispatcher registered
 * its server commands; a keyspace command registered later (none is today) is still found
 * through the keyspace's own table.
 */
final class CommandLookup {

    /** What a name resolves to: exactly one of {@code server} and {@code spec} is non-null. */
    record Resolved(String name, ServerCommand server, CommandSpec spec) {
    }

    private final NameTable<Resolved> table = new NameTable<>();
    private final Keyspace keyspace;

    CommandLookup(Map<String, ServerCommand> serverCommands, Keyspace keyspace) {
        this.keyspace = keyspace;
        for (CommandSpec spec : keyspace.commands().all()) {
            if (!serverCommands.containsKey(spec.name())) {
                table.put(spec.name(), new Resolved(spec.name(), null, spec));
            }
        }
        for (Map.Entry<String, ServerCommand> e : serverCommands.entrySet()) {
            table.put(e.getKey(), new Resolved(e.getKey(), e.getValue(), null));
        }
    }

    /** The command {@code name} (any case) names, or null when it names none. */
    Resolved resolve(byte[] name) {
        NameTable.Entry<Resolved> e = table.entry(name);
        if (e != null) {
            return e.value();
        }
        NameTable.Entry<CommandSpec> late = keyspace.commands().entry(name);
        return late == null ? null : new Resolved(late.name(), null, late.value());
    }
}
