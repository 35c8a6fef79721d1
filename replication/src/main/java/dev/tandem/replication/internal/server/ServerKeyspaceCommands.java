/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.rdb.internal.command.DumpRestoreCommands;

/**
 * The commands the server routes into the keyspace's command table rather than running itself,
 * because they must take effect in queue order inside MULTI/EXEC together with data commands:
 * {@code SELECT} changes the database of the commands queued after it. Core defines them
 * ({@code SelectCommand}); the server only checks that the keyspace it serves has them.
 */
public final class ServerKeyspaceCommands {

    private static final String[] NAMES = {"select"};

    private ServerKeyspaceCommands() {
    }

    /**
     * The command table of a keyspace a server serves: core's standard one, SELECT included,
     * plus DUMP and RESTORE from the RDB module (which owns the value codec they need).
     */
    public static CommandTable standardTable() {
        return DumpRestoreCommands.register(CommandTable.standard());
    }

    static void requireRegistered(CommandTable table) {
        for (String name : NAMES) {
            if (table.lookup(name) == null) {
                throw new IllegalArgumentException("the keyspace's command table lacks '" + name
                        + "'; build it with CommandTable.standard()");
            }
        }
    }
}
