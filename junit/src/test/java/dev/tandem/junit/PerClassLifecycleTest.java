/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One cluster for the whole class: seeded in {@code @BeforeAll}, faults healed between tests. */
@TandemCluster(replicas = 1, lifecycle = TandemCluster.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassLifecycleTest {

    private static TestCluster shared;

    @BeforeAll
    static void seed(TestCluster cluster) {
        shared = cluster;
        cluster.master().set("seed", "1");
        cluster.awaitConverged();
    }

    @Test
    @Order(1)
    void theFirstTestGetsTheClassesClusterAndLeavesItsLinkCut(TestCluster cluster) {
        assertSame(shared, cluster);
        assertEquals("1", cluster.replica(0).get("seed"));
        cluster.master().set("from-test-1", "x");
        cluster.awaitConverged();
        cluster.link(0).cut();
    }

    @Test
    @Order(2)
    void theNextTestFindsTheDataKeptAndTheLinkHealed(TestCluster cluster) {
        assertSame(shared, cluster);
        assertFalse(cluster.link(0).isCut(), "the extension heals every link after each test");
        cluster.master().set("from-test-2", "y");
        cluster.awaitConverged();
        assertEquals("x", cluster.replica(0).get("from-test-1"));
        assertEquals("y", cluster.replica(0).get("from-test-2"));
    }

    @AfterAll
    static void stillRunningInAfterAll(TestCluster cluster) {
        assertSame(shared, cluster);
        assertEquals("y", cluster.master().get("from-test-2"));
    }
}
