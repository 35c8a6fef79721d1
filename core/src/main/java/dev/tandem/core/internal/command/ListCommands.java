/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * List commands (t_list.c of Redis 7.0). Every write here is propagated verbatim when it
 * changed something (Redis's dirty counter moved) and not at all otherwise; LMPOP, which Redis
 * rewrites, is the exception. The order in which a command parses its arguments and looks its
 * key up follows Redis, because it decides which error wins and whether a lazily expired key's
 * DEL goes out before an argument error.
 */
public final class ListCommands {
    private static final byte[] LPOP = Args.bytes("LPOP");
    private static final byte[] RPOP = Args.bytes("RPOP");
    private static final String POSITIVE = "ERR value is out of range, must be positive";

    private ListCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("lpush", -3, 1, 1, 1, (c, a) -> push(c, a, true, false)));
        t.register(CommandSpec.write("rpush", -3, 1, 1, 1, (c, a) -> push(c, a, false, false)));
        t.register(CommandSpec.write("lpushx", -3, 1, 1, 1, (c, a) -> push(c, a, true, true)));
        t.register(CommandSpec.write("rpushx", -3, 1, 1, 1, (c, a) -> push(c, a, false, true)));
        t.register(CommandSpec.write("lpop", -2, 1, 1, 1, (c, a) -> pop(c, a, true, "lpop")));
        t.register(CommandSpec.write("rpop", -2, 1, 1, 1, (c, a) -> pop(c, a, false, "rpop")));
        t.register(CommandSpec.write("lmpop", -4, 0, 0, 0, ListCommands::lmpop));
        t.register(CommandSpec.write("linsert", 5, 1, 1, 1, ListCommands::linsert));
        t.register(CommandSpec.write("lset", 4, 1, 1, 1, ListCommands::lset));
        t.register(CommandSpec.write("lrem", 4, 1, 1, 1, ListCommands::lrem));
        t.register(CommandSpec.write("ltrim", 4, 1, 1, 1, ListCommands::ltrim));
        t.register(CommandSpec.write("lmove", 5, 1, 2, 1, ListCommands::lmove));
        t.register(CommandSpec.write("rpoplpush", 3, 1, 2, 1, ListCommands::rpoplpush));
        t.register(CommandSpec.read("llen", 2, 1, 1, 1, ListCommands::llen));
        t.register(CommandSpec.read("lindex", 3, 1, 1, 1, ListCommands::lindex));
        t.register(CommandSpec.read("lrange", 4, 1, 1, 1, ListCommands::lrange));
        t.register(CommandSpec.read("lpos", -3, 1, 1, 1, ListCommands::lpos));
    }

    static ListValue list(Entry e) {
        return ExecutionContext.typed(e, ValueType.LIST, ListValue.class);
    }

    /** Redis's getPositiveLongFromObjectOrReply: one error text for non-numbers and negatives. */
    static long nonNegative(byte[] arg, String errorText) {
        Long v = Args.parseLongStrict(arg);
        if (v == null || v < 0) {
            throw new RedisError(errorText);
        }
        return v;
    }

    /** LEFT or RIGHT (any case): true for LEFT; otherwise a syntax error. */
    static boolean parseEnd(byte[] arg) {
        if (Args.is(arg, "LEFT")) {
            return true;
        }
        if (Args.is(arg, "RIGHT")) {
            return false;
        }
        throw RedisError.syntax();
    }

    /** Deletes the key if the command emptied its list: Redis never keeps an empty list. */
    private static void deleteIfEmpty(ExecutionContext ctx, Key key, ListValue list) {
        if (list.isEmpty()) {
            ctx.db().delete(key);
            ctx.notify(NotifyFlags.GENERIC, "del", key);
        }
    }

    /** [LR]PUSH[X] key element [element ...]: the new length; X variants need an existing list. */
    static Reply push(ExecutionContext ctx, byte[][] argv, boolean head, boolean onlyIfExists) {
        Key key = Key.of(argv[1]);
        ListValue list = list(ctx.lookupWrite(key));
        if (list == null) {
            if (onlyIfExists) {
                return Reply.ZERO;
            }
            list = new ListValue(ctx.keyspace().encodingLimits());
            ctx.db().add(key, list);
        }
        for (int i = 2; i < argv.length; i++) {
            if (head) {
                list.addFirst(argv[i]);
            } else {
                list.addLast(argv[i]);
            }
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.LIST, head ? "lpush" : "rpush", key);
        ctx.propagateVerbatim();
        return Reply.integer(list.size());
    }

    /**
     * [LR]POP key [count]. Without a count: a bulk or the null bulk. With one: an array, the
     * null array for a missing key, an empty array for count 0 (which changes nothing).
     */
    static Reply pop(ExecutionContext ctx, byte[][] argv, boolean head, String name) {
        if (argv.length > 3) {
            throw RedisError.wrongArity(name);
        }
        boolean hasCount = argv.length == 3;
        long count = hasCount ? nonNegative(argv[2], POSITIVE) : 1;
        Key key = Key.of(argv[1]);
        ListValue list = list(ctx.lookupWrite(key));
        if (list == null) {
            return hasCount ? Reply.NULL_ARRAY : Reply.NULL;
        }
        if (count == 0) {
            return Reply.EMPTY_ARRAY;
        }
        Reply reply;
        if (!hasCount) {
            reply = Reply.bulk(head ? list.removeFirst() : list.removeLast());
        } else {
            reply = Reply.array(popMany(list, head, count));
        }
        ctx.notify(NotifyFlags.LIST, head ? "lpop" : "rpop", key);
        deleteIfEmpty(ctx, key, list);
        ctx.touched(key);
        ctx.propagateVerbatim();
        return reply;
    }

    /** Pops up to {@code count} elements, in the order they leave the list. */
    private static List<Reply> popMany(ListValue list, boolean head, long count) {
        int n = (int) Math.min(count, list.size());
        List<Reply> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Reply.bulk(head ? list.removeFirst() : list.removeLast()));
        }
        return out;
    }

    /**
     * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops from the first non-empty list;
     * replies {@code [key, [elements]]} or the null array. Propagated as
     * {@code LPOP|RPOP key <popped count>} (t_list.c mpopGenericCommand).
     */
    static Reply lmpop(ExecutionContext ctx, byte[][] argv) {
        Long numkeys = Args.parseLongStrict(argv[1]);
        if (numkeys == null || numkeys < 1) {
            throw new RedisError("ERR numkeys should be greater than 0");
        }
        if (numkeys >= argv.length - 2) {
            throw RedisError.syntax(); // no room left for LEFT|RIGHT
        }
        int whereIdx = 2 + numkeys.intValue();
        boolean head = parseEnd(argv[whereIdx]);
        long count = -1;
        for (int j = whereIdx + 1; j < argv.length; j++) {
            if (count == -1 && Args.is(argv[j], "COUNT") && j + 1 < argv.length) {
                Long c = Args.parseLongStrict(argv[++j]);
                if (c == null || c < 1) {
                    throw new RedisError("ERR count should be greater than 0");
                }
                count = c;
            } else {
                throw RedisError.syntax();
            }
        }
        if (count == -1) {
            count = 1;
        }
        for (int i = 2; i < whereIdx; i++) {
            Key key = Key.of(argv[i]);
            ListValue list = list(ctx.lookupWrite(key));
            if (list == null || list.isEmpty()) {
                continue;
            }
            long popped = Math.min(count, list.size());
            List<Reply> elements = popMany(list, head, count);
            ctx.notify(NotifyFlags.LIST, head ? "lpop" : "rpop", key);
            deleteIfEmpty(ctx, key, list);
            ctx.touched(key);
            ctx.propagate(head ? LPOP : RPOP, argv[i], Args.bytes(popped));
            return Reply.array(List.of(Reply.bulk(argv[i]), Reply.array(elements)));
        }
        return Reply.NULL_ARRAY;
    }

    /** LINSERT key BEFORE|AFTER pivot element: new length, -1 without the pivot, 0 without the key. */
    static Reply linsert(ExecutionContext ctx, byte[][] argv) {
        boolean after;
        if (Args.is(argv[2], "AFTER")) {
            after = true;
        } else if (Args.is(argv[2], "BEFORE")) {
            after = false;
        } else {
            throw RedisError.syntax();
        }
        Key key = Key.of(argv[1]);
        ListValue list = list(ctx.lookupWrite(key));
        if (list == null) {
            return Reply.ZERO;
        }
        int at = indexOf(list, argv[3]);
        if (at < 0) {
            return Reply.integer(-1);
        }
        if (after) {
            list.insertAfter(at, argv[4]);
        } else {
            list.insertBefore(at, argv[4]);
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.LIST, "linsert", key);
        ctx.propagateVerbatim();
        return Reply.integer(list.size());
    }

    private static int indexOf(ListValue list, byte[] element) {
        for (int i = 0; i < list.size(); i++) {
            if (list.elementEquals(i, element)) {
                return i;
            }
        }
        return -1;
    }

    /** A Redis list index (negative counts from the tail) as a position, or -1 if outside. */
    static int position(long index, int size) {
        if (index < 0) {
            index += size;
        }
        return index < 0 || index >= size ? -1 : (int) index;
    }

    /** LSET key index element: {@code ERR no such key} / {@code ERR index out of range}. */
    static Reply lset(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            throw new RedisError(RedisError.NO_SUCH_KEY);
        }
        ListValue list = list(e);
        int at = position(Args.parseLong(argv[2]), list.size());
        if (at < 0) {
            throw new RedisError(RedisError.OUT_OF_RANGE);
        }
        list.set(at, argv[3]);
        ctx.touched(key);
        ctx.notify(NotifyFlags.LIST, "lset", key);
        ctx.propagateVerbatim();
        return Reply.OK;
    }

    /**
     * LREM key count element: removes up to |count| matches from the head (count &gt; 0), the
     * tail (count &lt; 0), or all (0); replies how many went.
     */
    static Reply lrem(ExecutionContext ctx, byte[][] argv) {
        long toRemove = Args.parseLong(argv[2]);
        Key key = Key.of(argv[1]);
        ListValue list = list(ctx.lookupWrite(key));
        if (list == null) {
            return Reply.ZERO;
        }
        byte[] element = argv[3];
        boolean fromTail = toRemove < 0;
        // |LONG_MIN| does not fit; it means "all" as much as LONG_MAX does.
        long limit = toRemove == 0 ? Long.MAX_VALUE
                : toRemove == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(toRemove);
        long removed = list.removeMatching(element, limit, fromTail);
        if (removed > 0) {
            ctx.notify(NotifyFlags.LIST, "lrem", key);
            deleteIfEmpty(ctx, key, list);
            ctx.touched(key);
            ctx.propagateVerbatim();
        }
        return Reply.integer(removed);
    }

    /**
     * LTRIM key start stop: keeps the inclusive range; an empty range deletes the key. Nothing
     * is propagated when nothing was trimmed (Redis's dirty stays 0).
     */
    static Reply ltrim(ExecutionContext ctx, byte[][] argv) {
        long start = Args.parseLong(argv[2]);
        long end = Args.parseLong(argv[3]);
        Key key = Key.of(argv[1]);
        ListValue list = list(ctx.lookupWrite(key));
        if (list == null) {
            return Reply.OK;
        }
        int size = list.size();
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        int leftTrim;
        int rightTrim;
        if (start > end || start >= size) {
            leftTrim = size;
            rightTrim = 0;
        } else {
            if (end >= size) {
                end = size - 1;
            }
            leftTrim = (int) start;
            rightTrim = (int) (size - end - 1);
        }
        list.removeFirst(leftTrim);
        list.removeLast(rightTrim);
        ctx.notify(NotifyFlags.LIST, "ltrim", key);
        deleteIfEmpty(ctx, key, list);
        ctx.touched(key); // Redis signals the key even when nothing was trimmed
        if (leftTrim + rightTrim > 0) {
            ctx.propagateVerbatim();
        }
        return Reply.OK;
    }

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT: the moved element or null. */
    static Reply lmove(ExecutionContext ctx, byte[][] argv) {
        boolean fromHead = parseEnd(argv[3]);
        boolean toHead = parseEnd(argv[4]);
        return move(ctx, argv, fromHead, toHead);
    }

    /** RPOPLPUSH source destination: LMOVE source destination RIGHT LEFT. */
    static Reply rpoplpush(ExecutionContext ctx, byte[][] argv) {
        return move(ctx, argv, false, true);
    }

    /**
     * Pops from the source and pushes onto the destination (t_list.c lmoveGenericCommand). The
     * destination's type is checked only once the source is known to exist; source and
     * destination may be the same list (rotation). Propagated verbatim.
     */
    private static Reply move(ExecutionContext ctx, byte[][] argv, boolean fromHead, boolean toHead) {
        Key srcKey = Key.of(argv[1]);
        ListValue src = list(ctx.lookupWrite(srcKey));
        if (src == null) {
            return Reply.NULL;
        }
        Key dstKey = Key.of(argv[2]);
        ListValue dst = list(ctx.lookupWrite(dstKey));
        byte[] value = fromHead ? src.removeFirst() : src.removeLast();
        if (dst == null) {
            dst = new ListValue(ctx.keyspace().encodingLimits());
            ctx.db().add(dstKey, dst);
        }
        if (toHead) {
            dst.addFirst(value);
        } else {
            dst.addLast(value);
        }
        ctx.touched(dstKey);
        ctx.notify(NotifyFlags.LIST, toHead ? "lpush" : "rpush", dstKey);
        ctx.notify(NotifyFlags.LIST, fromHead ? "lpop" : "rpop", srcKey);
        deleteIfEmpty(ctx, srcKey, src);
        if (!srcKey.equals(dstKey)) {
            ctx.touched(srcKey);
        }
        ctx.propagateVerbatim();
        return Reply.bulk(value);
    }

    static Reply llen(ExecutionContext ctx, byte[][] argv) {
        ListValue list = list(ctx.lookupRead(Key.of(argv[1])));
        return Reply.integer(list == null ? 0 : list.size());
    }

    /** LINDEX key index: a missing key answers null before the index is even parsed. */
    static Reply lindex(ExecutionContext ctx, byte[][] argv) {
        ListValue list = list(ctx.lookupRead(Key.of(argv[1])));
        if (list == null) {
            return Reply.NULL;
        }
        int at = position(Args.parseLong(argv[2]), list.size());
        return at < 0 ? Reply.NULL : Reply.bulk(list.get(at));
    }

    /** LRANGE key start stop: both indexes are parsed before the key is looked up. */
    static Reply lrange(ExecutionContext ctx, byte[][] argv) {
        long start = Args.parseLong(argv[2]);
        long end = Args.parseLong(argv[3]);
        ListValue list = list(ctx.lookupRead(Key.of(argv[1])));
        if (list == null) {
            return Reply.EMPTY_ARRAY;
        }
        int size = list.size();
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return Reply.EMPTY_ARRAY;
        }
        if (end >= size) {
            end = size - 1;
        }
        List<Reply> out = new ArrayList<>((int) (end - start + 1));
        for (int i = (int) start; i <= end; i++) {
            out.add(Reply.bulk(list.get(i)));
        }
        return Reply.array(out);
    }

    /**
     * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: the index of the rank-th
     * match (negative rank: searching from the tail), or with COUNT an array of indexes. The
     * options are parsed before the key is looked up.
     */
    static Reply lpos(ExecutionContext ctx, byte[][] argv) {
        byte[] element = argv[2];
        long rank = 1;
        long count = -1; // -1: no COUNT option
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean more = j + 1 < argv.length;
            if (Args.is(opt, "RANK") && more) {
                rank = Args.parseLong(argv[++j]);
                if (rank == 0) {
                    throw new RedisError("ERR RANK can't be zero: use 1 to start from the first "
                            + "match, 2 from the second ... or use negative to start from the end "
                            + "of the list");
                }
            } else if (Args.is(opt, "COUNT") && more) {
                count = nonNegative(argv[++j], "ERR COUNT can't be negative");
            } else if (Args.is(opt, "MAXLEN") && more) {
                maxlen = nonNegative(argv[++j], "ERR MAXLEN can't be negative");
            } else {
                throw RedisError.syntax();
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            // As in Redis, LONG_MIN negates to itself, so every match then qualifies.
            rank = -rank;
        }
        ListValue list = list(ctx.lookupRead(Key.of(argv[1])));
        if (list == null) {
            return count != -1 ? Reply.EMPTY_ARRAY : Reply.NULL;
        }
        int size = list.size();
        List<Reply> indexes = count != -1 ? new ArrayList<>() : null;
        long matches = 0;
        for (int scanned = 0; scanned < size && (maxlen == 0 || scanned < maxlen); scanned++) {
            int at = fromTail ? size - 1 - scanned : scanned;
            if (!list.elementEquals(at, element)) {
                continue;
            }
            matches++;
            if (matches >= rank) {
                if (indexes == null) {
                    return Reply.integer(at);
                }
                indexes.add(Reply.integer(at));
                if (count != 0 && matches - rank + 1 >= count) {
                    break;
                }
            }
        }
        return indexes == null ? Reply.NULL : Reply.array(indexes);
    }
}
