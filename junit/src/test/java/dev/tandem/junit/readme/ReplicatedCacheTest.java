/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.junit.TandemCluster;
import dev.tandem.junit.TestCluster;
import org.junit.jupiter.api.Test;

@TandemCluster(replicas = 2)
class ReplicatedCacheTest {
    @Test
    void writesReachBothReplicas(TestCluster cluster) {
        cluster.master().set("greeting", "hello");
        cluster.link(1).cut();                   // replica 1 loses its master...
        cluster.master().set("greeting", "bye");
        cluster.link(1).heal();                  // ...and catches up by partial resync
        cluster.awaitConverged();                // same offsets and DEBUG DIGEST everywhere
        assertEquals("bye", cluster.replica(0).get("greeting"));
        assertEquals("bye", cluster.replica(1).get("greeting"));
    }
}
