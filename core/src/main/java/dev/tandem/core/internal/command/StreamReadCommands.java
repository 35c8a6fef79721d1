/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Entry;
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
import java.util.Arrays;
import java.util.List;

/**
 * XREAD and XREADGROUP (t_stream.c xreadCommand): what is available now is served at once; a
 * BLOCK that finds nothing goes to {@link StreamBlocking#block}. XREADGROUP propagates not
 * itself but what it changed: an XCLAIM per entry delivered, XGROUP SETID after a NOACK read
 * that moved the group, XGROUP CREATECONSUMER for a consumer a NOACK read created.
 */
final class StreamReadCommands {
    private StreamReadCommands() {
    }

    static void register(CommandTable t) {
        // Keys follow STREAMS (movable): no fixed key range, as in Redis's legacy triple.
        // Redis flags both "blocking": they run as a unit of their own under the write lock, where
        // a client may block (XREAD stays read-only: it is served on read-only replicas).
        t.register(new CommandSpec("xread", -4, java.util.EnumSet.of(CommandFlag.READONLY, CommandFlag.BLOCKING),
                0, 0, 0, (ctx, argv) -> xread(ctx, argv, false)));
        t.register(new CommandSpec("xreadgroup", -7, java.util.EnumSet.of(CommandFlag.WRITE, CommandFlag.BLOCKING),
                0, 0, 0, (ctx, argv) -> xread(ctx, argv, true)));
    }

    static Reply xread(ExecutionContext ctx, byte[][] argv, boolean xreadgroup) {
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streamsCount = 0;
        boolean noAck = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < argv.length; i++) {
            int moreArgs = argv.length - i - 1;
            byte[] o = argv[i];
            if (Args.is(o, "BLOCK") && moreArgs > 0) {
                if (ctx.inCall()) {
                    // t_stream.c refuses BLOCK from scripts outright (CLIENT_SCRIPT), for
                    // backward compatibility, rather than answering as on a timeout.
                    throw new RedisError("ERR " + Args.utf8(argv[0])
                            + " command is not allowed with BLOCK option from scripts");
                }
                i++;
                timeout = timeout(ctx, argv[i]);
            } else if (Args.is(o, "COUNT") && moreArgs > 0) {
                i++;
                count = Math.max(0, Args.parseLong(argv[i]));
            } else if (Args.is(o, "STREAMS") && moreArgs > 0) {
                streamsArg = i + 1;
                streamsCount = argv.length - streamsArg;
                if (streamsCount % 2 != 0) {
                    throw new RedisError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' "
                            + "must be specified.");
                }
                streamsCount /= 2;
                break;
            } else if (Args.is(o, "GROUP") && moreArgs >= 2) {
                if (!xreadgroup) {
                    throw new RedisError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                groupName = argv[i + 1];
                consumerName = argv[i + 2];
                i += 2;
            } else if (Args.is(o, "NOACK")) {
                if (!xreadgroup) {
                    throw new RedisError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noAck = true;
            } else {
                throw RedisError.syntax();
            }
        }
        if (streamsArg == 0) {
            throw RedisError.syntax();
        }
        if (xreadgroup && groupName == null) {
            throw new RedisError("ERR Missing GROUP option for XREADGROUP");
        }
        StreamId[] ids = new StreamId[streamsCount];
        StreamConsumerGroup[] groups = groupName == null ? null : new StreamConsumerGroup[streamsCount];
        for (int i = streamsArg + streamsCount; i < argv.length; i++) {
            int idx = i - streamsArg - streamsCount;
            byte[] keyArg = argv[i - streamsCount];
            StreamValue s = lookup(ctx, Key.of(keyArg), xreadgroup);
            if (groupName != null) {
                StreamConsumerGroup g = s == null ? null : s.group(Key.of(groupName));
                if (g == null) {
                    throw new RedisError("NOGROUP No such key '" + Args.utf8(keyArg) + "' or consumer group '"
                            + Args.utf8(groupName) + "' in XREADGROUP with GROUP option");
                }
                groups[idx] = g;
            }
            byte[] idArg = argv[i];
            if (isCString(idArg, "$")) {
                if (xreadgroup) {
                    throw new RedisError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read "
                            + "the history of this consumer by specifying a proper ID, or use the > ID to get new "
                            + "messages. The $ ID would just return an empty result set.");
                }
                ids[idx] = s == null ? StreamId.MIN : s.lastId();
            } else if (isCString(idArg, ">")) {
                if (!xreadgroup) {
                    throw new RedisError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
                            + "<group> <consumer> option.");
                }
                // MAX stands for ">", as in Redis (an explicit MAX ID therefore means ">" too).
                ids[idx] = StreamId.MAX;
            } else {
                ids[idx] = StreamCommands.parseId(idArg, 0, true);
            }
        }

        List<Reply> served = new ArrayList<>();
        for (int i = 0; i < streamsCount; i++) {
            byte[] keyArg = argv[streamsArg + i];
            StreamValue s = lookup(ctx, Key.of(keyArg), xreadgroup);
            if (s == null) {
                continue;
            }
            StreamId gt = ids[i];
            boolean serve = false;
            boolean history = false;
            if (groups != null) {
                if (!gt.equals(StreamId.MAX)) {
                    serve = true;
                    history = true;
                } else if (s.length() > 0 && s.lastEntryId().compareTo(groups[i].lastDeliveredId()) > 0) {
                    serve = true;
                    gt = groups[i].lastDeliveredId();
                }
            } else if (s.length() > 0 && s.lastEntryId().compareTo(gt) > 0) {
                serve = true;
            }
            if (!serve) {
                continue;
            }
            StreamId start = gt.next();
            if (start == null) {
                continue; // only a history read after the greatest ID: nothing can follow it
            }
            Reply entries;
            if (groups != null) {
                StreamConsumerGroup g = groups[i];
                Key consumerKey = Key.of(consumerName);
                StreamConsumer consumer = g.consumer(consumerKey);
                if (consumer == null) {
                    consumer = g.createConsumer(consumerKey, ctx.now());
                    ctx.notify(NotifyFlags.STREAM, "xgroup-createconsumer", Key.of(keyArg));
                    if (noAck) {
                        StreamPropagation.consumerCreation(ctx, keyArg, groupName, consumerName);
                    }
                } else {
                    consumer.setSeenTime(ctx.now());
                }
                entries = history
                        ? history(ctx, s, consumer, start, count)
                        : deliver(ctx, s, g, consumer, keyArg, groupName, start, count, noAck);
            } else {
                entries = Reply.array(range(s, start, count));
            }
            if (ctx.client().protocol() > 2) {
                served.add(Reply.bulk(keyArg));
                served.add(entries);
            } else {
                served.add(Reply.array(List.of(Reply.bulk(keyArg), entries)));
            }
        }
        if (!served.isEmpty()) {
            return ctx.client().protocol() > 2 ? new Reply.MapReply(served) : Reply.array(served);
        }
        if (timeout != -1) {
            if (!ctx.mayBlock()) {
                // CLIENT_DENY_BLOCKING (MULTI/EXEC, scripts): a block is a timeout, as in Redis.
                return Reply.NULL_ARRAY;
            }
            List<Key> keys = new ArrayList<>(streamsCount);
            for (int i = 0; i < streamsCount; i++) {
                keys.add(Key.of(argv[streamsArg + i]));
            }
            return StreamBlocking.block(ctx, new StreamBlockingRequest(ctx.client().db(), keys, Arrays.asList(ids),
                    count > 0 ? count : StreamBlockingRequest.DEFAULT_COUNT, groupName, consumerName, noAck, timeout));
        }
        return Reply.NULL_ARRAY;
    }

    private static StreamValue lookup(ExecutionContext ctx, Key key, boolean write) {
        Entry e = write ? ctx.lookupWrite(key) : ctx.lookupRead(key);
        return StreamCommands.stream(e);
    }

    /** Entries from {@code start} on, {@code count} at most (0: all). */
    static List<Reply> range(StreamValue s, StreamId start, long count) {
        List<Reply> out = new ArrayList<>();
        for (StreamEntry e : s.entries().tailMap(start, true).values()) {
            out.add(StreamCommands.entryReply(e));
            if (count > 0 && out.size() == count) {
                break;
            }
        }
        return out;
    }

    /**
     * streamReplyWithRange with a group: new entries for {@code consumer}, moving the group's
     * last delivered ID and entries-read counter, adding PEL entries unless NOACK.
     */
    private static Reply deliver(ExecutionContext ctx, StreamValue s, StreamConsumerGroup g, StreamConsumer consumer,
                                 byte[] key, byte[] groupName, StreamId start, long count, boolean noAck) {
        List<Reply> out = new ArrayList<>();
        boolean propagateLastId = false;
        for (StreamEntry e : s.entries().tailMap(start, true).values()) {
            StreamId id = e.id();
            if (id.compareTo(g.lastDeliveredId()) > 0) {
                if (g.entriesRead() != StreamConsumerGroup.ENTRIES_READ_UNKNOWN && !s.rangeHasTombstones(id, null)) {
                    g.setEntriesRead(g.entriesRead() + 1);
                } else if (s.entriesAdded() != 0) {
                    g.setEntriesRead(s.estimateEntriesRead(id));
                }
                g.setLastDeliveredId(id);
                if (noAck) {
                    propagateLastId = true;
                }
            }
            out.add(StreamCommands.entryReply(e));
            if (!noAck) {
                StreamPendingEntry nack = g.deliver(id, consumer, ctx.now());
                StreamPropagation.xclaim(ctx, key, groupName, g, id.toBytes(), nack);
            }
            if (count > 0 && out.size() == count) {
                break;
            }
        }
        if (!out.isEmpty()) {
            consumer.setActiveTime(ctx.now());
        }
        if (propagateLastId) {
            StreamPropagation.groupId(ctx, key, groupName, g);
        }
        return Reply.array(out);
    }

    /**
     * streamReplyWithRangeFromConsumerPEL: the consumer's own pending entries from
     * {@code start}; an entry deleted meanwhile is its ID with a null array. Delivery counts
     * grow; nothing is propagated (Redis does not either).
     */
    private static Reply history(ExecutionContext ctx, StreamValue s, StreamConsumer consumer, StreamId start,
                                 long count) {
        List<Reply> out = new ArrayList<>();
        for (StreamPendingEntry nack : new ArrayList<>(consumer.pending().tailMap(start, true).values())) {
            if (count > 0 && out.size() >= count) {
                break;
            }
            StreamEntry e = s.entries().get(nack.id());
            if (e == null) {
                out.add(Reply.array(List.of(Reply.bulk(nack.id().toBytes()), Reply.NULL_ARRAY)));
            } else {
                out.add(StreamCommands.entryReply(e));
                nack.setDelivery(ctx.now(), nack.deliveryCount() + 1);
            }
        }
        return Reply.array(out);
    }

    /**
     * getTimeoutFromObjectOrReply in milliseconds: a non-negative integer; 0 blocks forever,
     * otherwise the deadline is now plus the timeout.
     */
    private static long timeout(ExecutionContext ctx, byte[] arg) {
        long t = Args.parseLong(arg, "ERR timeout is not an integer or out of range");
        if (t < 0) {
            throw new RedisError("ERR timeout is negative");
        }
        if (t > 0) {
            if (t > Long.MAX_VALUE - ctx.now()) {
                throw new RedisError("ERR timeout is out of range");
            }
            t += ctx.now();
        }
        return t;
    }

    /** strcmp(arg, s) == 0 on a C string. */
    static boolean isCString(byte[] arg, String s) {
        int len = 0;
        while (len < arg.length && arg[len] != 0) {
            len++;
        }
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (arg[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
