/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicaSyncState;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.Role;
import dev.tandem.testkit.RawClient;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * The {@code FAILOVER} command between Tandem nodes over TCP: Redis 7.0's errors, the role swap
 * with PSYNC continuity, {@code master_failover_state}, the write pause (writes wait, then run
 * or get {@code READONLY}), the timeout and {@code ABORT}.
 */
class FailoverCommandTest {

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    }

    private static RespClient client(ReplicatedKeyspace node) throws IOException {
        return RespClient.connect("127.0.0.1", node.port());
    }

    private static String error(Object reply) {
        return reply instanceof RespClient.ErrorReply e ? e.text() : "not an error: " + reply;
    }

    private static String failoverState(ReplicatedKeyspace node) {
        return node.replicationInfo().failoverState();
    }

    @Test
    void redisErrorsBeforeAnyFailover() throws Exception {
        try (ReplicatedKeyspace m = ReplicatedKeyspace.builder().start();
             RespClient mc = client(m)) {
            assertEquals("ERR FAILOVER requires connected replicas.", error(mc.call("FAILOVER")));
            assertEquals("ERR No failover in progress.", error(mc.call("FAILOVER", "ABORT")));
            assertEquals("ERR FAILOVER timeout must be greater than 0", error(mc.call("FAILOVER", "TIMEOUT", "0")));
            assertEquals("ERR value is not an integer or out of range",
                    error(mc.call("FAILOVER", "TIMEOUT", "soon")));
            assertEquals("ERR syntax error", error(mc.call("FAILOVER", "NOW")));
            assertEquals("ERR syntax error", error(mc.call("FAILOVER", "ABORT", "TIMEOUT", "10")));
            assertEquals("ERR syntax error", error(mc.call("FAILOVER", "FORCE", "FORCE")));
            assertEquals("ERR PSYNC FAILOVER can't be sent to a master.",
                    error(mc.call("PSYNC", m.replicationInfo().replid().toString(), "1", "FAILOVER")));
            try (ReplicatedKeyspace r = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", m.port()).start();
                 RespClient rc = client(r)) {
                assertTrue(r.awaitSynced(Duration.ofSeconds(20)));
                await().until(() -> m.replicationInfo().replicas().stream()
                        .anyMatch(x -> x.state() == ReplicaSyncState.ONLINE));
                assertEquals("ERR FAILOVER is not valid when server is a replica.", error(rc.call("FAILOVER")));
                assertEquals("ERR FAILOVER target HOST and PORT is not a replica.",
                        error(mc.call("FAILOVER", "TO", "127.0.0.1", "1")));
                assertEquals("ERR FAILOVER with force option requires both a timeout and target HOST and IP.",
                        error(mc.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port()), "FORCE")));
                assertEquals("ERR FAILOVER with force option requires both a timeout and target HOST and IP.",
                        error(mc.call("FAILOVER", "FORCE", "TIMEOUT", "100")));
                assertEquals("ERR PSYNC FAILOVER replid must match my replid.",
                        error(rc.call("PSYNC", "0123456789012345678901234567890123456789", "1", "FAILOVER")));
                assertEquals(Role.REPLICA, r.role(), "a refused hand-off changes nothing");
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> r.failover(null, 0, false, 0).get(5, TimeUnit.SECONDS));
                assertEquals("ERR FAILOVER is not valid when server is a replica.",
                        ((RedisReplyException) e.getCause()).errorText());
            }
        }
    }

    @Test
    void swapsRolesWithPartialResyncs() throws Exception {
        try (ReplicatedKeyspace m = ReplicatedKeyspace.builder().name("fo-m").start();
             RespClient mc = client(m)) {
            for (int i = 0; i < 100; i++) {
                mc.call("SET", "k" + i, "v" + i);
            }
            try (ReplicatedKeyspace r = ReplicatedKeyspace.builder().name("fo-r")
                    .replicaOf("127.0.0.1", m.port()).start();
                 RespClient rc = client(r)) {
                assertTrue(r.awaitSynced(Duration.ofSeconds(20)));
                await().until(() -> m.replicationInfo().replicas().stream()
                        .anyMatch(x -> x.state() == ReplicaSyncState.ONLINE));
                String oldId = m.replicationInfo().replid().toString();
                assertEquals("OK", mc.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port())));

                await().until(() -> r.role() == Role.MASTER && m.role() == Role.REPLICA
                        && m.replicationInfo().masterLink().state().name().equals("CONNECTED"));
                await().until(() -> failoverState(m).equals("no-failover"));
                ReplicationInfo ri = r.replicationInfo();
                assertEquals(oldId, ri.replid2().toString(), "the target continued the old history");
                assertEquals(ri.replid(), m.replicationInfo().replid(), "the old master follows the new id");
                assertEquals("1", infoField(rc, "sync_partial_ok"), "the old master continued partially");
                assertEquals("0", infoField(rc, "sync_full"), "no full sync after the swap");
                assertEquals("READONLY You can't write against a read only replica.", error(mc.call("SET", "x", "1")));
                assertEquals("OK", rc.call("SET", "after", "swap"));
                await().until(() -> "swap".equals(utf8(mc.call("GET", "after"))));
                assertEquals("v42", utf8(mc.call("GET", "k42")));

                // And back through the API, to any replica: the same partial continuity.
                assertTrue(r.failover(null, 0, false, 0).get(20, TimeUnit.SECONDS));
                await().until(() -> m.role() == Role.MASTER && r.role() == Role.REPLICA);
                assertEquals("1", infoField(mc, "sync_partial_ok"));
                assertEquals("OK", mc.call("SET", "back", "again"));
                await().until(() -> "again".equals(utf8(rc.call("GET", "back"))));
            }
        }
    }

    /** A replica that synced once and never acknowledges anything after (it stays behind). */
    private static RawClient laggingReplica(ReplicatedKeyspace m) {
        RawClient raw = RawClient.connect("127.0.0.1", m.port());
        raw.command("REPLCONF", "listening-port", "7777");
        raw.readLike("+OK\r\n");
        raw.command("PSYNC", "?", "-1");
        raw.command("REPLCONF", "ACK", "0");
        await().until(() -> m.replicationInfo().replicas().stream()
                .anyMatch(x -> x.port() == 7777 && x.state() == ReplicaSyncState.ONLINE));
        return raw;
    }

    @Test
    void writesWaitDuringTheFailoverAndRunWhenTheTimeoutAbortsIt() throws Exception {
        try (ReplicatedKeyspace m = ReplicatedKeyspace.builder().start();
             RespClient mc = client(m);
             RespClient writer = client(m)) {
            mc.call("SET", "before", "1");
            try (RawClient lagging = laggingReplica(m)) {
                assertEquals("OK", mc.call("FAILOVER", "TO", "127.0.0.1", "7777", "TIMEOUT", "1500"));
                assertEquals("waiting-for-sync", failoverState(m));
                assertTrue(mc.callString("INFO", "replication").contains("master_failover_state:waiting-for-sync\r\n"));
                assertEquals("ERR FAILOVER already in progress.", error(mc.call("FAILOVER")));
                assertEquals("ERR REPLICAOF not allowed while failing over.",
                        error(mc.call("REPLICAOF", "127.0.0.1", "1")));
                assertEquals("ERR REPLICAOF not allowed while failing over.", error(mc.call("REPLICAOF", "NO", "ONE")));
                assertEquals("1", utf8(mc.call("GET", "before")), "reads are not paused");

                CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> {
                    try {
                        return writer.call("SET", "during", "2");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                        .until(() -> !write.isDone());
                // The replica never catches up: the timeout aborts and the write runs.
                assertEquals("OK", write.get(20, TimeUnit.SECONDS));
                assertEquals("no-failover", failoverState(m));
                assertEquals(Role.MASTER, m.role());
                assertEquals("2", utf8(mc.call("GET", "during")));
            }
        }
    }

    @Test
    void abortResumesWritesAndTheApiReportsFalse() throws Exception {
        try (ReplicatedKeyspace m = ReplicatedKeyspace.builder().start();
             RespClient mc = client(m);
             RespClient writer = client(m)) {
            mc.call("SET", "before", "1");
            try (RawClient lagging = laggingReplica(m)) {
                CompletableFuture<Boolean> outcome = m.failover("127.0.0.1", 7777, false, 0);
                assertEquals("waiting-for-sync", failoverState(m));
                CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> {
                    try {
                        return writer.call("MULTI");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).thenApply(ok -> {
                    try {
                        return writer.call("INCR", "counter");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                        .until(() -> !write.isDone());
                assertFalse(outcome.isDone());
                assertEquals("OK", mc.call("FAILOVER", "ABORT"));
                assertFalse(outcome.get(5, TimeUnit.SECONDS), "aborted");
                assertEquals("QUEUED", write.get(20, TimeUnit.SECONDS));
                assertEquals(java.util.List.of(1L), writer.call("EXEC"));
                assertEquals("no-failover", failoverState(m));
                assertFalse(m.abortFailover());
            }
        }
    }

    private static String infoField(RespClient c, String field) throws IOException {
        for (String line : c.callString("INFO", "stats").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    private static String utf8(Object reply) {
        return reply instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
