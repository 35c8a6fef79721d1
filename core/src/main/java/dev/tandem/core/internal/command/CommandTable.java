/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Commands by name, matched case-insensitively (replication streams keep clients' spelling). */
public final class CommandTable {
    private static final int MAX_NAME_LENGTH = 64;
    private final Map<String, CommandSpec> byName = new HashMap<>();
    /** The same specs, looked up from a request's name bytes without building a String. */
    private final NameTable<CommandSpec> byBytes = new NameTable<>();

    /** Every data command core implements, and SELECT. */
    public static CommandTable standard() {
        CommandTable t = new CommandTable();
        SelectCommand.register(t);
        KeyCommands.register(t);
        StringCommands.register(t);
        BitmapCommands.register(t);
        HyperLogLogCommands.register(t);
        GeoCommands.register(t);
        ListCommands.register(t);
        HashCommands.register(t);
        SetCommands.register(t);
        SortedSetCommands.register(t);
        StreamCommands.register(t);
        ObjectCommand.register(t);
        BlockingCommands.register(t);
        SortCommand.register(t);
        MemoryCommand.register(t);
        return t;
    }

    public CommandTable register(CommandSpec spec) {
        if (byName.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("command registered twice: " + spec.name());
        }
        byBytes.put(spec.name(), spec);
        return this;
    }

    /** The spec for {@code name} (any case), or null. */
    public CommandSpec lookup(byte[] name) {
        if (name.length > MAX_NAME_LENGTH) {
            return null;
        }
        return byBytes.get(name);
    }

    /** The entry (canonical lower-case name and spec) for {@code name} (any case), or null. */
    public NameTable.Entry<CommandSpec> entry(byte[] name) {
        return name.length > MAX_NAME_LENGTH ? null : byBytes.entry(name);
    }

    public CommandSpec lookup(String name) {
        return byName.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public Collection<CommandSpec> all() {
        return byName.values();
    }
}
