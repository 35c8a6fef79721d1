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
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Set commands (t_set.c of Redis 7.0). Writes propagate verbatim when they changed something,
 * except SPOP, which propagates {@code SREM key member} per popped member (several are wrapped
 * in MULTI/EXEC by the keyspace) or {@code DEL key} when it takes the whole set.
 *
 * <p>Replies of whole sets list an intset-encoded set's members in ascending numeric order, as
 * Redis does; other sets come in hash-table order.
 */
public final class SetCommands {
    private static final byte[] SREM = Args.bytes("SREM");
    private static final byte[] DEL = Args.bytes("DEL");
    private static final String POSITIVE = "ERR value is out of range, must be positive";

    private SetCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("sadd", -3, 1, 1, 1, SetCommands::sadd));
        t.register(CommandSpec.write("srem", -3, 1, 1, 1, SetCommands::srem));
        t.register(CommandSpec.write("spop", -2, 1, 1, 1, SetCommands::spop));
        t.register(CommandSpec.write("smove", 4, 1, 2, 1, SetCommands::smove));
        t.register(CommandSpec.write("sinterstore", -3, 1, -1, 1,
                (c, a) -> inter(c, a, 2, Key.of(a[1]))));
        t.register(CommandSpec.write("sunionstore", -3, 1, -1, 1,
                (c, a) -> unionOrDiff(c, a, 2, Key.of(a[1]), false)));
        t.register(CommandSpec.write("sdiffstore", -3, 1, -1, 1,
                (c, a) -> unionOrDiff(c, a, 2, Key.of(a[1]), true)));
        t.register(CommandSpec.read("smembers", 2, 1, 1, 1, (c, a) -> inter(c, a, 1, null)));
        t.register(CommandSpec.read("sinter", -2, 1, -1, 1, (c, a) -> inter(c, a, 1, null)));
        t.register(CommandSpec.read("sunion", -2, 1, -1, 1,
                (c, a) -> unionOrDiff(c, a, 1, null, false)));
        t.register(CommandSpec.read("sdiff", -2, 1, -1, 1,
                (c, a) -> unionOrDiff(c, a, 1, null, true)));
        t.register(CommandSpec.read("sintercard", -3, 0, 0, 0, SetCommands::sintercard));
        t.register(CommandSpec.read("sismember", 3, 1, 1, 1, SetCommands::sismember));
        t.register(CommandSpec.read("smismember", -3, 1, 1, 1, SetCommands::smismember));
        t.register(CommandSpec.read("scard", 2, 1, 1, 1, SetCommands::scard));
        t.register(CommandSpec.read("sscan", -3, 1, 1, 1, SetCommands::sscan));
        t.register(CommandSpec.read("srandmember", -2, 1, 1, 1, SetCommands::srandmember));
    }

    static SetValue set(Entry e) {
        return ExecutionContext.typed(e, ValueType.SET, SetValue.class);
    }

    /** The members in Redis's reply order: ascending numbers for an intset, else table order. */
    static List<byte[]> orderedMembers(SetValue s) {
        List<byte[]> out = new ArrayList<>(s.size());
        if (s.isIntsetEncoded()) {
            for (long v : s.sortedIntMembers()) {
                out.add(Args.bytes(v));
            }
        } else {
            s.forEach(m -> out.add(m.bytes()));
        }
        return out;
    }

    private static List<Reply> bulks(List<byte[]> members) {
        List<Reply> out = new ArrayList<>(members.size());
        for (byte[] m : members) {
            out.add(Reply.bulk(m));
        }
        return out;
    }

    static Reply sadd(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        SetValue s = set(ctx.lookupWrite(key));
        if (s == null) {
            s = SetValue.forFirstMember(Key.of(argv[2]));
            ctx.db().add(key, s);
        }
        long added = 0;
        for (int i = 2; i < argv.length; i++) {
            if (s.add(Key.of(argv[i]), ctx.keyspace().encodingLimits())) {
                added++;
            }
        }
        if (added > 0) {
            ctx.touched(key);
            ctx.notify(NotifyFlags.SET, "sadd", key);
            ctx.propagateVerbatim();
        }
        return Reply.integer(added);
    }

    static Reply srem(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        SetValue s = set(ctx.lookupWrite(key));
        if (s == null) {
            return Reply.ZERO;
        }
        long removed = 0;
        for (int i = 2; i < argv.length && !s.isEmpty(); i++) {
            if (s.remove(Key.of(argv[i]))) {
                removed++;
            }
        }
        if (removed > 0) {
            ctx.notify(NotifyFlags.SET, "srem", key);
            if (s.isEmpty()) {
                ctx.db().delete(key);
                ctx.notify(NotifyFlags.GENERIC, "del", key);
            }
            ctx.touched(key);
            ctx.propagateVerbatim();
        }
        return Reply.integer(removed);
    }

    /**
     * SPOP key [count]. One member propagates {@code SREM key member}; a count below the size
     * one SREM per member; a count that takes everything {@code DEL key}.
     */
    static Reply spop(ExecutionContext ctx, byte[][] argv) {
        if (argv.length == 3) {
            return spopWithCount(ctx, argv);
        }
        if (argv.length > 3) {
            throw RedisError.syntax();
        }
        Key key = Key.of(argv[1]);
        SetValue s = set(ctx.lookupWrite(key));
        if (s == null) {
            return Reply.NULL;
        }
        Key member = s.randomMember(ctx.random());
        s.remove(member);
        ctx.propagate(SREM, argv[1], member.bytes());
        ctx.notify(NotifyFlags.SET, "spop", key);
        if (s.isEmpty()) {
            ctx.db().delete(key);
            ctx.notify(NotifyFlags.GENERIC, "del", key);
        }
        ctx.touched(key);
        return Reply.bulk(member.bytes());
    }

    private static Reply spopWithCount(ExecutionContext ctx, byte[][] argv) {
        long count = ListCommands.nonNegative(argv[2], POSITIVE);
        Key key = Key.of(argv[1]);
        SetValue s = set(ctx.lookupWrite(key));
        if (s == null || count == 0) {
            return new Reply.SetReply(List.of());
        }
        // Redis notifies "spop" once, before it knows which case it is in.
        ctx.notify(NotifyFlags.SET, "spop", key);
        if (count >= s.size()) {
            List<byte[]> all = orderedMembers(s);
            ctx.db().delete(key);
            ctx.propagate(DEL, argv[1]);
            ctx.touched(key);
            ctx.notify(NotifyFlags.GENERIC, "del", key);
            return new Reply.SetReply(bulks(all));
        }
        // The members are drawn here, on the master, and named in the SREMs: a replica removes
        // exactly these and never draws a number of its own.
        List<Reply> popped = new ArrayList<>((int) count);
        for (Key member : s.randomDistinctMembers((int) count, ctx.random())) {
            s.remove(member);
            popped.add(Reply.bulk(member.bytes()));
            ctx.propagate(SREM, argv[1], member.bytes());
        }
        ctx.touched(key);
        return new Reply.SetReply(popped);
    }

    /**
     * SMOVE source destination member: both keys are looked up (and lazily expired) before
     * either type is checked; moving within one set changes nothing and propagates nothing.
     */
    static Reply smove(ExecutionContext ctx, byte[][] argv) {
        Key srcKey = Key.of(argv[1]);
        Key dstKey = Key.of(argv[2]);
        Entry srcEntry = ctx.lookupWrite(srcKey);
        Entry dstEntry = ctx.lookupWrite(dstKey);
        if (srcEntry == null) {
            return Reply.ZERO;
        }
        SetValue src = set(srcEntry);
        SetValue dst = set(dstEntry);
        Key member = Key.of(argv[3]);
        if (srcKey.equals(dstKey)) {
            return src.contains(member) ? Reply.ONE : Reply.ZERO;
        }
        if (!src.remove(member)) {
            return Reply.ZERO;
        }
        ctx.notify(NotifyFlags.SET, "srem", srcKey);
        if (src.isEmpty()) {
            ctx.db().delete(srcKey);
            ctx.notify(NotifyFlags.GENERIC, "del", srcKey);
        }
        if (dst == null) {
            dst = SetValue.forFirstMember(member);
            ctx.db().add(dstKey, dst);
        }
        ctx.touched(srcKey);
        if (dst.add(member, ctx.keyspace().encodingLimits())) {
            ctx.touched(dstKey);
            ctx.notify(NotifyFlags.SET, "sadd", dstKey);
        }
        ctx.propagateVerbatim();
        return Reply.ONE;
    }

    /**
     * The sets named by {@code argv[from..to)}, looked up for reading (a write command's
     * sources are lazily expired too); a missing key is null. WRONGTYPE for any non-set.
     */
    private static SetValue[] lookupSources(ExecutionContext ctx, byte[][] argv, int from, int to) {
        SetValue[] sets = new SetValue[to - from];
        for (int i = from; i < to; i++) {
            sets[i - from] = set(ctx.lookupRead(Key.of(argv[i])));
        }
        return sets;
    }

    /** SINTER, SMEMBERS and SINTERSTORE (t_set.c sinterGenericCommand). */
    static Reply inter(ExecutionContext ctx, byte[][] argv, int firstSource, Key dstKey) {
        SetValue[] sets = lookupSources(ctx, argv, firstSource, argv.length);
        SetValue result = intersection(sets, 0, ctx.keyspace().encodingLimits());
        if (dstKey == null) {
            return new Reply.SetReply(bulks(orderedMembers(result)));
        }
        return store(ctx, dstKey, result);
    }

    /**
     * The members common to all sets, up to {@code limit} (0: no limit); empty when a set is
     * missing. Scans the smallest set and probes the others.
     */
    private static SetValue intersection(SetValue[] sets, long limit, EncodingLimits limits) {
        SetValue result = new SetValue();
        for (SetValue s : sets) {
            if (s == null) {
                return result;
            }
        }
        SetValue[] bySize = sets.clone();
        Arrays.sort(bySize, Comparator.comparingInt(SetValue::size));
        for (Key member : bySize[0]) {
            boolean inAll = true;
            for (int j = 1; j < bySize.length && inAll; j++) {
                inAll = bySize[j] == bySize[0] || bySize[j].contains(member);
            }
            if (inAll) {
                result.add(member, limits);
                if (limit > 0 && result.size() >= limit) {
                    break;
                }
            }
        }
        return result;
    }

    /** SUNION, SDIFF and their STORE forms (t_set.c sunionDiffGenericCommand). */
    static Reply unionOrDiff(ExecutionContext ctx, byte[][] argv, int firstSource, Key dstKey,
                             boolean diff) {
        SetValue[] sets = lookupSources(ctx, argv, firstSource, argv.length);
        SetValue result = new SetValue();
        if (!diff) {
            for (SetValue s : sets) {
                if (s != null) {
                    s.forEach(m -> result.add(m, ctx.keyspace().encodingLimits()));
                }
            }
        } else if (sets[0] != null) {
            boolean sameAsFirst = false;
            for (int j = 1; j < sets.length; j++) {
                sameAsFirst |= sets[j] == sets[0];
            }
            if (!sameAsFirst) {
                for (Key member : sets[0]) {
                    boolean elsewhere = false;
                    for (int j = 1; j < sets.length && !elsewhere; j++) {
                        elsewhere = sets[j] != null && sets[j].contains(member);
                    }
                    if (!elsewhere) {
                        result.add(member, ctx.keyspace().encodingLimits());
                    }
                }
            }
        }
        if (dstKey == null) {
            return new Reply.SetReply(bulks(orderedMembers(result)));
        }
        return store(ctx, dstKey, result);
    }

    /**
     * The STORE forms' effect on the destination: a non-empty result replaces it (any type, TTL
     * dropped); an empty one deletes it. Propagated verbatim when the destination changed.
     */
    private static Reply store(ExecutionContext ctx, Key dstKey, SetValue result) {
        if (!result.isEmpty()) {
            ctx.lookupWrite(dstKey); // Redis's setKey: a lazily expired destination goes first
            ctx.db().set(dstKey, result, false);
            ctx.touched(dstKey);
            // The event is the command's name: sinterstore, sunionstore, sdiffstore.
            ctx.notify(NotifyFlags.SET, Args.lower(ctx.argv()[0]), dstKey);
            ctx.propagateVerbatim();
            return Reply.integer(result.size());
        }
        // Redis's dbDelete: removes the destination even if it is logically expired.
        if (ctx.db().delete(dstKey) != null) {
            ctx.touched(dstKey);
            ctx.notify(NotifyFlags.GENERIC, "del", dstKey);
            ctx.propagateVerbatim();
        }
        return Reply.ZERO;
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
    static Reply sintercard(ExecutionContext ctx, byte[][] argv) {
        Long numkeys = Args.parseLongStrict(argv[1]);
        if (numkeys == null || numkeys < 1) {
            throw new RedisError("ERR numkeys should be greater than 0");
        }
        if (numkeys > argv.length - 2) {
            throw new RedisError("ERR Number of keys can't be greater than number of args");
        }
        int keysEnd = 2 + numkeys.intValue();
        long limit = 0;
        for (int j = keysEnd; j < argv.length; j++) {
            if (Args.is(argv[j], "LIMIT") && j + 1 < argv.length) {
                limit = ListCommands.nonNegative(argv[++j], "ERR LIMIT can't be negative");
            } else {
                throw RedisError.syntax();
            }
        }
        SetValue[] sets = lookupSources(ctx, argv, 2, keysEnd);
        return Reply.integer(intersection(sets, limit, ctx.keyspace().encodingLimits()).size());
    }

    static Reply sismember(ExecutionContext ctx, byte[][] argv) {
        SetValue s = set(ctx.lookupRead(Key.of(argv[1])));
        return s != null && s.contains(Key.of(argv[2])) ? Reply.ONE : Reply.ZERO;
    }

    /** SMISMEMBER: a missing key is an empty set (all zeros). */
    static Reply smismember(ExecutionContext ctx, byte[][] argv) {
        SetValue s = set(ctx.lookupRead(Key.of(argv[1])));
        List<Reply> out = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            out.add(s != null && s.contains(Key.of(argv[i])) ? Reply.ONE : Reply.ZERO);
        }
        return Reply.array(out);
    }

    static Reply scard(ExecutionContext ctx, byte[][] argv) {
        SetValue s = set(ctx.lookupRead(Key.of(argv[1])));
        return Reply.integer(s == null ? 0 : s.size());
    }

    /** SSCAN key cursor [MATCH pattern] [COUNT count]; an intset comes whole, cursor 0. */
    static Reply sscan(ExecutionContext ctx, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        SetValue s = set(ctx.lookupRead(Key.of(argv[1])));
        if (s == null) {
            return CollectionScan.EMPTY;
        }
        CollectionScan.Options options = CollectionScan.parseOptions(argv, 3);
        if (s.isIntsetEncoded()) {
            return CollectionScan.reply(0, orderedMembers(s), options, 1);
        }
        return CollectionScan.scan((c, out) -> s.scan(c, m -> out.add(m.bytes())), cursor,
                options, 1);
    }

    /**
     * SRANDMEMBER key [count]: a positive count gives distinct members (at most the whole set),
     * a negative one allows repeats; the count is parsed before the key is looked up.
     */
    static Reply srandmember(ExecutionContext ctx, byte[][] argv) {
        if (argv.length > 3) {
            throw RedisError.syntax();
        }
        if (argv.length == 2) {
            SetValue s = set(ctx.lookupRead(Key.of(argv[1])));
            return s == null ? Reply.NULL : Reply.bulk(s.randomMember(ctx.random()).bytes());
        }
        long l = HashCommands.rangedCount(argv[2]);
        SetValue s = set(ctx.lookupRead(Key.of(argv[1])));
        if (s == null || l == 0) {
            return Reply.EMPTY_ARRAY;
        }
        RandomGenerator random = ctx.random();
        if (l < 0 || l == 1) {
            long count = l < 0 ? -l : l;
            if (count > HashCommands.MAX_RANDOM_REPLY) {
                throw new RedisError("ERR value is out of range");
            }
            List<Reply> out = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                out.add(Reply.bulk(s.randomMember(random).bytes()));
            }
            return Reply.array(out);
        }
        if (l >= s.size()) {
            return Reply.array(bulks(orderedMembers(s)));
        }
        List<Reply> out = new ArrayList<>((int) l);
        for (Key m : s.randomDistinctMembers((int) l, random)) {
            out.add(Reply.bulk(m.bytes()));
        }
        return Reply.array(out);
    }
}
