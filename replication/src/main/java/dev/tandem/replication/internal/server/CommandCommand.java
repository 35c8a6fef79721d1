/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code COMMAND [COUNT|INFO|DOCS|LIST|GETKEYS|HELP]} built from the keyspace's command table and
 * the server's commands. Entries have Redis 7.0's ten fields (name, arity, flags, first key, last
 * key, step, ACL categories, tips, key specs, subcommands); Tandem has no ACL categories, tips or
 * key specs, so those are empty. {@code COMMAND DOCS} answers an empty documentation map per
 * command, which redis-cli accepts (it then shows no hints).
 */
final class CommandCommand {

    private final RespServer server;
    private final Subcommands subcommands;

    CommandCommand(RespServer server) {
        this.server = server;
        this.subcommands = new Subcommands("command", Set.of("getkeysandflags"))
                .add("count", 2, (c, argv, tx) -> Reply.integer(entries().size()))
                .add("info", -2, this::info)
                .add("docs", -2, this::docs)
                .add("list", 2, (c, argv, tx) -> {
                    List<Reply> names = new ArrayList<>();
                    for (String name : entries().keySet()) {
                        names.add(Reply.bulk(name));
                    }
                    return Reply.array(names);
                })
                .add("getkeys", -4, this::getKeys)
                .add("help", 2, (c, argv, tx) -> Subcommands.help("command", List.of(
                        "(no subcommand)", "    Return details about all commands.",
                        "COUNT", "    Return the total number of commands in this server.",
                        "LIST", "    Return a list of all commands in this server.",
                        "INFO [<command-name> ...]", "    Return details about the given commands, or all of them.",
                        "DOCS [<command-name> ...]", "    Return (empty) documentation for the given commands.",
                        "GETKEYS <full-command>", "    Return the keys from a full command.")));
    }

    ServerCommand command() {
        return ServerCommand.of("command", -1, (c, argv, tx) -> {
            if (argv.length == 1) {
                return Reply.array(new ArrayList<>(entries().values()));
            }
            return subcommands.execute(c, argv, tx);
        }, ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    /** Every command's info entry by name, sorted. */
    private TreeMap<String, Reply> entries() {
        TreeMap<String, Reply> entries = new TreeMap<>();
        for (CommandSpec spec : server.keyspace().commands().all()) {
            List<Reply> flags = new ArrayList<>();
            if (spec.isWrite()) {
                flags.add(Reply.simple("write"));
            }
            if (spec.flags().contains(CommandFlag.READONLY)) {
                flags.add(Reply.simple("readonly"));
            }
            if (spec.flags().contains(CommandFlag.MAY_REPLICATE)) {
                flags.add(Reply.simple("may_replicate"));
            }
            // PUBLISH, SPUBLISH: Redis's "pubsub loading stale fast"
            boolean publish = spec.name().equals("publish") || spec.name().equals("spublish");
            if (publish) {
                flags.add(Reply.simple("pubsub"));
            }
            if (spec.flags().contains(CommandFlag.TRANSACTION) || spec.name().equals("select") || publish) {
                flags.add(Reply.simple("loading"));
                flags.add(Reply.simple("stale"));
            }
            entries.put(spec.name(), entry(spec.name(), spec.arity(), flags, spec.firstKey(), spec.lastKey(),
                    spec.keyStep()));
        }
        for (ServerCommand command : server.dispatcher().serverCommands().values()) {
            List<Reply> flags = new ArrayList<>();
            for (ServerCommand.Flag flag : command.flags()) {
                flags.add(Reply.simple(flag.name().toLowerCase(java.util.Locale.ROOT)));
            }
            entries.put(command.name(), entry(command.name(), command.arity(), flags, 0, 0, 0));
        }
        return entries;
    }

    private static Reply entry(String name, int arity, List<Reply> flags, int first, int last, int step) {
        return Reply.array(List.of(Reply.bulk(name), Reply.integer(arity), new Reply.SetReply(flags),
                Reply.integer(first), Reply.integer(last), Reply.integer(step),
                new Reply.SetReply(List.of()), Reply.EMPTY_ARRAY, Reply.EMPTY_ARRAY, Reply.EMPTY_ARRAY));
    }

    private Reply info(ClientConnection client, byte[][] argv, boolean inTransaction) {
        TreeMap<String, Reply> entries = entries();
        if (argv.length == 2) {
            return Reply.array(new ArrayList<>(entries.values()));
        }
        List<Reply> out = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            Reply e = entries.get(CommandDispatcher.lowerName(argv[i]));
            out.add(e == null ? Reply.NULL : e);
        }
        return Reply.array(out);
    }

    private Reply docs(ClientConnection client, byte[][] argv, boolean inTransaction) {
        List<Reply> kv = new ArrayList<>();
        if (argv.length > 2) {
            TreeMap<String, Reply> entries = entries();
            for (int i = 2; i < argv.length; i++) {
                String name = CommandDispatcher.lowerName(argv[i]);
                if (entries.containsKey(name)) {
                    kv.add(Reply.bulk(name));
                    kv.add(new Reply.MapReply(List.of()));
                }
            }
        }
        return new Reply.MapReply(kv);
    }

    /** The keys of a full command, from its table entry's first/last/step positions. */
    private Reply getKeys(ClientConnection client, byte[][] argv, boolean inTransaction) {
        CommandSpec spec = server.keyspace().commands().lookup(argv[2]);
        int argc = argv.length - 2;
        if (spec == null) {
            return Reply.error(server.dispatcher().serverCommands().containsKey(CommandDispatcher.lowerName(argv[2]))
                    ? "ERR The command has no key arguments" : "ERR Invalid command specified");
        }
        if (!spec.arityMatches(argc)) {
            return Reply.error("ERR Invalid number of arguments specified for command");
        }
        if (spec.firstKey() == 0) {
            return Reply.error("ERR The command has no key arguments");
        }
        int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
        List<Reply> keys = new ArrayList<>();
        for (int i = spec.firstKey(); i <= last && i < argc; i += Math.max(1, spec.keyStep())) {
            keys.add(Reply.bulk(argv[i + 2]));
        }
        if (keys.isEmpty()) {
            throw new RedisError("ERR Invalid arguments specified for command");
        }
        return Reply.array(keys);
    }
}
