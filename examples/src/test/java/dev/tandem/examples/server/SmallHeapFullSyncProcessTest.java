/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14's defect 1 with {@code repl-diskless-load swapdb}: a {@code tandem-server -Xmx128m}
 * replica holding about 60 MB of its own data full-syncs a master's different 60 MB. Both data
 * sets do not fit in its heap at once (no {@code maxmemory} guards it here: {@code 0}), so the
 * load must notice from its accounted size that the heap runs short, flush the old data set and
 * load on, instead of dying of an OutOfMemoryError mid-load (which left a half-alive zombie).
 */
class SmallHeapFullSyncProcessTest {
    private static final int KEYS = 55_000;
    private static final int VALUE_BYTES = 1024;

    @TempDir
    Path dir;

    /** {@code KEYS} values of {@code VALUE_BYTES} random bytes, written through the Java API (no network). */
    private static void fill(ReplicatedKeyspace node, String prefix, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < KEYS; i++) {
            byte[] value = new byte[VALUE_BYTES];
            random.nextBytes(value);
            node.execute("SET".getBytes(StandardCharsets.US_ASCII), (prefix + i).getBytes(StandardCharsets.US_ASCII),
                    value);
        }
    }

    @Test
    void aReplicaWithoutHeapForTwoDataSetsFlushesAndLoadsInsteadOfDying() throws Exception {
        // The replica's own data set, as the dump.rdb it loads at start (faster than writing it over RESP).
        try (ReplicatedKeyspace own = ReplicatedKeyspace.builder().name("own").persistence(Persistence.in(dir)).build()
                .start()) {
            fill(own, "own:", 2);
            own.save();
        }
        int port = LoggedProcess.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx128m", TandemServer.class.getName(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--maxmemory", "0",
                "--repl-diskless-load", "swapdb");
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("master").listen("127.0.0.1", 0).build()
                .start();
                LoggedProcess replica = LoggedProcess.start("small-heap-replica", dir, command)) {
            fill(master, "master:", 1);
            replica.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            try (RespClient r = RespClient.connect("127.0.0.1", port)) {
                assertEquals(Long.valueOf(KEYS), r.call("DBSIZE"), "loaded from its dump.rdb");
                assertEquals("OK", r.callString("REPLICAOF", "127.0.0.1", Integer.toString(master.port())));
                replica.awaitLine("falls back to flushing the old data set", Duration.ofSeconds(60));
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions().until(() -> new String((byte[]) r.call("INFO", "replication"),
                                StandardCharsets.US_ASCII).contains("master_link_status:up"));
                assertEquals(Long.valueOf(KEYS), r.call("DBSIZE"));
                assertEquals(VALUE_BYTES, ((byte[]) r.call("GET", "master:" + (KEYS - 1))).length);
                assertEquals("PONG", r.callString("PING"));
            }
            assertTrue(replica.lines().stream().noneMatch(l -> l.contains("OutOfMemoryError")), replica.lines()::toString);
        }
    }
}
