/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.EvictionPolicy;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue #14: memory outside the data set is in {@code used_memory} and counts toward
 * {@code maxmemory} as Redis 7.0.15 counts it ({@code getMemoryOverheadData},
 * {@code freeMemoryGetNotCountedMemory}): the replication backlog ({@code mem_replication_backlog},
 * counted), the replicas' part beyond it ({@code mem_clients_slaves}, not counted), normal clients'
 * output ({@code mem_clients_normal}, counted).
 */
class BufferMemoryTest {

    private static final byte[] VALUE = new byte[1000];

    private static Map<String, Long> memory(RespClient c) throws Exception {
        String text = new String((byte[]) c.call("INFO", "memory"), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\r\n")).filter(l -> l.contains(":") && l.substring(l.indexOf(':') + 1)
                .matches("-?\\d+")).collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')),
                        l -> Long.parseLong(l.substring(l.indexOf(':') + 1))));
    }

    private static void write(ReplicatedKeyspace node, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            node.execute("SET".getBytes(StandardCharsets.US_ASCII), (prefix + i).getBytes(StandardCharsets.US_ASCII),
                    VALUE);
        }
    }

    @Test
    void theBacklogIsInUsedMemoryAndItsFieldsAreRedis() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("buffers").listen("127.0.0.1", 0).start();
                ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("buffers-replica").listen("127.0.0.1", 0)
                        .replicaOf("127.0.0.1", master.port()).start();
                RespClient c = RespClient.connect("127.0.0.1", master.port())) {
            assertTrue(replica.awaitSynced(Duration.ofSeconds(10)));
            write(master, "k:", 2000); // 2 MB of stream: the 1 MB backlog is full
            Map<String, Long> m = memory(c);
            long dataSet = NodeInternals.keyspace(master).usedMemory();
            assertEquals(1L << 20, m.get("mem_replication_backlog"), m.toString());
            assertTrue(m.get("mem_total_replication_buffers") >= 1L << 20, m.toString());
            assertEquals(m.get("mem_clients_slaves"), m.get("mem_not_counted_for_evict"));
            assertEquals(m.get("used_memory"), m.get("used_memory_dataset") + m.get("used_memory_overhead"));
            assertEquals(dataSet + m.get("mem_replication_backlog") + m.get("mem_clients_slaves")
                    + m.get("mem_clients_normal"), m.get("used_memory"), m.toString());
        }
    }

    @Test
    void theBacklogCountsTowardMaxmemorySoTheDataSetGetsTheRest() {
        long limit = 3L << 19; // 1.5 MB, of which the full 1 MB backlog takes 1 MB
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("counted").listen("127.0.0.1", 0)
                .maxMemory(limit).maxMemoryPolicy(EvictionPolicy.ALLKEYS_RANDOM).start();
                ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("counted-replica").listen("127.0.0.1", 0)
                        .replicaOf("127.0.0.1", node.port()).start()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> NodeInternals.keyspace(node).eviction().countedBuffers() >= 0
                            && node.replicationInfo().connectedSlaves() == 1 && replica.awaitSynced(Duration.ZERO));
            write(node, "k:", 3000);
            var keyspace = NodeInternals.keyspace(node);
            assertEquals(1L << 20, keyspace.eviction().countedBuffers());
            assertTrue(keyspace.usedMemory() <= limit - (1L << 20) + 2000, "data set " + keyspace.usedMemory());
            assertTrue(keyspace.eviction().evictedKeys() > 2000, "evicted " + keyspace.eviction().evictedKeys());
        }
    }

    @Test
    void aMasterNobodyReplicatesCountsNoBacklogAsRedisHasNone() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("alone").listen("127.0.0.1", 0).start();
                RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            write(node, "k:", 2000);
            assertEquals(0, NodeInternals.keyspace(node).eviction().countedBuffers());
            Map<String, Long> m = memory(c);
            assertEquals(0L, m.get("mem_replication_backlog"), m.toString());
            assertEquals(0L, m.get("mem_total_replication_buffers"), m.toString());
        }
    }
}
