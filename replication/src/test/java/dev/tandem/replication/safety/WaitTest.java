/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.master.MasterPropagationSink;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.FaultProxy;
import dev.tandem.replication.testing.TestContexts;
import dev.tandem.testkit.RespClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code WAIT numreplicas timeout} (reference §11.2): the target is the offset of the caller's
 * own last write, replicas are asked with {@code REPLCONF GETACK *} (counted in the offset, one
 * for every batch of waiters), 0 waits forever, a replica refuses with Redis's text; the API
 * form {@link ReplicatedKeyspace#waitForReplicas}.
 */
class WaitTest {

    private static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note "
            + "that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes "
            + "to replicas are just local and are not propagated.";
    private static final String GETACK = "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n";
    private static final Duration AWAIT = Duration.ofSeconds(15);

    @Test
    void apiWaitsForTheCallersLastWriteAndReportsFewerAtTheTimeout() throws Exception {
        try (Cluster c = Cluster.master().replicas(2).start()) {
            ReplicatedKeyspace master = c.masterNode();
            c.awaitConverged();
            master.set("k", "v");
            assertEquals(2, master.waitForReplicas(2, Duration.ofSeconds(10)));
            assertEquals("v", c.replica(0).get("k"));
            assertEquals("v", c.replica(1).get("k"));
            assertEquals(2, master.waitForReplicas(3, Duration.ofMillis(200)), "fewer than asked at the timeout");
            assertEquals(2, master.waitForReplicas(2, master.masterReplOffset(), Duration.ofSeconds(10)));
            assertThrows(IllegalArgumentException.class, () -> master.waitForReplicas(1, Duration.ofMillis(-1)));

            RedisReplyException onReplica = assertThrows(RedisReplyException.class,
                    () -> c.replica(0).waitForReplicas(1, Duration.ofSeconds(1)));
            assertEquals(WAIT_ON_REPLICA, onReplica.errorText());
            try (RespClient client = RespClient.connect("127.0.0.1", c.replica(0).port())) {
                assertEquals(new RespClient.ErrorReply(WAIT_ON_REPLICA), client.call("WAIT", "1", "0"));
            }
        }
    }

    @Test
    void eachConnectionWaitsForItsOwnLastWrite() throws Exception {
        try (Cluster c = Cluster.master().replicas(2).detached().start();
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", c.masterNode().port()))) {
            ReplicatedKeyspace master = c.masterNode();
            c.replica(0).replicaOf(master.address());
            c.replica(1).replicaOf("127.0.0.1", proxy.port());
            c.awaitConverged();
            try (RespClient early = RespClient.connect("127.0.0.1", master.port());
                 RespClient late = RespClient.connect("127.0.0.1", master.port())) {
                assertEquals("OK", early.callString("SET", "early", "1"));
                assertEquals(2L, early.call("WAIT", "2", "10000"));
                proxy.stall(FaultProxy.Direction.DOWNSTREAM); // replica 1 stops receiving the stream
                assertEquals("OK", late.callString("SET", "late", "2"));
                // replica 1 still ACKs every second, at the offset before "late".
                assertEquals(2L, early.call("WAIT", "2", "10000"), "early's write is on both replicas");
                assertEquals(1L, late.call("WAIT", "2", "300"), "late's write only on replica 0");
                proxy.resume(FaultProxy.Direction.DOWNSTREAM);
                assertEquals(2L, late.call("WAIT", "2", "10000"));
            }
        }
    }

    @Test
    void zeroTimeoutWaitsUntilTheReplicasAcknowledge() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached().start();
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", c.masterNode().port()))) {
            ReplicatedKeyspace master = c.masterNode();
            c.replica(0).replicaOf("127.0.0.1", proxy.port());
            c.awaitConverged();
            proxy.stall(FaultProxy.Direction.DOWNSTREAM);
            CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> {
                master.set("k", "v");
                try {
                    return master.waitForReplicas(1, Duration.ZERO);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waited.isDone());
            proxy.resume(FaultProxy.Direction.DOWNSTREAM);
            assertEquals(1, waited.get(15, TimeUnit.SECONDS));
        }
    }

    /**
     * A hand-made replica (PSYNC over a plain socket) sees the GETACK in the stream right after
     * the write, and WAIT returns once it ACKs the offset before the GETACK — which itself
     * counts in {@code master_repl_offset}.
     */
    @Test
    void waitSendsGetackInTheStreamAndCountsTheAck() throws Exception {
        try (Cluster c = Cluster.master().replicas(0).start()) {
            ReplicatedKeyspace master = c.masterNode();
            master.set("before", "x");
            String replid = master.replicationInfo().replid().toString();
            long start = master.masterReplOffset() + 1;
            try (RespClient replica = RespClient.connect("127.0.0.1", master.port());
                 RespClient client = RespClient.connect("127.0.0.1", master.port())) {
                assertEquals("OK", replica.callString("REPLCONF", "capa", "eof", "capa", "psync2"));
                assertEquals("CONTINUE " + replid, replica.callString("PSYNC", replid, Long.toString(start)));
                Awaitility.await().atMost(AWAIT).until(() -> master.replicationInfo().replicas().size() == 1);

                assertEquals("OK", client.callString("SET", "k", "v"));
                long afterWrite = master.masterReplOffset();
                client.send(bytes("WAIT"), bytes("1"), bytes("0"));

                assertEquals(List.of("SET", "k", "v"), strings(replica.read()));
                assertEquals(List.of("REPLCONF", "GETACK", "*"), strings(replica.read()));
                assertEquals(afterWrite + GETACK.length(), master.masterReplOffset(), "the GETACK is in the offset");
                replica.send(bytes("REPLCONF"), bytes("ACK"), bytes(Long.toString(afterWrite)));
                assertEquals(1L, client.read());
            }
        }
    }

    @Test
    void waitersRegisteredTogetherShareOneGetack() throws Exception {
        try (TestContexts t = TestContexts.create(ReplicationConfig.defaults())) {
            MasterReplication master = new MasterReplication(t.context);
            t.keyspace.propagationSink(new MasterPropagationSink(t.context));
            t.keyspace.execute(ClientState.client(), "SET", "k", "v");
            long target = t.backlog.masterReplOffset();
            // Hold the timer thread, where GETACKs go out, while five clients block.
            CountDownLatch release = new CountDownLatch(1);
            t.context.scheduler().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<CompletableFuture<Integer>> waits = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waits.add(master.waitForAcks(target, 1, 0));
            }
            release.countDown();
            Awaitility.await().atMost(AWAIT).until(() -> t.backlog.masterReplOffset() > target);
            // One more, after the GETACK left: covered by a GETACK of its own.
            CompletableFuture<Integer> later = master.waitForAcks(target, 1, 0);
            Awaitility.await().atMost(AWAIT).until(() -> t.backlog.masterReplOffset() == target + 2L * GETACK.length());
            assertTrue(waits.stream().noneMatch(CompletableFuture::isDone));
            for (CompletableFuture<Integer> w : waits) {
                w.cancel(false);
            }
            later.cancel(false);
            master.close();
        }
    }

    @Test
    void noGetackWhenNobodyWaitsAnyMore() throws Exception {
        try (TestContexts t = TestContexts.create(ReplicationConfig.defaults())) {
            MasterReplication master = new MasterReplication(t.context);
            t.keyspace.propagationSink(new MasterPropagationSink(t.context));
            t.keyspace.execute(ClientState.client(), "SET", "k", "v");
            long target = t.backlog.masterReplOffset();
            CountDownLatch release = new CountDownLatch(1);
            t.context.scheduler().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<Integer> withdrawn = master.waitForAcks(target, 1, 0);
            withdrawn.cancel(false); // e.g. the client disconnected
            CompletableFuture<Boolean> drained = new CompletableFuture<>();
            release.countDown();
            t.context.scheduler().execute(() -> drained.complete(true)); // runs after the GETACK task
            assertTrue(drained.get(15, TimeUnit.SECONDS));
            assertEquals(target, t.backlog.masterReplOffset(), "no GETACK for a withdrawn wait");
            master.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object reply) {
        return ((List<Object>) reply).stream().map(r -> new String((byte[]) r, StandardCharsets.UTF_8)).toList();
    }
}
