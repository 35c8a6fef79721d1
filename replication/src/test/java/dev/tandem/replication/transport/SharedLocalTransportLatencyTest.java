/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 defect 8: nodes sharing one {@link LocalTransport} saw replication about a second
 * late. The cause: on one event loop a replica loads the payload and sends its first
 * {@code REPLCONF ACK} before the master's session has run the task that marks the transfer
 * done, so that ACK was dropped and the stream started only with the replica's next periodic
 * ACK, up to a second later.
 *
 * <p>Each round attaches two fresh replicas (each a full sync, where the race is) and then
 * expects the first write acknowledged by both and seen on both well under that second. A lost
 * ACK costs a uniformly distributed 0–1 s wait for the next periodic ACK, so it slips under
 * the bound in about one round of five; twenty rounds with at most a few late ones (room for a
 * loaded 2-core machine) cannot pass with the defect.
 */
class SharedLocalTransportLatencyTest {

    private static final Duration WELL_UNDER_THE_HEARTBEAT = Duration.ofMillis(200);
    private static final int ROUNDS = 20;
    private static final int LATE_ROUNDS_TOLERATED = 5;

    @Test
    void firstWritesAfterAFullSyncReachReplicasAtOnceOnASharedLocalTransport() throws Exception {
        try (LocalTransport shared = new LocalTransport(TransportOptions.defaults().withThreadNamePrefix("shared-local"))) {
            ReplicatedKeyspace master = node("latency-master", shared).build().start();
            try {
                round(master, shared, -1); // warm-up: class loading and JIT, not judged
                List<Integer> late = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    if (!round(master, shared, i)) {
                        late.add(i);
                    }
                }
                assertTrue(late.size() <= LATE_ROUNDS_TOLERATED, "rounds slower than " + WELL_UNDER_THE_HEARTBEAT
                        + " (a lost first ACK makes most rounds wait for the next periodic one): " + late);
            } finally {
                master.close();
            }
        }
    }

    /** Two new replicas full-sync, then one write: whether both had it within the bound. */
    private static boolean round(ReplicatedKeyspace master, LocalTransport shared, int i) throws Exception {
        List<ReplicatedKeyspace> replicas = new ArrayList<>();
        try {
            for (int r = 0; r < 2; r++) {
                replicas.add(node("latency-r" + r + "-" + (i + 1), shared).replicaOf(master.address()).build().start());
            }
            // Linked means loaded and acknowledged on the replica's side: from here on nothing
            // but the stream should stand between a write and the replicas.
            for (ReplicatedKeyspace r : replicas) {
                assertTrue(r.awaitSynced(Duration.ofSeconds(30)), r.name() + " linked");
            }
            String value = Integer.toString(i);
            master.set("k", value);
            boolean inTime = master.awaitSynced(WELL_UNDER_THE_HEARTBEAT);
            try {
                for (ReplicatedKeyspace r : replicas) {
                    Awaitility.await().atMost(WELL_UNDER_THE_HEARTBEAT).pollInterval(Duration.ofMillis(2))
                            .until(() -> value.equals(r.get("k")));
                }
            } catch (ConditionTimeoutException late) {
                inTime = false;
            }
            if (!inTime) {
                // Late is counted, not lost: the write still arrives (the periodic ACK).
                assertTrue(master.awaitSynced(Duration.ofSeconds(30)), "round " + i + " acknowledged at all");
            }
            for (ReplicatedKeyspace r : replicas) {
                assertEquals(master.digest(), r.digest());
            }
            return inTime;
        } finally {
            replicas.forEach(ReplicatedKeyspace::close);
        }
    }

    private static ReplicatedKeyspace.Builder node(String name, LocalTransport transport) {
        return ReplicatedKeyspace.builder().name(name).transport(transport).listen(NodeAddress.local(name))
                .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
    }
}
