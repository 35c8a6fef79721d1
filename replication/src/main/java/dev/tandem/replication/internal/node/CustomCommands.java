/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.command.CommandHandler;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.CustomCommand;
import dev.tandem.replication.RedisReplyException;

/** Turns the API's {@link CustomCommand} into an entry of core's command table. */
public final class CustomCommands {

    private CustomCommands() {
    }

    /**
     * The table entry: a write command runs under the write lock and propagates the effects of
     * the commands it calls; a read-only one runs under the read lock. Its first argument is
     * taken as its key (Redis's key positions 1,1,1) when it has arguments.
     */
    public static CommandSpec spec(CustomCommand command) {
        int key = Math.abs(command.arity()) >= 2 ? 1 : 0;
        CommandHandler handler = (ctx, argv) -> run(command, ctx, argv);
        return command.writes()
                ? CommandSpec.write(command.name(), command.arity(), key, key, key, handler)
                : CommandSpec.read(command.name(), command.arity(), key, key, key, handler);
    }

    private static Reply run(CustomCommand command, ExecutionContext ctx, byte[][] argv) {
        try {
            Reply reply = command.handler().execute(new Invocation(ctx, argv));
            return reply != null ? reply : Reply.NULL;
        } catch (RedisReplyException e) {
            return Reply.error(e.errorText());
        }
    }

    private record Invocation(ExecutionContext ctx, byte[][] argv) implements CustomCommand.Invocation {
        @Override
        public int db() {
            return ctx.client().db();
        }

        @Override
        public Reply call(byte[]... inner) {
            return ctx.call(inner);
        }
    }
}
