/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import dev.tandem.replication.internal.node.NodeInternals;
import static dev.tandem.replication.interop.Interop.BUSY_BATCH;
import static dev.tandem.replication.interop.Interop.WAIT;
import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.busyWriter;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static dev.tandem.replication.interop.Interop.awaitLog;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.countLog;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.info;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.rdb.RdbFiles;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.BackgroundWriter;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real {@code redis-server} 7.0 replica of a Tandem master (reference §15.1): full sync of
 * every type with expiries, the stream of every write command family, equal DEBUG DIGESTs and
 * offsets, and a partial resync after {@code CLIENT KILL TYPE master} on the replica.
 */
@Tag("interop")
@RequiresRedis
class RealReplicaOfTandemMasterTest {

    @Test
    void redisReplicaFollowsTandemMasterThroughFullSyncStreamAndPartialResync() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("tandem-master").start();
             RespClient m = Interop.client(master)) {
            seedWithStreams(master);
            Datasets.everyType(m, "t:");
            assertEquals(master.digest(), digest(m), "DEBUG DIGEST over RESP is DatasetDigest.of(keyspace)");

            try (RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()));
                 RespClient r = replica.client()) {
                awaitLinkUp(r);
                awaitSameDigest("after the full sync", () -> digest(m), () -> digest(r));
                assertTrue(replica.logContains("MASTER <-> REPLICA sync: Finished with success"), replica.log().toString());
                assertEquals(info(m, "keyspace").keySet(), info(r, "keyspace").keySet(), "same databases in use");

                WriteCommands.runEveryFamily(m, "");
                // The short TTLs end on the master (active expiry) and reach the replica as DEL.
                await().until(() -> Long.valueOf(0).equals(r.call("EXISTS", "w:short", "w:shortlist")));
                awaitSameDigest("after every write command family", () -> digest(m), () -> digest(r));
                awaitOffsetsAgree(m, r);

                // A killed link comes back as a partial resync (reference §15.1 item 9).
                assertEquals(1L, r.call("CLIENT", "KILL", "TYPE", "master"));
                awaitLog(replica, "Successful partial resynchronization with master", 1);
                await().until(() -> infoLong(m, "stats", "sync_partial_ok") == 1);
                assertEquals(1, infoLong(m, "stats", "sync_full"), "no second full sync");
                awaitLinkUp(r);

                WriteCommands.runEveryFamily(m, "again:");
                m.call("FLUSHALL");
                Datasets.everyType(m, "after-flushall:");
                awaitSameDigest("after the partial resync", () -> digest(m), () -> digest(r));
                awaitOffsetsAgree(m, r);

                // WAIT on the Tandem master: REPLCONF GETACK * goes into the stream (37 bytes,
                // counted by both sides) and the real replica's answer counts.
                long beforeWait = infoLong(m, "replication", "master_repl_offset");
                m.call("SET", "wait-for-it", "1");
                assertEquals(1L, m.call("WAIT", "1", "2000"));
                assertTrue(infoLong(m, "replication", "master_repl_offset") >= beforeWait + 37, "GETACK in the stream");
                awaitOffsetsAgree(m, r);
                assertEquals(1, countLog(replica, "MASTER <-> REPLICA sync: Finished with success"),
                        "the replica loaded exactly one RDB");
            }
        }
    }

    /**
     * The forkless snapshot under load: a client keeps writing while the real replica full-syncs
     * (side-saved entries, the stream buffered from the snapshot's offset), and both end equal.
     */
    @Test
    void redisReplicaFullSyncUnderConcurrentWritesConverges() throws Exception {
        long seed = Long.getLong("tandem.seed", System.nanoTime());
        System.out.println("RealReplicaOfTandemMasterTest seed=" + seed + " (rerun with -Dtandem.seed=" + seed + ")");
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("tandem-busy-master").start();
             RespClient m = Interop.client(master)) {
            for (int i = 0; i < 20_000; i++) {
                master.set("bulk:" + i, "value-" + i);
            }
            for (int i = 0; i < 12; i++) { // the random workload's own keys, large, so it rewrites them mid-snapshot
                master.rpush("busy:list:" + i, Datasets.range("e", 0, 500).toArray(new String[0]));
                master.sadd("busy:set:" + i, Datasets.range("m", 0, 500).toArray(new String[0]));
            }
            try (RespClient busy = RespClient.connect("127.0.0.1", master.port());
                 BackgroundWriter writer = busyWriter(busy, seed);
                 RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                         Integer.toString(master.port()));
                 RespClient r = replica.client()) {
                awaitLinkUp(r);
                writer.awaitMoreWrites(1000 / BUSY_BATCH + 1, WAIT);
                writer.stop();
                awaitSameDigest("after a full sync under writes (seed " + seed + ")", () -> digest(m), () -> digest(r));
                awaitOffsetsAgree(m, r);
            }
        }
    }

    /**
     * The snapshot format a Tandem master sends a 7.0 replica: version 9 (the default, every
     * Redis from 5.0 loads it) and version 10 (7.0's compact encodings, and the stream metadata
     * that type 15 cannot carry: entries-added, max-deleted-entry-id, first-entry id, a group's
     * entries-read). Both load with the same digest and pass redis-check-rdb's rules on the
     * replica; with version 10 the stream's XINFO is the seed's own.
     */
    @ParameterizedTest(name = "RDB version {0}")
    @ValueSource(ints = {9, 10})
    void snapshotFormatVersions(int version) throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().snapshotFormat(RdbSnapshotFormat.of(version, true))
                .start(); RespClient m = Interop.client(master);
             RedisServerProcess seed = RedisServerProcess.start(); RespClient s = seed.client()) {
            Datasets.streams(s, "");
            Datasets.everyType(s, "");
            RdbFiles.load(seed.save(), NodeInternals.keyspace(master));
            try (RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()));
                 RespClient r = replica.client()) {
                awaitLinkUp(r);
                awaitSameDigest("RDB v" + version, () -> digest(s), () -> digest(m), () -> digest(r));
                assertTrue(replica.logContains("Loading RDB produced by version"), replica.log().toString());
                if (version == 10) {
                    // The radix tree's shape is the one thing that differs: Tandem packs the live
                    // entries into fresh listpack nodes, Redis's own RDB keeps the nodes as XADD
                    // filled them (deleted entries included).
                    assertEquals(withoutRadixTree(s.call("XINFO", "STREAM", "stream:main", "FULL")),
                            withoutRadixTree(r.call("XINFO", "STREAM", "stream:main", "FULL")));
                    assertEquals(RespClient.describe(s.call("XINFO", "GROUPS", "stream:emptied")),
                            RespClient.describe(r.call("XINFO", "GROUPS", "stream:emptied")));
                    for (String key : List.of("hash:small", "zset:small", "set:intset", "list:big")) {
                        assertEquals(Interop.utf8(s.call("OBJECT", "ENCODING", key)),
                                Interop.utf8(r.call("OBJECT", "ENCODING", key)), key);
                    }
                }
            }
        }
    }

    private static String withoutRadixTree(Object xinfo) {
        return RespClient.describe(xinfo).replaceAll("\"radix-tree-(keys|nodes)\", :\\d+, ", "");
    }

    /**
     * A Tandem master cannot create streams (no XADD in core); it gets them by loading an RDB a
     * redis-server wrote, with every other type as redis-server encodes it.
     */
    private static void seedWithStreams(ReplicatedKeyspace master) throws Exception {
        try (RedisServerProcess seed = RedisServerProcess.start(); RespClient s = seed.client()) {
            Datasets.streams(s, "seed:");
            Datasets.everyType(s, "seed:");
            RdbFiles.load(seed.save(), NodeInternals.keyspace(master));
            assertEquals(digest(s), master.digest(), "the seed loaded into Tandem as it is in redis-server");
        }
    }

    /**
     * At quiescence the real replica's applied offset equals the Tandem master's
     * {@code master_repl_offset}, and the master's view of the replica's ACK does too.
     */
    static void awaitOffsetsAgree(RespClient master, RespClient replica) {
        await().untilAsserted(() -> {
            Map<String, String> mi = info(master, "replication");
            Map<String, String> ri = info(replica, "replication");
            String offset = mi.get("master_repl_offset");
            assertEquals(offset, ri.get("slave_repl_offset"), "replica applied offset; master " + mi + " replica " + ri);
            assertEquals(offset, ri.get("master_repl_offset"), "replica master_repl_offset");
            assertTrue(mi.get("slave0").contains(",offset=" + offset + ","), "master's view of the ACK: " + mi.get("slave0"));
        });
    }
}
