/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.replication.AppendFsync;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.internal.persistence.RdbPersistence;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis's {@code beforeSleep} order under {@code appendfsync always}: the AOF is forced before
 * the replicas are sent what it holds, so a replica never holds a write the master could lose
 * in a crash; and {@code no-appendfsync-on-rewrite yes}: no fsync while a snapshot runs.
 */
class AofFsyncOrderTest {

    @TempDir
    Path dir;

    private static RdbPersistence persistence(ReplicatedKeyspace node) {
        return (RdbPersistence) NodeInternals.server(node).persistence();
    }

    private ReplicatedKeyspace master(Path in) {
        return ReplicatedKeyspace.builder().name("m")
                .persistence(Persistence.in(in).appendOnly(true).appendFsync(AppendFsync.ALWAYS)).start();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReplicaNeverHoldsAWriteTheMastersAofHasNotForced() throws Exception {
        int writes = 400; // fsyncs are slow on a busy disk: few rounds, each a pipeline
        try (ReplicatedKeyspace master = master(dir.resolve("m"));
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("r").start()) {
            replica.replicaOf("127.0.0.1", master.port());
            assertTrue(replica.awaitSynced(Duration.ofSeconds(10)));
            RdbPersistence p = persistence(master);
            // The AOF position right after each write on the master (one connection writes, and
            // its listener runs before its next command: nothing else is appended in between).
            Map<String, Long> appendedAfter = new ConcurrentHashMap<>();
            master.addChangeListener(e -> appendedAfter.put(e.key().toString(), p.aofSyncCounters()[1]));
            List<String> violations = new CopyOnWriteArrayList<>();
            replica.addChangeListener(e -> {
                long synced = p.aofSyncCounters()[2];
                Long needed = appendedAfter.get(e.key().toString());
                if (needed == null || synced < needed) {
                    violations.add(e.key() + ": replica has it, master's AOF synced " + synced + " < " + needed);
                }
            });
            try (RespClient c = RespClient.connect("127.0.0.1", master.port())) {
                List<byte[][]> batch = new ArrayList<>();
                for (int i = 0; i < writes; i++) {
                    batch.add(new byte[][] {bytes("SET"), bytes("k" + i), bytes("v" + i)});
                    if (batch.size() == 50) {
                        c.pipeline(batch);
                        batch.clear();
                    }
                }
            }
            // The master's side: every replica acknowledged its current offset (a replica's own
            // awaitSynced only waits for its link, and the last units reach it after their fsync).
            assertTrue(master.awaitSynced(Duration.ofSeconds(20)));
            assertEquals(master.digest(), replica.digest());
            assertEquals(List.of(), violations.size() > 5 ? violations.subList(0, 5) : violations);
        }
    }

    /** Holds a forkless snapshot open (as a BGSAVE or a rewrite would) until aborted. */
    private static dev.tandem.core.snapshot.Snapshot openSnapshot(ReplicatedKeyspace node) {
        return NodeInternals.keyspace(node).startSnapshot(new SnapshotSink() {
            @Override
            public void begin(SnapshotInfo info) {
            }

            @Override
            public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            }

            @Override
            public void end() {
            }
        });
    }

    private static long fsyncsDuringSnapshot(ReplicatedKeyspace node, RespClient c, int writes) throws Exception {
        RdbPersistence p = persistence(node);
        var snapshot = openSnapshot(node);
        try {
            long before = p.aofSyncCounters()[0];
            for (int i = 0; i < writes; i++) {
                assertEquals("OK", c.call("SET", "during" + i, "v"));
            }
            long[] after = p.aofSyncCounters();
            assertEquals(after[1], after[2], "every reply waited for its round's (possibly skipped) fsync");
            return after[0] - before;
        } finally {
            snapshot.abort();
        }
    }

    @Test
    void noAppendfsyncOnRewriteSkipsTheFsyncWhileASnapshotRuns() throws Exception {
        try (ReplicatedKeyspace node = master(dir); RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            // Default (no): a snapshot changes nothing, each write is forced.
            assertTrue(fsyncsDuringSnapshot(node, c, 3) >= 3);

            assertEquals("OK", c.call("CONFIG", "SET", "no-appendfsync-on-rewrite", "yes"));
            assertEquals(0, fsyncsDuringSnapshot(node, c, 20), "no fsync while the snapshot runs");

            // Snapshot over: the next write's fsync covers what was written meanwhile too.
            long before = persistence(node).aofSyncCounters()[0];
            assertEquals("OK", c.call("SET", "after", "v"));
            assertEquals(before + 1, persistence(node).aofSyncCounters()[0]);
        }
    }
}
