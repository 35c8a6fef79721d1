/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A container command's subcommands (CLIENT, CONFIG, COMMAND, DEBUG) with Redis 7.0's lookup
 * errors: {@code unknown subcommand 'x'. Try CLIENT HELP.} and
 * {@code wrong number of arguments for 'client|kill' command}.
 */
final class Subcommands {

    private record Entry(int arity, ServerCommand.Body body) { }

    private final String container;
    private final Map<String, Entry> byName = new LinkedHashMap<>();
    private final Set<String> redisOnly;

    /**
     * @param redisOnly subcommands Redis 7.0 has that Tandem does not implement: they get an
     *                  error naming them rather than "unknown subcommand"
     */
    Subcommands(String container, Set<String> redisOnly) {
        this.container = container;
        this.redisOnly = redisOnly;
    }

    Subcommands add(String name, int arity, ServerCommand.Body body) {
        byName.put(name, new Entry(arity, body));
        return this;
    }

    Set<String> names() {
        return byName.keySet();
    }

    Reply execute(ClientConnection client, byte[][] argv, boolean inTransaction) {
        String sub = CommandDispatcher.lowerName(argv[1]);
        Entry entry = byName.get(sub);
        if (entry == null) {
            if (redisOnly.contains(sub)) {
                return Reply.error("ERR " + container.toUpperCase(Locale.ROOT) + " "
                        + sub.toUpperCase(Locale.ROOT) + " is not supported by Tandem");
            }
            return Reply.error("ERR unknown subcommand '" + truncate(CommandDispatcher.text(argv[1]))
                    + "'. Try " + container.toUpperCase(Locale.ROOT) + " HELP.");
        }
        if (entry.arity() >= 0 ? argv.length != entry.arity() : argv.length < -entry.arity()) {
            throw RedisError.wrongArity(container + "|" + sub);
        }
        return entry.body().execute(client, argv, inTransaction);
    }

    private static String truncate(String s) {
        return s.length() > 128 ? s.substring(0, 128) : s;
    }

    /** A HELP reply: the lines as simple strings, headed like Redis's addReplyHelp. */
    static Reply help(String container, List<String> lines) {
        List<Reply> out = new java.util.ArrayList<>(lines.size() + 3);
        out.add(Reply.simple(container.toUpperCase(Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (String line : lines) {
            out.add(Reply.simple(line));
        }
        out.add(Reply.simple("HELP"));
        out.add(Reply.simple("    Prints this help."));
        return Reply.array(out);
    }
}
