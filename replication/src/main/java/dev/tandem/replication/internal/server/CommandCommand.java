/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandKeys;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.GlobPattern;
import dev.tandem.core.internal.command.KeySpec;
import dev.tandem.core.internal.command.KeySpecTable;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.acl.AclCategories;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code COMMAND [COUNT|INFO|DOCS|LIST|GETKEYS|HELP]} built from the keyspace's command table and
 * the server's commands. Entries have Redis 7.0's ten fields (name, arity, flags, first key, last
 * key, step, ACL categories, tips, key specs, subcommands): the ACL categories and key specs are
 * Redis's own tables ({@link AclCategories}, {@link KeySpecTable}), first/last/step are derived from
 * the key specs as Redis derives them; tips and subcommand entries are empty. {@code COMMAND DOCS}
 * answers an empty documentation map per command, which redis-cli accepts (it then shows no hints).
 * {@code GETKEYS}/{@code GETKEYSANDFLAGS} use {@link CommandKeys}, Redis's key-spec walk and getkeys
 * procedures.
 */
final class CommandCommand {

    private final RespServer server;
    private final Subcommands subcommands;

    CommandCommand(RespServer server) {
        this.server = server;
        this.subcommands = new Subcommands("command", Set.of())
                .add("count", 2, (c, argv, tx) -> Reply.integer(entries().size()))
                .add("info", -2, this::info)
                .add("docs", -2, this::docs)
                .add("list", -2, this::list)
                .add("getkeys", -4, (c, argv, tx) -> getKeys(argv, false))
                .add("getkeysandflags", -4, (c, argv, tx) -> getKeys(argv, true))
                .add("help", 2, (c, argv, tx) -> Subcommands.help("command", List.of(
                        "(no subcommand)", "    Return details about all commands.",
                        "COUNT", "    Return the total number of commands in this server.",
                        "LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]",
                        "    Return a list of all commands in this server, or those matching the filter.",
                        "INFO [<command-name> ...]", "    Return details about the given commands, or all of them.",
                        "DOCS [<command-name> ...]", "    Return (empty) documentation for the given commands.",
                        "GETKEYS <full-command>", "    Return the keys from a full command.",
                        "GETKEYSANDFLAGS <full-command>", "    Return the keys and the access flags from a full command.")));
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
            if (KeySpecTable.get().entry(spec.name()).movableKeys()) {
                flags.add(Reply.simple("movablekeys"));
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
        List<KeySpec> specs = KeySpecTable.get().entry(name).specs();
        // A container (OBJECT, XGROUP...) has no keys of its own in Redis: its subcommands do.
        int[] range = AclCategories.get().isContainer(name) ? new int[] {0, 0, 0}
                : specs.isEmpty() ? new int[] {first, last, step} : legacyRange(specs);
        List<Reply> categories = new ArrayList<>();
        for (String category : AclCategories.get().names()) {
            if (AclCategories.get().commands(category).contains(name)) {
                categories.add(Reply.simple("@" + category));
            }
        }
        List<Reply> keySpecs = new ArrayList<>(specs.size());
        for (KeySpec spec : specs) {
            keySpecs.add(keySpecReply(spec));
        }
        return Reply.array(List.of(Reply.bulk(name), Reply.integer(arity), new Reply.SetReply(flags),
                Reply.integer(range[0]), Reply.integer(range[1]), Reply.integer(range[2]),
                new Reply.SetReply(categories), Reply.EMPTY_ARRAY, Reply.array(keySpecs), Reply.EMPTY_ARRAY));
    }

    /**
     * The (first, last, step) triple Redis 7.0 derives from the key specs for old clients
     * (populateCommandLegacyRangeSpec): the consecutive index/range specs of step 1, merged; none
     * gives 0 0 0.
     */
    static int[] legacyRange(List<KeySpec> specs) {
        if (specs.size() == 1 && specs.get(0).bsIndex() > 0 && specs.get(0).fkType() == KeySpec.FK_RANGE) {
            KeySpec s = specs.get(0);
            return new int[] {s.bsIndex(), s.fk1() >= 0 ? s.bsIndex() + s.fk1() : s.fk1(), s.fk2()};
        }
        int first = Integer.MAX_VALUE;
        int last = 0;
        int previousLast = 0;
        for (KeySpec s : specs) {
            if (s.bsIndex() == 0 || s.fkType() != KeySpec.FK_RANGE) {
                continue;
            }
            if (s.fk2() != 1 || (previousLast != 0 && previousLast != s.bsIndex() - 1)) {
                continue;
            }
            first = Math.min(first, s.bsIndex());
            int lastAbs = s.fk1() >= 0 ? s.fk1() + s.bsIndex() : s.fk1();
            // Redis compares unsigned, so a negative (counted from the end) last key wins.
            last = Integer.compareUnsigned(last, lastAbs) >= 0 ? last : lastAbs;
            previousLast = last;
        }
        return first == Integer.MAX_VALUE ? new int[] {0, 0, 0} : new int[] {first, last, 1};
    }

    /** One key spec as COMMAND INFO shows it (Redis's free-text notes are not kept). */
    private static Reply keySpecReply(KeySpec spec) {
        List<Reply> flags = new ArrayList<>();
        for (String f : KeySpec.flagNames(spec.flags())) {
            flags.add(Reply.simple(f));
        }
        Reply begin;
        if (spec.bsIndex() > 0) {
            begin = map("type", Reply.bulk("index"), "spec", map("index", Reply.integer(spec.bsIndex())));
        } else if (spec.bsKeyword() != null) {
            begin = map("type", Reply.bulk("keyword"), "spec", map("keyword", Reply.bulk(spec.bsKeyword()),
                    "startfrom", Reply.integer(spec.bsStart())));
        } else {
            begin = map("type", Reply.bulk("unknown"), "spec", new Reply.MapReply(List.of()));
        }
        Reply find;
        if (spec.fkType() == KeySpec.FK_RANGE) {
            find = map("type", Reply.bulk("range"), "spec", map("lastkey", Reply.integer(spec.fk1()),
                    "keystep", Reply.integer(spec.fk2()), "limit", Reply.integer(spec.fk3())));
        } else if (spec.fkType() == KeySpec.FK_KEYNUM) {
            find = map("type", Reply.bulk("keynum"), "spec", map("keynumidx", Reply.integer(spec.fk1()),
                    "firstkey", Reply.integer(spec.fk2()), "keystep", Reply.integer(spec.fk3())));
        } else {
            find = map("type", Reply.bulk("unknown"), "spec", new Reply.MapReply(List.of()));
        }
        return map("flags", new Reply.SetReply(flags), "begin_search", begin, "find_keys", find);
    }

    private static Reply map(Object... kv) {
        List<Reply> items = new ArrayList<>(kv.length);
        for (int i = 0; i < kv.length; i += 2) {
            items.add(Reply.bulk((String) kv[i]));
            items.add((Reply) kv[i + 1]);
        }
        return new Reply.MapReply(items);
    }

    /** Every command's and Redis subcommand's full name ({@code config|get}), Redis's COMMAND LIST. */
    private List<String> fullNames() {
        List<String> names = new ArrayList<>();
        for (String name : entries().keySet()) {
            names.add(name);
            names.addAll(AclCategories.get().subcommands(name));
        }
        return names;
    }

    /** {@code COMMAND LIST [FILTERBY MODULE m|ACLCAT c|PATTERN p]} as Redis 7.0 parses it. */
    private Reply list(ClientConnection client, byte[][] argv, boolean inTransaction) {
        String type = null;
        byte[] arg = null;
        for (int i = 2; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            if (CommandDispatcher.lowerName(argv[i]).equals("filterby") && more == 2) {
                type = CommandDispatcher.lowerName(argv[i + 1]);
                if (!type.equals("module") && !type.equals("aclcat") && !type.equals("pattern")) {
                    return Reply.error("ERR syntax error");
                }
                arg = argv[i + 2];
                i += 2;
            } else {
                return Reply.error("ERR syntax error");
            }
        }
        List<Reply> out = new ArrayList<>();
        Set<String> category = "aclcat".equals(type)
                ? AclCategories.get().commands(CommandDispatcher.lowerName(arg)) : null;
        for (String name : fullNames()) {
            boolean match;
            if (type == null) {
                match = true;
            } else if (type.equals("module")) {
                match = false; // Tandem loads no modules
            } else if (type.equals("aclcat")) {
                match = category != null && category.contains(name);
            } else {
                match = GlobPattern.matches(arg, name.getBytes(StandardCharsets.US_ASCII), true);
            }
            if (match) {
                out.add(Reply.bulk(name));
            }
        }
        return Reply.array(out);
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

    /**
     * {@code COMMAND GETKEYS|GETKEYSANDFLAGS <command> <args>}: Redis 7.0's getKeysSubcommandImpl
     * (the command, then its subcommand, must exist; the arity is checked; the keys come from the
     * key specs or the command's procedure).
     */
    private Reply getKeys(byte[][] argv, boolean withFlags) {
        String name = CommandDispatcher.lowerName(argv[2]);
        CommandSpec spec = server.keyspace().commands().lookup(argv[2]);
        ServerCommand serverCommand = spec == null ? server.dispatcher().serverCommands().get(name) : null;
        if (spec == null && serverCommand == null) {
            return Reply.error("ERR Invalid command specified");
        }
        String fullName = name;
        if (AclCategories.get().isContainer(name) && argv.length > 3) {
            fullName = name + "|" + CommandDispatcher.lowerName(argv[3]);
            if (!AclCategories.get().leaves().contains(fullName)) {
                return Reply.error("ERR Invalid command specified");
            }
        }
        if (!CommandKeys.hasKeys(fullName)) {
            return Reply.error("ERR The command has no key arguments");
        }
        int argc = argv.length - 2;
        if (spec != null ? !spec.arityMatches(argc) : !serverCommand.arityMatches(argc)) {
            return Reply.error("ERR Invalid number of arguments specified for command");
        }
        byte[][] command = java.util.Arrays.copyOfRange(argv, 2, argv.length);
        List<CommandKeys.KeyRef> keys = CommandKeys.keys(fullName, command);
        if (keys.isEmpty() && !CommandKeys.noMandatoryKeys(fullName)) {
            return Reply.error("ERR Invalid arguments specified for command");
        }
        List<Reply> out = new ArrayList<>(keys.size());
        for (CommandKeys.KeyRef key : keys) {
            if (!withFlags) {
                out.add(Reply.bulk(command[key.pos()]));
                continue;
            }
            List<Reply> flags = new ArrayList<>();
            for (String f : KeySpec.flagNames(key.flags())) {
                flags.add(Reply.simple(f));
            }
            out.add(Reply.array(List.of(Reply.bulk(command[key.pos()]), new Reply.SetReply(flags))));
        }
        return Reply.array(out);
    }
}
