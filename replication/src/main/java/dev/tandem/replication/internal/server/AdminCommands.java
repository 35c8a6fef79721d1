/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.List;

/** The server's administration commands: CLIENT, CONFIG, INFO, COMMAND, DEBUG, SHUTDOWN, SAVE, BGSAVE, LASTSAVE. */
final class AdminCommands {

    private AdminCommands() {
    }

    static List<ServerCommand> all(RespServer server) {
        List<ServerCommand> all = new java.util.ArrayList<>(List.of(new ClientCommand(server).command(),
                server.configCommand().command(), new InfoCommand(server).command(),
                new CommandCommand(server).command(), new DebugCommand(server).command(),
                new ShutdownCommand(server).command()));
        all.addAll(PersistenceCommands.all(server));
        DiagnosticsCommands diagnostics = new DiagnosticsCommands(server);
        all.add(diagnostics.slowlog());
        all.add(diagnostics.latency());
        return List.copyOf(all);
    }
}
