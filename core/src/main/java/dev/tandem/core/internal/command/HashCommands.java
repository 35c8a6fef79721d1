/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ValueType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Hash commands (t_hash.c of Redis 7.0). Writes propagate verbatim when they changed
 * something, except HINCRBYFLOAT, which propagates {@code HSET key field <result>} so that
 * replicas store the master's exact digits.
 */
public final class HashCommands {
    private static final byte[] HSET = Args.bytes("HSET");
    /** Largest random reply HRANDFIELD builds (Redis streams any size; we must hold it). */
    static final long MAX_RANDOM_REPLY = 10_000_000;

    private HashCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("hset", -4, 1, 1, 1, HashCommands::hset));
        t.register(CommandSpec.write("hmset", -4, 1, 1, 1, HashCommands::hset));
        t.register(CommandSpec.write("hsetnx", 4, 1, 1, 1, HashCommands::hsetnx));
        t.register(CommandSpec.write("hdel", -3, 1, 1, 1, HashCommands::hdel));
        t.register(CommandSpec.write("hincrby", 4, 1, 1, 1, HashCommands::hincrby));
        t.register(CommandSpec.write("hincrbyfloat", 4, 1, 1, 1, HashCommands::hincrbyfloat));
        t.register(CommandSpec.read("hget", 3, 1, 1, 1, HashCommands::hget));
        t.register(CommandSpec.read("hmget", -3, 1, 1, 1, HashCommands::hmget));
        t.register(CommandSpec.read("hgetall", 2, 1, 1, 1, HashCommands::hgetall));
        t.register(CommandSpec.read("hkeys", 2, 1, 1, 1, (c, a) -> fieldsOrValues(c, a, true)));
        t.register(CommandSpec.read("hvals", 2, 1, 1, 1, (c, a) -> fieldsOrValues(c, a, false)));
        t.register(CommandSpec.read("hlen", 2, 1, 1, 1, HashCommands::hlen));
        t.register(CommandSpec.read("hexists", 3, 1, 1, 1, HashCommands::hexists));
        t.register(CommandSpec.read("hstrlen", 3, 1, 1, 1, HashCommands::hstrlen));
        t.register(CommandSpec.read("hscan", -3, 1, 1, 1, HashCommands::hscan));
        t.register(CommandSpec.read("hrandfield", -2, 1, 1, 1, HashCommands::hrandfield));
    }

    static HashValue hash(Entry e) {
        return ExecutionContext.typed(e, ValueType.HASH, HashValue.class);
    }

    /** Redis's hashTypeLookupWriteOrCreate: the hash at {@code key}, created if absent. */
    private static HashValue lookupOrCreate(ExecutionContext ctx, Key key) {
        HashValue h = hash(ctx.lookupWrite(key));
        if (h == null) {
            h = new HashValue();
            ctx.db().add(key, h);
        }
        return h;
    }

    /** HSET key field value [field value ...] (new fields count) and HMSET (OK). */
    static Reply hset(ExecutionContext ctx, byte[][] argv) {
        if (argv.length % 2 == 1) {
            throw RedisError.wrongArity(Args.utf8(argv[0]));
        }
        Key key = Key.of(argv[1]);
        HashValue h = lookupOrCreate(ctx, key);
        EncodingLimits limits = ctx.keyspace().encodingLimits();
        long created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.put(Key.of(argv[i]), argv[i + 1], limits)) {
                created++;
            }
        }
        ctx.touched(key);
        ctx.notify(NotifyFlags.HASH, "hset", key);
        ctx.propagateVerbatim();
        // Redis tells the two apart by the name's second letter: hSet vs hMset.
        boolean isHset = argv[0].length > 1 && (argv[0][1] | 0x20) == 's';
        return isHset ? Reply.integer(created) : Reply.OK;
    }

    static Reply hsetnx(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        HashValue h = lookupOrCreate(ctx, key);
        Key field = Key.of(argv[2]);
        if (h.contains(field)) {
            return Reply.ZERO;
        }
        h.put(field, argv[3], ctx.keyspace().encodingLimits());
        ctx.touched(key);
        ctx.notify(NotifyFlags.HASH, "hset", key);
        ctx.propagateVerbatim();
        return Reply.ONE;
    }

    static Reply hdel(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        HashValue h = hash(ctx.lookupWrite(key));
        if (h == null) {
            return Reply.ZERO;
        }
        long deleted = 0;
        for (int i = 2; i < argv.length && !h.isEmpty(); i++) {
            if (h.remove(Key.of(argv[i]))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.notify(NotifyFlags.HASH, "hdel", key);
            if (h.isEmpty()) {
                ctx.db().delete(key);
                ctx.notify(NotifyFlags.GENERIC, "del", key);
            }
            ctx.touched(key);
            ctx.propagateVerbatim();
        }
        return Reply.integer(deleted);
    }

    /** HINCRBY key field increment: the increment is parsed before the key is looked up. */
    static Reply hincrby(ExecutionContext ctx, byte[][] argv) {
        long incr = Args.parseLong(argv[3]);
        Key key = Key.of(argv[1]);
        HashValue h = lookupOrCreate(ctx, key);
        Key field = Key.of(argv[2]);
        byte[] current = h.get(field);
        long value = 0;
        if (current != null) {
            Long parsed = Args.parseLongStrict(current);
            if (parsed == null) {
                throw new RedisError("ERR hash value is not an integer");
            }
            value = parsed;
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw new RedisError(RedisError.OVERFLOW);
        }
        value += incr;
        h.put(field, Args.bytes(value), ctx.keyspace().encodingLimits());
        ctx.touched(key);
        ctx.notify(NotifyFlags.HASH, "hincrby", key);
        ctx.propagateVerbatim();
        return Reply.integer(value);
    }

    /**
     * HINCRBYFLOAT key field increment, in long double arithmetic like Redis; replies with the
     * formatted result and propagates {@code HSET key field <result>}.
     */
    static Reply hincrbyfloat(ExecutionContext ctx, byte[][] argv) {
        LongDouble.Parsed incr = LongDouble.parse(argv[3]);
        if (incr == null) {
            throw RedisError.notFloat();
        }
        if (incr.isInfinite()) {
            throw new RedisError("ERR value is NaN or Infinity");
        }
        Key key = Key.of(argv[1]);
        HashValue h = lookupOrCreate(ctx, key);
        Key field = Key.of(argv[2]);
        byte[] current = h.get(field);
        BigDecimal value = BigDecimal.ZERO;
        if (current != null) {
            LongDouble.Parsed parsed = LongDouble.parse(current);
            if (parsed == null) {
                throw new RedisError("ERR hash value is not a float");
            }
            if (parsed.isInfinite()) {
                throw new RedisError("ERR increment would produce NaN or Infinity");
            }
            value = parsed.value();
        }
        BigDecimal sum = LongDouble.add(value, incr.value());
        if (sum == null) {
            throw new RedisError("ERR increment would produce NaN or Infinity");
        }
        byte[] formatted = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        h.put(field, formatted, ctx.keyspace().encodingLimits());
        ctx.touched(key);
        ctx.notify(NotifyFlags.HASH, "hincrbyfloat", key);
        ctx.propagate(HSET, argv[1], argv[2], formatted);
        return Reply.bulk(formatted);
    }

    static Reply hget(ExecutionContext ctx, byte[][] argv) {
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        return h == null ? Reply.NULL : Reply.bulkOrNull(h.get(Key.of(argv[2])));
    }

    /** HMGET: a missing key is an empty hash (all nulls); a wrong type is WRONGTYPE. */
    static Reply hmget(ExecutionContext ctx, byte[][] argv) {
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        List<Reply> out = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            out.add(h == null ? Reply.NULL : Reply.bulkOrNull(h.get(Key.of(argv[i]))));
        }
        return Reply.array(out);
    }

    /** HGETALL: a map (flattened for RESP2 clients by the server). */
    static Reply hgetall(ExecutionContext ctx, byte[][] argv) {
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        if (h == null) {
            return new Reply.MapReply(List.of());
        }
        List<Reply> out = new ArrayList<>(h.size() * 2);
        h.forEach((f, v) -> {
            out.add(Reply.bulk(f.bytes()));
            out.add(Reply.bulk(v));
        });
        return new Reply.MapReply(out);
    }

    static Reply fieldsOrValues(ExecutionContext ctx, byte[][] argv, boolean fields) {
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        if (h == null) {
            return Reply.EMPTY_ARRAY;
        }
        List<Reply> out = new ArrayList<>(h.size());
        h.forEach((f, v) -> out.add(Reply.bulk(fields ? f.bytes() : v)));
        return Reply.array(out);
    }

    static Reply hlen(ExecutionContext ctx, byte[][] argv) {
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        return Reply.integer(h == null ? 0 : h.size());
    }

    static Reply hexists(ExecutionContext ctx, byte[][] argv) {
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        return h != null && h.contains(Key.of(argv[2])) ? Reply.ONE : Reply.ZERO;
    }

    static Reply hstrlen(ExecutionContext ctx, byte[][] argv) {
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        byte[] v = h == null ? null : h.get(Key.of(argv[2]));
        return Reply.integer(v == null ? 0 : v.length);
    }

    /**
     * HSCAN key cursor [MATCH pattern] [COUNT count]: {@code [cursor, [field, value, ...]]}. A
     * listpack-encoded hash is returned whole with cursor 0, as Redis does; the options are
     * parsed only once the key is known to be a hash.
     */
    static Reply hscan(ExecutionContext ctx, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        if (h == null) {
            return CollectionScan.EMPTY;
        }
        CollectionScan.Options options = CollectionScan.parseOptions(argv, 3);
        if (h.isListpackEncoded()) {
            List<byte[]> all = new ArrayList<>(h.size() * 2);
            h.forEach((f, v) -> {
                all.add(f.bytes());
                all.add(v);
            });
            return CollectionScan.reply(0, all, options, 2);
        }
        return CollectionScan.scan((c, out) -> h.scan(c, (f, v) -> {
            out.add(f.bytes());
            out.add(v);
        }), cursor, options, 2);
    }

    /**
     * HRANDFIELD key [count [WITHVALUES]]: a positive count gives distinct fields (at most the
     * whole hash), a negative one allows repeats. With values, RESP2 gets a flat array and RESP3
     * field/value pairs.
     */
    static Reply hrandfield(ExecutionContext ctx, byte[][] argv) {
        if (argv.length == 2) {
            HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
            return h == null ? Reply.NULL : Reply.bulk(h.randomField(ctx.random()).key().bytes());
        }
        long l = rangedCount(argv[2]);
        if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "WITHVALUES"))) {
            throw RedisError.syntax();
        }
        boolean withValues = argv.length == 4;
        if (withValues) {
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw new RedisError("ERR value is out of range");
            }
        }
        HashValue h = hash(ctx.lookupRead(Key.of(argv[1])));
        if (h == null || l == 0) {
            return Reply.EMPTY_ARRAY;
        }
        boolean pairs = withValues && ctx.client().protocol() > 2;
        List<Reply> out = new ArrayList<>();
        RandomGenerator random = ctx.random();
        if (l < 0 || l == 1) {
            long count = l < 0 ? -l : l;
            if (count > MAX_RANDOM_REPLY) {
                throw new RedisError("ERR value is out of range");
            }
            for (long i = 0; i < count; i++) {
                HashValue.Field n = h.randomField(random);
                addField(out, n.key(), n.value(), withValues, pairs);
            }
            return Reply.array(out);
        }
        if (l >= h.size()) {
            h.forEach((f, v) -> addField(out, f, v, withValues, pairs));
            return Reply.array(out);
        }
        for (HashValue.Field n : h.randomDistinctFields((int) l, random)) {
            addField(out, n.key(), n.value(), withValues, pairs);
        }
        return Reply.array(out);
    }

    private static void addField(List<Reply> out, Key field, byte[] value, boolean withValues,
                                 boolean pairs) {
        if (!withValues) {
            out.add(Reply.bulk(field.bytes()));
        } else if (pairs) {
            out.add(Reply.array(List.of(Reply.bulk(field.bytes()), Reply.bulk(value))));
        } else {
            out.add(Reply.bulk(field.bytes()));
            out.add(Reply.bulk(value));
        }
    }

    /** A count in [-LONG_MAX, LONG_MAX], with Redis's getRangeLongFromObjectOrReply texts. */
    static long rangedCount(byte[] arg) {
        long l = Args.parseLong(arg);
        if (l == Long.MIN_VALUE) {
            throw new RedisError("ERR value is out of range, value must between "
                    + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
        }
        return l;
    }
}
