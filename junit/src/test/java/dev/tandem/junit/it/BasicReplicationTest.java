/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.junit.TandemCluster;
import dev.tandem.junit.TestCluster;
import dev.tandem.replication.Role;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Moved from replication's tests (it.BasicReplicationTest), now on the extension. */
@TandemCluster(replicas = 1, transport = TandemCluster.Transport.TCP)
class BasicReplicationTest {

    @Test
    void replicaReceivesExistingDataAndTheStream(TestCluster c) throws Exception {
        c.master().set("a", "1");
        c.master().rpush("list", "x", "y", "z");
        c.awaitConverged();
        c.master().set("b", "2");
        c.master().hset("h", "f", "v");
        c.awaitConverged();
        assertEquals("2", c.replica(0).get("b"));
        assertEquals(Role.REPLICA, c.replica(0).role());
        assertTrue(c.master().awaitSynced(Duration.ofSeconds(5)));
    }
}
