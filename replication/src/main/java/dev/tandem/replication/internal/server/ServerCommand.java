/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import java.util.EnumSet;
import java.util.Set;

/**
 * A command the server executes itself (connection, administration and replication commands),
 * with the Redis 7.0 flags that decide where it may run.
 *
 * @param name  lower-case name
 * @param arity Redis's convention (negative = at least)
 * @param flags see {@link Flag}
 * @param body  the implementation
 */
record ServerCommand(String name, int arity, Set<Flag> flags, Body body) {

    /** Redis command flags the server acts on. */
    enum Flag {
        /** Runs before authentication (AUTH, HELLO, QUIT, RESET). */
        NO_AUTH,
        /** Runs while the dataset is loading. */
        LOADING,
        /** Runs on a replica whose master link is down with replica-serve-stale-data no. */
        STALE,
        /** Refused inside MULTI (PSYNC, SYNC). */
        NO_MULTI
    }

    /** The command's implementation. */
    @FunctionalInterface
    interface Body {
        /**
         * @param inTransaction whether it runs as part of EXEC (blocking commands answer at once)
         * @return the reply, or null when the command arranged a deferred reply or a hand-off
         *         on the connection
         * @throws RedisError for an error reply
         */
        Reply execute(ClientConnection client, byte[][] argv, boolean inTransaction);
    }

    ServerCommand {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    }

    static ServerCommand of(String name, int arity, Body body, Flag... flags) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        set.addAll(java.util.Arrays.asList(flags));
        return new ServerCommand(name, arity, set, body);
    }

    boolean has(Flag flag) {
        return flags.contains(flag);
    }

    boolean arityMatches(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
