/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Every command family through Jedis (RESP2) against a running server. */
class JedisCommandsTest {

    private static final String DIGEST = "0123456789abcdef0123456789abcdef01234567";
    private static TestServer server;
    private Jedis jedis;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.digest(new DebugDigestProvider() {
            @Override
            public String digest(Keyspace keyspace) {
                return DIGEST;
            }

            @Override
            public String digestValue(Keyspace keyspace, int db, byte[] key) {
                return keyspace.database(db).size() > 0 ? DIGEST : "0".repeat(40);
            }
        }));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() {
        jedis = server.jedis();
        jedis.flushAll();
    }

    @org.junit.jupiter.api.AfterEach
    void disconnect() {
        jedis.close();
    }

    @Test
    void strings() {
        assertEquals("OK", jedis.set("k", "v"));
        assertEquals("v", jedis.get("k"));
        assertNull(jedis.get("missing"));
        assertEquals(3, jedis.incrBy("n", 3));
        assertEquals(5, jedis.append("k", "alue"));
        assertEquals(List.of("value", "3"), jedis.mget("k", "n"));
        assertEquals("string", jedis.type("k"));
        byte[] binary = {0, 1, (byte) 0xff, '\r', '\n'};
        jedis.set("bin".getBytes(), binary);
        assertTrue(java.util.Arrays.equals(binary, jedis.get("bin".getBytes())));
    }

    @Test
    void keys() {
        jedis.set("a", "1");
        jedis.set("b", "2");
        assertEquals(2, jedis.exists("a", "b", "c"));
        assertEquals(1, jedis.expire("a", 100));
        assertTrue(jedis.ttl("a") > 0);
        assertEquals(2, jedis.dbSize());
        assertEquals(1, jedis.del("b"));
        Set<String> seen = new java.util.HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor);
            seen.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals("0"));
        assertEquals(Set.of("a"), seen);
        assertEquals("OK", jedis.flushDB());
        assertEquals(0, jedis.dbSize());
    }

    @Test
    void listsHashesSetsSortedSets() {
        assertEquals(3, jedis.rpush("l", "a", "b", "c"));
        assertEquals(List.of("a", "b", "c"), jedis.lrange("l", 0, -1));
        assertEquals(2, jedis.hset("h", Map.of("f1", "v1", "f2", "v2")));
        assertEquals(Map.of("f1", "v1", "f2", "v2"), jedis.hgetAll("h"));
        assertEquals(2, jedis.sadd("s", "x", "y"));
        assertEquals(Set.of("x", "y"), jedis.smembers("s"));
        assertEquals(1, jedis.zadd("z", 1.5, "m"));
        assertEquals(1.5, jedis.zscore("z", "m"));
        assertEquals(List.of("m"), jedis.zrange("z", 0, -1));
        JedisDataException wrongType = assertThrows(JedisDataException.class, () -> jedis.get("l"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", wrongType.getMessage());
    }

    @Test
    void connectionCommands() {
        assertEquals("PONG", jedis.ping());
        assertEquals("hello", jedis.ping("hello"));
        assertEquals("echo", jedis.echo("echo"));
        List<String> time = jedis.time();
        assertEquals(2, time.size());
        assertTrue(Long.parseLong(time.get(0)) > 1_600_000_000L);
        assertTrue(jedis.lastsave() > 0);
        jedis.set("db0", "x");
        assertEquals("OK", jedis.select(1));
        assertNull(jedis.get("db0"));
        assertEquals("OK", jedis.select(0));
        assertEquals("x", jedis.get("db0"));
        JedisDataException bad = assertThrows(JedisDataException.class, () -> jedis.select(16));
        assertEquals("ERR DB index is out of range", bad.getMessage());
    }

    @Test
    void clientCommands() {
        assertEquals("OK", jedis.clientSetname("tester"));
        assertEquals("tester", jedis.clientGetname());
        long id = jedis.clientId();
        String list = jedis.clientList();
        assertTrue(list.contains("id=" + id + " "), list);
        assertTrue(list.contains("name=tester"), list);
        assertTrue(jedis.clientInfo().startsWith("id=" + id + " "));
        JedisDataException badName = assertThrows(JedisDataException.class, () -> jedis.clientSetname("a b"));
        assertEquals("ERR Client names cannot contain spaces, newlines or special characters.", badName.getMessage());
        try (Jedis other = server.jedis()) {
            long otherId = other.clientId();
            assertEquals(1, jedis.clientKill(new redis.clients.jedis.params.ClientKillParams().id(String.valueOf(otherId))));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> server.server.clients().stream().noneMatch(c -> c.id() == otherId));
            assertThrows(Exception.class, other::ping);
        }
        assertEquals("PONG", jedis.ping(), "SKIPME yes is the default: the caller survives");
    }

    @Test
    void configInfoCommandRoleDebug() {
        assertEquals(Map.of("maxclients", "10000"), jedis.configGet("maxclients"));
        assertEquals("OK", jedis.configSet("timeout", "300"));
        assertEquals(Map.of("timeout", "300"), jedis.configGet("timeout"));
        jedis.configSet("timeout", "0");
        JedisDataException unknown = assertThrows(JedisDataException.class, () -> jedis.configSet("nope", "1"));
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'nope'", unknown.getMessage());
        JedisDataException invalid = assertThrows(JedisDataException.class, () -> jedis.configSet("maxclients", "x"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be "
                + "parsed into an integer", invalid.getMessage());

        jedis.set("k", "v");
        String info = jedis.info();
        for (String field : List.of("# Server", "redis_version:7.0.15", "redis_mode:standalone", "run_id:",
                "# Clients", "connected_clients:", "# Memory", "used_memory:", "# Persistence", "loading:0",
                "# Stats", "total_commands_processed:", "instantaneous_ops_per_sec:", "sync_full:0",
                "sync_partial_ok:0", "sync_partial_err:0", "# Replication", "role:master", "# Keyspace",
                "db0:keys=1,expires=0,avg_ttl=0")) {
            assertTrue(info.contains(field), field + " in\n" + info);
        }
        assertTrue(jedis.info("keyspace").startsWith("# Keyspace\r\n"));
        assertTrue(jedis.info("server").contains("tcp_port:" + server.port()));

        assertTrue(jedis.commandCount() > 100);
        List<Object> role = jedis.role();
        assertEquals("master", role.get(0));
        assertEquals(DIGEST, jedis.sendCommand(() -> "DEBUG".getBytes(), "DIGEST") instanceof byte[] b
                ? new String(b) : null);
        Object values = jedis.sendCommand(() -> "DEBUG".getBytes(), "DIGEST-VALUE", "k");
        assertEquals(DIGEST, new String((byte[]) ((List<?>) values).get(0)));
    }

    @Test
    void transactions() {
        Transaction t = jedis.multi();
        t.set("a", "1");
        t.sendCommand(() -> "CLIENT".getBytes(), "SETNAME", "inside");
        t.incr("a");
        t.get("a");
        List<Object> results = t.exec();
        assertEquals(4, results.size());
        assertEquals("OK", results.get(0));
        assertEquals("OK", new String((byte[]) results.get(1)));
        assertEquals(2L, results.get(2));
        assertEquals("2", results.get(3));
        assertEquals("inside", jedis.clientGetname());

        jedis.watch("a");
        try (Jedis other = server.jedis()) {
            other.set("a", "changed");
        }
        Transaction aborted = jedis.multi();
        aborted.set("a", "mine");
        assertNull(aborted.exec(), "a touched WATCHed key fails EXEC");
        assertEquals("changed", jedis.get("a"));

        Transaction discarded = jedis.multi();
        discarded.set("a", "discarded");
        assertEquals("OK", discarded.discard());
        assertEquals("changed", jedis.get("a"));
    }

    @Test
    void unknownAndUnsupportedCommands() {
        JedisDataException unknown = assertThrows(JedisDataException.class,
                () -> jedis.sendCommand(() -> "FOOBAR".getBytes(), "a", "b"));
        assertEquals("ERR unknown command 'FOOBAR', with args beginning with: 'a' 'b' ", unknown.getMessage());
        JedisDataException unsupported = assertThrows(JedisDataException.class,
                () -> jedis.sendCommand(() -> "MIGRATE".getBytes()));
        assertEquals("ERR command 'migrate' exists in Redis but is not supported by Tandem", unsupported.getMessage());
        JedisDataException arity = assertThrows(JedisDataException.class,
                () -> jedis.sendCommand(() -> "GET".getBytes()));
        assertEquals("ERR wrong number of arguments for 'get' command", arity.getMessage());
    }

    @Test
    void thousandPipelinedCommandsReplyInOrder() {
        Pipeline p = jedis.pipelined();
        List<Response<?>> responses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (i % 2 == 0) {
                responses.add(p.set("p" + i, "v" + i));
            } else {
                responses.add(p.get("p" + (i - 1)));
            }
        }
        p.sync();
        for (int i = 0; i < 1000; i++) {
            assertEquals(i % 2 == 0 ? "OK" : "v" + (i - 1), responses.get(i).get(), "reply " + i);
        }
        assertFalse(jedis.clientList().isEmpty());
    }
}
