/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code tandem-server} processes (a master and its replica) and a real {@code redis-server}
 * replica of the Tandem master, each configured by a file, reach the same {@code DEBUG DIGEST};
 * then both launchers stop with status 0, one by {@code SHUTDOWN}, one by SIGTERM.
 */
@Tag("interop")
class LauncherInteropTest {

    private static final String PASSWORD = "s3cret pass";
    private static final String EMPTY_DIGEST = "0".repeat(40);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void launcherMasterLauncherReplicaAndRedisReplicaReachTheSameDigest() throws Exception {
        String redisServer = RedisServerProcess.requireBinary();
        int masterPort = LoggedProcess.freePort();
        int replicaPort = LoggedProcess.freePort();
        int redisPort = LoggedProcess.freePort();
        Files.writeString(dir.resolve("master.conf"), String.join("\n",
                "# Tandem master",
                "bind 127.0.0.1",
                "port " + masterPort,
                "requirepass \"" + PASSWORD + "\"",
                "repl-backlog-size 8mb",
                "repl-ping-replica-period 1",
                "save \"\"",
                ""));
        Files.writeString(dir.resolve("replica.conf"), String.join("\n",
                "# Tandem replica of the Tandem master",
                "bind 127.0.0.1",
                "port " + replicaPort,
                "replicaof 127.0.0.1 " + masterPort,
                "masterauth \"" + PASSWORD + "\"",
                "replica-read-only yes",
                ""));
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        Files.writeString(dir.resolve("redis.conf"), String.join("\n",
                "# redis-server 7.0 replica of the Tandem master",
                "bind 127.0.0.1",
                "port " + redisPort,
                "daemonize no",
                "save \"\"",
                "appendonly no",
                "dir " + redisDir,
                "enable-debug-command yes",
                "replicaof 127.0.0.1 " + masterPort,
                "masterauth \"" + PASSWORD + "\"",
                ""));

        try (LoggedProcess master = LoggedProcess.tandemServer("tandem-master", dir, "master.conf");
                LoggedProcess replica = LoggedProcess.tandemServer("tandem-replica", dir, "replica.conf");
                LoggedProcess redis = LoggedProcess.start("redis-replica", dir,
                        List.of(redisServer, dir.resolve("redis.conf").toString()))) {
            master.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            replica.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            redis.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);

            try (RespClient m = RespClient.connect("127.0.0.1", masterPort);
                    RespClient r = RespClient.connect("127.0.0.1", replicaPort);
                    RespClient x = RespClient.connect("127.0.0.1", redisPort)) {
                assertEquals("OK", m.call("AUTH", PASSWORD));
                writeEveryType(m, "before-sync-");
                awaitSameDigest(m, r, x, master, replica, redis);

                // The stream after the full sync reaches both replicas too.
                writeEveryType(m, "streamed-");
                assertEquals(1L, m.call("DEL", "before-sync-string"));
                String digest = awaitSameDigest(m, r, x, master, replica, redis);
                assertNotEquals(EMPTY_DIGEST, digest);
                assertEquals("up", infoField(x.callString("INFO", "replication"), "master_link_status"));
                assertEquals("up", infoField(r.callString("INFO", "replication"), "master_link_status"));

                r.send("SHUTDOWN".getBytes(StandardCharsets.US_ASCII));
                assertThrows(EOFException.class, r::read);
            }
            assertEquals(0, replica.awaitExit(SYNC_TIMEOUT), () -> String.join("\n", replica.lines()));
            master.terminate();
            assertEquals(0, master.awaitExit(SYNC_TIMEOUT), () -> String.join("\n", master.lines()));
            assertEquals(true, master.logged("Tandem is now ready to exit, bye bye..."));
            assertEquals(true, replica.logged("Tandem is now ready to exit, bye bye..."));
        }
    }

    /** Strings (binary, counters, TTLs), lists, sets, hashes and sorted sets, small and large, in two databases. */
    private static void writeEveryType(RespClient m, String prefix) throws IOException {
        ok(m.call("SET", prefix + "string", "hello"));
        ok(m.call("SET", prefix + "counter", "41"));
        m.call("INCR", prefix + "counter");
        ok(m.call("SET", prefix + "ttl", "expires later", "EX", "3600"));
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        ok(m.call("SET".getBytes(StandardCharsets.US_ASCII), (prefix + "binary\u0000").getBytes(StandardCharsets.UTF_8),
                everyByte));
        m.call("RPUSH", prefix + "list", "a", "b", "c");
        m.call("SADD", prefix + "intset", "1", "2", "3");
        m.call("SADD", prefix + "set", "x", "y", "z");
        m.call("HSET", prefix + "hash", "f1", "v1", "f2", "v2");
        m.call("ZADD", prefix + "zset", "1.5", "a", "2", "b");
        for (int i = 0; i < 300; i++) {
            m.call("RPUSH", prefix + "big-list", "item-" + i);
            m.call("HSET", prefix + "big-hash", "field-" + i, Integer.toString(i));
            m.call("ZADD", prefix + "big-zset", Integer.toString(i), "member-" + i);
            m.call("SADD", prefix + "big-set", "member-" + i);
        }
        ok(m.call("SELECT", "1"));
        ok(m.call("SET", prefix + "db1", "in database 1"));
        ok(m.call("SELECT", "0"));
    }

    private static void ok(Object reply) {
        assertEquals("OK", reply, () -> RespClient.describe(reply));
    }

    private static String awaitSameDigest(RespClient master, RespClient replica, RespClient redis,
            LoggedProcess... processes) {
        String[] last = new String[3];
        try {
            await("the same DEBUG DIGEST on the master and both replicas").atMost(SYNC_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        last[0] = master.callString("DEBUG", "DIGEST");
                        last[1] = replica.callString("DEBUG", "DIGEST");
                        last[2] = redis.callString("DEBUG", "DIGEST");
                        return last[0].equals(last[1]) && last[0].equals(last[2]);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder();
            for (LoggedProcess p : processes) {
                logs.append("\n--- ").append(p).append('\n').append(String.join("\n", p.lines()));
            }
            throw new AssertionError("digests master=" + last[0] + " tandem-replica=" + last[1] + " redis-replica="
                    + last[2] + logs, e);
        }
        return last[0];
    }

    private static String infoField(String info, String field) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no " + field + " in " + info);
    }
}
