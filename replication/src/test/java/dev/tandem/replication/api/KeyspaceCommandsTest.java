/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.Role;
import dev.tandem.replication.transport.LocalTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data API of a node: raw execute, typed methods, per-database views and the map view. */
class KeyspaceCommandsTest {

    private static LocalTransport transport;
    private static ReplicatedKeyspace node;

    @BeforeAll
    static void start() {
        transport = new LocalTransport();
        node = ReplicatedKeyspace.builder().transport(transport).start();
    }

    @AfterAll
    static void stop() {
        node.close();
        transport.close();
    }

    @BeforeEach
    void flush() {
        node.execute("FLUSHALL");
    }

    @Test
    void stringsAndKeys() {
        node.set("a", "1");
        assertEquals("1", node.get("a"));
        assertEquals(5, node.incrBy("a", 4));
        assertEquals(6, node.incr("a"));
        assertTrue(node.exists("a"));
        assertEquals(-1, node.ttlMillis("a"));
        assertTrue(node.expire("a", Duration.ofSeconds(100)));
        assertTrue(node.ttlMillis("a") > 90_000);
        assertTrue(node.persist("a"));
        node.set("t", "x", Duration.ofSeconds(50));
        assertTrue(node.ttlMillis("t") > 40_000);
        assertEquals(2, node.del("a", "t", "missing"));
        assertNull(node.get("a"));
        assertEquals(0, node.dbsize());
    }

    @Test
    void binaryKeysAndValues() {
        byte[] key = {0, (byte) 0xff, '\r', '\n'};
        byte[] value = {(byte) 0x80, 0, 1};
        node.set(key, value);
        assertEquals(List.of((byte) 0x80, (byte) 0, (byte) 1), boxed(node.get(key)));
    }

    private static List<Byte> boxed(byte[] b) {
        return List.of(b[0], b[1], b[2]);
    }

    @Test
    void collections() {
        assertTrue(node.hset("h", "f", "v"));
        assertFalse(node.hset("h", "f", "w"));
        node.hset("h", "g", "x");
        assertEquals("w", node.hget("h", "f"));
        assertEquals(new TreeMap<>(Map.of("f", "w", "g", "x")), new TreeMap<>(node.hgetAll("h")));
        assertEquals(1, node.hdel("h", "g"));
        assertEquals(1, node.hlen("h"));

        assertEquals(3, node.rpush("l", "a", "b", "c"));
        assertEquals(4, node.lpush("l", "z"));
        assertEquals(List.of("z", "a", "b", "c"), node.lrange("l", 0, -1));
        assertEquals("z", node.lpop("l"));
        assertEquals("c", node.rpop("l"));
        assertEquals(2, node.llen("l"));

        assertEquals(2, node.sadd("s", "x", "y", "x"));
        assertEquals(Set.of("x", "y"), node.smembers("s"));
        assertTrue(node.sismember("s", "x"));
        assertEquals(1, node.srem("s", "x"));
        assertEquals(1, node.scard("s"));

        assertTrue(node.zadd("z", 2.5, "b"));
        assertTrue(node.zadd("z", 1, "a"));
        assertFalse(node.zadd("z", 3, "b"));
        assertEquals(3.0, node.zscore("z", "b"));
        assertNull(node.zscore("z", "nope"));
        assertEquals(List.of("a", "b"), node.zrange("z", 0, -1));
        assertEquals(2, node.zcard("z"));
        assertEquals(1, node.zrem("z", "a"));
    }

    @Test
    void errorsBecomeExceptionsInTypedMethodsAndRepliesInExecute() {
        node.rpush("l", "a");
        RedisReplyException e = assertThrows(RedisReplyException.class, () -> node.get("l"));
        assertEquals("WRONGTYPE", e.prefix());
        Reply raw = node.execute("GET", "l");
        assertEquals(new Reply.ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value"), raw);
        Reply unknown = node.execute("NOSUCHCOMMAND".getBytes(StandardCharsets.UTF_8));
        assertTrue(((Reply.ErrorReply) unknown).text().startsWith("ERR unknown command 'NOSUCHCOMMAND'"));
    }

    @Test
    void databasesAreSeparate() {
        node.database(3).set("k", "three");
        assertNull(node.get("k"));
        assertEquals("three", node.database(3).get("k"));
        assertEquals(3, node.database(3).index());
        assertThrows(IllegalArgumentException.class, () -> node.database(16));
    }

    @Test
    void mapViewCoversStringKeysOnly() {
        Map<String, String> map = node.database(1).asMap();
        assertNull(map.put("a", "1"));
        assertEquals("1", map.put("a", "2"));
        map.put("b", "3");
        node.database(1).rpush("list", "x");
        assertEquals("2", map.get("a"));
        assertNull(map.get("list"));
        assertTrue(map.containsKey("a"));
        assertFalse(map.containsKey("list"));
        assertEquals(2, map.size());
        assertEquals(new TreeMap<>(Map.of("a", "2", "b", "3")), new TreeMap<>(new LinkedHashMap<>(map)));
        assertEquals("3", map.remove("b"));
        assertNull(map.remove("list"));
        assertEquals(1, node.database(1).llen("list"));
        map.entrySet().removeIf(en -> en.getKey().equals("a"));
        assertTrue(map.isEmpty());
        // put replaces a key of another type, as SET does
        assertNull(map.put("list", "now a string"));
        assertEquals("now a string", map.get("list"));
    }

    @Test
    void aFreshNodeIsAMasterWithAnActiveBacklog() {
        assertEquals(Role.MASTER, node.role());
        String info = node.replicationInfo().toString();
        assertTrue(info.startsWith("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"), info);
        assertTrue(info.contains("repl_backlog_active:1\r\n"), info);
        long offset = node.masterReplOffset();
        node.set("x", "y");
        assertTrue(node.masterReplOffset() > offset);
    }
}
