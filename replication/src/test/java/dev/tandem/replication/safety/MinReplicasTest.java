/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.FaultProxy;
import dev.tandem.testkit.RespClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code min-replicas-to-write} / {@code min-replicas-max-lag} (reference §11.1): writes refused
 * with Redis's {@code NOREPLICAS} while too few replicas are good, through the API and the RESP
 * server (MULTI/EXEC included), the INFO field, run-time {@code CONFIG SET}, and the replica side
 * that never refuses its master's stream.
 */
class MinReplicasTest {

    private static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    private static final Duration AWAIT = Duration.ofSeconds(15);

    private static Cluster.Spec masterRequiring(int replicas, int maxLag) {
        return Cluster.master().replicas(1).detached().configureMaster(b -> b
                .directive("min-replicas-to-write", Integer.toString(replicas))
                .directive("min-replicas-max-lag", Integer.toString(maxLag)));
    }

    private static boolean accepts(ReplicatedKeyspace node, String key) {
        Reply reply = node.execute("SET", key, "v");
        if (reply instanceof Reply.ErrorReply e) {
            assertEquals(NOREPLICAS, e.text());
            return false;
        }
        return true;
    }

    private static List<String> strings(List<Object> replies) {
        return replies.stream().map(r -> new String((byte[]) r, java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    @Test
    void apiWritesAreRefusedUntilEnoughReplicasAreGood() {
        try (Cluster c = masterRequiring(1, 10).start()) {
            ReplicatedKeyspace master = c.masterNode();
            RedisReplyException refused = assertThrows(RedisReplyException.class, () -> master.set("k", "v"));
            assertEquals(NOREPLICAS, refused.errorText());
            assertEquals(new Reply.ErrorReply(NOREPLICAS), master.execute("DEL", "k"));
            assertNull(master.get("k"), "reads are served");
            assertEquals(0, master.masterReplOffset(), "a refused write never reaches the stream");
            String info = master.replicationInfo().toString();
            assertTrue(info.contains("connected_slaves:0\r\nmin_slaves_good_slaves:0\r\nmaster_failover_state:"), info);

            c.replica(0).replicaOf(master.address());
            Awaitility.await().atMost(AWAIT).until(() -> accepts(master, "k"));
            c.awaitConverged();
            assertEquals("v", c.replica(0).get("k"));
            info = master.replicationInfo().toString();
            assertTrue(info.contains("connected_slaves:1\r\nmin_slaves_good_slaves:1\r\nslave0:"), info);
        }
    }

    @Test
    void aReplicaThatStopsAcknowledgingStopsCountingAndCountsAgainWhenItAcks() throws Exception {
        try (Cluster c = masterRequiring(1, 1).start();
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", c.masterNode().port()))) {
            ReplicatedKeyspace master = c.masterNode();
            c.replica(0).replicaOf("127.0.0.1", proxy.port());
            Awaitility.await().atMost(AWAIT).until(() -> accepts(master, "before"));
            c.awaitConverged();

            proxy.stall(FaultProxy.Direction.UPSTREAM); // the replica's ACKs stop arriving
            Awaitility.await().atMost(AWAIT).until(() -> !accepts(master, "during"));
            assertEquals(OptionalInt.of(0), master.replicationInfo().minSlavesGoodSlaves());
            assertEquals(1, master.replicationInfo().connectedSlaves(), "still connected, only lagging");

            proxy.resume(FaultProxy.Direction.UPSTREAM);
            Awaitility.await().atMost(AWAIT).until(() -> accepts(master, "after"));
            c.awaitConverged();
            assertEquals("v", c.replica(0).get("after"));
        }
    }

    @Test
    void theCheckIsOnOnlyWhenBothSettingsAreNonZero() {
        try (Cluster c = masterRequiring(1, 0).start()) {
            ReplicatedKeyspace master = c.masterNode();
            master.set("k", "v");
            assertFalse(master.replicationInfo().toString().contains("min_slaves_good_slaves"));
            master.minReplicas(1, 5);
            assertThrows(RedisReplyException.class, () -> master.set("k", "w"));
            assertEquals(OptionalInt.of(0), master.replicationInfo().minSlavesGoodSlaves());
            master.minReplicas(0, 5);
            master.set("k", "w");
            assertEquals("w", master.get("k"));
        }
    }

    @Test
    void overRespRefusalsFollowRedisIncludingTransactionsAndConfigSet() throws Exception {
        try (Cluster c = Cluster.master().replicas(0).start();
             RespClient client = RespClient.connect("127.0.0.1", c.masterNode().port());
             RespClient admin = RespClient.connect("127.0.0.1", c.masterNode().port())) {
            // A transaction queued while the check is off meets it at EXEC.
            assertEquals("OK", client.callString("MULTI"));
            assertEquals("QUEUED", client.callString("SET", "queued", "1"));

            assertEquals("OK", admin.callString("CONFIG", "SET", "min-replicas-to-write", "1"));
            assertEquals(List.of("min-replicas-max-lag", "10", "min-replicas-to-write", "1"),
                    strings(admin.array("CONFIG", "GET", "min-replicas-*")));
            assertEquals(new RespClient.ErrorReply(
                    "EXECABORT Transaction discarded because of: " + NOREPLICAS), client.call("EXEC"));

            assertEquals(new RespClient.ErrorReply(NOREPLICAS), client.call("SET", "k", "v"));
            assertEquals(new RespClient.ErrorReply(NOREPLICAS), client.call("INCR", "n"));
            assertNull(client.call("GET", "k"));
            // A write refused inside MULTI poisons the transaction, as any rejected command does.
            assertEquals("OK", client.callString("MULTI"));
            assertEquals(new RespClient.ErrorReply(NOREPLICAS), client.call("SET", "k", "v"));
            assertEquals(new RespClient.ErrorReply("EXECABORT Transaction discarded because of previous errors."),
                    client.call("EXEC"));
            // A read-only transaction runs.
            assertEquals("OK", client.callString("MULTI"));
            assertEquals("QUEUED", client.callString("GET", "k"));
            assertEquals(java.util.Arrays.asList((Object) null), client.call("EXEC"));
            String info = admin.callString("INFO", "replication");
            assertTrue(info.contains("connected_slaves:0\r\nmin_slaves_good_slaves:0\r\n"), info);

            assertEquals(new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument "
                    + "'min-replicas-max-lag') - argument couldn't be parsed into an integer"),
                    admin.call("CONFIG", "SET", "min-replicas-max-lag", "soon"));
            assertEquals(new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument "
                    + "'min-replicas-to-write') - argument must be between 0 and 2147483647 inclusive"),
                    admin.call("CONFIG", "SET", "min-replicas-to-write", "-1"));
            assertEquals("OK", admin.callString("CONFIG", "SET", "min-replicas-max-lag", "0"));
            assertEquals("OK", client.callString("SET", "k", "v"));
            assertFalse(admin.callString("INFO", "replication").contains("min_slaves_good_slaves"));
        }
    }

    @Test
    void aReplicaNeverRefusesItsMastersStreamWhateverItsOwnSettings() {
        try (Cluster c = Cluster.master().replicas(1)
                .configureReplicas(b -> b.directive("min-replicas-to-write", "3").directive("min-replicas-max-lag", "1"))
                .start()) {
            for (int i = 0; i < 50; i++) {
                c.masterNode().set("k" + i, "v" + i);
            }
            c.awaitConverged();
            assertEquals("v49", c.replica(0).get("k49"));
            String info = c.replica(0).replicationInfo().toString();
            assertTrue(info.contains("connected_slaves:0\r\nmin_slaves_good_slaves:0\r\n"), info);
        }
    }
}
