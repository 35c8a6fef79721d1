/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.Role;
import dev.tandem.replication.testing.Cluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BasicReplicationTest {

    @Test
    void replicaReceivesExistingDataAndTheStream() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).over(Cluster.Kind.TCP).start()) {
            c.masterNode().set("a", "1");
            c.masterNode().rpush("list", "x", "y", "z");
            c.awaitConverged();
            c.masterNode().set("b", "2");
            c.masterNode().hset("h", "f", "v");
            c.awaitConverged();
            assertEquals("2", c.replica(0).get("b"));
            assertEquals(Role.REPLICA, c.replica(0).role());
            assertTrue(c.masterNode().awaitSynced(Duration.ofSeconds(5)));
        }
    }
}
