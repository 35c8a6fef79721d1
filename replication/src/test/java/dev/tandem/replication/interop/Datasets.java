/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Datasets written over RESP (to a redis-server or a Tandem node) that reach every data type
 * and, on a redis-server 7.0, every encoding it writes to an RDB: int-encoded and
 * LZF-compressible strings, listpacks, intsets, quicklists of many nodes, hash tables,
 * skiplists, and streams with consumer groups and pending entries.
 */
final class Datasets {

    private Datasets() {
    }

    /** Every type but streams (Tandem's command table has no stream writes), in db 0 and a few others. */
    static void everyType(RespClient c, String prefix) throws IOException {
        ok(c.call("SELECT", "0"));
        // Strings: raw, int-encoded, negative, float-like, huge and compressible, binary, empty.
        set(c, prefix + "str:plain", "hello world");
        set(c, prefix + "str:int", "12345");
        set(c, prefix + "str:negint", "-42");
        set(c, prefix + "str:maxlong", "9223372036854775807");
        set(c, prefix + "str:float", "3.14159");
        set(c, prefix + "str:big", "abcdefgh".repeat(4000));
        set(c, prefix + "str:empty", "");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        c.call(bytes("SET"), bytes(prefix + "str:bin"), binary);
        c.call(bytes("SET"), binary, bytes("binary key"));
        // Lists: a small listpack, a quicklist of many nodes, long elements, integers.
        rpush(c, prefix + "list:small", range("e", 0, 5));
        rpush(c, prefix + "list:big", range("element-", 0, 3000));
        List<String> longElements = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            longElements.add(("long-" + i + "-").repeat(20));
        }
        rpush(c, prefix + "list:long", longElements);
        rpush(c, prefix + "list:ints", range("", 0, 300));
        // Hashes: listpack, hash table by size, hash table by value length.
        hset(c, prefix + "hash:small", 5, 8);
        hset(c, prefix + "hash:big", 1000, 8);
        hset(c, prefix + "hash:longval", 3, 100);
        c.call("HSET", prefix + "hash:ints", "1", "100", "2", "-200", "3", "3000000000");
        // Sets: intsets (small and beyond set-max-intset-entries), string sets small and big.
        sadd(c, prefix + "set:intset", range("", 1, 100));
        List<String> manyInts = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            manyInts.add(Integer.toString(i * 7 - 1000));
        }
        sadd(c, prefix + "set:bigints", manyInts);
        sadd(c, prefix + "set:strings", range("member-", 0, 20));
        sadd(c, prefix + "set:big", range("m", 0, 2000));
        // Sorted sets: listpack, skiplist by size, skiplist by member length, special scores.
        zadd(c, prefix + "zset:small", 10, 10);
        zadd(c, prefix + "zset:big", 600, 10);
        zadd(c, prefix + "zset:long", 3, 100);
        c.call("ZADD", prefix + "zset:special", "inf", "pinf", "-inf", "ninf", "0", "zero", "-0.5", "neg",
                "1e300", "huge", "0.1", "tenth", "3.0000000000000004", "ulp");
        // Expiries in the future, relative and absolute.
        c.call("SET", prefix + "ttl:str", "v", "EX", "3600");
        c.call("RPUSH", prefix + "ttl:list", "a", "b");
        c.call("PEXPIRE", prefix + "ttl:list", "7200000");
        c.call("HSET", prefix + "ttl:hash", "f", "v");
        c.call("EXPIREAT", prefix + "ttl:hash", Long.toString(System.currentTimeMillis() / 1000 + 86_400));
        c.call("SADD", prefix + "ttl:set", "x");
        c.call("PEXPIREAT", prefix + "ttl:set", Long.toString(System.currentTimeMillis() + 5_000_000));
        // Other databases.
        ok(c.call("SELECT", "3"));
        set(c, prefix + "db3:str", "three");
        zadd(c, prefix + "db3:zset", 4, 8);
        c.call("SET", prefix + "db3:ttl", "x", "PX", "9000000");
        ok(c.call("SELECT", "15"));
        rpush(c, prefix + "db15:list", range("x", 0, 3));
        ok(c.call("SELECT", "0"));
    }

    /** Streams with consumer groups, pending entries, deletions and an emptied stream (redis-server only). */
    static void streams(RespClient c, String prefix) throws IOException {
        ok(c.call("SELECT", "0"));
        String s = prefix + "stream:main";
        for (int i = 0; i < 400; i++) {
            c.call("XADD", s, "*", "field", "value-" + i, "n", Integer.toString(i));
        }
        c.call("XADD", s, "*", "other-field", "x".repeat(200));
        ok(c.call("XGROUP", "CREATE", s, "g1", "0"));
        ok(c.call("XGROUP", "CREATE", s, "g2", "$"));
        c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "20", "STREAMS", s, ">");
        c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", s, ">");
        Object entries = c.call("XRANGE", s, "-", "+", "COUNT", "3");
        List<?> list = (List<?>) entries;
        String first = Interop.utf8(((List<?>) list.get(0)).get(0));
        String third = Interop.utf8(((List<?>) list.get(2)).get(0));
        c.call("XACK", s, "g1", first);
        c.call("XDEL", s, third);
        String small = prefix + "stream:small";
        c.call("XADD", small, "1-1", "a", "1");
        c.call("XADD", small, "2-0", "b", "2");
        String emptied = prefix + "stream:emptied";
        c.call("XADD", emptied, "5-5", "k", "v");
        c.call("XDEL", emptied, "5-5");
        c.call("XGROUP", "CREATE", emptied, "empty-group", "$");
    }

    static void set(RespClient c, String key, String value) throws IOException {
        ok(c.call("SET", key, value));
    }

    static void rpush(RespClient c, String key, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i += 500) {
            List<String> argv = new ArrayList<>(List.of("RPUSH", key));
            argv.addAll(values.subList(i, Math.min(values.size(), i + 500)));
            c.call(argv.toArray(new String[0]));
        }
    }

    static void sadd(RespClient c, String key, List<String> values) throws IOException {
        List<String> argv = new ArrayList<>(List.of("SADD", key));
        argv.addAll(values);
        c.call(argv.toArray(new String[0]));
    }

    static void hset(RespClient c, String key, int fields, int valueLength) throws IOException {
        List<String> argv = new ArrayList<>(List.of("HSET", key));
        for (int i = 0; i < fields; i++) {
            argv.add("field-" + i);
            argv.add(pad("v" + i, valueLength));
        }
        c.call(argv.toArray(new String[0]));
    }

    static void zadd(RespClient c, String key, int members, int memberLength) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ZADD", key));
        for (int i = 0; i < members; i++) {
            argv.add(i % 3 == 0 ? Integer.toString(i) : (i * 1.25) + "");
            argv.add(pad("member-" + i, memberLength));
        }
        c.call(argv.toArray(new String[0]));
    }

    static List<String> range(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static String pad(String s, int length) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < length) {
            b.append('.');
        }
        return b.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void ok(Object reply) {
        if (!"OK".equals(reply)) {
            throw new AssertionError("expected +OK, got " + RespClient.describe(reply));
        }
    }
}
