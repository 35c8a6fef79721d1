/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.SimpleSnapshotFormat;
import dev.tandem.replication.testing.Workloads;
import dev.tandem.testkit.RawClient;
import org.junit.jupiter.api.Test;

/** How full syncs are produced: shared snapshots, the disk ({@code $<len>}) form, legacy SYNC, other formats. */
class SnapshotSchedulingTest {

    @Test
    void replicasArrivingWithinTheDisklessDelayShareOneSnapshot() throws Exception {
        try (Cluster c = Cluster.master().replicas(2)
                .configureMaster(b -> b.directive("repl-diskless-sync-delay", "1")).start()) {
            Workloads.fill(c.masterNode(), 500, 5);
            c.awaitConverged();
            assertEquals(1, c.masterNode().syncCounters().snapshots());
            assertEquals(2, c.masterNode().syncCounters().syncFull());
        }
    }

    @Test
    void diskTransferWithLengthPrefix() throws Exception {
        try (Cluster c = Cluster.master().replicas(2)
                .configureMaster(b -> b.directive("repl-diskless-sync", "no")).start()) {
            Workloads.fill(c.masterNode(), 2_000, 6);
            c.masterNode().set("after", "sync");
            c.awaitConverged();
            assertEquals("sync", c.replica(1).get("after"));
        }
    }

    @Test
    void aNonRdbSnapshotFormatServesTandemPeers() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).format(new SimpleSnapshotFormat()).start()) {
            Workloads.fill(c.masterNode(), 1_000, 7);
            c.awaitConverged();
        }
    }

    @Test
    void legacySyncGetsTheLengthFormWithoutFullresyncAndThenTheStream() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start();
             RawClient replica = RawClient.connect("127.0.0.1", master.port())) {
            master.set("k", "v");
            replica.send("SYNC\r\n");
            String header = replica.readReplyLine();
            assertTrue(header.startsWith("$"), header);
            int length = Integer.parseInt(header.substring(1));
            String rdb = replica.read(length);
            assertEquals("REDIS0010", rdb.substring(0, 9));
            master.set("next", "write");
            String text = replica.readUntil("write\r\n");
            assertTrue(text.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$4\r\nnext"), text);
        }
    }
}
