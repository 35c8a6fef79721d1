/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.sim;

import dev.tandem.replication.internal.node.NodeInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.NodeRuntime;
import dev.tandem.replication.internal.sim.SimulatedNetwork;
import dev.tandem.replication.spi.NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The deterministic network's parts: virtual time that moves only when the driver says, seeded
 * runtimes, and link faults (stall, heal, outage) between two real nodes.
 */
class SimulatedNetworkTest {

    @Test
    void timersRunAtVirtualDeadlinesOnlyWhenTimeIsLetPass() {
        try (SimulatedNetwork network = new SimulatedNetwork(1)) {
            ScheduledExecutorService timer = network.runtime("n").newScheduler();
            List<Long> ranAt = new ArrayList<>();
            timer.schedule(() -> ranAt.add(network.elapsedMillis()), 500, TimeUnit.MILLISECONDS);
            timer.schedule(() -> ranAt.add(network.elapsedMillis()), 200, TimeUnit.MILLISECONDS);
            network.runUntilIdle();
            assertEquals(List.of(), ranAt, "time stands still while the loop runs to idle");

            network.runFor(Duration.ofMillis(300));
            assertEquals(List.of(200L), ranAt, "a timer runs at its deadline, not when the slice ends");
            assertEquals(300, network.elapsedMillis());
            assertEquals(SimulatedNetwork.EPOCH_MILLIS + 300, network.wallClockMillis());
            network.runFor(Duration.ofMillis(300));
            assertEquals(List.of(200L, 500L), ranAt);
            timer.shutdownNow();
        }
    }

    @Test
    void runtimesAreSeededByTheNetworkAndTheNodeName() {
        try (SimulatedNetwork one = new SimulatedNetwork(42); SimulatedNetwork again = new SimulatedNetwork(42);
             SimulatedNetwork other = new SimulatedNetwork(43)) {
            NodeRuntime a = one.runtime("n1");
            assertEquals(a.randomHex(40), again.runtime("n1").randomHex(40));
            assertNotEquals(one.runtime("n1").randomHex(40), other.runtime("n1").randomHex(40));
            assertNotEquals(one.runtime("n1").randomHex(40), one.runtime("n2").randomHex(40));
            assertEquals(one.runtime("n1").keyspaceRandomSeed(), again.runtime("n1").keyspaceRandomSeed());
        }
    }

    private static ReplicatedKeyspace node(SimulatedNetwork network, String name) {
        ReplicatedKeyspace node = NodeInternals.runtime(ReplicatedKeyspace.builder().name(name)
                .transport(network.transport(name)), network.runtime(name))
                .directive("repl-timeout", "60")
                .build();
        network.freeRun(node::start);
        return node;
    }

    @Test
    void aStalledLinkHoldsItsBytesInOrderUntilItHeals() {
        try (SimulatedNetwork network = new SimulatedNetwork(3)) {
            AtomicLong downstreamBytes = new AtomicLong();
            network.observer((link, direction, bytes) -> {
                if (link.equals("r->m") && direction == SimulatedNetwork.Direction.DOWNSTREAM) {
                    downstreamBytes.addAndGet(bytes.readableBytes());
                }
            });
            ReplicatedKeyspace master = node(network, "m");
            ReplicatedKeyspace replica = node(network, "r");
            try {
                master.set("a", "1");
                replica.replicaOf(NodeAddress.local("m"));
                network.runFor(Duration.ofSeconds(1));
                assertEquals(master.masterReplOffset(), replica.masterReplOffset());
                assertTrue(downstreamBytes.get() > 0, "the observer saw the sync");

                network.stall("r->m", SimulatedNetwork.Direction.DOWNSTREAM);
                long before = replica.masterReplOffset();
                long seen = downstreamBytes.get();
                master.set("b", "2");
                master.set("c", "3");
                network.runFor(Duration.ofSeconds(2));
                assertEquals(before, replica.masterReplOffset(), "nothing arrives while stalled");
                assertEquals(seen, downstreamBytes.get());

                network.heal("r->m");
                network.runFor(Duration.ofMillis(100));
                assertEquals(master.masterReplOffset(), replica.masterReplOffset());
                assertEquals("3", replica.get("c"));
            } finally {
                network.freeRun(replica::close);
                network.freeRun(master::close);
            }
        }
    }

    @Test
    void anOutageRefusesConnectionsUntilItHeals() {
        try (SimulatedNetwork network = new SimulatedNetwork(4)) {
            ReplicatedKeyspace master = node(network, "m");
            ReplicatedKeyspace replica = node(network, "r");
            try {
                replica.replicaOf(NodeAddress.local("m"));
                network.runFor(Duration.ofSeconds(1));
                assertTrue(replica.replicationInfo().masterLink().linkUp());

                network.refuse("r->m");
                network.cut("r->m");
                network.runFor(Duration.ofSeconds(5));
                assertFalse(replica.replicationInfo().masterLink().linkUp(), "reconnects are refused");
                master.set("during", "outage");

                network.heal("r->m");
                network.runFor(Duration.ofSeconds(3));
                assertTrue(replica.replicationInfo().masterLink().linkUp());
                assertEquals("outage", replica.get("during"));
            } finally {
                network.freeRun(replica::close);
                network.freeRun(master::close);
            }
        }
    }
}
