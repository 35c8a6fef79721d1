/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A replica behind a fault-injecting TCP proxy: link cuts in the stream and in the snapshot,
 * outages longer than the backlog, a stalled replica over its output limit.
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
    void linkCutInTheStreamResumesWithPartialResync() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached().start();
             FaultProxy proxy = proxyTo(c.masterNode())) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            Workloads.fill(master, 500, 1);
            replica.replicaOf("127.0.0.1", proxy.port());
            c.awaitConverged();
            writeValues(master, "before", 100, 20);
            c.awaitConverged();

            proxy.cut();
            writeValues(master, "during", 300, 20);
            Awaitility.await().atMost(AWAIT).until(() -> c.count(replica, ReplicationEvent.LinkDown.class) >= 1);
            c.awaitConverged();

            assertEquals(1, c.count(replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
            assertTrue(c.count(replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.PARTIAL) >= 1);
            assertEquals(1, c.count(master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.FULL));
            assertTrue(c.count(master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.PARTIAL) >= 1);
            assertEquals("v".repeat(20) + 299, replica.get("during299"));
        }
    }

    @Test
    void outageLongerThanTheBacklogCausesExactlyOneFullSync() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached()
                .configureMaster(b -> b.directive("repl-backlog-size", "16kb").backlogChunkSize(4096))
                .start();
             FaultProxy proxy = proxyTo(c.masterNode())) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            Workloads.fill(master, 200, 2);
            replica.replicaOf("127.0.0.1", proxy.port());
            c.awaitConverged();

            proxy.refuse(true);
            proxy.cut();
            Awaitility.await().atMost(AWAIT).until(() -> c.count(replica, ReplicationEvent.LinkDown.class) >= 1);
            writeValues(master, "gap", 2_000, 100); // ~250 KB, far beyond the 16 KB backlog
            proxy.refuse(false);
            c.awaitConverged();

            assertEquals(2, c.count(replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
            assertEquals(0, c.count(replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.PARTIAL));
            assertEquals(2, c.count(master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.FULL));
            assertEquals(0, c.count(master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.PARTIAL));
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

    @Test
    void stalledReplicaOverItsOutputLimitIsDroppedAndLaterResyncs() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached()
                .configureMaster(b -> b.directive("repl-backlog-size", "64kb")
                        .directive("client-output-buffer-limit", "replica 512kb 0 0"))
                .start();
             FaultProxy proxy = proxyTo(c.masterNode())) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            Workloads.fill(master, 100, 4);
            replica.replicaOf("127.0.0.1", proxy.port());
            c.awaitConverged();

            proxy.stall(FaultProxy.Direction.DOWNSTREAM);
            // Well beyond what loopback socket buffers absorb, so the master's channel backs up.
            writeValues(master, "big", 1_200, 10_000);
            Awaitility.await().atMost(AWAIT).until(() -> c.count(master, ReplicationEvent.OutputLimitHit.class) >= 1);
            ReplicationEvent.OutputLimitHit hit = (ReplicationEvent.OutputLimitHit) c.events(master).stream()
                    .filter(ReplicationEvent.OutputLimitHit.class::isInstance).findFirst().orElseThrow();
            assertTrue(hit.limit().contains("hard limit"), hit.limit());
            assertTrue(hit.usedBytes() >= 512 * 1024);
            Awaitility.await().atMost(AWAIT).until(() -> c.count(master, ReplicationEvent.ReplicaDetached.class) >= 1);

            proxy.resume();
            c.awaitConverged();
            assertEquals(2, c.count(replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
            assertNotNull(replica.get("big1199"));
        }
    }
}
