/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.FaultProxy;
import dev.tandem.replication.testing.Workloads;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A replica behind a fault-injecting TCP proxy: a link cut in the middle of the snapshot. (The
 * cut in the stream, the outage longer than the backlog and the stalled replica over its output
 * limit moved to tandem-junit's {@code dev.tandem.junit.it.FaultInjectionTest}, on the public
 * {@code FaultInjectingTransport}; this one needs the proxy's cut after a byte count.)
 */
class FaultInjectionTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static FaultProxy proxyTo(ReplicatedKeyspace master) throws InterruptedException {
        return FaultProxy.start(new InetSocketAddress("127.0.0.1", master.port()));
    }

    private static void writeValues(ReplicatedKeyspace node, String prefix, int count, int valueSize) {
        String value = "v".repeat(valueSize);
        for (int i = 0; i < count; i++) {
            node.set(prefix + i, value + i);
        }
    }

    @Test
    void cutInTheMiddleOfTheSnapshotKeepsTheOldDataAndRetries() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached()
                .configureReplicas(b -> b.reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(300), Duration.ofSeconds(1))))
                .start();
             FaultProxy proxy = proxyTo(c.masterNode())) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            Workloads.fill(master, 5_000, 3);
            replica.set("old", "data");
            writeValues(replica, "mine", 100, 10);
            String oldDigest = replica.digest();
            AtomicReference<String> digestAtFailure = new AtomicReference<>();
            AtomicReference<String> oldValueAtFailure = new AtomicReference<>();
            replica.addListener(e -> {
                if (e instanceof ReplicationEvent.SyncFailed && digestAtFailure.get() == null) {
                    oldValueAtFailure.set(replica.get("old"));
                    digestAtFailure.set(replica.digest());
                }
            });

            proxy.truncateAfter(FaultProxy.Direction.DOWNSTREAM, 150_000); // mid-RDB
            replica.replicaOf("127.0.0.1", proxy.port());
            Awaitility.await().atMost(AWAIT).until(() -> digestAtFailure.get() != null);
            assertEquals(oldDigest, digestAtFailure.get());
            assertEquals("data", oldValueAtFailure.get());

            c.awaitConverged();
            assertNull(replica.get("old"));
            assertEquals(2, c.count(replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
            assertEquals(1, c.count(replica, ReplicationEvent.SyncFailed.class));
            assertEquals(1, c.count(replica, ReplicationEvent.SyncCompleted.class));
        }
    }
}
