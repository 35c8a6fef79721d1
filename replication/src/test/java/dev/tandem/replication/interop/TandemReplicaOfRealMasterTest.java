/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.BUSY_BATCH;
import static dev.tandem.replication.interop.Interop.WAIT;
import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.busyWriter;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.info;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.testkit.BackgroundWriter;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Tandem replica of a real {@code redis-server} 7.0 master (reference §15.2): a full sync of
 * a dataset in every encoding 7.0 writes, a seeded random workload, equal DEBUG DIGESTs and
 * offsets at quiescence, a partial resync after the master kills the link, and {@code WAIT} on
 * the real master counting the Tandem replica. Both payload forms: diskless ({@code $EOF:},
 * 7.0's default) and disk ({@code $<len>} with keepalives).
 */
@Tag("interop")
@RequiresRedis
class TandemReplicaOfRealMasterTest {

    @ParameterizedTest(name = "repl-diskless-sync {0}")
    @ValueSource(strings = {"yes", "no"})
    void tandemReplicaFollowsRedisMaster(String diskless) throws Exception {
        long seed = Long.getLong("tandem.seed", System.nanoTime());
        System.out.println("TandemReplicaOfRealMasterTest seed=" + seed + " (rerun with -Dtandem.seed=" + seed + ")");
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync", diskless,
                "--repl-diskless-sync-delay", "0", "--list-compress-depth", "1");
             RespClient m = redis.client()) {
            Datasets.everyType(m, "");
            Datasets.streams(m, "");
            assertEveryEncodingPresent(m);

            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            // Writes keep coming while the master forks, transfers and the replica loads: the
            // stream that follows the payload (glued to it in the $<len> form) must apply.
            try (RespClient busy = RespClient.connect("127.0.0.1", redis.port());
                 BackgroundWriter writer = busyWriter(busy, seed - 1);
                 ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("tandem-replica")
                    .listener(events::add).replicaOf("127.0.0.1", redis.port()).start();
                 RespClient t = Interop.client(replica)) {
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)), "link up");
                writer.awaitMoreWrites(500 / BUSY_BATCH + 1, WAIT);
                writer.stop();
                awaitSameDigest("after the full sync", () -> digest(m), replica::digest, () -> digest(t));
                awaitQuiescentOffsets(m, replica);

                new RandomWorkload(seed, "r:").run(m, 3000);
                awaitSameDigest("after the random workload (seed " + seed + ")", () -> digest(m), replica::digest);
                awaitQuiescentOffsets(m, replica);

                // The master drops the link: the replica comes back with a partial resync.
                long fullBefore = infoLong(m, "stats", "sync_full");
                long partialBefore = infoLong(m, "stats", "sync_partial_ok");
                assertEquals(1, fullBefore);
                assertEquals(1L, m.call("CLIENT", "KILL", "TYPE", "replica"));
                new RandomWorkload(seed + 1, "r:").run(m, 300);
                await().until(() -> infoLong(m, "stats", "sync_partial_ok") == partialBefore + 1
                        && "online".equals(slave0(m).get("state")));
                assertEquals(fullBefore, infoLong(m, "stats", "sync_full"), "no new full sync");
                // The master counts the partial resync before the replica has read +CONTINUE.
                await().untilAsserted(() -> assertEquals(1, events.stream().filter(e -> e instanceof ReplicationEvent.SyncCompleted c
                        && c.kind() == SyncKind.PARTIAL).count(), events.toString()));

                new RandomWorkload(seed + 2, "r:").run(m, 1000);
                awaitSameDigest("after the partial resync (seed " + seed + ")", () -> digest(m), replica::digest);
                awaitQuiescentOffsets(m, replica);

                // WAIT on the real master counts the Tandem replica: it answers GETACK.
                m.call("SET", "wait-for-me", "1");
                assertEquals(1L, m.call("WAIT", "1", "1000"));
                assertEquals(1, events.stream().filter(e -> e instanceof ReplicationEvent.SyncCompleted c
                        && c.kind() == SyncKind.FULL).count(), "exactly one full sync");
            }
        }
    }

    /** The dataset reaches every encoding redis-server 7.0 writes to an RDB. */
    private static void assertEveryEncodingPresent(RespClient m) throws Exception {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("str:int", "int"), Map.entry("str:plain", "embstr"), Map.entry("str:big", "raw"),
                Map.entry("list:small", "quicklist"), Map.entry("list:big", "quicklist"),
                Map.entry("hash:small", "listpack"), Map.entry("hash:big", "hashtable"),
                Map.entry("hash:longval", "hashtable"), Map.entry("set:intset", "intset"),
                Map.entry("set:bigints", "hashtable"), Map.entry("set:strings", "hashtable"),
                Map.entry("zset:small", "listpack"), Map.entry("zset:big", "skiplist"),
                Map.entry("zset:long", "skiplist"), Map.entry("stream:main", "stream"));
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), Interop.utf8(m.call("OBJECT", "ENCODING", e.getKey())), e.getKey());
        }
        // A quicklist of many nodes (list-max-listpack-size -2: 8 KB per node), LZF-compressed
        // inner nodes (list-compress-depth 1), and LZF strings.
        String debug = Interop.utf8(m.call("DEBUG", "OBJECT", "list:big"));
        int nodes = Integer.parseInt(debug.replaceAll(".*ql_nodes:(\\d+).*", "$1"));
        assertTrue(nodes > 3, debug);
        assertTrue(debug.contains("ql_compressed:1"), debug);
    }

    private static Map<String, String> slave0(RespClient m) throws Exception {
        String row = info(m, "replication").get("slave0");
        Map<String, String> fields = new java.util.HashMap<>();
        if (row != null) {
            for (String kv : row.split(",")) {
                int eq = kv.indexOf('=');
                fields.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return fields;
    }

    /**
     * At quiescence the Tandem replica's applied offset equals the real master's
     * {@code master_repl_offset}, and its ACKs have told the master so.
     */
    private static void awaitQuiescentOffsets(RespClient m, ReplicatedKeyspace replica) {
        await().untilAsserted(() -> {
            long masterOffset = infoLong(m, "replication", "master_repl_offset");
            assertEquals(masterOffset, replica.masterReplOffset(), "Tandem applied offset");
            assertEquals(Long.toString(masterOffset), slave0(m).get("offset"), "the master's view of the Tandem ACK");
            assertEquals(masterOffset, replica.replicationInfo().masterLink().replOffset(), "slave_repl_offset");
        });
    }
}
