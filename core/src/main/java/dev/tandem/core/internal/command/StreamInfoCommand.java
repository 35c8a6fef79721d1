/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamEntry;
import dev.tandem.core.value.StreamPendingEntry;
import dev.tandem.core.value.StreamValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * XINFO STREAM [FULL [COUNT n]], GROUPS, CONSUMERS, HELP (t_stream.c xinfoCommand) with Redis
 * 7.0's fields: entries-added, max-deleted-entry-id, recorded-first-entry-id, and per group
 * entries-read and lag. {@code radix-tree-keys} is the number of listpack nodes Redis would use
 * for the same history, and {@code radix-tree-nodes} the node count of a radix tree holding
 * their keys.
 */
final class StreamInfoCommand {
    private static final String[] HELP = {
        "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
        "HELP",
        "    Prints this help.",
    };

    private StreamInfoCommand() {
    }

    static void register(CommandTable t) {
        t.register(CommandSpec.read("xinfo", -2, 2, 2, 1, StreamInfoCommand::xinfo));
    }

    static Reply xinfo(ExecutionContext ctx, byte[][] argv) {
        StreamGroupCommands.checkSubcommand(argv, "xinfo", new String[] {"consumers", "groups", "stream", "help"},
                new int[] {4, 3, -3, 2});
        String opt = Args.utf8(argv[1]).toLowerCase(Locale.ROOT);
        if (opt.equals("help")) {
            return StreamGroupCommands.help(HELP);
        }
        StreamValue s = StreamCommands.stream(ctx.lookupRead(Key.of(argv[2])));
        if (s == null) {
            throw new RedisError("ERR no such key");
        }
        switch (opt) {
            case "consumers": {
                StreamConsumerGroup g = s.group(Key.of(argv[3]));
                if (g == null) {
                    throw new RedisError("NOGROUP No such consumer group '" + Args.utf8(argv[3]) + "' for key name '"
                            + Args.utf8(argv[2]) + "'");
                }
                List<Reply> out = new ArrayList<>();
                for (StreamConsumer c : g.consumers().values()) {
                    out.add(new Reply.MapReply(List.of(
                            Reply.bulk("name"), Reply.bulk(c.name().bytes()),
                            Reply.bulk("pending"), Reply.integer(c.pending().size()),
                            Reply.bulk("idle"), Reply.integer(Math.max(0, ctx.now() - c.seenTime())))));
                }
                return Reply.array(out);
            }
            case "groups": {
                List<Reply> out = new ArrayList<>();
                for (StreamConsumerGroup g : s.groups().values()) {
                    out.add(new Reply.MapReply(List.of(
                            Reply.bulk("name"), Reply.bulk(g.name().bytes()),
                            Reply.bulk("consumers"), Reply.integer(g.consumers().size()),
                            Reply.bulk("pending"), Reply.integer(g.pending().size()),
                            Reply.bulk("last-delivered-id"), Reply.bulk(g.lastDeliveredId().toBytes()),
                            Reply.bulk("entries-read"), entriesRead(g),
                            Reply.bulk("lag"), lag(s, g))));
                }
                return Reply.array(out);
            }
            default:
                return stream(ctx, argv, s);
        }
    }

    private static Reply entriesRead(StreamConsumerGroup g) {
        return g.entriesRead() == StreamConsumerGroup.ENTRIES_READ_UNKNOWN ? Reply.NULL : Reply.integer(g.entriesRead());
    }

    private static Reply lag(StreamValue s, StreamConsumerGroup g) {
        Long lag = s.lag(g);
        return lag == null ? Reply.NULL : Reply.integer(lag);
    }

    private static Reply stream(ExecutionContext ctx, byte[][] argv, StreamValue s) {
        boolean full = argv.length > 3;
        long count = 10;
        if (full) {
            int optc = argv.length - 3;
            if (optc != 1 && optc != 3) {
                throw StreamGroupCommands.subcommandSyntax(argv);
            }
            if (!Args.is(argv[3], "FULL")) {
                throw StreamGroupCommands.subcommandSyntax(argv);
            }
            if (optc == 3) {
                if (!Args.is(argv[4], "COUNT")) {
                    throw StreamGroupCommands.subcommandSyntax(argv);
                }
                count = Args.parseLong(argv[5]);
                if (count < 0) {
                    count = 10;
                }
            }
        }
        long keys = s.nodeCount();
        List<Reply> m = new ArrayList<>(List.of(
                Reply.bulk("length"), Reply.integer(s.length()),
                Reply.bulk("radix-tree-keys"), Reply.integer(keys),
                Reply.bulk("radix-tree-nodes"), Reply.integer(s.radixTreeNodeCount()),
                Reply.bulk("last-generated-id"), Reply.bulk(s.lastId().toBytes()),
                Reply.bulk("max-deleted-entry-id"), Reply.bulk(s.maxDeletedEntryId().toBytes()),
                Reply.bulk("entries-added"), Reply.integer(s.entriesAdded()),
                Reply.bulk("recorded-first-entry-id"), Reply.bulk(s.firstId().toBytes())));
        if (!full) {
            m.add(Reply.bulk("groups"));
            m.add(Reply.integer(s.groups().size()));
            m.add(Reply.bulk("first-entry"));
            m.add(s.isEmpty() ? Reply.NULL : StreamCommands.entryReply(s.entries().firstEntry().getValue()));
            m.add(Reply.bulk("last-entry"));
            m.add(s.isEmpty() ? Reply.NULL : StreamCommands.entryReply(s.entries().lastEntry().getValue()));
            return new Reply.MapReply(m);
        }
        m.add(Reply.bulk("entries"));
        m.add(Reply.array(StreamReadCommands.range(s, dev.tandem.core.value.StreamId.MIN, count)));
        m.add(Reply.bulk("groups"));
        List<Reply> groups = new ArrayList<>();
        for (StreamConsumerGroup g : s.groups().values()) {
            List<Reply> pel = new ArrayList<>();
            for (StreamPendingEntry nack : g.pending().values()) {
                if (count != 0 && pel.size() >= count) {
                    break;
                }
                pel.add(Reply.array(List.of(Reply.bulk(nack.id().toBytes()), Reply.bulk(nack.consumer().name().bytes()),
                        Reply.integer(nack.deliveryTime()), Reply.integer(nack.deliveryCount()))));
            }
            List<Reply> consumers = new ArrayList<>();
            for (StreamConsumer c : g.consumers().values()) {
                List<Reply> cpel = new ArrayList<>();
                for (StreamPendingEntry nack : c.pending().values()) {
                    if (count != 0 && cpel.size() >= count) {
                        break;
                    }
                    cpel.add(Reply.array(List.of(Reply.bulk(nack.id().toBytes()), Reply.integer(nack.deliveryTime()),
                            Reply.integer(nack.deliveryCount()))));
                }
                consumers.add(new Reply.MapReply(List.of(
                        Reply.bulk("name"), Reply.bulk(c.name().bytes()),
                        Reply.bulk("seen-time"), Reply.integer(c.seenTime()),
                        Reply.bulk("pel-count"), Reply.integer(c.pending().size()),
                        Reply.bulk("pending"), Reply.array(cpel))));
            }
            groups.add(new Reply.MapReply(List.of(
                    Reply.bulk("name"), Reply.bulk(g.name().bytes()),
                    Reply.bulk("last-delivered-id"), Reply.bulk(g.lastDeliveredId().toBytes()),
                    Reply.bulk("entries-read"), entriesRead(g),
                    Reply.bulk("lag"), lag(s, g),
                    Reply.bulk("pel-count"), Reply.integer(g.pending().size()),
                    Reply.bulk("pending"), Reply.array(pel),
                    Reply.bulk("consumers"), Reply.array(consumers))));
        }
        m.add(Reply.array(groups));
        return new Reply.MapReply(m);
    }
}
