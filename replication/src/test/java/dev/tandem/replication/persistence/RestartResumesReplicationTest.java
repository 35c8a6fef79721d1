/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SaveRule;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted from its own RDB file continues replication by partial resync (Redis ≥ 4.0):
 * a replica asks {@code PSYNC <repl-id> <offset+1>} and gets {@code +CONTINUE}; a master keeps the
 * file's id as replid2, so its replicas continue too. A master without data still meets the
 * empty-master guard.
 */
class RestartResumesReplicationTest {

    @TempDir
    Path dir;

    private static void write(ReplicatedKeyspace node, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            node.execute("SET", prefix + i, "v" + i);
            node.execute("RPUSH", prefix + "list", "e" + i);
        }
    }

    private static void awaitSameDigest(ReplicatedKeyspace a, ReplicatedKeyspace b) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> a.masterReplOffset() == b.masterReplOffset() && a.digest().equals(b.digest()));
    }

    @Test
    void aReplicaRestartedFromItsRdbContinuesPartially() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start()) {
            write(master, "a", 100);
            master.execute("SELECT", "5");
            write(master, "db5-", 10);
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().persistence(Persistence.in(dir))
                    .replicaOf("127.0.0.1", master.port()).start()) {
                awaitSameDigest(master, replica);
                replica.save();
            }
            // Written while the replica is down, in the db the stream last selected (no SELECT follows).
            write(master, "b", 50);
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().persistence(Persistence.in(dir))
                    .listener(events::add).replicaOf("127.0.0.1", master.port()).start()) {
                awaitSameDigest(master, replica);
                assertEquals(1, master.syncCounters().syncFull());
                assertEquals(1, master.syncCounters().syncPartialOk());
                assertTrue(events.stream().anyMatch(e -> e instanceof ReplicationEvent.SyncStarted s
                        && s.kind() == dev.tandem.replication.SyncKind.PARTIAL), events.toString());
            }
        }
    }

    @Test
    void aMasterRestartedFromItsRdbKeepsItsReplicasPartial() throws Exception {
        int port;
        String digest;
        try (ReplicatedKeyspace replica = startMasterAndReplica()) {
            port = helperPort;
            ReplicatedKeyspace master = helperMaster;
            awaitSameDigest(master, replica);
            String oldReplid = master.replicationInfo().replid().toString();
            long offset = master.masterReplOffset();
            // SHUTDOWN saves when save rules are set (Redis 7.0).
            CountDownLatch stopped = new CountDownLatch(1);
            NodeInternals.server(master).shutdownHandler(client -> stopped.countDown());
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                c.send("SHUTDOWN".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertTrue(stopped.await(10, TimeUnit.SECONDS));
            digest = master.digest();
            master.close();
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            try (ReplicatedKeyspace restarted = ReplicatedKeyspace.builder().port(port)
                    .persistence(Persistence.in(dir)).start()) {
                assertEquals(digest, restarted.digest());
                assertEquals(oldReplid, restarted.replicationInfo().replid2().toString());
                assertEquals(offset, restarted.masterReplOffset());
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> restarted.syncCounters().syncPartialOk() == 1);
                assertEquals(0, restarted.syncCounters().syncFull());
                restarted.set("after-restart", "yes");
                awaitSameDigest(restarted, replica);
            }
        }
    }

    private int helperPort;
    private ReplicatedKeyspace helperMaster;

    private ReplicatedKeyspace startMasterAndReplica() {
        helperMaster = ReplicatedKeyspace.builder()
                .persistence(Persistence.in(dir).saveRules(new SaveRule(3600, 1))).start();
        helperPort = helperMaster.port();
        write(helperMaster, "m", 100);
        return ReplicatedKeyspace.builder().replicaOf("127.0.0.1", helperPort).start();
    }

    @Test
    void aMasterRestartedWithoutDataStillMeetsTheEmptyMasterGuard() throws Exception {
        List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
        int port;
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().listener(events::add)
                     .replicaOf("127.0.0.1", master.port()).build()) {
            port = master.port();
            replica.start();
            write(master, "k", 20);
            awaitSameDigest(master, replica);
            master.close();
            // Persistence configured, but the directory holds no file: the master comes back empty.
            try (ReplicatedKeyspace empty = ReplicatedKeyspace.builder().port(port)
                    .persistence(Persistence.in(dir)).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events.stream()
                        .anyMatch(e -> e instanceof ReplicationEvent.EmptyMasterRefused));
                assertEquals(21, dbsize(replica), "the replica kept its data");
            }
        }
    }

    private static long dbsize(ReplicatedKeyspace node) {
        return ((dev.tandem.core.reply.Reply.IntegerReply) node.execute("DBSIZE")).value();
    }
}
