/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.interop;

import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.rdb.RdbFiles;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reverse direction: redis-server 7.0 saves a dataset built with every encoding it has
 * (listpacks, intsets, quicklists with compressed nodes, hash tables, skiplists, LZF strings,
 * streams with deleted entries, groups, PELs and consumers, expiries, several databases); our
 * reader and loader build the same dataset: same DEBUG DIGEST, same stream state, same
 * encodings.
 */
@Tag("interop")
class LoaderInteropTest {
    @TempDir
    Path dir;

    @Test
    void redisDumpLoadsWithTheSameDigestStreamStateAndEncodings() throws Exception {
        RedisServerProcess.requireBinary();
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename", "dump.rdb",
                "--list-compress-depth", "1");
             RespClient c = redis.client()) {
            List<String> keysDb0 = fill(c);
            String digest = RedisTools.string(c, "DEBUG", "DIGEST");
            RedisTools.ok(c, "SAVE");

            Keyspace ours = new Keyspace();
            KeyspaceLoader loader = RdbFiles.load(dir.resolve("dump.rdb"), ours);
            assertEquals(10, loader.rdbVersion());
            assertEquals("7.0.15", loader.auxString("redis-ver").orElseThrow());
            assertEquals(digest, DatasetDigest.of(ours));
            assertEquals(Long.parseLong(RedisTools.string(c, "DBSIZE")) + 3, loader.keysLoaded()); // + db 2 and db 9

            StreamState.assertSame(c, 0, "stream:big", ours);
            StreamState.assertSame(c, 0, "stream:emptied", ours);
            StreamState.assertSame(c, 2, "stream:db2", ours);
            RedisTools.ok(c, "SELECT", "0");
            for (String key : keysDb0) {
                assertEquals(RedisTools.string(c, "OBJECT", "ENCODING", key), encoding(ours, key), "encoding of " + key);
            }
        }
    }

    /** Builds the dataset; returns the db-0 keys whose encoding is compared. */
    private static List<String> fill(RespClient c) throws IOException {
        List<String> keys = new ArrayList<>();
        RedisTools.ok(c, "SET", "s:int", "12345");
        RedisTools.ok(c, "SET", "s:lead0", "007");
        RedisTools.ok(c, "SET", "s:big", "2147483648");
        RedisTools.ok(c, "SET", "s:lzf", "x".repeat(1000));
        RedisTools.ok(c, "SET", "s:exp", "v", "PXAT", "4102444800123");
        c.call("SET".getBytes(), "s:bin".getBytes(), new byte[] {0, (byte) 0xFF, '\r', '\n', 7});

        RedisTools.ok(c, "RPUSH", "list:small", "a", "1", "-1", "1000", "5000000000", "hello");
        for (int i = 0; i < 3000; i += 100) {
            List<String> argv = new ArrayList<>(List.of("RPUSH", "list:big"));
            for (int j = i; j < i + 100; j++) {
                argv.add(j % 2 == 0 ? Integer.toString(j) : "item-" + j + "-" + "z".repeat(j % 40));
            }
            RedisTools.ok(c, argv.toArray(new String[0]));
        }
        RedisTools.ok(c, "PEXPIREAT", "list:big", "4102444800000");

        RedisTools.ok(c, "SADD", "set:intset", "1", "2", "3", "-5", "5000000000");
        keys.add("set:intset");
        for (int i = 0; i < 600; i += 100) {
            List<String> argv = new ArrayList<>(List.of("SADD", "set:bigints"));
            for (int j = i; j < i + 100; j++) {
                argv.add(Integer.toString(j * 3));
            }
            RedisTools.ok(c, argv.toArray(new String[0]));
        }
        keys.add("set:bigints");
        RedisTools.ok(c, "SADD", "set:strs", "apple", "banana", "1");
        keys.add("set:strs");

        RedisTools.ok(c, "ZADD", "zset:small", "1", "a", "2.5", "b", "-3", "c", "inf", "d", "-inf", "e", "0.1", "f");
        keys.add("zset:small");
        for (int i = 0; i < 200; i += 50) {
            List<String> argv = new ArrayList<>(List.of("ZADD", "zset:big"));
            for (int j = i; j < i + 50; j++) {
                argv.add(Double.toString(j * 0.25));
                argv.add("member-" + j);
            }
            RedisTools.ok(c, argv.toArray(new String[0]));
        }
        keys.add("zset:big");
        RedisTools.ok(c, "ZADD", "zset:longmember", "1", "m".repeat(100));
        keys.add("zset:longmember");

        RedisTools.ok(c, "HSET", "hash:small", "f1", "v1", "num", "42");
        keys.add("hash:small");
        for (int i = 0; i < 600; i += 100) {
            List<String> argv = new ArrayList<>(List.of("HSET", "hash:big"));
            for (int j = i; j < i + 100; j++) {
                argv.add("field-" + j);
                argv.add("value-" + j);
            }
            RedisTools.ok(c, argv.toArray(new String[0]));
        }
        keys.add("hash:big");
        RedisTools.ok(c, "HSET", "hash:longvalue", "f", "v".repeat(100));
        keys.add("hash:longvalue");

        for (int i = 1; i <= 300; i++) {
            if (i % 10 == 0) {
                RedisTools.ok(c, "XADD", "stream:big", "1000-" + i, "other", "x" + i);
            } else {
                RedisTools.ok(c, "XADD", "stream:big", "1000-" + i, "name", "n" + i, "age", Integer.toString(i));
            }
        }
        RedisTools.ok(c, "XDEL", "stream:big", "1000-5", "1000-6", "1000-150", "1000-1");
        RedisTools.ok(c, "XGROUP", "CREATE", "stream:big", "workers", "0");
        c.call("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "40", "STREAMS", "stream:big", ">");
        c.call("XREADGROUP", "GROUP", "workers", "bob", "COUNT", "25", "STREAMS", "stream:big", ">");
        RedisTools.ok(c, "XACK", "stream:big", "workers", "1000-2", "1000-3", "1000-50");
        RedisTools.ok(c, "XDEL", "stream:big", "1000-4"); // pending but deleted: stays in the PEL
        RedisTools.ok(c, "XGROUP", "CREATE", "stream:big", "late", "$");
        RedisTools.ok(c, "XGROUP", "CREATECONSUMER", "stream:big", "late", "carol");

        RedisTools.ok(c, "XADD", "stream:emptied", "5-1", "f", "v");
        RedisTools.ok(c, "XDEL", "stream:emptied", "5-1");
        RedisTools.ok(c, "XGROUP", "CREATE", "stream:emptied", "g", "$");

        RedisTools.ok(c, "SELECT", "2");
        RedisTools.ok(c, "SET", "db2:key", "v");
        RedisTools.ok(c, "XADD", "stream:db2", "*", "f", "v");
        RedisTools.ok(c, "XGROUP", "CREATE", "stream:db2", "g", "0");
        c.call("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "stream:db2", ">");
        RedisTools.ok(c, "SELECT", "9");
        RedisTools.ok(c, "HSET", "db9:hash", "a", "b");
        RedisTools.ok(c, "SELECT", "0");
        assertTrue(keys.size() > 5);
        return keys;
    }

    private static String encoding(Keyspace ks, String key) {
        RedisValue v = ks.database(0).peek(Key.of(key)).value();
        if (v instanceof HashValue h) {
            return h.isListpackEncoded() ? "listpack" : "hashtable";
        }
        if (v instanceof SetValue s) {
            return s.isIntsetEncoded() ? "intset" : "hashtable";
        }
        if (v instanceof ZSetValue z) {
            return z.encoding();
        }
        throw new IllegalArgumentException(key + " is not a hash, set or sorted set");
    }
}
