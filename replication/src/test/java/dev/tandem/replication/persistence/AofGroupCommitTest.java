/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.AppendFsync;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.internal.persistence.RdbPersistence;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code appendfsync always} with group commit: a pipeline's writes, and many connections'
 * writes, share fsyncs, and a reply is only read once the file is synced past its write.
 */
class AofGroupCommitTest {

    @TempDir
    Path dir;

    private static RdbPersistence persistence(ReplicatedKeyspace node) {
        return (RdbPersistence) NodeInternals.server(node).persistence();
    }

    private ReplicatedKeyspace start() {
        return ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).appendOnly(true).appendFsync(AppendFsync.ALWAYS)).start();
    }

    @Test
    void aPipelineSharesFsyncsAndItsRepliesComeAfterThem() throws Exception {
        try (ReplicatedKeyspace node = start(); RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            long before = persistence(node).aofSyncCounters()[0];
            List<byte[][]> commands = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                commands.add(new byte[][] {bytes("SET"), bytes("k" + i), bytes("v" + i)});
            }
            List<Object> replies = c.pipeline(commands);
            long[] after = persistence(node).aofSyncCounters();
            assertEquals(2000, replies.size());
            replies.forEach(r -> assertEquals("OK", r));
            // Every reply was read: the file is synced up to everything appended.
            assertEquals(after[1], after[2], "replies left before the fsync that covers them");
            long fsyncs = after[0] - before;
            assertTrue(fsyncs >= 1 && fsyncs < 200, "one fsync per read batch, not per write: " + fsyncs);
        }
    }

    @Test
    void manyConnectionsShareFsyncs() throws Exception {
        int clients = 8;
        int writes = 30;
        try (ReplicatedKeyspace node = start()) {
            long before = persistence(node).aofSyncCounters()[0];
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < clients; t++) {
                    int id = t;
                    done.add(pool.submit(() -> {
                        try (RespClient c = RespClient.connect("127.0.0.1", node.port())) {
                            for (int i = 0; i < writes; i++) {
                                assertEquals((long) i + 1, c.call("INCR", "counter" + id));
                                long[] now = persistence(node).aofSyncCounters();
                                // This reply's write was appended before now[1] was read: synced covers it.
                                assertTrue(now[2] > 0, "a reply before any fsync");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long fsyncs = persistence(node).aofSyncCounters()[0] - before;
            assertTrue(fsyncs < (long) clients * writes, "connections share fsyncs: " + fsyncs);
            try (RespClient c = RespClient.connect("127.0.0.1", node.port())) {
                for (int t = 0; t < clients; t++) {
                    assertEquals(String.valueOf(writes), c.callString("GET", "counter" + t));
                }
            }
        }
    }

    @Test
    void aWriteThroughTheJavaApiIsForcedBeforeItReturns() {
        try (ReplicatedKeyspace node = start()) {
            node.database(0).execute(bytes("SET"), bytes("api"), bytes("value"));
            long[] now = persistence(node).aofSyncCounters();
            assertTrue(now[1] > 0);
            assertEquals(now[1], now[2], "no reply gate covers an API write: it is forced in line");
        }
    }

    @Test
    void everysecRepliesDoNotWaitForAnFsync() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).appendOnly(true).appendFsync(AppendFsync.EVERYSEC)).start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            long before = persistence(node).aofSyncCounters()[0];
            for (int i = 0; i < 50; i++) {
                c.call("SET", "k" + i, "v");
            }
            assertEquals(before, persistence(node).aofSyncCounters()[0], "everysec forces from its own thread only");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
