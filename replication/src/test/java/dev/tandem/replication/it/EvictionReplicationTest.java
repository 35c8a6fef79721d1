/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.EvictionPolicy;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.testing.Cluster;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A master past maxmemory evicts and its replica follows the DELs instead of evicting on its
 * own (replica-ignore-maxmemory yes), so both hold the same data set; noeviction refuses writes
 * with Redis's OOM error; CONFIG SET changes it all live.
 */
class EvictionReplicationTest {
    private static final String VALUE = "x".repeat(1000);

    private static Keyspace keyspace(ReplicatedKeyspace node) {
        return NodeInternals.keyspace(node);
    }

    private static Reply exec(ReplicatedKeyspace node, String... argv) {
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return node.execute(bytes);
    }

    @Test
    void replicaFollowsTheMastersEvictionsAndNeverEvictsItself() {
        try (Cluster c = Cluster.master().replicas(1).over(Cluster.Kind.LOCAL)
                .configure(b -> b.maxMemory(2L << 20).maxMemoryPolicy(EvictionPolicy.ALLKEYS_LRU)).start()) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            for (int i = 0; i < 2500; i++) {
                assertEquals(Reply.OK, exec(master, "SET", "key:" + i, VALUE));
            }
            c.awaitConverged();
            long evicted = keyspace(master).eviction().evictedKeys();
            assertTrue(evicted > 1000, "evicted " + evicted);
            assertEquals(0, keyspace(replica).eviction().evictedKeys(), "the replica only applies the master's DELs");
            assertEquals(keyspace(master).database(0).size(), keyspace(replica).database(0).size());
            assertEquals(master.digest(), replica.digest());
            // The 1 MB backlog counts toward maxmemory (Redis's used_memory - mem_not_counted_for_evict).
            long counted = keyspace(master).usedMemory() + keyspace(master).eviction().countedBuffers();
            assertTrue(keyspace(master).eviction().countedBuffers() >= 1L << 20, "the backlog is full");
            assertTrue(counted <= (2L << 20) + 2000, "counted " + counted);
            // The replica counts the same data: within a few table arrays of the master's figure.
            assertEquals(keyspace(master).usedMemory(), keyspace(replica).usedMemory(), 64 * 1024);
        }
    }

    @Test
    void noevictionRefusesWritesAndConfigSetChangesThePolicyLive() {
        try (Cluster c = Cluster.master().replicas(1).over(Cluster.Kind.LOCAL).start()) {
            ReplicatedKeyspace master = c.masterNode();
            for (int i = 0; i < 100; i++) {
                exec(master, "SET", "key:" + i, VALUE);
            }
            // The backlog counts toward maxmemory once the replica is attached (its first ACK);
            // the limit below must be taken after that, or the backlog's arrival alone exceeds it.
            c.awaitConverged();
            master.reconfigure("maxmemory", Long.toString(keyspace(master).usedMemory()
                    + keyspace(master).eviction().countedBuffers() - 1));
            assertEquals(Reply.error("OOM command not allowed when used memory > 'maxmemory'."),
                    exec(master, "SET", "one", "more"));
            assertEquals(Reply.integer(1), exec(master, "DEL", "key:0"));
            master.reconfigure("maxmemory-policy", "allkeys-random");
            for (int i = 0; i < 10; i++) {
                assertEquals(Reply.OK, exec(master, "SET", "more:" + i, VALUE)); // past the limit: evicts
            }
            assertTrue(keyspace(master).eviction().evictedKeys() > 0);
            master.reconfigure("maxmemory", "0");
            c.awaitConverged();
            assertEquals(master.digest(), c.replica(0).digest());
        }
    }
}
