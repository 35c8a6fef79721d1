/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RedisTools;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem's AOF directory and redis-server 7.0's, both ways: {@code redis-check-aof} accepts
 * Tandem's manifest and files, redis-server {@code --appendonly yes} starts on Tandem's
 * directory with the same {@code DEBUG DIGEST}, and Tandem starts on redis-server's.
 */
@Tag("interop")
@RequiresRedis
class AofInteropTest {

    @TempDir
    Path dir;

    private static void fill(RespClient c) throws Exception {
        for (int i = 0; i < 300; i++) {
            c.call("SET", "s" + i, "v" + i);
            c.call("INCR", "counter");
            c.call("RPUSH", "l" + (i % 10), "e" + i);
            c.call("HSET", "h" + (i % 5), "f" + i, "x".repeat(i % 50));
            c.call("ZADD", "z" + (i % 3), Integer.toString(i), "m" + i);
        }
        c.call("SET", "ttl", "v", "EX", "10000");
        c.call("SELECT", "7");
        c.call("SADD", "in-db-7", "a", "b");
        c.call("MULTI");
        c.call("INCR", "tx");
        c.call("LPUSH", "txl", "1");
        c.call("EXEC");
        c.call("SELECT", "0");
        c.call("DEL", "s7");
    }

    private static String digest(RespClient c) throws Exception {
        Object d = c.call("DEBUG", "DIGEST");
        return d instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(d);
    }

    private static String checkAof(Path manifest) throws Exception {
        Process p = new ProcessBuilder(RedisTools.require("redis-check-aof"), manifest.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("redis-check-aof did not finish within 60 s: " + output);
        }
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    @Test
    void redisCheckAofAndRedisServerAcceptTandemsAof() throws Exception {
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).appendOnly(true)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            fill(c);
            // A rewrite in the middle: Redis reads the new base and the writes after it.
            c.call("BGREWRITEAOF");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> "1".equals(RdbPersistenceTest.info(c).get("aof_rewrites")));
            assertTrue(Files.exists(dir.resolve("appendonlydir/appendonly.aof.2.base.rdb")));
            c.call("INCR", "counter");
            c.call("SET", "after-rewrite", "1");
            digest = node.digest();
        }
        String output = checkAof(dir.resolve("appendonlydir/appendonly.aof.manifest"));
        assertTrue(output.contains("All AOF files and manifest are valid"), output);
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir).config("--appendonly", "yes").start();
             RespClient c = redis.client()) {
            assertEquals(digest, digest(c));
        }
    }

    @Test
    void aBaseOfCommandsWithTimestampsIsAcceptedByRedis() throws Exception {
        // aof-use-rdb-preamble no and aof-timestamp-enabled yes: the base and the incr hold commands and #TS: lines.
        Persistence p = Persistence.in(dir).appendOnly(true).aofUseRdbPreamble(false);
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(p).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("CONFIG", "SET", "aof-timestamp-enabled", "yes");
            fill(c);
            for (int i = 0; i < 200; i++) {
                c.call("RPUSH", "long-list", "x" + i); // several RPUSH batches of 64
                c.call("SADD", "big-set", "m" + i);
                c.call("SADD", "int-set", Integer.toString(i));
            }
            c.call("ZADD", "scores", "-inf", "low", "1e-300", "tiny", "3.141592653589793", "pi", "+inf", "high");
            c.call("PEXPIRE", "long-list", "100000000");
            c.call("BGREWRITEAOF");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> "1".equals(RdbPersistenceTest.info(c).get("aof_rewrites")));
            assertTrue(Files.exists(dir.resolve("appendonlydir/appendonly.aof.2.base.aof")));
            c.call("SET", "after-rewrite", "1");
            digest = node.digest();
        }
        String output = checkAof(dir.resolve("appendonlydir/appendonly.aof.manifest"));
        assertTrue(output.contains("All AOF files and manifest are valid"), output);
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir)
                .config("--appendonly", "yes", "--aof-use-rdb-preamble", "no").start();
             RespClient c = redis.client()) {
            assertEquals(digest, digest(c));
        }
    }

    @Test
    void tandemStartsOnRedisServersAof() throws Exception {
        String digest;
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir).config("--appendonly", "yes").start();
             RespClient c = redis.client()) {
            fill(c);
            digest = digest(c);
        }
        assertTrue(Files.exists(dir.resolve("appendonlydir/appendonly.aof.manifest")));
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).appendOnly(true)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(digest, node.digest());
            // Tandem goes on appending to Redis's incremental file, and Redis reads it back.
            c.call("SET", "from-tandem", "1");
            digest = node.digest();
        }
        checkAof(dir.resolve("appendonlydir/appendonly.aof.manifest"));
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir).config("--appendonly", "yes").start();
             RespClient c = redis.client()) {
            assertEquals(digest, digest(c));
        }
    }
}
