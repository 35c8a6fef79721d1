/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.info;
import static dev.tandem.replication.interop.Interop.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sentinel-aware embedded replica ({@code builder().sentinels(...).masterName(...)}): three
 * real sentinels over three redis-server nodes; the embedded Tandem replica ({@code replica-announced
 * no}, so Sentinel neither promotes nor re-points it) finds the master through the sentinels and
 * follows two successive failovers, each caused by the loss of the master (SIGKILL), with partial
 * resyncs, its data equal to the master's.
 *
 * <p>Why failovers after a master loss and not {@code SENTINEL FAILOVER}: in a manual failover the
 * old master keeps running, and Sentinel keeps {@code PUBLISH}ing its hello on it every 2 s; the
 * publishes are propagated to the old master's replicas, so a replica re-pointed a moment after
 * the promotion may already be past the new master's fork point ({@code second_replid_offset}),
 * and the new master answers {@code +FULLRESYNC} ({@code masterTryPartialResynchronization}:
 * "Requested offset for second ID was N, but I can reply up to M"). A redis-server replica
 * re-pointed by Sentinel itself fares the same (the control run recorded in
 * {@code docs/compatibility.md}), so no follower can promise a partial resync there. After a
 * master loss nothing streams past the fork point, and Redis's replicas and this one continue
 * partially; the test checks both.
 */
@Tag("interop")
@RequiresRedis({"redis-server", "redis-sentinel"})
class SentinelAwareReplicaInteropTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static ConditionFactory await() {
        return Awaitility.await().atMost(LONG).pollInterval(Duration.ofMillis(50)).ignoreExceptions();
    }

    @Test
    void embeddedReplicaFollowsTwoFailoversWithPartialResyncs() throws Exception {
        // Lower replica-priority is preferred: b is promoted when a is lost, then c when b is.
        try (RedisServerProcess a = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess b = RedisServerProcess.start("--repl-diskless-sync-delay", "0",
                     "--replica-priority", "10", "--replicaof", "127.0.0.1", Integer.toString(a.port()));
             RedisServerProcess c = RedisServerProcess.start("--repl-diskless-sync-delay", "0",
                     "--replica-priority", "100", "--replicaof", "127.0.0.1", Integer.toString(a.port()))) {
            try (RespClient ac = a.client()) {
                for (int i = 0; i < 50; i++) {
                    ac.call("SET", "seed:" + i, Integer.toString(i));
                }
            }
            await().until(() -> linkUpOn(b, a.port()) && linkUpOn(c, a.port()));
            List<SentinelProcess> sentinels = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    sentinels.add(SentinelProcess.start(dir, a.port(), 2, 1000));
                }
                String[] addresses = sentinels.stream().map(s -> "127.0.0.1:" + s.port()).toArray(String[]::new);
                List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
                try (ReplicatedKeyspace e = ReplicatedKeyspace.builder().name("sentinel-follower")
                        .listen("127.0.0.1", 0)
                        // Not announced: Sentinel neither lists nor re-points it, so only
                        // the node's own following can move it.
                        .directive("replica-announced", "no")
                        .directive("replica-priority", "0")
                        .listener(events::add)
                        .sentinels(addresses).masterName(SentinelProcess.MASTER_NAME).start()) {
                    assertTrue(e.awaitSynced(LONG), "synced with the master the sentinels named");
                    assertTrue(linkUp(e, a.port()));
                    for (SentinelProcess s : sentinels) {
                        try (RespClient sc = s.client()) {
                            await().until(() -> healthyReplica(sc, b.port()) && healthyReplica(sc, c.port())
                                    && sentinelsKnown(sc) == 2);
                        }
                    }
                    writeAndCompare(a, e, "before");

                    // First failover: a is lost, b is promoted; Sentinel re-points c, the node follows.
                    kill9(a);
                    await().until(() -> linkUp(e, b.port()));
                    writeAndCompare(b, e, "after-first");
                    await().until(() -> linkUpOn(c, b.port()));
                    // The control: c (redis-server, re-pointed by Sentinel) and the embedded node
                    // both continued partially; b served no full sync.
                    Map<String, String> bStats = stats(b);
                    assertEquals("0", bStats.get("sync_full"), bStats.toString());
                    assertEquals("2", bStats.get("sync_partial_ok"), bStats.toString());

                    // Second failover: b is lost, c is promoted.
                    for (SentinelProcess s : sentinels) {
                        try (RespClient sc = s.client()) {
                            await().until(() -> masterPort(sc) == b.port() && healthyReplica(sc, c.port()));
                        }
                    }
                    kill9(b);
                    await().until(() -> linkUp(e, c.port()));
                    writeAndCompare(c, e, "after-second");
                    Map<String, String> cStats = stats(c);
                    assertEquals("0", cStats.get("sync_full"), cStats.toString());
                    assertEquals("1", cStats.get("sync_partial_ok"), cStats.toString());

                    List<SyncKind> syncs = events.stream()
                            .filter(ev -> ev instanceof ReplicationEvent.SyncCompleted)
                            .map(ev -> ((ReplicationEvent.SyncCompleted) ev).kind()).toList();
                    System.out.println("SENTINEL-FOLLOWER syncs=" + syncs);
                    assertEquals(List.of(SyncKind.FULL, SyncKind.PARTIAL, SyncKind.PARTIAL), syncs,
                            "the first sync full, one partial resync per failover: " + events);
                }
            } finally {
                sentinels.forEach(SentinelProcess::close);
            }
        }
    }

    @Test
    void startFailsWhenNoSentinelNamesTheMaster() throws Exception {
        try (RedisServerProcess a = RedisServerProcess.start()) {
            List<SentinelProcess> sentinels = new ArrayList<>();
            try {
                sentinels.add(SentinelProcess.start(dir, a.port(), 1, 1000));
                ReplicatedKeyspace e = ReplicatedKeyspace.builder()
                        .sentinels("127.0.0.1:" + sentinels.get(0).port()).masterName("no-such-group").build();
                IllegalStateException thrown = assertThrows(IllegalStateException.class, e::start);
                assertTrue(thrown.getMessage().contains("no sentinel names a master"), thrown.getMessage());
                e.close();
            } finally {
                sentinels.forEach(SentinelProcess::close);
            }
        }
    }

    private static void writeAndCompare(RedisServerProcess master, ReplicatedKeyspace replica, String key)
            throws Exception {
        await().until(() -> {
            try (RespClient mc = master.client()) {
                return "OK".equals(mc.call("SET", key, "yes"));
            }
        });
        // A connection per poll: Sentinel's reconfiguration of a replica ends with CLIENT KILL TYPE
        // normal (on redis-server and Tandem alike), which may close a client opened just before it.
        await().until(() -> {
            try (RespClient rc = Interop.client(replica)) {
                return "yes".equals(utf8(rc.call("GET", key)));
            }
        });
        awaitSameDigest("master and the embedded replica", () -> {
            try (RespClient mc = master.client()) {
                return digest(mc);
            }
        }, () -> {
            try (RespClient rc = Interop.client(replica)) {
                return digest(rc);
            }
        });
    }

    /** SIGKILL, as {@code kill -9}: no more bytes from it, not even Sentinel's hellos. */
    private static void kill9(RedisServerProcess node) {
        ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static Map<String, String> stats(RedisServerProcess node) throws IOException {
        try (RespClient c = node.client()) {
            return info(c, "stats");
        }
    }

    private static int masterPort(RespClient sentinel) throws IOException {
        Object addr = sentinel.call("SENTINEL", "get-master-addr-by-name", SentinelProcess.MASTER_NAME);
        return addr instanceof List<?> l && l.size() == 2 ? Integer.parseInt(utf8(l.get(1))) : -1;
    }

    private static boolean linkUp(ReplicatedKeyspace replica, int masterPort) throws IOException {
        try (RespClient c = Interop.client(replica)) {
            return linkUp(c, masterPort);
        }
    }

    private static boolean linkUp(RespClient replica, int masterPort) throws IOException {
        Map<String, String> i = info(replica, "replication");
        return Integer.toString(masterPort).equals(i.get("master_port")) && "up".equals(i.get("master_link_status"));
    }

    private static boolean linkUpOn(RedisServerProcess node, int masterPort) throws IOException {
        try (RespClient c = node.client()) {
            return linkUp(c, masterPort);
        }
    }

    /** The sentinel lists the replica on {@code port} without down or disconnected flags. */
    private static boolean healthyReplica(RespClient sentinel, int port) throws IOException {
        return ((List<?>) sentinel.call("SENTINEL", "REPLICAS", SentinelProcess.MASTER_NAME)).stream()
                .anyMatch(row -> {
                    List<?> kv = (List<?>) row;
                    Map<String, String> m = new java.util.HashMap<>();
                    for (int i = 0; i + 1 < kv.size(); i += 2) {
                        m.put(utf8(kv.get(i)), utf8(kv.get(i + 1)));
                    }
                    return Integer.toString(port).equals(m.get("port")) && "slave".equals(m.get("flags"));
                });
    }

    private static long sentinelsKnown(RespClient sentinel) throws IOException {
        return ((List<?>) sentinel.call("SENTINEL", "SENTINELS", SentinelProcess.MASTER_NAME)).size();
    }
}
