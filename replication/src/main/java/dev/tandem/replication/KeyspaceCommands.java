/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands against one database: {@link #execute(byte[]...)} for every command {@code core}
 * implements (binary-safe, returning the raw {@link Reply}), and typed convenience methods for
 * the common ones, which throw {@link RedisReplyException} when the reply is an error (for
 * example {@code READONLY} on a read-only replica, or {@code WRONGTYPE}). String arguments and
 * results are UTF-8; every typed method has a {@code byte[]} counterpart where the value is the
 * point (get/set) and otherwise takes Strings for brevity.
 */
public interface KeyspaceCommands {

    /** Executes one command ({@code argv[0]} is its name) and returns its reply, errors included. */
    Reply execute(byte[]... argv);

    /** {@link #execute(byte[]...)} with UTF-8 arguments. */
    default Reply execute(String... argv) {
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return execute(bytes);
    }

    // ------------------------------------------------------------------ strings and keys

    /** {@code GET}: the value, or null when the key is missing. */
    default byte[] get(byte[] key) {
        return bulkOrNull(check(execute(bytes("GET"), key)));
    }

    default String get(String key) {
        return utf8(get(bytes(key)));
    }

    /** {@code SET key value}. */
    default void set(byte[] key, byte[] value) {
        check(execute(bytes("SET"), key, value));
    }

    default void set(String key, String value) {
        set(bytes(key), bytes(value));
    }

    /** {@code SET key value PX <ttl>}: expires after {@code ttl} (millisecond precision). */
    default void set(byte[] key, byte[] value, Duration ttl) {
        check(execute(bytes("SET"), key, value, bytes("PX"), bytes(Long.toString(ttl.toMillis()))));
    }

    default void set(String key, String value, Duration ttl) {
        set(bytes(key), bytes(value), ttl);
    }

    /** {@code INCRBY key delta}: the new value. */
    default long incrBy(String key, long delta) {
        return integer(check(execute("INCRBY", key, Long.toString(delta))));
    }

    default long incr(String key) {
        return incrBy(key, 1);
    }

    /** {@code DEL key...}: how many keys existed. */
    default long del(String... keys) {
        return integer(check(execute(prepend("DEL", keys))));
    }

    default boolean exists(String key) {
        return integer(check(execute("EXISTS", key))) == 1;
    }

    /** {@code PEXPIRE key ms}: whether the timeout was set. */
    default boolean expire(String key, Duration ttl) {
        return integer(check(execute("PEXPIRE", key, Long.toString(ttl.toMillis())))) == 1;
    }

    /** {@code PTTL key}: remaining milliseconds, -1 without expiry, -2 when missing. */
    default long ttlMillis(String key) {
        return integer(check(execute("PTTL", key)));
    }

    default boolean persist(String key) {
        return integer(check(execute("PERSIST", key))) == 1;
    }

    /** {@code DBSIZE}. */
    default long dbsize() {
        return integer(check(execute("DBSIZE")));
    }

    /** {@code FLUSHDB}. */
    default void flushdb() {
        check(execute("FLUSHDB"));
    }

    // ------------------------------------------------------------------ hashes

    /** {@code HSET key field value}: whether the field is new. */
    default boolean hset(String key, String field, String value) {
        return integer(check(execute("HSET", key, field, value))) == 1;
    }

    default String hget(String key, String field) {
        return utf8(bulkOrNull(check(execute("HGET", key, field))));
    }

    /** {@code HGETALL}, in the hash's order. */
    default Map<String, String> hgetAll(String key) {
        List<Reply> items = elements(check(execute("HGETALL", key)));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            out.put(utf8(bulkOrNull(items.get(i))), utf8(bulkOrNull(items.get(i + 1))));
        }
        return out;
    }

    default long hdel(String key, String... fields) {
        return integer(check(execute(prepend("HDEL", key, fields))));
    }

    default long hlen(String key) {
        return integer(check(execute("HLEN", key)));
    }

    // ------------------------------------------------------------------ lists

    /** {@code LPUSH}: the new length. */
    default long lpush(String key, String... values) {
        return integer(check(execute(prepend("LPUSH", key, values))));
    }

    /** {@code RPUSH}: the new length. */
    default long rpush(String key, String... values) {
        return integer(check(execute(prepend("RPUSH", key, values))));
    }

    default String lpop(String key) {
        return utf8(bulkOrNull(check(execute("LPOP", key))));
    }

    default String rpop(String key) {
        return utf8(bulkOrNull(check(execute("RPOP", key))));
    }

    default List<String> lrange(String key, long start, long stop) {
        return strings(check(execute("LRANGE", key, Long.toString(start), Long.toString(stop))));
    }

    default long llen(String key) {
        return integer(check(execute("LLEN", key)));
    }

    // ------------------------------------------------------------------ sets

    /** {@code SADD}: how many members were new. */
    default long sadd(String key, String... members) {
        return integer(check(execute(prepend("SADD", key, members))));
    }

    default long srem(String key, String... members) {
        return integer(check(execute(prepend("SREM", key, members))));
    }

    default Set<String> smembers(String key) {
        return new LinkedHashSet<>(strings(check(execute("SMEMBERS", key))));
    }

    default boolean sismember(String key, String member) {
        return integer(check(execute("SISMEMBER", key, member))) == 1;
    }

    default long scard(String key) {
        return integer(check(execute("SCARD", key)));
    }

    // ------------------------------------------------------------------ sorted sets

    /** {@code ZADD key score member}: whether the member is new. */
    default boolean zadd(String key, double score, String member) {
        return integer(check(execute("ZADD", key, formatScore(score), member))) == 1;
    }

    /** {@code ZSCORE}: the score, or null. */
    default Double zscore(String key, String member) {
        Reply r = check(execute("ZSCORE", key, member));
        if (r instanceof Reply.DoubleReply d) {
            return d.value();
        }
        byte[] b = bulkOrNull(r);
        return b == null ? null : Double.valueOf(utf8(b));
    }

    /** {@code ZRANGE key start stop}: members by rank. */
    default List<String> zrange(String key, long start, long stop) {
        return strings(check(execute("ZRANGE", key, Long.toString(start), Long.toString(stop))));
    }

    default long zcard(String key) {
        return integer(check(execute("ZCARD", key)));
    }

    default long zrem(String key, String... members) {
        return integer(check(execute(prepend("ZREM", key, members))));
    }

    // ------------------------------------------------------------------ reply helpers

    /** Throws {@link RedisReplyException} for an error reply, returns any other reply. */
    static Reply check(Reply reply) {
        if (reply instanceof Reply.ErrorReply error) {
            throw new RedisReplyException(error.text());
        }
        return reply;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static String formatScore(double score) {
        if (Double.isInfinite(score)) {
            return score > 0 ? "+inf" : "-inf";
        }
        return score == Math.rint(score) && Math.abs(score) < 1e15 ? Long.toString((long) score) : Double.toString(score);
    }

    private static String[] prepend(String name, String... rest) {
        String[] out = new String[rest.length + 1];
        out[0] = name;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static String[] prepend(String name, String key, String... rest) {
        String[] out = new String[rest.length + 2];
        out[0] = name;
        out[1] = key;
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    private static byte[] bulkOrNull(Reply reply) {
        if (reply instanceof Reply.BulkReply bulk) {
            return bulk.bytes();
        }
        if (reply instanceof Reply.NullReply || reply instanceof Reply.NullArrayReply) {
            return null;
        }
        if (reply instanceof Reply.SimpleReply simple) {
            return bytes(simple.text());
        }
        throw new IllegalStateException("expected a bulk reply, got " + reply);
    }

    private static long integer(Reply reply) {
        if (reply instanceof Reply.IntegerReply i) {
            return i.value();
        }
        throw new IllegalStateException("expected an integer reply, got " + reply);
    }

    private static List<Reply> elements(Reply reply) {
        if (reply instanceof Reply.ArrayReply a) {
            return a.items();
        }
        if (reply instanceof Reply.MapReply m) {
            return m.keysAndValues();
        }
        if (reply instanceof Reply.SetReply s) {
            return s.items();
        }
        if (reply instanceof Reply.NullArrayReply) {
            return List.of();
        }
        throw new IllegalStateException("expected an array reply, got " + reply);
    }

    private static List<String> strings(Reply reply) {
        List<Reply> items = elements(reply);
        List<String> out = new ArrayList<>(items.size());
        for (Reply item : items) {
            out.add(utf8(bulkOrNull(item)));
        }
        return out;
    }
}
