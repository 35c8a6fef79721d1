/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.junit.TandemCluster;
import dev.tandem.junit.TestCluster;
import dev.tandem.replication.DatabaseView;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Link faults in the stream, moved from replication's tests (it.FaultInjectionTest, which used
 * a TCP fault proxy in front of the master) to the extension's per-replica links. The cut in
 * the middle of a snapshot stays there: it truncates the stream after a byte count, which the
 * public decorator does not offer.
 */
class FaultInjectionTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static void writeValues(ReplicatedKeyspace node, String prefix, int count, int valueSize) {
        String value = "v".repeat(valueSize);
        for (int i = 0; i < count; i++) {
            node.set(prefix + i, value + i);
        }
    }

    /** A mix of types over three databases, so that a resync has more than strings to carry. */
    private static void fill(ReplicatedKeyspace node, int keys) {
        for (int i = 0; i < keys; i++) {
            DatabaseView db = node.database(i % 3);
            switch (i % 4) {
                case 0 -> db.set("s" + i, "v" + i);
                case 1 -> db.execute("RPUSH", "l" + i, "a", "b", Integer.toString(i));
                case 2 -> db.execute("HSET", "h" + i, "f", Integer.toString(i));
                default -> db.execute("ZADD", "z" + i, Integer.toString(i), "m" + i);
            }
        }
    }

    private static <E extends ReplicationEvent> long count(TestCluster c, ReplicatedKeyspace node, Class<E> type,
            Predicate<E> filter) {
        return c.events(node, type).stream().filter(filter).count();
    }

    @Test
    @TandemCluster(replicas = 1, transport = TandemCluster.Transport.TCP)
    void linkCutInTheStreamResumesWithPartialResync(TestCluster c) {
        ReplicatedKeyspace master = c.master();
        ReplicatedKeyspace replica = c.replica(0);
        fill(master, 500);
        writeValues(master, "before", 100, 20);
        c.awaitConverged();

        c.link(0).cut();
        writeValues(master, "during", 300, 20);
        Awaitility.await().atMost(AWAIT).until(() -> c.events(replica, ReplicationEvent.LinkDown.class).size() >= 1);
        c.link(0).heal();
        c.awaitConverged();

        assertEquals(1, count(c, replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
        assertTrue(count(c, replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.PARTIAL) >= 1);
        assertEquals(1, count(c, master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.FULL));
        assertTrue(count(c, master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.PARTIAL) >= 1);
        assertEquals("v".repeat(20) + 299, replica.get("during299"));
    }

    @Test
    @TandemCluster(replicas = 1, masterConfig = "repl-backlog-size 16kb")
    void outageLongerThanTheBacklogCausesExactlyOneFullSync(TestCluster c) {
        ReplicatedKeyspace master = c.master();
        ReplicatedKeyspace replica = c.replica(0);
        fill(master, 200);
        c.awaitConverged();

        c.link(0).cut(); // down, and reconnects refused until heal
        Awaitility.await().atMost(AWAIT).until(() -> c.events(replica, ReplicationEvent.LinkDown.class).size() >= 1);
        writeValues(master, "gap", 2_000, 100); // ~250 KB, far beyond the 16 KB backlog
        c.link(0).heal();
        c.awaitConverged();

        assertEquals(2, count(c, replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
        assertEquals(0, count(c, replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.PARTIAL));
        assertEquals(2, count(c, master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.FULL));
        assertEquals(0, count(c, master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.PARTIAL));
    }

    @Test
    @TandemCluster(replicas = 1, transport = TandemCluster.Transport.TCP,
            masterConfig = {"repl-backlog-size 64kb", "client-output-buffer-limit replica 512kb 0 0"})
    void stalledReplicaOverItsOutputLimitIsDroppedAndLaterResyncs(TestCluster c) {
        ReplicatedKeyspace master = c.master();
        ReplicatedKeyspace replica = c.replica(0);
        fill(master, 100);
        c.awaitConverged();

        // The replica stops reading: TCP back-pressure reaches the master as it would from a
        // frozen replica process.
        c.link(0).stall();
        // Well beyond what loopback socket buffers absorb, so the master's channel backs up.
        writeValues(master, "big", 1_200, 10_000);
        Awaitility.await().atMost(AWAIT).until(() -> c.events(master, ReplicationEvent.OutputLimitHit.class).size() >= 1);
        ReplicationEvent.OutputLimitHit hit = c.events(master, ReplicationEvent.OutputLimitHit.class).get(0);
        assertTrue(hit.limit().contains("hard limit"), hit.limit());
        assertTrue(hit.usedBytes() >= 512 * 1024);
        Awaitility.await().atMost(AWAIT).until(() -> c.events(master, ReplicationEvent.ReplicaDetached.class).size() >= 1);

        c.link(0).resume();
        c.awaitConverged();
        assertEquals(2, count(c, replica, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
        assertNotNull(replica.get("big1199"));
    }
}
