/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import java.util.EnumSet;

/**
 * {@code SELECT index}: changes the client's selected database (db.c selectCommand). It is a
 * keyspace command, not a server one, because inside MULTI/EXEC it must take effect in queue
 * order: the commands queued after it run in the database it selects.
 */
public final class SelectCommand {

    private SelectCommand() {
    }

    public static void register(CommandTable t) {
        // Neither a read nor a write: it touches no key, only the client's selected db, so it
        // is never refused as a write on a replica and never propagated.
        t.register(new CommandSpec("select", 2, EnumSet.noneOf(CommandFlag.class), 0, 0, 0,
                SelectCommand::select));
    }

    static Reply select(ExecutionContext ctx, byte[][] argv) {
        long index = Args.parseLong(argv[1]);
        if (index < 0 || index >= ctx.keyspace().databaseCount()) {
            throw new RedisError(RedisError.DB_INDEX_OUT_OF_RANGE);
        }
        ctx.client().select((int) index);
        return Reply.OK;
    }
}
