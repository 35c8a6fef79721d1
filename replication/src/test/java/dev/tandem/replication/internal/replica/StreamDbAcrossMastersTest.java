/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.testing.Cluster;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Regression found by the consistency simulation: the db selected in the stream belongs to the
 * node's position in the stream, not to one link. A replica that switches to a sibling of the
 * same history continues partially, and the sibling forwards the master's bytes without a new
 * {@code SELECT}; they must land in the db the stream had selected (Redis keeps it in the cached
 * master), not in db 0.
 */
class StreamDbAcrossMastersTest {

    @Test
    void aPartialResyncWithASiblingContinuesInTheSelectedDb() throws Exception {
        try (Cluster c = Cluster.master().replicas(2).start()) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace moving = c.replica(0);
            ReplicatedKeyspace sibling = c.replica(1);
            c.awaitConverged(); // the full syncs are done: what follows is stream only
            master.database(2).set("before", "1"); // the stream selects db 2 here, once
            c.awaitConverged();

            moving.replicaOf(sibling.address());
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> c.count(moving,
                    ReplicationEvent.SyncCompleted.class, e -> e.kind() == SyncKind.PARTIAL) == 1 && moving.replicationInfo()
                    .masterLink().linkUp());
            master.database(2).set("after", "2"); // no SELECT: db 2 is still selected
            c.awaitConverged();

            assertEquals("2", moving.database(2).get("after"));
            assertNull(moving.database(0).get("after"));
            assertEquals(master.digest(), moving.digest());
        }
    }
}
