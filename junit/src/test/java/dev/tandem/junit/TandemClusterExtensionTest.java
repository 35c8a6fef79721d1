/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.Role;
import dev.tandem.replication.SyncKind;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The extension with its defaults (per method, in-JVM channels) and two replicas. */
@TandemCluster(replicas = 2)
class TandemClusterExtensionTest {

    /** Every cluster a test of this class got: one per test, never shared. */
    private static final Set<String> CLUSTERS = ConcurrentHashMap.newKeySet();
    private static final Set<String> TESTS = ConcurrentHashMap.newKeySet();

    private TestCluster fromBeforeEach;

    @BeforeEach
    void before(TestCluster cluster, org.junit.jupiter.api.TestInfo test) {
        fromBeforeEach = cluster;
        CLUSTERS.add(cluster.name());
        TESTS.add(test.getDisplayName());
        // Fresh nodes: nothing from another test, replicas linked and synced already.
        if (cluster.replicas().size() > 0 && cluster.transport() == TandemCluster.Transport.LOCAL) {
            assertFalse(cluster.master().exists("k"));
            assertTrue(cluster.replica(0).replicationInfo().masterLink().linkUp());
        }
    }

    @AfterAll
    static void everyTestHadItsOwnNodes() {
        assertEquals(TESTS.size(), CLUSTERS.size(), "one cluster per test method: " + CLUSTERS);
    }

    @Test
    void injectsAMasterAndItsReplicas(TestCluster cluster) {
        assertSame(fromBeforeEach, cluster, "@BeforeEach and the test share the test's cluster");
        assertEquals(TandemCluster.Transport.LOCAL, cluster.transport());
        assertEquals(Role.MASTER, cluster.master().role());
        assertEquals(2, cluster.replicas().size());
        for (ReplicatedKeyspace r : cluster.replicas()) {
            assertEquals(Role.REPLICA, r.role());
        }
        cluster.master().set("k", "v");
        cluster.master().hset("h", "f", "1");
        cluster.awaitConverged();
        assertEquals("v", cluster.replica(0).get("k"));
        assertEquals("1", cluster.replica(1).hget("h", "f"));
        assertEquals(1, cluster.events(cluster.replica(0), ReplicationEvent.SyncCompleted.class).size());
    }

    @Test
    @TandemCluster(replicas = 1, transport = TandemCluster.Transport.TCP, masterConfig = "repl-backlog-size 32kb",
            replicaConfig = "replica-priority 7")
    void aMethodAnnotationOverridesTheClasses(TestCluster cluster) throws IOException {
        assertEquals(TandemCluster.Transport.TCP, cluster.transport());
        assertEquals(1, cluster.replicas().size());
        assertTrue(cluster.master().port() > 0);
        assertEquals("32768", configGet(cluster.master(), "repl-backlog-size"));
        assertEquals("7", configGet(cluster.replica(0), "replica-priority"));
    }

    /** Over RESP, as a user would check it: the TCP nodes are reachable by any Redis client. */
    private static String configGet(ReplicatedKeyspace node, String directive) throws IOException {
        try (RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            return new String((byte[]) client.array("CONFIG", "GET", directive).get(1), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aCutLinkRefusesReconnectsAndAfterHealTheReplicaResumesWithPartialResync(TestCluster cluster) {
        ReplicatedKeyspace master = cluster.master();
        ReplicatedKeyspace cutOff = cluster.replica(0);
        master.set("before", "1");
        cluster.awaitConverged();

        cluster.link(0).cut();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !cutOff.replicationInfo().masterLink().linkUp());
        master.set("during", "2");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.link(0).connectionsRefused() > 0);
        assertNull(cutOff.get("during"));
        assertThrows(AssertionError.class, () -> cluster.awaitConverged(Duration.ofMillis(100)));

        cluster.link(0).heal();
        cluster.awaitConverged();
        assertEquals("2", cutOff.get("during"));
        // +CONTINUE: the replica resumed from its offset; the other replica never noticed.
        assertEquals(1, cluster.events(cutOff, ReplicationEvent.SyncCompleted.class).stream()
                .filter(e -> e.kind() == SyncKind.PARTIAL).count());
        assertEquals(1, master.syncCounters().syncPartialOk());
        assertEquals(0, cluster.events(cluster.replica(1), ReplicationEvent.LinkDown.class).size());
    }

    @Test
    void aStalledLinkShowsAsLagUntilResumed(TestCluster cluster) {
        cluster.link(1).stall();
        for (int i = 0; i < 20; i++) {
            cluster.master().incr("counter");
        }
        // Replica 0 keeps up; replica 1 stays behind with its link still up.
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.replica(0).masterReplOffset() == cluster.master().masterReplOffset());
        long lag = cluster.master().masterReplOffset() - cluster.replica(1).masterReplOffset();
        assertTrue(lag > 0, "lag " + lag);
        assertTrue(cluster.replica(1).replicationInfo().masterLink().linkUp());
        assertNull(cluster.replica(1).get("counter"));

        cluster.link(1).resume();
        cluster.awaitConverged();
        assertEquals("20", cluster.replica(1).get("counter"));
    }

    @Test
    void aDelayedLinkShowsAsLagOfAtLeastTheDelay(TestCluster cluster) {
        cluster.link(0).delay(Duration.ofMillis(150));
        long start = System.nanoTime();
        cluster.master().set("k", "late");
        String early = cluster.replica(0).get("k");
        long lookedAfter = (System.nanoTime() - start) / 1_000_000;
        // Only a lookup that came 150 ms or more after the write may see it (on a loaded
        // machine the lookup itself may come that late).
        assertTrue(early == null || lookedAfter >= 150, "seen after " + lookedAfter + " ms");
        cluster.awaitConverged();
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took >= 150, "converged after " + took + " ms");
    }

    @Test
    void awaitConvergedFailsNamingEachNodesState(TestCluster cluster) {
        cluster.link(1).stall();
        cluster.master().set("k", "v");
        AssertionError failure = assertThrows(AssertionError.class, () -> cluster.awaitConverged(Duration.ofMillis(100)));
        String message = failure.getMessage();
        assertTrue(message.startsWith("replicas did not converge within PT0.1S: "), message);
        assertTrue(message.contains(cluster.name() + "-replica1: link up, offset "), message);
        assertTrue(message.contains(cluster.name() + "-master: link up, offset " + cluster.master().masterReplOffset()), message);
        cluster.link(1).heal();
        cluster.awaitConverged();
    }

    @Test
    void wrongUseGetsAClearError(TestCluster cluster) {
        assertEquals("replica 2: this cluster has 2 replica(s), numbered from 0",
                assertThrows(IndexOutOfBoundsException.class, () -> cluster.replica(2)).getMessage());
        assertEquals("this cluster has no redis-server: @TandemCluster(redisServer = MASTER or REPLICA)",
                assertThrows(IllegalStateException.class, cluster::redis).getMessage());
    }
}
