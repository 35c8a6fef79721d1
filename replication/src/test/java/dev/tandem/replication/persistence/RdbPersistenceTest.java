/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SaveRule;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RDB persistence of an embedded node: SAVE/BGSAVE/LASTSAVE, save rules, MISCONF, load at start, INFO. */
class RdbPersistenceTest {

    @TempDir
    Path dir;

    private static void fill(ReplicatedKeyspace node, int n) {
        for (int i = 0; i < n; i++) {
            node.execute("SET", "s" + i, "v" + i);
            node.execute("RPUSH", "l" + (i % 7), "e" + i);
            node.execute("HSET", "h" + (i % 5), "f" + i, "x" + i);
            node.execute("ZADD", "z" + (i % 3), Integer.toString(i), "m" + i);
            node.execute("SADD", "set" + (i % 4), Integer.toString(i));
        }
        node.execute("SELECT", "3");
    }

    @Test
    void saveThenRestartLoadsTheSameDataSet() throws Exception {
        String digest;
        List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir))
                .listener(events::add).start()) {
            fill(node, 200);
            node.execute("SELECT", "2");
            node.execute("SET", "in-db-2", "yes");
            node.execute("EXPIRE", "s1", "1000");
            node.save();
            digest = node.digest();
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            try (var files = Files.list(dir)) {
                assertEquals(List.of(dir.resolve("dump.rdb")), files.toList(), "no temp file is left behind");
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(
                    e -> e instanceof ReplicationEvent.SaveFinished f && f.succeeded() && !f.background()));
        }
        List<ReplicationEvent> loadEvents = new CopyOnWriteArrayList<>();
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir))
                .listener(loadEvents::add).start()) {
            assertEquals(digest, node.digest());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> loadEvents.stream().anyMatch(
                    e -> e instanceof ReplicationEvent.LoadProgress p && p.done() && p.keys() > 0));
        }
    }

    @Test
    void theFileCarriesRedisAuxFieldsInRedisOrder() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start()) {
            node.set("a", "1");
            node.execute("SELECT", "0");
            node.save();
            KeyspaceLoader loader = new KeyspaceLoader(new Keyspace().newDatasetBuilder());
            RdbReader.read(dir.resolve("dump.rdb"), loader);
            assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "repl-stream-db", "repl-id",
                    "repl-offset", "aof-base"), new ArrayList<>(loader.auxFields().keySet()));
            assertEquals(node.replicationInfo().replid().toString(), loader.replId().orElseThrow());
            assertEquals(node.masterReplOffset(), loader.replOffset());
            assertEquals("0", loader.auxString("aof-base").orElseThrow());
        }
    }

    @Test
    void respSaveBgsaveLastsaveAndInfo() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "k", "v");
            assertEquals("1", info(c).get("rdb_changes_since_last_save"));
            assertEquals("OK", c.callString("SAVE"));
            assertEquals("0", info(c).get("rdb_changes_since_last_save"));
            assertEquals("1", info(c).get("rdb_saves"));
            assertEquals("Background saving started", c.callString("BGSAVE"));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> "2".equals(info(c).get("rdb_saves")));
            Map<String, String> info = info(c);
            assertEquals("0", info.get("rdb_bgsave_in_progress"));
            assertEquals("ok", info.get("rdb_last_bgsave_status"));
            assertEquals("0", info.get("rdb_last_bgsave_time_sec"));
            assertEquals(c.call("LASTSAVE"), Long.parseLong(info.get("rdb_last_save_time")));
            assertEquals(new RespClient.ErrorReply("ERR syntax error"), c.call("BGSAVE", "NOW"));
            // Redis 7.0.15's fields, in its order (checked against redis-cli info persistence).
            assertEquals(List.of("loading", "async_loading", "current_cow_peak", "current_cow_size",
                    "current_cow_size_age", "current_fork_perc", "current_save_keys_processed",
                    "current_save_keys_total", "rdb_changes_since_last_save", "rdb_bgsave_in_progress",
                    "rdb_last_save_time", "rdb_last_bgsave_status", "rdb_last_bgsave_time_sec",
                    "rdb_current_bgsave_time_sec", "rdb_saves", "rdb_last_cow_size", "rdb_last_load_keys_expired",
                    "rdb_last_load_keys_loaded", "aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled",
                    "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status",
                    "aof_rewrites", "aof_rewrites_consecutive_failures", "aof_last_write_status", "aof_last_cow_size",
                    "module_fork_in_progress", "module_fork_last_cow_size"), new ArrayList<>(info.keySet()));
        }
    }

    @Test
    void aSaveRuleSavesInTheBackground() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).saveRules(new SaveRule(1, 2))).start()) {
            node.set("a", "1");
            node.set("b", "2");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("dump.rdb")));
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start()) {
            assertEquals("2", node.get("b"));
        }
    }

    @Test
    void aFailedBgsaveRefusesWritesWithMisconfWhileSaveRulesAreSet() throws Exception {
        Path missing = dir.resolve("gone");
        List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().listener(events::add)
                .persistence(Persistence.in(missing).saveRules(new SaveRule(3600, 1))).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "k", "v");
            assertEquals("Background saving started", c.callString("BGSAVE"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "err".equals(info(c).get("rdb_last_bgsave_status")));
            String misconf = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
                    + "to disk. Commands that may modify the data set are disabled, because this instance is configured "
                    + "to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). "
                    + "Please check the Redis logs for details about the RDB error.";
            assertEquals(new RespClient.ErrorReply(misconf), c.call("SET", "k", "w"));
            assertEquals(new RespClient.ErrorReply(misconf), c.call("PING"), "Redis refuses PING too");
            RedisReplyException api = assertThrows(RedisReplyException.class, () -> node.set("k", "w"));
            assertTrue(api.getMessage().startsWith("MISCONF"), api.getMessage());
            assertEquals("v", c.callString("GET", "k"), "reads still work");
            assertEquals(new RespClient.ErrorReply("ERR"), c.call("SAVE"));
            assertTrue(events.stream().anyMatch(e -> e instanceof ReplicationEvent.SaveFinished f && !f.succeeded()
                    && f.error().contains("temp-")), events.toString());
            Files.createDirectories(missing);
            assertEquals("OK", c.callString("SAVE"));
            assertEquals("OK", c.callString("SET", "k", "w"), "a successful save lifts the refusal");
            assertEquals("PONG", c.callString("PING"));
        }
    }

    @Test
    void aCorruptFileRefusesToStart() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start()) {
            fill(node, 50);
            node.save();
        }
        Path file = dir.resolve("dump.rdb");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).build();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, node::start);
            assertTrue(e.getMessage().contains("Bad RDB file") && e.getMessage().contains("dump.rdb"), e.getMessage());
        } finally {
            node.close();
        }
        bytes[bytes.length - 1] ^= 0x5a; // checksum mismatch
        Files.write(file, bytes);
        ReplicatedKeyspace again = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).build();
        try {
            assertThrows(IllegalStateException.class, again::start);
        } finally {
            again.close();
        }
    }

    @Test
    void rdbchecksumNoWritesZeros() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).rdbChecksum(false).rdbCompression(false)).start()) {
            node.set("a", "x".repeat(200));
            node.save();
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("dump.rdb"));
        for (int i = bytes.length - 8; i < bytes.length; i++) {
            assertEquals(0, bytes[i]);
        }
        assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains("x".repeat(200)), "not compressed");
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start()) {
            assertEquals("x".repeat(200), node.get("a"));
        }
    }

    @Test
    void saveWithoutPersistenceIsAClearError() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertThrows(IllegalStateException.class, node::save);
            assertTrue(c.call("SAVE") instanceof RespClient.ErrorReply e && e.text().contains("keeps no files"));
            assertFalse(Files.exists(dir.resolve("dump.rdb")));
        }
    }

    @Test
    void dbFilenameMustBeAFileName() {
        assertThrows(IllegalArgumentException.class, () -> Persistence.in(dir).dbFilename("../x.rdb"));
        assertEquals("x.rdb", Persistence.in(dir).dbFilename("x.rdb").dbFilename());
        assertThrows(IllegalArgumentException.class, () -> new SaveRule(0, 1));
    }

    @Test
    void configGetAndSetOfThePersistenceDirectives() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("", configGet(c, "save"));
            assertEquals("OK", c.callString("CONFIG", "SET", "save", "3600 1 300 100"));
            assertEquals("3600 1 300 100", configGet(c, "save"));
            assertEquals(List.of(new SaveRule(3600, 1), new SaveRule(300, 100)),
                    node.persistence().orElseThrow().saveRules());
            assertEquals(err("save", "Invalid save parameters"), c.call("CONFIG", "SET", "save", "1"));
            assertEquals(err("save", "Invalid save parameters"), c.call("CONFIG", "SET", "save", "0 1"));
            assertEquals(err("rdbcompression", "argument must be 'yes' or 'no'"),
                    c.call("CONFIG", "SET", "rdbcompression", "maybe"));
            assertEquals(err("dir", "can't set protected config"), c.call("CONFIG", "SET", "dir", "/tmp"));
            assertEquals(err("dbfilename", "can't set protected config"),
                    c.call("CONFIG", "SET", "dbfilename", "../../x"));
            assertEquals(err("enable-protected-configs", "can't set immutable config"),
                    c.call("CONFIG", "SET", "enable-protected-configs", "yes"));
            assertEquals("no", configGet(c, "enable-protected-configs"));
            assertEquals("OK", c.callString("CONFIG", "SET", "rdbchecksum", "no", "stop-writes-on-bgsave-error", "no",
                    "rdb-del-sync-files", "yes", "rdb-save-incremental-fsync", "no"));
            assertEquals("no", configGet(c, "rdbchecksum"));
            assertEquals("yes", configGet(c, "rdb-del-sync-files"));
            assertEquals("no", configGet(c, "rdb-save-incremental-fsync"));
            assertEquals("OK", c.callString("CONFIG", "SET", "save", ""));
            assertEquals("", configGet(c, "save"));
        }
    }

    @Test
    void withProtectedConfigsEnabledDirAndDbfilenameMoveTheFile() throws Exception {
        Path other = java.nio.file.Files.createDirectories(dir.resolve("other"));
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).enableProtectedConfigs(true)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(err("dbfilename", "dbfilename can't be a path, just a filename"),
                    c.call("CONFIG", "SET", "dbfilename", "a/b"));
            assertEquals(err("dir", "No such file or directory"), c.call("CONFIG", "SET", "dir", dir + "/missing"));
            assertEquals("OK", c.callString("CONFIG", "SET", "dir", other.toString(), "dbfilename", "moved.rdb"));
            c.call("SET", "k", "v");
            assertEquals("OK", c.callString("SAVE"));
            assertTrue(Files.exists(other.resolve("moved.rdb")));
            assertEquals(other.toAbsolutePath().toString(), configGet(c, "dir"));
        }
    }

    private static RespClient.ErrorReply err(String name, String reason) {
        return new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    private static String configGet(RespClient c, String name) throws Exception {
        Object reply = c.call("CONFIG", "GET", name);
        List<?> kv = (List<?>) reply;
        assertEquals(2, kv.size(), String.valueOf(kv));
        return new String((byte[]) kv.get(1), StandardCharsets.UTF_8);
    }

    static Map<String, String> info(RespClient c) throws Exception {
        Object reply = c.call("INFO", "persistence");
        String text = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    static Keyspace keyspaceOf(ReplicatedKeyspace node) {
        return NodeInternals.keyspace(node);
    }
}
