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
        all.add(ServerCommand.of("monitor", 1, (client, argv, tx) -> {
            if (tx) {
                return dev.tandem.core.reply.Reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
            }
            if (client.monitor) {
                return null; // Redis ignores a second MONITOR, without a reply
            }
            client.monitor = true;
            server.monitors().add(client);
            return dev.tandem.core.reply.Reply.OK;
        }, ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE));
        return List.copyOf(all);
    }
}
