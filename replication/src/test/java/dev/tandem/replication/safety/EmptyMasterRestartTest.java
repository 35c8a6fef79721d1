/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.safety;

import dev.tandem.replication.internal.node.NodeInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationListener;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.testing.Workloads;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The empty-master-restart hazard (anchors.md): a master without persistence restarts empty at
 * the same address, and its replicas would full-sync the empty data set. A Tandem replica that
 * holds data refuses such an unrelated empty history by default, keeps its data, reports it once
 * and stays away from that master until told otherwise.
 */
class EmptyMasterRestartTest {

    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final ReconnectBackoff FAST = new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100));

    private static ReplicatedKeyspace startMaster(int port) {
        return ReplicatedKeyspace.builder().name("master-" + port).port(port).build().start();
    }

    /** Binds {@code port} again once the closed master released it. */
    private static ReplicatedKeyspace restartAt(int port) {
        AtomicReference<ReplicatedKeyspace> started = new AtomicReference<>();
        Awaitility.await().atMost(AWAIT).ignoreExceptions().until(() -> {
            started.set(startMaster(port));
            return true;
        });
        return started.get();
    }

    @Test
    void aReplicaWithDataRefusesTheRestartedEmptyMasterAndKeepsItsData() throws Exception {
        List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
        ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("first-master").port(0).build().start();
        int port = master.port();
        ReplicatedKeyspace restarted = null;
        try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("replica").port(0)
                .reconnectBackoff(FAST).listener((ReplicationListener) events::add)
                .replicaOf("127.0.0.1", port).build().start()) {
            Workloads.fill(master, 300, 7);
            assertTrue(replica.awaitSynced(AWAIT));
            assertTrue(master.awaitSynced(AWAIT));
            String digest = master.digest();
            Awaitility.await().atMost(AWAIT).until(() -> replica.digest().equals(digest));

            master.close(); // "crashed"; comes back without its data and with a new replication id
            restarted = restartAt(port);
            ReplicatedKeyspace empty = restarted;
            Awaitility.await().atMost(AWAIT).until(() -> events.stream()
                    .anyMatch(e -> e instanceof ReplicationEvent.EmptyMasterRefused));
            ReplicationEvent.EmptyMasterRefused refused = events.stream()
                    .filter(ReplicationEvent.EmptyMasterRefused.class::isInstance)
                    .map(ReplicationEvent.EmptyMasterRefused.class::cast).findFirst().orElseThrow();
            assertEquals("127.0.0.1:" + port, refused.master());
            assertEquals(empty.replicationInfo().replid().toString(), refused.masterReplid());
            assertEquals(300, refused.localKeys());
            assertEquals(digest, replica.digest(), "the data set is kept");

            // Parked: no retries (a retry would wipe the replica as soon as the master has a key).
            empty.set("first-new-key", "x");
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> empty.syncCounters().syncFull() == 1);
            assertEquals(digest, replica.digest());
            assertEquals(1, events.stream().filter(ReplicationEvent.EmptyMasterRefused.class::isInstance).count());
            assertEquals(0, events.stream().filter(e -> e instanceof ReplicationEvent.SyncCompleted s
                    && s.kind() == SyncKind.FULL && s.keys() <= 1).count());
            String info = replica.replicationInfo().toString();
            assertTrue(info.contains("master_link_status:down\r\n"), info);

            // The operator decides: follow the new master anyway.
            try (RespClient admin = RespClient.connect("127.0.0.1", replica.port())) {
                assertEquals(List.of("replica-allow-empty-unrelated-master", "no"),
                        admin.array("CONFIG", "GET", "replica-allow-empty-*").stream()
                                .map(b -> new String((byte[]) b)).toList());
                assertEquals("OK", admin.callString("CONFIG", "SET", "replica-allow-empty-unrelated-master", "yes"));
            }
            assertTrue(replica.awaitSynced(AWAIT));
            Awaitility.await().atMost(AWAIT).until(() -> replica.digest().equals(empty.digest()));
            assertEquals("x", replica.get("first-new-key"));
            assertNull(replica.get("k0"));
        } finally {
            master.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    @Test
    void promotingTheParkedReplicaServesItsDataAsTheNewMaster() throws Exception {
        try (ReplicatedKeyspace empty = startMaster(0);
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("holder").port(0).build().start()) {
            Workloads.fill(node, 50, 8);
            String digest = node.digest();
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            node.addListener(events::add);
            node.replicaOf("127.0.0.1", empty.port());
            Awaitility.await().atMost(AWAIT).until(() -> events.stream()
                    .anyMatch(e -> e instanceof ReplicationEvent.EmptyMasterRefused));
            assertEquals(digest, node.digest());
            node.promote();
            node.set("after", "promotion");
            assertEquals("promotion", node.get("after"));
            assertEquals(51, NodeInternals.keyspace(node).database(0).size() + NodeInternals.keyspace(node).database(1).size()
                    + NodeInternals.keyspace(node).database(2).size());
        }
    }

    /**
     * Issue #14 defect 6: {@code REPLICAOF <the same master>} answered "OK Already connected to
     * specified master" while the parked link stayed down for good. It now retries the link
     * (and says a plain OK); once the link is up, the same command gets Redis's answer again.
     */
    @Test
    void replicaOfTheSameMasterRetriesAParkedLink() throws Exception {
        try (ReplicatedKeyspace empty = startMaster(0);
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("holder").port(0).reconnectBackoff(FAST)
                     .build().start();
             RespClient admin = RespClient.connect("127.0.0.1", node.port())) {
            node.set("mine", "1");
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            node.addListener(events::add);
            assertEquals("OK", admin.callString("REPLICAOF", "127.0.0.1", Integer.toString(empty.port())));
            Awaitility.await().atMost(AWAIT).until(() -> events.stream()
                    .anyMatch(e -> e instanceof ReplicationEvent.EmptyMasterRefused));
            assertTrue(node.replicationInfo().toString().contains("master_link_status:down\r\n"));

            // The master got data meanwhile: the operator asks for the same master again.
            empty.set("theirs", "2");
            assertEquals("OK", admin.callString("REPLICAOF", "127.0.0.1", Integer.toString(empty.port())),
                    "not 'Already connected': the link was down");
            assertTrue(node.awaitSynced(AWAIT), "the parked link retried");
            Awaitility.await().atMost(AWAIT).until(() -> "2".equals(node.get("theirs")));
            assertNull(node.get("mine"));
            assertEquals("OK Already connected to specified master",
                    admin.callString("REPLICAOF", "127.0.0.1", Integer.toString(empty.port())));
        }
    }

    @Test
    void withTheOptionTheReplicaIsWipedAsRedisWouldDo() throws Exception {
        try (ReplicatedKeyspace empty = startMaster(0);
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("holder").port(0)
                     .directive("replica-allow-empty-unrelated-master", "yes").build().start()) {
            assertTrue(node.allowsEmptyUnrelatedMaster());
            node.set("mine", "1");
            node.replicaOf("127.0.0.1", empty.port());
            assertTrue(node.awaitSynced(AWAIT));
            assertNull(node.get("mine"));
            assertFalse(node.replicationInfo().toString().contains("master_link_status:down"));
        }
    }
}
