/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.Workloads;
import dev.tandem.testkit.BackgroundWriter;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Master + 2 replicas over TCP and over in-JVM channels: a full sync of every data type with
 * expiries while a concurrent writer keeps changing the master, ending in equal digests.
 */
class FullSyncTest {

    @ParameterizedTest
    @EnumSource(Cluster.Kind.class)
    void fullSyncUnderConcurrentWritesConverges(Cluster.Kind kind) throws Exception {
        try (Cluster c = Cluster.master().replicas(2).over(kind).detached().start()) {
            ReplicatedKeyspace master = c.masterNode();
            Workloads.fill(master, 10_000, 42);
            CountDownLatch attached = new CountDownLatch(1);
            master.addListener(e -> {
                if (e instanceof ReplicationEvent.ReplicaAttached) {
                    attached.countDown();
                }
            });
            for (ReplicatedKeyspace r : c.replicas()) {
                r.replicaOf(master.address());
            }
            assertTrue(attached.await(10, TimeUnit.SECONDS));
            // The snapshot starts right after the first attach: these writes race with its walk,
            // so entries are side-saved before being changed.
            // A bound on the writes keeps the stream small: the replicas parse it under Netty's
            // PARANOID leak detector, which is slow.
            SplittableRandom random = new SplittableRandom(7);
            try (BackgroundWriter writer = BackgroundWriter.start("concurrent-writer", 5_000,
                    () -> Workloads.randomWrite(master, random, 12_000))) {
                writer.awaitBudgetSpent(Duration.ofSeconds(30));
            }
            Workloads.expireShortKeys(master);
            c.awaitConverged();
            for (ReplicatedKeyspace r : c.replicas()) {
                assertEquals(1, c.count(r, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
                assertEquals(0, c.count(r, ReplicationEvent.SyncFailed.class));
                assertEquals(master.masterReplOffset(), r.masterReplOffset());
            }
            assertEquals(2, c.count(master, ReplicationEvent.ReplicaAttached.class, e -> e.kind() == SyncKind.FULL));
            assertTrue(master.dbsize() > 1000);
        }
    }
}
