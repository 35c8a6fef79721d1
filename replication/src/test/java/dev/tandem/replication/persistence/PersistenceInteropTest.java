/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RedisTools;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem's RDB files and redis-server 7.0's, both ways: {@code redis-check-rdb} accepts Tandem's
 * file and redis-server starts on it with the same {@code DEBUG DIGEST}; Tandem starts on a file
 * redis-server saved with the same digest; restarts from those files continue replication by
 * partial resync with real Redis on the other side, both directions.
 */
@Tag("interop")
@RequiresRedis
class PersistenceInteropTest {

    @TempDir
    Path dir;

    private static void fillTandem(ReplicatedKeyspace node) {
        for (int i = 0; i < 300; i++) {
            node.execute("SET", "s" + i, "v" + i);
            node.execute("RPUSH", "l" + (i % 10), "e" + i);
            node.execute("SADD", "set" + (i % 7), Integer.toString(i));
            node.execute("HSET", "h" + (i % 5), "f" + i, "x".repeat(i % 50));
            node.execute("ZADD", "z" + (i % 3), Integer.toString(i), "m" + i);
        }
        node.execute("XADD", "stream", "1-1", "f", "v");
        node.execute("SET", "ttl", "v", "EX", "10000");
        node.execute("SET", "big", "y".repeat(100_000));
    }

    private static String digest(RespClient c) throws Exception {
        Object d = c.call("DEBUG", "DIGEST");
        return d instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(d);
    }

    private static long infoLong(RespClient c, String section, String field) throws Exception {
        Object reply = c.call("INFO", section);
        String text = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError(field + " not in " + text);
    }

    @Test
    void redisCheckRdbAndRedisServerAcceptTandemsFile() throws Exception {
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start()) {
            fillTandem(node);
            node.save();
            digest = node.digest();
        }
        RedisTools.CheckResult check = RedisTools.checkRdb(dir.resolve("dump.rdb"));
        assertTrue(check.ok(), check.output());
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir).start();
             RespClient c = redis.client()) {
            assertEquals(digest, digest(c));
        }
    }

    @Test
    void tandemStartsOnAFileRedisServerSaved() throws Exception {
        String digest;
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir).start();
             RespClient c = redis.client()) {
            for (int i = 0; i < 300; i++) {
                c.call("SET", "s" + i, "v" + i);
                c.call("RPUSH", "l" + (i % 10), "e" + i);
                c.call("SADD", "set" + (i % 7), Integer.toString(i));
                c.call("HSET", "h" + (i % 5), "f" + i, "x" + i);
                c.call("ZADD", "z" + (i % 3), Integer.toString(i), "m" + i);
            }
            c.call("SELECT", "9");
            c.call("SET", "db9", "v", "EX", "10000");
            c.call("SAVE");
            digest = digest(c);
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start()) {
            assertEquals(digest, node.digest());
        }
    }

    @Test
    void aTandemReplicaOfRedisRestartedFromItsRdbGetsContinue() throws Exception {
        Path tandemDir = Files.createDirectories(dir.resolve("tandem"));
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient c = redis.client()) {
            for (int i = 0; i < 200; i++) {
                c.call("SET", "k" + i, "v" + i);
            }
            // The stream's db is 5 when the replica saves: the file's repl-stream-db must say so,
            // since the master sends no SELECT before its next db-5 write after the restart.
            c.call("SELECT", "5");
            c.call("SET", "in-db-5", "before");
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().persistence(Persistence.in(tandemDir))
                    .replicaOf("127.0.0.1", redis.port()).start()) {
                awaitDigest(replica, c);
                replica.save();
            }
            for (int i = 0; i < 100; i++) {
                c.call("INCR", "counter"); // in db 5
            }
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().persistence(Persistence.in(tandemDir))
                    .replicaOf("127.0.0.1", redis.port()).start()) {
                awaitDigest(replica, c);
                assertEquals(1, infoLong(c, "stats", "sync_full"));
                assertEquals(1, infoLong(c, "stats", "sync_partial_ok"));
            }
        }
    }

    @Test
    void redisReplicasOfARestartedTandemMasterContinuePartially() throws Exception {
        Path tandemDir = Files.createDirectories(dir.resolve("tandem"));
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        ReplicatedKeyspace master = ReplicatedKeyspace.builder().persistence(Persistence.in(tandemDir)).start();
        int port = master.port();
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(redisDir)
                .config("--replicaof", "127.0.0.1", Integer.toString(port), "--save", "3600 1").start()) {
            try {
                fillTandem(master);
                try (RespClient c = redis.client()) {
                    awaitDigest(master, c);
                }
                master.save();
            } finally {
                master.close();
            }
            try (ReplicatedKeyspace restarted = ReplicatedKeyspace.builder().port(port)
                    .persistence(Persistence.in(tandemDir)).start();
                 RespClient c = redis.client()) {
                restarted.set("after", "restart");
                awaitDigest(restarted, c);
                assertEquals(1, restarted.syncCounters().syncPartialOk());
                assertEquals(0, restarted.syncCounters().syncFull());
                assertTrue(redis.logContains("Successful partial resynchronization with master"), redis.log().toString());
            }
        }
    }

    @Test
    void aRedisReplicaRestartedFromItsRdbContinuesWithATandemMaster() throws Exception {
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start()) {
            fillTandem(master);
            String[] replicaConfig = {"--replicaof", "127.0.0.1", Integer.toString(master.port()), "--save", "3600 1"};
            try (RedisServerProcess redis = RedisServerProcess.builder().dir(redisDir).config(replicaConfig).start();
                 RespClient c = redis.client()) {
                awaitDigest(master, c);
            } // SIGTERM: Redis saves (save rules are set) and exits
            master.set("while-down", "1");
            try (RedisServerProcess redis = RedisServerProcess.builder().dir(redisDir).config(replicaConfig).start();
                 RespClient c = redis.client()) {
                awaitDigest(master, c);
                assertEquals(1, master.syncCounters().syncFull());
                assertEquals(1, master.syncCounters().syncPartialOk());
            }
        }
    }

    private static void awaitDigest(ReplicatedKeyspace node, RespClient client) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> digest(client).equals(node.digest()));
    }
}
