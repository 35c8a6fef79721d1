/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOF switched at run time and rewritten in its other forms: {@code CONFIG SET appendonly},
 * {@code BGREWRITEAOF} with {@code appendonly no}, {@code DEBUG LOADAOF}, bases of commands
 * ({@code aof-use-rdb-preamble no}), {@code #TS:} annotations and the automatic rewrite.
 */
class AofRuntimeTest {

    @TempDir
    Path dir;

    private Path aofDir() {
        return dir.resolve("appendonlydir");
    }

    private String manifest() throws Exception {
        return Files.readString(aofDir().resolve("appendonly.aof.manifest"));
    }

    private static Map<String, String> info(RespClient c) throws Exception {
        return RdbPersistenceTest.info(c);
    }

    private static void awaitRewriteDone(RespClient c, int rewrites) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Map<String, String> i = info(c);
            return Integer.parseInt(i.get("aof_rewrites")) >= rewrites && "0".equals(i.get("aof_rewrite_in_progress"))
                    && "0".equals(i.get("aof_rewrite_scheduled"));
        });
    }

    private static void fill(RespClient c) throws Exception {
        for (int i = 0; i < 130; i++) {
            c.call("RPUSH", "list", "e" + i);
            c.call("SADD", "set", "m" + (i % 70));
            c.call("ZADD", "zset", i + ".5", "z" + i);
            c.call("HSET", "hash", "f" + i, "v" + i);
            c.call("SET", "s" + i, "v" + i);
        }
        c.call("SET", "ttl", "v", "PX", "100000000");
        c.call("SELECT", "3");
        c.call("SET", "in-db-3", "x");
        c.call("SELECT", "0");
    }

    @Test
    void configSetAppendonlyTurnsTheAofOnAndOffAtRunTime() throws Exception {
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            fill(c);
            assertEquals("0", info(c).get("aof_enabled"));
            assertEquals("OK", c.call("CONFIG", "SET", "appendonly", "yes"));
            assertEquals("1", info(c).get("aof_enabled"), "on at once, waiting for its base (Redis's AOF_WAIT_REWRITE)");
            awaitRewriteDone(c, 1);
            assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                    manifest());
            assertFalse(Files.exists(aofDir().resolve("temp-appendonly.aof.incr")));
            c.call("SET", "after-on", "1");
            c.call("INCR", "counter");
            assertTrue(Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof")).contains("after-on"));
            assertEquals("yes", configGet(c, "appendonly"));
            digest = node.digest();

            assertEquals("OK", c.call("CONFIG", "SET", "appendonly", "no"));
            assertEquals("0", info(c).get("aof_enabled"));
            long size = Files.size(aofDir().resolve("appendonly.aof.1.incr.aof"));
            c.call("SET", "after-off", "1");
            assertEquals(size, Files.size(aofDir().resolve("appendonly.aof.1.incr.aof")), "appendonly no stops appending");
        }
        // The files written while on describe the data set up to the switch-off.
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).appendOnly(true)).start()) {
            assertEquals(digest, node.digest());
        }
    }

    @Test
    void turningTheAofOnAgainWritesANewBaseAndDropsTheOldFiles() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir).appendOnly(true))
                .start(); RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "a", "1");
            c.call("CONFIG", "SET", "appendonly", "no");
            c.call("SET", "b", "2");
            c.call("CONFIG", "SET", "appendonly", "yes");
            awaitRewriteDone(c, 1);
            assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                    manifest());
            assertFalse(Files.exists(aofDir().resolve("appendonly.aof.1.incr.aof")), "old files are history, deleted");
            String digest = node.digest();
            node.close();
            try (ReplicatedKeyspace again = ReplicatedKeyspace.builder()
                    .persistence(Persistence.in(dir).appendOnly(true)).start()) {
                assertEquals(digest, again.digest());
            }
        }
    }

    @Test
    void bgrewriteaofWithAppendonlyNoWritesABaseAlone() throws Exception {
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            fill(c);
            assertEquals("Background append only file rewriting started", c.call("BGREWRITEAOF"));
            awaitRewriteDone(c, 1);
            assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\n", manifest());
            assertEquals("0", info(c).get("aof_enabled"));
            digest = node.digest();
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).appendOnly(true)).start()) {
            assertEquals(digest, node.digest());
        }
    }

    @Test
    void debugLoadaofReloadsTheFilesOnDisk() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir).appendOnly(true))
                .start(); RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            fill(c);
            String digest = node.digest();
            assertEquals("OK", c.call("DEBUG", "LOADAOF"));
            assertEquals(digest, node.digest());
            // What the AOF does not hold is gone after the reload.
            c.call("CONFIG", "SET", "appendonly", "no");
            c.call("SET", "not-in-the-aof", "1");
            assertEquals("OK", c.call("DEBUG", "LOADAOF"));
            assertEquals(digest, node.digest());
            assertEquals(0L, c.call("EXISTS", "not-in-the-aof"));
        }
    }

    @Test
    void debugLoadaofWithoutAnAofIsAnError() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "k", "v");
            Object reply = c.call("DEBUG", "LOADAOF");
            assertTrue(reply instanceof RespClient.ErrorReply e && e.text().startsWith("ERR no append only file"),
                    String.valueOf(reply));
            assertEquals(1L, c.call("EXISTS", "k"), "nothing emptied");
        }
    }

    @Test
    void aBaseOfCommandsWithoutTheRdbPreamble() throws Exception {
        Persistence p = Persistence.in(dir).appendOnly(true).aofUseRdbPreamble(false);
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(p).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            fill(c);
            c.call("BGREWRITEAOF");
            awaitRewriteDone(c, 1);
            c.call("SET", "after", "1");
            digest = node.digest();
        }
        assertEquals("file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                manifest());
        String base = Files.readString(aofDir().resolve("appendonly.aof.2.base.aof"), StandardCharsets.ISO_8859_1);
        assertTrue(base.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n"), base);
        // 130 elements: RPUSH batches of 64, 64 and 2 (Redis's AOF_REWRITE_ITEMS_PER_CMD).
        assertEquals(2, count(base, "*66\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n"), base);
        assertEquals(1, count(base, "*4\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n"), base);
        assertEquals(2, count(base, "*130\r\n$5\r\nHMSET\r\n"), base);
        assertEquals(1, count(base, "*6\r\n$5\r\nHMSET\r\n"), base);
        assertEquals(1, count(base, "*3\r\n$9\r\nPEXPIREAT\r\n$3\r\nttl\r\n"), base);
        assertTrue(base.contains("*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*3\r\n$3\r\nSET\r\n$7\r\nin-db-3\r\n"), base);
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(p).start()) {
            assertEquals(digest, node.digest());
        }
    }

    @Test
    void timestampAnnotationsWithAofTimestampEnabled() throws Exception {
        Persistence p = Persistence.in(dir).appendOnly(true).aofUseRdbPreamble(false);
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(p).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", c.call("CONFIG", "SET", "aof-timestamp-enabled", "yes"));
            long before = System.currentTimeMillis() / 1000;
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            String incr = Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof"), StandardCharsets.ISO_8859_1);
            assertTrue(incr.startsWith("#TS:"), incr);
            long ts = Long.parseLong(incr.substring(4, incr.indexOf("\r\n")));
            assertTrue(ts >= before && ts <= System.currentTimeMillis() / 1000, incr);
            // One annotation per second, not per command.
            assertTrue(count(incr, "#TS:") <= 2, incr);
            c.call("BGREWRITEAOF");
            awaitRewriteDone(c, 1);
            String base = Files.readString(aofDir().resolve("appendonly.aof.2.base.aof"), StandardCharsets.ISO_8859_1);
            assertTrue(base.startsWith("#TS:"), "a rewrite records its start time first: " + base);
            String digest = node.digest();
            node.close();
            try (ReplicatedKeyspace again = ReplicatedKeyspace.builder().persistence(p).start()) {
                assertEquals(digest, again.digest());
            }
        }
    }

    @Test
    void automaticRewriteOnGrowth() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir).appendOnly(true))
                .start(); RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", c.call("CONFIG", "SET", "auto-aof-rewrite-min-size", "1kb"));
            assertEquals("1024", configGet(c, "auto-aof-rewrite-min-size"));
            assertEquals("OK", c.call("CONFIG", "SET", "auto-aof-rewrite-percentage", "100"));
            long base = Long.parseLong(info(c).get("aof_base_size"));
            // Grow the AOF well past twice its base (and past the minimum size).
            String value = "x".repeat(200);
            for (int i = 0; (long) i * 220 < 2 * base + 4096; i++) {
                c.call("SET", "k" + (i % 10), value);
            }
            awaitRewriteDone(c, 1);
            assertTrue(manifest().contains("appendonly.aof.2.base.rdb"), manifest());
            assertEquals(Long.parseLong(info(c).get("aof_current_size")) > 0, true);
        }
    }

    @Test
    void automaticRewriteOffWithPercentageZero() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir).appendOnly(true))
                .start(); RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("CONFIG", "SET", "auto-aof-rewrite-min-size", "0");
            c.call("CONFIG", "SET", "auto-aof-rewrite-percentage", "0");
            for (int i = 0; i < 200; i++) {
                c.call("SET", "k" + i, "x".repeat(100));
            }
            // The cron runs every 100 ms: a few rounds with nothing started.
            Awaitility.await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                    .until(() -> "0".equals(info(c).get("aof_rewrites")));
            Object bad = c.call("CONFIG", "SET", "auto-aof-rewrite-percentage", "-1");
            assertTrue(bad instanceof RespClient.ErrorReply, String.valueOf(bad));
        }
    }

    private static String configGet(RespClient c, String name) throws Exception {
        Object reply = c.call("CONFIG", "GET", name);
        Object value = ((java.util.List<?>) reply).get(1);
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
