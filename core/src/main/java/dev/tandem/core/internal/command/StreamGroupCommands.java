/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamEntry;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamPendingEntry;
import dev.tandem.core.value.StreamValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Consumer group commands (t_stream.c): XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER,
 * DELCONSUMER, HELP), XACK, XPENDING, XCLAIM, XAUTOCLAIM, with Redis's argument order of checks
 * and error texts. XCLAIM and XAUTOCLAIM propagate one idempotent XCLAIM per change (and
 * XGROUP SETID when only the group's ID moved), never themselves.
 */
final class StreamGroupCommands {
    private static final String[] XGROUP_HELP = {
        "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
        "HELP",
        "    Prints this help.",
    };

    private StreamGroupCommands() {
    }

    static void register(CommandTable t) {
        t.register(CommandSpec.write("xgroup", -2, 2, 2, 1, StreamGroupCommands::xgroup));
        t.register(CommandSpec.write("xack", -4, 1, 1, 1, StreamGroupCommands::xack));
        t.register(CommandSpec.read("xpending", -3, 1, 1, 1, StreamGroupCommands::xpending));
        t.register(CommandSpec.write("xclaim", -6, 1, 1, 1, StreamGroupCommands::xclaim));
        t.register(CommandSpec.write("xautoclaim", -6, 1, 1, 1, StreamGroupCommands::xautoclaim));
    }

    static Reply help(String[] lines) {
        List<Reply> out = new ArrayList<>(lines.length);
        for (String line : lines) {
            out.add(Reply.simple(line));
        }
        return Reply.array(out);
    }

    /** Redis 7.0's subcommand table check: unknown subcommand, or its arity. */
    static void checkSubcommand(byte[][] argv, String container, String[] names, int[] arities) {
        String sub = Args.utf8(argv[1]).toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(sub)) {
                int arity = arities[i];
                if (arity >= 0 ? argv.length != arity : argv.length < -arity) {
                    throw RedisError.wrongArity(container + "|" + sub);
                }
                return;
            }
        }
        throw new RedisError("ERR unknown subcommand '" + Args.utf8(argv[1]) + "'. Try "
                + container.toUpperCase(Locale.ROOT) + " HELP.");
    }

    static RedisError subcommandSyntax(byte[][] argv) {
        return new RedisError("ERR unknown subcommand or wrong number of arguments for '" + Args.utf8(argv[1])
                + "'. Try " + Args.utf8(argv[0]).toUpperCase(Locale.ROOT) + " HELP.");
    }

    static Reply xgroup(ExecutionContext ctx, byte[][] argv) {
        checkSubcommand(argv, "xgroup", new String[] {"create", "setid", "destroy", "createconsumer", "delconsumer",
            "help"}, new int[] {-5, -5, 4, 5, 5, 2});
        String opt = Args.utf8(argv[1]).toLowerCase(Locale.ROOT);
        if (opt.equals("help")) {
            return help(XGROUP_HELP);
        }
        boolean mkstream = false;
        long entriesRead = StreamConsumerGroup.ENTRIES_READ_UNKNOWN;
        boolean create = opt.equals("create");
        boolean setid = opt.equals("setid");
        for (int i = 5; i < argv.length; ) {
            if (create && Args.is(argv[i], "MKSTREAM")) {
                mkstream = true;
                i++;
            } else if ((create || setid) && Args.is(argv[i], "ENTRIESREAD") && i + 1 < argv.length) {
                entriesRead = Args.parseLong(argv[i + 1]);
                if (entriesRead < 0 && entriesRead != StreamConsumerGroup.ENTRIES_READ_UNKNOWN) {
                    throw new RedisError("ERR value for ENTRIESREAD must be positive or -1");
                }
                i += 2;
            } else {
                throw subcommandSyntax(argv);
            }
        }
        Key key = Key.of(argv[2]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        Key groupName = Key.of(argv[3]);
        StreamConsumerGroup cg = null;
        if (!mkstream) {
            if (s == null) {
                throw new RedisError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you "
                        + "may want to use the MKSTREAM option to create an empty stream automatically.");
            }
            cg = s.group(groupName);
            if (cg == null && (setid || opt.equals("createconsumer") || opt.equals("delconsumer"))) {
                throw new RedisError("NOGROUP No such consumer group '" + Args.utf8(argv[3]) + "' for key name '"
                        + Args.utf8(argv[2]) + "'");
            }
        }
        switch (opt) {
            case "create": {
                if (argv.length > 8) {
                    throw subcommandSyntax(argv);
                }
                StreamId id;
                if (StreamReadCommands.isCString(argv[4], "$")) {
                    id = s == null ? StreamId.MIN : s.lastId();
                } else {
                    id = StreamCommands.parseId(argv[4], 0, true);
                }
                if (s == null) {
                    s = new StreamValue();
                    ctx.db().add(key, s);
                    ctx.touched(key);
                }
                if (s.group(groupName) != null) {
                    throw new RedisError("BUSYGROUP Consumer Group name already exists");
                }
                s.createGroup(groupName, id, entriesRead);
                ctx.notify(NotifyFlags.STREAM, "xgroup-create", key);
                ctx.propagateVerbatim();
                return Reply.OK;
            }
            case "setid": {
                if (argv.length != 5 && argv.length != 7) {
                    throw subcommandSyntax(argv);
                }
                StreamId id = StreamReadCommands.isCString(argv[4], "$")
                        ? s.lastId() : StreamCommands.parseId(argv[4], 0, false);
                cg.setLastDeliveredId(id);
                cg.setEntriesRead(entriesRead);
                ctx.notify(NotifyFlags.STREAM, "xgroup-setid", key);
                ctx.propagateVerbatim();
                return Reply.OK;
            }
            case "destroy":
                if (cg == null) {
                    return Reply.ZERO;
                }
                s.destroyGroup(groupName);
                ctx.notify(NotifyFlags.STREAM, "xgroup-destroy", key);
                ctx.propagateVerbatim();
                // XREADGROUP clients blocked on this group get their NOGROUP error.
                StreamBlocking.keyReady(ctx, key);
                return Reply.ONE;
            case "createconsumer": {
                StreamConsumer created = cg.createConsumer(Key.of(argv[4]), ctx.now());
                if (created == null) {
                    return Reply.ZERO;
                }
                ctx.notify(NotifyFlags.STREAM, "xgroup-createconsumer", key);
                ctx.propagateVerbatim();
                return Reply.ONE;
            }
            default: { // delconsumer
                long pending = cg.deleteConsumer(Key.of(argv[4]));
                if (pending < 0) {
                    return Reply.ZERO;
                }
                ctx.notify(NotifyFlags.STREAM, "xgroup-delconsumer", key);
                ctx.propagateVerbatim();
                return Reply.integer(pending);
            }
        }
    }

    /** NOGROUP error of XPENDING, XCLAIM and XAUTOCLAIM. */
    private static RedisError noGroup(byte[][] argv) {
        return new RedisError("NOGROUP No such key '" + Args.utf8(argv[1]) + "' or consumer group '"
                + Args.utf8(argv[2]) + "'");
    }

    /** XACK key group id [id ...]: all IDs parsed before any is acknowledged. */
    static Reply xack(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        StreamConsumerGroup g = s == null ? null : s.group(Key.of(argv[2]));
        if (g == null) {
            return Reply.ZERO;
        }
        StreamId[] ids = new StreamId[argv.length - 3];
        for (int j = 3; j < argv.length; j++) {
            ids[j - 3] = StreamCommands.parseId(argv[j], 0, true);
        }
        long acknowledged = 0;
        for (StreamId id : ids) {
            if (g.acknowledge(id)) {
                acknowledged++;
            }
        }
        if (acknowledged > 0) {
            ctx.propagateVerbatim();
        }
        return Reply.integer(acknowledged);
    }

    /** XPENDING key group [[IDLE min-idle] start end count [consumer]]. */
    static Reply xpending(ExecutionContext ctx, byte[][] argv) {
        boolean justInfo = argv.length == 3;
        if (argv.length != 3 && (argv.length < 6 || argv.length > 9)) {
            throw RedisError.syntax();
        }
        StreamId start = null;
        StreamId end = null;
        long count = 0;
        long minIdle = 0;
        byte[] consumerName = null;
        if (argv.length >= 6) {
            int startIdx = 3;
            if (Args.is(argv[3], "IDLE")) {
                minIdle = Args.parseLong(argv[4]);
                if (argv.length < 8) {
                    throw RedisError.syntax();
                }
                startIdx += 2;
            }
            count = Math.max(0, Args.parseLong(argv[startIdx + 2]));
            start = StreamCommands.intervalStart(argv[startIdx]);
            end = StreamCommands.intervalEnd(argv[startIdx + 1]);
            if (startIdx + 3 < argv.length) {
                consumerName = argv[startIdx + 3];
            }
        }
        StreamValue s = StreamCommands.stream(ctx.lookupRead(Key.of(argv[1])));
        StreamConsumerGroup g = s == null ? null : s.group(Key.of(argv[2]));
        if (g == null) {
            throw noGroup(argv);
        }
        if (justInfo) {
            if (g.pending().isEmpty()) {
                return Reply.array(List.of(Reply.ZERO, Reply.NULL, Reply.NULL, Reply.NULL_ARRAY));
            }
            List<Reply> consumers = new ArrayList<>();
            for (StreamConsumer c : g.consumers().values()) {
                if (!c.pending().isEmpty()) {
                    consumers.add(Reply.array(List.of(Reply.bulk(c.name().bytes()),
                            Reply.bulk(Args.bytes(c.pending().size())))));
                }
            }
            return Reply.array(List.of(Reply.integer(g.pending().size()),
                    Reply.bulk(g.pending().firstKey().toBytes()), Reply.bulk(g.pending().lastKey().toBytes()),
                    Reply.array(consumers)));
        }
        StreamConsumer consumer = null;
        if (consumerName != null) {
            consumer = g.consumer(Key.of(consumerName));
            if (consumer == null) {
                return Reply.EMPTY_ARRAY;
            }
        }
        List<Reply> out = new ArrayList<>();
        long now = ctx.now();
        if (start.compareTo(end) <= 0) {
            var pel = consumer != null ? consumer.pending() : g.pending();
            for (StreamPendingEntry nack : pel.subMap(start, true, end, true).values()) {
                if (count == 0) {
                    break;
                }
                if (minIdle != 0 && now - nack.deliveryTime() < minIdle) {
                    continue;
                }
                count--;
                out.add(Reply.array(List.of(Reply.bulk(nack.id().toBytes()), Reply.bulk(nack.consumer().name().bytes()),
                        Reply.integer(Math.max(0, now - nack.deliveryTime())), Reply.integer(nack.deliveryCount()))));
            }
        }
        return Reply.array(out);
    }

    /**
     * XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n]
     * [FORCE] [JUSTID] [LASTID id].
     */
    static Reply xclaim(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        StreamConsumerGroup g = s == null ? null : s.group(Key.of(argv[2]));
        if (g == null) {
            throw noGroup(argv);
        }
        long minIdle = Math.max(0, Args.parseLong(argv[4], "ERR Invalid min-idle-time argument for XCLAIM"));
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < argv.length; j++) {
            StreamId id = tryParseStrict(argv[j]);
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        long now = ctx.now();
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < argv.length; j++) {
            int moreArgs = argv.length - 1 - j;
            byte[] opt = argv[j];
            if (Args.is(opt, "FORCE")) {
                force = true;
            } else if (Args.is(opt, "JUSTID")) {
                justId = true;
            } else if (Args.is(opt, "IDLE") && moreArgs > 0) {
                j++;
                deliveryTime = now - Args.parseLong(argv[j], "ERR Invalid IDLE option argument for XCLAIM");
            } else if (Args.is(opt, "TIME") && moreArgs > 0) {
                j++;
                deliveryTime = Args.parseLong(argv[j], "ERR Invalid TIME option argument for XCLAIM");
            } else if (Args.is(opt, "RETRYCOUNT") && moreArgs > 0) {
                j++;
                retryCount = Args.parseLong(argv[j], "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (Args.is(opt, "LASTID") && moreArgs > 0) {
                j++;
                lastId = StreamCommands.parseId(argv[j], 0, true);
            } else {
                throw new RedisError("ERR Unrecognized XCLAIM option '" + Args.utf8(opt) + "'");
            }
        }
        boolean propagateLastId = false;
        if (lastId.compareTo(g.lastDeliveredId()) > 0) {
            g.setLastDeliveredId(lastId);
            propagateLastId = true;
        }
        if (deliveryTime != -1) {
            // A bogus time (negative, in the future) becomes now rather than an error, as in Redis.
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        StreamConsumer consumer = null;
        Key name = Key.of(argv[3]);
        List<Reply> out = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            StreamId id = ids.get(k);
            byte[] idArg = argv[5 + k];
            StreamPendingEntry nack = g.pending().get(id);
            StreamEntry entry = s.entries().get(id);
            if (entry == null) {
                if (nack != null) {
                    // The entry is gone: the PEL entry goes too, and the replica learns it
                    // through the same XCLAIM (FORCE of a missing entry removes it there).
                    StreamPropagation.xclaim(ctx, argv[1], argv[2], g, idArg, nack);
                    propagateLastId = false;
                    g.acknowledge(id);
                }
                continue;
            }
            if (force && nack == null) {
                nack = g.createUnowned(id, now);
            }
            if (nack == null) {
                continue;
            }
            if (nack.consumer() != null && minIdle != 0 && now - nack.deliveryTime() < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = lookupOrCreateConsumer(ctx, g, name, key);
            }
            long deliveries = retryCount >= 0 ? retryCount : justId ? nack.deliveryCount() : nack.deliveryCount() + 1;
            nack.setDelivery(deliveryTime, deliveries);
            g.assign(nack, consumer);
            out.add(justId ? Reply.bulk(id.toBytes()) : StreamCommands.entryReply(entry));
            StreamPropagation.xclaim(ctx, argv[1], argv[2], g, idArg, nack);
            propagateLastId = false;
        }
        if (consumer != null && !out.isEmpty()) {
            consumer.setActiveTime(now);
        }
        if (propagateLastId) {
            StreamPropagation.groupId(ctx, argv[1], argv[2], g);
        }
        return Reply.array(out);
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]. */
    static Reply xautoclaim(ExecutionContext ctx, byte[][] argv) {
        long minIdle = Math.max(0, Args.parseLong(argv[4], "ERR Invalid min-idle-time argument for XAUTOCLAIM"));
        StreamId start = StreamCommands.intervalStart(argv[5]);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < argv.length; j++) {
            int moreArgs = argv.length - 1 - j;
            if (Args.is(argv[j], "COUNT") && moreArgs > 0) {
                long maxCount = Long.MAX_VALUE / 16;
                Long c = Args.parseLongStrict(argv[j + 1]);
                if (c == null || c < 1 || c > maxCount) {
                    throw new RedisError("ERR COUNT must be > 0");
                }
                count = c;
                j++;
            } else if (Args.is(argv[j], "JUSTID")) {
                justId = true;
            } else {
                throw RedisError.syntax();
            }
        }
        Key key = Key.of(argv[1]);
        StreamValue s = StreamCommands.stream(ctx.lookupWrite(key));
        StreamConsumerGroup g = s == null ? null : s.group(Key.of(argv[2]));
        if (g == null) {
            throw noGroup(argv);
        }
        long attempts = count * 10;
        long now = ctx.now();
        StreamConsumer consumer = null;
        Key name = Key.of(argv[3]);
        List<Reply> claimed = new ArrayList<>();
        List<Reply> deleted = new ArrayList<>();
        StreamId cursor = start;
        StreamId next = null;
        while (true) {
            var rest = g.pending().tailMap(cursor, true);
            if (rest.isEmpty()) {
                next = null;
                break;
            }
            if (attempts == 0 || count == 0) {
                next = rest.firstKey();
                break;
            }
            attempts--;
            StreamPendingEntry nack = rest.firstEntry().getValue();
            StreamId id = nack.id();
            cursor = id.next();
            StreamEntry entry = s.entries().get(id);
            if (entry == null) {
                StreamPropagation.xclaim(ctx, argv[1], argv[2], g, id.toBytes(), nack);
                g.acknowledge(id);
                deleted.add(Reply.bulk(id.toBytes()));
                count--;
            } else if (minIdle == 0 || now - nack.deliveryTime() >= minIdle) {
                if (consumer == null) {
                    consumer = lookupOrCreateConsumer(ctx, g, name, key);
                }
                nack.setDelivery(now, justId ? nack.deliveryCount() : nack.deliveryCount() + 1);
                g.assign(nack, consumer);
                claimed.add(justId ? Reply.bulk(id.toBytes()) : StreamCommands.entryReply(entry));
                count--;
                StreamPropagation.xclaim(ctx, argv[1], argv[2], g, id.toBytes(), nack);
            }
            if (cursor == null) {
                next = null;
                break;
            }
        }
        if (consumer != null && !claimed.isEmpty()) {
            consumer.setActiveTime(now);
        }
        StreamId cursorReply = next == null ? StreamId.MIN : next;
        return Reply.array(List.of(Reply.bulk(cursorReply.toBytes()), Reply.array(claimed), Reply.array(deleted)));
    }

    /** streamLookupConsumer (refreshing seen-time) or streamCreateConsumer (notifying). */
    private static StreamConsumer lookupOrCreateConsumer(ExecutionContext ctx, StreamConsumerGroup g, Key name,
                                                         Key key) {
        StreamConsumer c = g.consumer(name);
        if (c != null) {
            c.setSeenTime(ctx.now());
            return c;
        }
        c = g.createConsumer(name, ctx.now());
        ctx.notify(NotifyFlags.STREAM, "xgroup-createconsumer", key);
        return c;
    }

    /** streamParseStrictIDOrReply with no client: null instead of an error. */
    private static StreamId tryParseStrict(byte[] arg) {
        try {
            return StreamCommands.parseId(arg, 0, true);
        } catch (RedisError e) {
            return null;
        }
    }
}
