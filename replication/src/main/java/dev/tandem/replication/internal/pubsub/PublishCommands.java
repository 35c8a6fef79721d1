/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.pubsub;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandHandler;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.util.EnumSet;

/**
 * {@code PUBLISH} and {@code SPUBLISH} in the keyspace's command table. They are there, not
 * among the server's commands, because Redis 7.0 propagates them to replicas
 * ({@code forceCommandPropagation(c, PROPAGATE_REPL)} outside cluster mode): flagged
 * {@link CommandFlag#MAY_REPLICATE}, they run under the write lock and go into the replication
 * stream in their place among the writes (inside MULTI/EXEC when queued in a transaction). A
 * replica applying its master's stream runs the same command as the master client, so its own
 * subscribers get the master's messages, and a sub-replica gets them in the bytes it forwards.
 * A replica's own clients publish locally only: its propagation sink drops what they propagate,
 * as Redis feeds replicas only from a master.
 */
public final class PublishCommands {

    private PublishCommands() {
    }

    /**
     * The hub whose PUBLISH is in {@code table}, registering a new hub's commands when there is
     * none: one hub per keyspace, whoever (node, RESP server) asks first.
     */
    public static synchronized PubSub attach(CommandTable table) {
        CommandSpec existing = table.lookup("publish");
        if (existing != null) {
            if (existing.handler() instanceof Publish publish) {
                return publish.hub;
            }
            throw new IllegalArgumentException("the command table has a PUBLISH that is not Tandem's pub/sub");
        }
        PubSub hub = new PubSub();
        EnumSet<CommandFlag> flags = EnumSet.of(CommandFlag.MAY_REPLICATE);
        table.register(new CommandSpec("publish", 3, flags, 0, 0, 0, new Publish(hub, false)));
        // SPUBLISH's channel is its key in cluster mode (key spec 1 1 1), as Redis's COMMAND INFO says.
        table.register(new CommandSpec("spublish", 3, flags, 1, 1, 1, new Publish(hub, true)));
        return hub;
    }

    private record Publish(PubSub hub, boolean shard) implements CommandHandler {
        @Override
        public Reply execute(ExecutionContext ctx, byte[][] argv) {
            int receivers = shard ? hub.spublish(argv[1], argv[2]) : hub.publish(argv[1], argv[2]);
            ctx.propagateVerbatim();
            return Reply.integer(receivers);
        }
    }
}
