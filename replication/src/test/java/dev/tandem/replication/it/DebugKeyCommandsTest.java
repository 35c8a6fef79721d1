/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DEBUG OBJECT, RELOAD, LOADAOF, SLEEP and STRINGMATCH-TEST on a node, as Redis 7.0's test suite uses them. */
class DebugKeyCommandsTest {

    private static String object(RespClient client, String key) {
        return client.text("DEBUG", "OBJECT", key);
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + ":")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + line);
    }

    @Test
    void debugObjectDescribesTheValueAsRedisDoes() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(new RespClient.ErrorReply("ERR no such key"), client.call("DEBUG", "OBJECT", "nope"));
            client.call("SET", "s", "hello");
            String line = object(client, "s");
            assertTrue(line.startsWith("Value at:0x"), line);
            assertEquals("embstr", field(line, "encoding"));
            assertEquals("1", field(line, "refcount"));
            assertEquals("6", field(line, "serializedlength")); // as redis-server 7.0.15 answers
            assertEquals("0", field(line, "lru_seconds_idle"));
            client.call("RPUSH", "L", "a", "b", "1");
            assertEquals("quicklist", field(object(client, "L"), "encoding"));
            assertEquals("18", field(object(client, "L"), "serializedlength"));
            client.call("SET", "shared", "7");
            assertEquals("2147483647", field(object(client, "shared"), "refcount"));

            // unit/type/incr: INCR changes the value in place, so the address stays.
            client.call("SET", "foo", "20000");
            String before = object(client, "foo").split(" ")[1];
            client.call("INCR", "foo");
            assertEquals(before, object(client, "foo").split(" ")[1]);
            assertEquals("int", field(object(client, "foo"), "encoding"));

            client.call("SET", "gone", "v", "PX", "1");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(5))
                    .until(() -> new RespClient.ErrorReply("ERR no such key").equals(client.call("DEBUG", "OBJECT", "gone")));
        }
    }

    @Test
    void reloadWithoutFilesGoesThroughAnInMemoryRdb() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            populate(client);
            String digest = client.text("DEBUG", "DIGEST");
            assertEquals("OK", client.text("DEBUG", "RELOAD"));
            assertEquals(digest, client.text("DEBUG", "DIGEST"));
            long ttl = (Long) client.call("TTL", "ttl");
            assertTrue(ttl > 0 && ttl <= 100, "the TTL survives: " + ttl);
            // unit/type/set "Set encoding after DEBUG RELOAD": an intset stays one, a big set a hashtable.
            assertEquals("intset", client.text("OBJECT", "ENCODING", "intset"));
            assertEquals("hashtable", client.text("OBJECT", "ENCODING", "bigset"));
            assertEquals("listpack", client.text("OBJECT", "ENCODING", "hash"));
            assertEquals(new RespClient.ErrorReply("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."),
                    client.call("DEBUG", "RELOAD", "FOO"));
            assertEquals(new RespClient.ErrorReply("ERR Error trying to load the RDB dump, check server logs."),
                    client.call("DEBUG", "RELOAD", "NOSAVE"));
            // NOFLUSH finds every key already there: Redis fails the load; MERGE lets the file win.
            assertEquals(new RespClient.ErrorReply("ERR Error trying to load the RDB dump, check server logs."),
                    client.call("DEBUG", "RELOAD", "NOFLUSH"));
            assertEquals("OK", client.text("DEBUG", "RELOAD", "NOFLUSH", "MERGE"));
            assertEquals(digest, client.text("DEBUG", "DIGEST"));
        }
    }

    @Test
    void reloadThroughTheRdbFile(@TempDir Path dir) throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            populate(client);
            String digest = client.text("DEBUG", "DIGEST");
            assertEquals("OK", client.text("DEBUG", "RELOAD"));
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            assertEquals(digest, client.text("DEBUG", "DIGEST"));
            // NOSAVE loads the file as it is: a key written since is gone again.
            client.call("SET", "later", "x");
            assertEquals("OK", client.text("DEBUG", "RELOAD", "NOSAVE"));
            assertEquals(0L, client.call("EXISTS", "later"));
            assertEquals(digest, client.text("DEBUG", "DIGEST"));
            // NOSAVE NOFLUSH MERGE adds the file's keys to what is there.
            client.call("DEL", "string");
            client.call("SET", "extra", "y");
            assertEquals("OK", client.text("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"));
            assertEquals("hello", client.text("GET", "string"));
            assertEquals("y", client.text("GET", "extra"));
            // debug.c loads the manifest whatever appendonly says; with none on disk Redis exits,
            // Tandem answers an error naming the directory it looked in.
            Object noAof = client.call("DEBUG", "LOADAOF");
            assertTrue(noAof instanceof RespClient.ErrorReply e
                    && e.text().startsWith("ERR no append only file to load in "), String.valueOf(noAof));
        }
    }

    @Test
    void loadAofReloadsTheAppendOnlyFile(@TempDir Path dir) throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).appendOnly(true)).start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            populate(client);
            String digest = client.text("DEBUG", "DIGEST");
            assertEquals("OK", client.text("DEBUG", "LOADAOF"));
            assertEquals(digest, client.text("DEBUG", "DIGEST"));
            client.call("SET", "after", "1");
            assertEquals("OK", client.text("DEBUG", "LOADAOF"));
            assertEquals("1", client.text("GET", "after"));
        }
    }

    @Test
    void sleepAndStringmatchTest() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", client.text("DEBUG", "SLEEP", "0"));
            assertEquals("OK", client.text("DEBUG", "SLEEP", "0.01"));
            assertEquals("OK", client.text("DEBUG", "SLEEP", "nope"));
            assertEquals("Apparently Redis did not crash: test passed", client.text("DEBUG", "STRINGMATCH-TEST"));
        }
    }

    private static void populate(RespClient client) {
        client.command("SET", "string", "hello");
        client.command("SET", "ttl", "v", "EX", "100");
        client.command("SADD", "intset", "1", "2", "3");
        for (int i = 0; i < 600; i++) {
            client.command("SADD", "bigset", "m" + i);
        }
        client.command("HSET", "hash", "f", "v");
        client.command("ZADD", "zset", "1", "a", "2", "b");
        client.command("RPUSH", "list", "a", "b", "c");
        client.command("SELECT", "3");
        client.command("SET", "db3", "x");
        client.command("SELECT", "0");
    }
}
