/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.AppendFsync;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The multi-part append-only file of an embedded node: files and manifest, load at start, torn and corrupt files, INFO. */
class AppendOnlyFileTest {

    @TempDir
    Path dir;

    private Persistence aof() {
        return Persistence.in(dir).appendOnly(true);
    }

    private static void fill(RespClient c) throws Exception {
        for (int i = 0; i < 100; i++) {
            c.call("SET", "s" + i, "v" + i);
            c.call("INCR", "counter");
            c.call("RPUSH", "l" + (i % 7), "e" + i);
        }
        c.call("SELECT", "4");
        c.call("SET", "in-db-4", "yes");
        c.call("MULTI");
        c.call("INCR", "tx");
        c.call("INCR", "tx");
        c.call("EXEC");
        c.call("SELECT", "0");
        c.call("DEL", "s5");
    }

    @Test
    void writesRedisFilesAndManifestAndRestartsFromThem() throws Exception {
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            fill(c);
            digest = node.digest();
        }
        Path aofDir = dir.resolve("appendonlydir");
        assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                Files.readString(aofDir.resolve("appendonly.aof.manifest")));
        byte[] base = Files.readAllBytes(aofDir.resolve("appendonly.aof.1.base.rdb"));
        assertEquals("REDIS", new String(base, 0, 5, StandardCharsets.US_ASCII));
        String incr = Files.readString(aofDir.resolve("appendonly.aof.1.incr.aof"), StandardCharsets.ISO_8859_1);
        assertTrue(incr.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$2\r\ns0\r\n"), incr);
        assertTrue(incr.contains("*2\r\n$6\r\nSELECT\r\n$1\r\n4\r\n"), incr);
        assertTrue(incr.contains("*1\r\n$5\r\nMULTI\r\n"), incr);
        assertFalse(incr.toLowerCase().contains("ping"), "no heartbeat in the AOF");
        assertFalse(Files.exists(dir.resolve("dump.rdb")), "appendonly alone writes no dump.rdb");

        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(digest, node.digest());
            // Appending goes on in the same incremental file.
            c.call("SET", "after", "restart");
            digest = node.digest();
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start()) {
            assertEquals(digest, node.digest());
        }
    }

    @Test
    void theRdbFileIsNotLoadedWithAppendonly() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir)).start()) {
            node.set("from-rdb", "1");
            node.save();
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start()) {
            assertEquals(Map.of(), node.asMap(), "Redis loads the AOF, not dump.rdb, when appendonly is yes");
        }
    }

    @Test
    void aTornTailIsTruncatedWithAofLoadTruncatedAndRefusedWithout() throws Exception {
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            digest = node.digest();
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        long complete = Files.size(incr);
        byte[] torn = "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1".getBytes(StandardCharsets.US_ASCII);
        Files.write(incr, torn, java.nio.file.StandardOpenOption.APPEND);

        ReplicatedKeyspace refused = ReplicatedKeyspace.builder().persistence(aof().aofLoadTruncated(false)).build();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, refused::start);
            assertTrue(e.getMessage().startsWith("Unexpected end of file reading the append only file "
                    + "appendonly.aof.1.incr.aof. You can: 1) Make a backup"), e.getMessage());
        } finally {
            refused.close();
        }
        assertEquals(complete + torn.length, Files.size(incr), "a refused start leaves the file as it was");

        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start()) {
            assertEquals(digest, node.digest());
        }
        assertEquals(complete, Files.size(incr), "the torn command is cut off");
    }

    @Test
    void anUnfinishedTransactionAtTheEndIsATornTail() throws Exception {
        String digest;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "a", "1");
            digest = node.digest();
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        long complete = Files.size(incr);
        Files.write(incr, "*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND);
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start()) {
            assertEquals(digest, node.digest(), "the half transaction is not applied");
        }
        assertEquals(complete, Files.size(incr));
    }

    @Test
    void aCorruptFileInTheMiddleRefusesToStart() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        byte[] bytes = Files.readAllBytes(incr);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int second = text.indexOf("*3", text.indexOf("*3") + 1);
        bytes[second] = '!';
        Files.write(incr, bytes);
        ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).build();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, node::start);
            assertEquals("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup of "
                    + "your AOF file, then use ./redis-check-aof --fix <filename.manifest>", e.getMessage());
        } finally {
            node.close();
        }
    }

    @Test
    void aFileTheManifestNamesMustExist() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start()) {
            node.set("a", "1");
        }
        Files.delete(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"));
        ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).build();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, node::start);
            assertEquals("The incr AOF file appendonly.aof.1.incr.aof doesn't exist", e.getMessage());
        } finally {
            node.close();
        }
    }

    @Test
    void timestampAnnotationsAreSkippedOnLoad() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), "#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0"
                + "\r\n*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n#TS:1700000001\r\n", StandardCharsets.US_ASCII);
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start()) {
            assertEquals(Map.of("k", "v"), node.asMap());
        }
    }

    @Test
    void fsyncAlwaysAndNoWriteTheSameFile() throws Exception {
        for (AppendFsync policy : AppendFsync.values()) {
            Path d = Files.createDirectories(dir.resolve(policy.word()));
            try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                    .persistence(Persistence.in(d).appendOnly(true).appendFsync(policy)).start()) {
                node.set("k", policy.word());
            }
            try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                    .persistence(Persistence.in(d).appendOnly(true)).start()) {
                assertEquals(Map.of("k", policy.word()), node.asMap());
            }
        }
    }

    @Test
    void infoPersistenceHasRedisAofFieldsInOrder() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            c.call("SET", "k", "v");
            Map<String, String> info = RdbPersistenceTest.info(c);
            List<String> names = new ArrayList<>(info.keySet());
            List<String> aofFields = names.subList(names.indexOf("aof_enabled"), names.size());
            assertEquals(Arrays.asList("aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled",
                    "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status",
                    "aof_rewrites", "aof_rewrites_consecutive_failures", "aof_last_write_status", "aof_last_cow_size",
                    "module_fork_in_progress", "module_fork_last_cow_size", "aof_current_size", "aof_base_size",
                    "aof_pending_rewrite", "aof_buffer_length", "aof_pending_bio_fsync", "aof_delayed_fsync"),
                    aofFields);
            assertEquals("1", info.get("aof_enabled"));
            long base = Long.parseLong(info.get("aof_base_size"));
            assertEquals(Files.size(dir.resolve("appendonlydir/appendonly.aof.1.base.rdb")), base);
            assertEquals(base + Files.size(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof")),
                    Long.parseLong(info.get("aof_current_size")));
        }
    }

    @Test
    void configGetAndSetOfTheAofDirectives() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(List.of("appendonly", "yes"), strings(c.call("CONFIG", "GET", "appendonly")));
            assertEquals(List.of("appendfsync", "everysec"), strings(c.call("CONFIG", "GET", "appendfsync")));
            assertEquals(List.of("appenddirname", "appendonlydir"), strings(c.call("CONFIG", "GET", "appenddirname")));
            assertEquals("OK", String.valueOf(c.call("CONFIG", "SET", "appendfsync", "always")));
            assertEquals(AppendFsync.ALWAYS, node.persistence().orElseThrow().appendFsync());
            c.call("SET", "k", "v");
            assertEquals("OK", String.valueOf(c.call("CONFIG", "SET", "aof-timestamp-enabled", "yes")));
            assertEquals(List.of("aof-timestamp-enabled", "yes"),
                    strings(c.call("CONFIG", "GET", "aof-timestamp-enabled")));
            Object bad = c.call("CONFIG", "SET", "appendfsync", "sometimes");
            assertTrue(String.valueOf(bad).contains("argument(s) must be one of the following: always, everysec, no"),
                    String.valueOf(bad));
            Object immutable = c.call("CONFIG", "SET", "appendfilename", "x.aof");
            assertTrue(String.valueOf(immutable).contains("can't set immutable config"), String.valueOf(immutable));
        }
    }

    private static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) reply) {
            out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o));
        }
        return out;
    }

    @Test
    void bgrewriteaofMakesANewBaseAndIncrAndDeletesTheOldFiles() throws Exception {
        String digest;
        Path aofDir = dir.resolve("appendonlydir");
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            fill(c);
            assertEquals("Background append only file rewriting started", String.valueOf(c.call("BGREWRITEAOF")));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> "1".equals(RdbPersistenceTest.info(c).get("aof_rewrites")));
            assertEquals("ok", RdbPersistenceTest.info(c).get("aof_last_bgrewrite_status"));
            assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                    Files.readString(aofDir.resolve("appendonly.aof.manifest")));
            try (var files = Files.list(aofDir)) {
                assertEquals(java.util.Set.of("appendonly.aof.manifest", "appendonly.aof.2.base.rdb",
                        "appendonly.aof.2.incr.aof"), files.map(f -> f.getFileName().toString())
                        .collect(java.util.stream.Collectors.toSet()), "the old files are deleted");
            }
            c.call("INCR", "counter");
            c.call("SELECT", "4");
            c.call("INCR", "tx");
            digest = node.digest();
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(aof()).start()) {
            assertEquals(digest, node.digest());
        }
    }

    @Test
    void aReplicasAofHoldsWhatItAppliedAndIsRewrittenAfterAFullSync() throws Exception {
        Path replicaDir = Files.createDirectories(dir.resolve("replica"));
        String digest;
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start();
             RespClient m = RespClient.connect("127.0.0.1", master.port())) {
            fill(m);
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
                    .persistence(Persistence.in(replicaDir).appendOnly(true))
                    .replicaOf("127.0.0.1", master.port()).start();
                 RespClient r = RespClient.connect("127.0.0.1", replica.port())) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> "1".equals(RdbPersistenceTest.info(r).get("aof_rewrites")));
                m.call("SELECT", "4");
                m.call("INCR", "tx");
                m.call("SELECT", "0");
                m.call("SET", "after-sync", "1");
                digest = master.digest();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> digest.equals(replica.digest()));
            }
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(replicaDir).appendOnly(true)).start()) {
            assertEquals(digest, node.digest());
        }
    }
}
