package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.util.EnumSet;

/**
 * The server's commands that live in the keyspace's command table, because they must take
 * effect in queue order inside MULTI/EXEC together with data commands: {@code SELECT} changes
 * the database of the commands queued after it.
 */
public final class ServerKeyspaceCommands {

    private static final String[] NAMES = {"select"};

    private ServerKeyspaceCommands() {
    }

    /** Adds the commands to {@code table}, leaving alone any that core already registers. */
    public static CommandTable register(CommandTable table) {
        if (table.lookup("select") == null) {
            // Neither a read nor a write: it touches no key, only the client's selected db.
            table.register(new CommandSpec("select", 2, EnumSet.noneOf(dev.tandem.core.internal.command.CommandFlag.class),
                    0, 0, 0, (ctx, argv) -> {
                        long index = Args.parseLong(argv[1]);
                        if (index < 0 || index >= ctx.keyspace().databaseCount()) {
                            throw new RedisError(RedisError.DB_INDEX_OUT_OF_RANGE);
                        }
                        ctx.client().select((int) index);
                        return Reply.OK;
                    }));
        }
        return table;
    }

    /** {@link CommandTable#standard()} plus these commands. */
    public static CommandTable standardTable() {
        return register(CommandTable.standard());
    }

    static void requireRegistered(CommandTable table) {
        for (String name : NAMES) {
            if (table.lookup(name) == null) {
                throw new IllegalArgumentException("the keyspace's command table lacks '" + name
                        + "'; build it with ServerKeyspaceCommands.register(table)");
            }
        }
    }
}
