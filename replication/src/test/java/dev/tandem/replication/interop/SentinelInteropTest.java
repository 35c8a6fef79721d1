/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.info;
import static dev.tandem.replication.interop.Interop.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three real {@code redis-sentinel} processes over three data nodes — Tandem nodes, and the same
 * scenario over {@code redis-server} nodes as the reference — all on 127.0.0.1 with ephemeral
 * ports: the sentinels discover the master, both replicas and each other over the hello channel
 * ({@code SENTINEL replicas}, {@code SENTINEL sentinels}, {@code CKQUORUM}); a manual
 * {@code SENTINEL FAILOVER} promotes the one eligible replica, re-points the other and converts
 * the old master into a replica; then the new master is lost abruptly (a Tandem node closed, a
 * {@code redis-server} killed with SIGKILL) and the sentinels promote the old master again,
 * never the {@code replica-priority 0} replica, with a write acknowledged by {@code WAIT 2}
 * before the loss still there. The time from the loss to a writable new master is printed
 * ({@code docs/performance.md} records it). A third run mixes the kinds: a redis-server replica
 * of a Tandem master is promoted, the Tandem old master follows it, and after its loss the Tandem
 * node is promoted again with the other Tandem replica re-pointed. A Jedis {@code JedisSentinelPool} follows both failovers.
 */
@Tag("interop")
@RequiresRedis({"redis-server", "redis-sentinel"})
class SentinelInteropTest {

    private static final int DOWN_AFTER_MILLIS = 1000;
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** The nodes of a scenario: all Tandem, all redis-server, or a Tandem master and replica with a redis-server replica. */
    enum Kind {
        TANDEM(Kind.T, Kind.T, Kind.T),
        REDIS(Kind.R, Kind.R, Kind.R),
        /** The manual failover promotes the redis-server node; its loss promotes the Tandem one. */
        MIXED(Kind.T, Kind.R, Kind.T);

        private static final boolean T = true;
        private static final boolean R = false;
        final boolean masterIsTandem;
        final boolean firstReplicaIsTandem;
        final boolean secondReplicaIsTandem;

        Kind(boolean m, boolean r1, boolean r2) {
            this.masterIsTandem = m;
            this.firstReplicaIsTandem = r1;
            this.secondReplicaIsTandem = r2;
        }
    }

    /** A data node under the sentinels, of either kind. */
    private interface DataNode extends AutoCloseable {
        int port();

        /** Abrupt loss: the process is killed, or the in-process node closed with its connections. */
        void crash();

        @Override
        void close();

        default RespClient client() throws IOException {
            return RespClient.connect("127.0.0.1", port());
        }
    }

    private static DataNode start(boolean tandem, String name, Integer masterPort, int priority) throws IOException {
        if (tandem) {
            ReplicatedKeyspace.Builder b = ReplicatedKeyspace.builder().name(name).listen("127.0.0.1", 0)
                    .directive("replica-priority", Integer.toString(priority));
            if (masterPort != null) {
                b.replicaOf("127.0.0.1", masterPort);
            }
            ReplicatedKeyspace node = b.start();
            return new DataNode() {
                public int port() {
                    return node.port();
                }

                public void crash() {
                    node.close();
                }

                public void close() {
                    node.close();
                }
            };
        }
        List<String> args = new ArrayList<>(List.of("--replica-priority", Integer.toString(priority)));
        if (masterPort != null) {
            args.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
        }
        RedisServerProcess server = RedisServerProcess.start(args.toArray(String[]::new));
        return new DataNode() {
            public int port() {
                return server.port();
            }

            public void crash() {
                ProcessHandle.of(server.pid()).ifPresent(ProcessHandle::destroyForcibly); // kill -9
            }

            public void close() {
                server.close();
            }
        };
    }

    private static ConditionFactory await(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20)).ignoreExceptions();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sentinelsDiscoverFailOverManuallyAndPromoteAfterTheMasterIsLost(Kind kind) throws Exception {
        // Sentinel's CLIENT KILL TYPE normal closes every client of a node it re-points, so each
        // check below uses a connection of its own.
        try (DataNode m = start(kind.masterIsTandem, "sentinel-m", null, 100);
             DataNode r1 = start(kind.firstReplicaIsTandem, "sentinel-r1", m.port(), 100);
             DataNode r2 = start(kind.secondReplicaIsTandem, "sentinel-r2", m.port(), 0)) {
            for (int i = 0; i < 20; i++) {
                call(m, "SET", "seed:" + i, Integer.toString(i));
            }
            await(LONG).until(() -> linkUp(r1, m.port()) && linkUp(r2, m.port()));

            List<SentinelProcess> sentinels = new ArrayList<>();
            JedisSentinelPool pool = null;
            try {
                for (int i = 0; i < 3; i++) {
                    sentinels.add(SentinelProcess.start(dir, m.port(), 2, DOWN_AFTER_MILLIS));
                }
                // Discovery: replicas from the master's INFO, the other sentinels over __sentinel__:hello.
                for (SentinelProcess s : sentinels) {
                    try (RespClient sc = s.client()) {
                        await(LONG).until(() -> healthyReplicas(sc) == 2 && sentinelsKnown(sc) == 2);
                        assertTrue(utf8(sc.call("SENTINEL", "CKQUORUM", SentinelProcess.MASTER_NAME))
                                .startsWith("OK 3 usable Sentinels."), kind + ": CKQUORUM");
                    }
                }

                // A Sentinel client: Jedis asks for the master and follows +switch-master.
                Set<String> addresses = new HashSet<>();
                sentinels.forEach(s -> addresses.add("127.0.0.1:" + s.port()));
                pool = new JedisSentinelPool(SentinelProcess.MASTER_NAME, addresses);
                try (Jedis j = pool.getResource()) {
                    assertEquals("OK", j.set("via-pool", "before"));
                }

                // Manual failover: r2 has replica-priority 0, so r1 it is.
                try (RespClient sc = sentinels.get(0).client()) {
                    assertEquals("OK", sc.call("SENTINEL", "FAILOVER", SentinelProcess.MASTER_NAME));
                }
                awaitMasterAddress(sentinels, r1.port());
                await(LONG).until(() -> "master".equals(role(r1)));
                await(LONG).until(() -> linkUp(r2, r1.port()));
                // The old master is converted into a replica of the new one (~10 s in Sentinel).
                await(LONG).until(() -> linkUp(m, r1.port()));
                awaitPoolWrites(pool, r1.port());

                // A write both replicas acknowledged survives the loss of the master.
                try (RespClient r1c = r1.client()) {
                    assertEquals("OK", r1c.call("SET", "acked", "yes"));
                    assertEquals(2L, r1c.call("WAIT", "2", "5000"));
                }

                try (RespClient mc = m.client()) {
                    long lost = System.nanoTime();
                    r1.crash();
                    await(LONG).until(() -> "OK".equals(probe(mc, m)));
                    long writableMillis = (System.nanoTime() - lost) / 1_000_000;
                    System.out.println("SENTINEL-FAILOVER kind=" + kind + " loss-to-writable-master-ms="
                            + writableMillis);
                }
                awaitMasterAddress(sentinels, m.port());
                awaitPoolWrites(pool, m.port());
                assertEquals("yes", utf8(call(m, "GET", "acked")));
                assertEquals("slave", role(r2), "replica-priority 0 is never promoted");
                await(LONG).until(() -> linkUp(r2, m.port()));
                assertEquals("yes", utf8(call(r2, "GET", "acked")));
                assertTrue(sentinels.get(0).logContains("+switch-master " + SentinelProcess.MASTER_NAME),
                        sentinels.get(0).log().toString());
            } finally {
                if (pool != null) {
                    pool.close();
                }
                sentinels.forEach(SentinelProcess::close);
            }
        }
    }

    /** The pool has moved to the master on {@code port} and writes through it succeed. */
    private static void awaitPoolWrites(JedisSentinelPool pool, int port) {
        await(LONG).until(() -> {
            if (pool.getCurrentHostMaster().getPort() != port) {
                return false;
            }
            try (Jedis j = pool.getResource()) {
                return "OK".equals(j.set("via-pool", Integer.toString(port)));
            }
        });
    }

    /** One command on a connection of its own. */
    private static Object call(DataNode node, String... argv) throws IOException {
        try (RespClient c = node.client()) {
            return c.call(argv);
        }
    }

    private static String role(DataNode node) throws IOException {
        try (RespClient c = node.client()) {
            return info(c, "replication").get("role");
        }
    }

    /**
     * A write on the node through {@code kept}, or a fresh connection once Sentinel's CLIENT
     * KILL closed it: the first {@code OK} is the moment the node is a writable master.
     */
    private static Object probe(RespClient kept, DataNode node) throws IOException {
        try {
            return kept.call("SET", "probe", "1");
        } catch (IOException | RuntimeException closed) {
            return call(node, "SET", "probe", "1");
        }
    }

    /** The replica reports {@code masterPort} as its master and its link up. */
    private static boolean linkUp(DataNode replica, int masterPort) throws IOException {
        Map<String, String> info;
        try (RespClient c = replica.client()) {
            info = info(c, "replication");
        }
        return "slave".equals(info.get("role")) && Integer.toString(masterPort).equals(info.get("master_port"))
                && "up".equals(info.get("master_link_status"));
    }

    private static void awaitMasterAddress(List<SentinelProcess> sentinels, int port) {
        for (SentinelProcess s : sentinels) {
            await(LONG).until(() -> {
                try (RespClient sc = s.client()) {
                    Object addr = sc.call("SENTINEL", "get-master-addr-by-name", SentinelProcess.MASTER_NAME);
                    return addr instanceof List<?> l && l.size() == 2 && utf8(l.get(1)).equals(Integer.toString(port));
                }
            });
        }
    }

    /** Replicas the sentinel lists without {@code s_down} or {@code disconnected} flags. */
    private static long healthyReplicas(RespClient sentinel) throws IOException {
        return entries(sentinel.call("SENTINEL", "REPLICAS", SentinelProcess.MASTER_NAME)).stream()
                .filter(e -> e.get("flags").equals("slave")).count();
    }

    private static long sentinelsKnown(RespClient sentinel) throws IOException {
        return entries(sentinel.call("SENTINEL", "SENTINELS", SentinelProcess.MASTER_NAME)).stream()
                .filter(e -> !e.get("flags").contains("down") && !e.get("flags").contains("disconnected")).count();
    }

    /** SENTINEL REPLICAS/SENTINELS rows as field → value. */
    private static List<Map<String, String>> entries(Object reply) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Object row : (List<?>) reply) {
            List<?> kv = (List<?>) row;
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                map.put(utf8(kv.get(i)), utf8(kv.get(i + 1)));
            }
            out.add(map);
        }
        return out;
    }

}
