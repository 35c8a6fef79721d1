/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import java.util.List;

/** {@code SAVE}, {@code BGSAVE [SCHEDULE]} and {@code LASTSAVE}, answered by the node's {@link PersistenceHooks}. */
final class PersistenceCommands {

    private PersistenceCommands() {
    }

    static List<ServerCommand> all(RespServer server) {
        return List.of(
                ServerCommand.of("save", 1, (client, argv, tx) -> server.persistence().save(),
                        ServerCommand.Flag.NO_MULTI),
                ServerCommand.of("bgsave", -1, (client, argv, tx) -> bgsave(server, argv)),
                ServerCommand.of("bgrewriteaof", 1, (client, argv, tx) -> server.persistence().bgrewriteaof(),
                        ServerCommand.Flag.NO_MULTI),
                ServerCommand.of("lastsave", 1,
                        (client, argv, tx) -> Reply.integer(server.persistence().lastSave(server.startMillis() / 1000)),
                        ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE));
    }

    private static Reply bgsave(RespServer server, byte[][] argv) {
        boolean schedule = false;
        if (argv.length > 1) {
            // Redis 7.0: BGSAVE [SCHEDULE]; anything else is a syntax error.
            if (argv.length == 2 && Args.is(argv[1], "schedule")) {
                schedule = true;
            } else {
                throw RedisError.syntax();
            }
        }
        return server.persistence().bgsave(schedule);
    }
}
