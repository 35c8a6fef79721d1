/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.Role;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Roles at run time and the replica's client-visible behaviour. */
class RolesTest {

    @ParameterizedTest
    @EnumSource(Cluster.Kind.class)
    void readOnlyReplicaRefusesWritesButServesReads(Cluster.Kind kind) throws Exception {
        try (Cluster c = Cluster.master().replicas(1).over(kind).start()) {
            c.masterNode().set("k", "v");
            c.awaitConverged();
            ReplicatedKeyspace replica = c.replica(0);
            RedisReplyException e = assertThrows(RedisReplyException.class, () -> replica.set("k", "other"));
            assertEquals("READONLY You can't write against a read only replica.", e.errorText());
            assertEquals(new Reply.ErrorReply("READONLY You can't write against a read only replica."),
                    replica.execute("DEL", "k"));
            assertEquals("v", replica.get("k"));
            assertEquals("v", replica.asMap().get("k"));
            assertThrows(RedisReplyException.class, () -> replica.asMap().put("k", "x"));
        }
    }

    @Test
    void readOnlyOverTheRespServerToo() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).start()) {
            c.awaitConverged();
            try (RespClient client = RespClient.connect("127.0.0.1", c.replica(0).port())) {
                Object reply = client.call("SET", "a", "b");
                assertEquals(new RespClient.ErrorReply("READONLY You can't write against a read only replica."), reply);
                String info = client.callString("INFO", "replication");
                assertTrue(info.contains("role:slave\r\n"), info);
                assertTrue(info.contains("master_link_status:up\r\n"), info);
            }
        }
    }

    @Test
    void staleDataRefusedWithMasterdownWhileTheLinkIsDown() throws Exception {
        try (Cluster c = Cluster.master().replicas(1)
                .configureReplicas(b -> b.directive("replica-serve-stale-data", "no")).start()) {
            c.masterNode().set("k", "v");
            c.awaitConverged();
            ReplicatedKeyspace replica = c.replica(0);
            assertEquals("v", replica.get("k"));
            c.masterNode().close();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> c.count(replica, ReplicationEvent.LinkDown.class) >= 1);
            assertEquals(new Reply.ErrorReply(
                    "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."),
                    replica.execute("GET", "k"));
            ReplicationInfo info = replica.replicationInfo();
            assertTrue(info.toString().contains("master_link_status:down\r\n"), info.toString());
            assertTrue(info.toString().contains("master_link_down_since_seconds:"), info.toString());
        }
    }

    @Test
    void promotionStartsANewHistoryAndOtherReplicasContinueFromIt() throws Exception {
        // No heartbeat: a ping reaching one replica but not the other before the master goes
        // away would leave them at different offsets (then the continuation is a full sync).
        try (Cluster c = Cluster.master().replicas(2)
                .configureMaster(b -> b.directive("repl-ping-replica-period", "3600")).start()) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace r0 = c.replica(0);
            ReplicatedKeyspace r1 = c.replica(1);
            for (int i = 0; i < 100; i++) {
                master.set("k" + i, "v" + i);
            }
            c.awaitConverged();
            ReplicationId oldId = master.replicationInfo().replid();
            long offset = master.masterReplOffset();
            master.close();

            r0.promote();
            assertEquals(Role.MASTER, r0.role());
            ReplicationInfo info = r0.replicationInfo();
            assertNotEquals(oldId, info.replid());
            assertEquals(oldId, info.replid2());
            assertEquals(offset + 1, info.secondReplOffset());
            r0.set("after", "promotion");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> c.count(r0, ReplicationEvent.RoleChanged.class, e -> e.to() == Role.MASTER) == 1);

            r1.replicaOf(r0.address());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "promotion".equals(r1.get("after")));
            // PSYNC2: the old id is r0's replid2, so r1 continued without a full sync.
            assertEquals(1, c.count(r1, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.FULL));
            assertTrue(c.count(r1, ReplicationEvent.SyncStarted.class, e -> e.kind() == SyncKind.PARTIAL) >= 1);
            assertEquals(r0.digest(), r1.digest());
            assertEquals(info.replid(), r1.replicationInfo().replid());
        }
    }

    @Test
    void aMasterTurnedReplicaReplacesItsDataAndAReplicaCanServeSubReplicas() throws Exception {
        try (Cluster c = Cluster.master().replicas(2).detached().start()) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace middle = c.replica(0);
            ReplicatedKeyspace leaf = c.replica(1);
            master.set("from", "master");
            middle.set("mine", "gone soon");
            middle.replicaOf(master.address());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "master".equals(middle.get("from")));
            assertEquals(null, middle.get("mine"));

            leaf.replicaOf(middle.address());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "master".equals(leaf.get("from")));
            for (int i = 0; i < 50; i++) {
                master.database(i % 2).set("chained" + i, "x" + i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> leaf.masterReplOffset() == master.masterReplOffset() && leaf.digest().equals(master.digest()));
            // Sub-replicas share the top master's history and offsets (reference §9.3).
            assertEquals(master.replicationInfo().replid(), leaf.replicationInfo().replid());
            assertInstanceOf(ReplicationInfo.MasterLink.class, leaf.replicationInfo().masterLink());
            assertEquals(1, middle.replicationInfo().connectedSlaves());
        }
    }
}
