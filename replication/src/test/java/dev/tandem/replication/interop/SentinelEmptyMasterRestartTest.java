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
import dev.tandem.replication.ReplicationEvent;
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
 * A master without persistence that restarts empty <em>before</em> Sentinel notices it was gone
 * (inside {@code down-after-milliseconds}): Sentinel sees a master answering {@code PONG}, so no
 * failover starts (and {@code master-reboot-down-after-period} does not help either: 7.0 clears
 * its reboot flag at the first {@code PONG}). Redis's replicas would full-sync the empty data set
 * and the data would be gone; Tandem's replicas refuse it (the empty-master guard) and wait with
 * their link down, the data safe. The topology is not stuck: the operator's
 * {@code SENTINEL FAILOVER} (possible while the replicas' links have been down less than
 * 10 × {@code down-after-milliseconds}, Sentinel's {@code sentinelSelectSlave} rule) promotes a
 * replica that holds the data, re-points the other one (partial resync), and converts the empty
 * master into a replica that syncs everything back ({@code +convert-to-slave}).
 */
@Tag("interop")
@RequiresRedis({"redis-sentinel"})
class SentinelEmptyMasterRestartTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static ConditionFactory await() {
        return Awaitility.await().atMost(LONG).pollInterval(Duration.ofMillis(20)).ignoreExceptions();
    }

    @Test
    void guardedReplicasKeepTheDataUntilSentinelFailoverRestoresTheTopology() throws Exception {
        List<ReplicationEvent> r1Events = new CopyOnWriteArrayList<>();
        List<ReplicationEvent> r2Events = new CopyOnWriteArrayList<>();
        ReplicatedKeyspace m = ReplicatedKeyspace.builder().name("m").listen("127.0.0.1", 0).start();
        int mPort = m.port();
        try (ReplicatedKeyspace r1 = ReplicatedKeyspace.builder().name("r1").listen("127.0.0.1", 0)
                     .replicaOf("127.0.0.1", mPort).listener(r1Events::add).start();
             ReplicatedKeyspace r2 = ReplicatedKeyspace.builder().name("r2").listen("127.0.0.1", 0)
                     .replicaOf("127.0.0.1", mPort).directive("replica-priority", "0")
                     .listener(r2Events::add).start()) {
            try (RespClient mc = Interop.client(m)) {
                for (int i = 0; i < 100; i++) {
                    mc.call("SET", "key:" + i, Integer.toString(i));
                }
                assertEquals(2L, mc.call("WAIT", "2", "5000"));
            }
            List<SentinelProcess> sentinels = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    // down-after 30 s (Sentinel's default): the restart below is far quicker.
                    SentinelProcess s = SentinelProcess.start(dir, mPort, 2, 30_000);
                    try (RespClient sc = s.client()) {
                        // Hellos every 500 ms: Sentinel converts a wrongly-master node after
                        // four hello periods, so 2 s instead of 8.
                        assertEquals("OK", utf8(sc.call("SENTINEL", "DEBUG", "publish-period", "500",
                                "info-period", "1000")));
                    }
                    sentinels.add(s);
                }
                for (SentinelProcess s : sentinels) {
                    try (RespClient sc = s.client()) {
                        await().until(() -> healthyReplicas(sc) == 2 && sentinelsKnown(sc) == 2);
                    }
                }

                // The master restarts empty on its port at once (no persistence).
                m.close();
                m = ReplicatedKeyspace.builder().name("m-restarted").listen("127.0.0.1", mPort).start();
                await().until(() -> refused(r1Events) && refused(r2Events));
                assertEquals(100L, dbsize(r1), "the guard kept r1's data");
                assertEquals(100L, dbsize(r2), "the guard kept r2's data");
                try (RespClient sc = sentinels.get(0).client()) {
                    assertEquals(mPort, masterPort(sc), "no failover: the master answers");
                }

                // The operator's move: a manual failover promotes r1 (r2 has priority 0).
                try (RespClient sc = sentinels.get(0).client()) {
                    assertEquals("OK", sc.call("SENTINEL", "FAILOVER", SentinelProcess.MASTER_NAME));
                }
                for (SentinelProcess s : sentinels) {
                    try (RespClient sc = s.client()) {
                        await().until(() -> masterPort(sc) == r1.port());
                    }
                }
                await().until(() -> "OK".equals(call(r1, "SET", "after", "failover")));
                await().until(() -> linkUp(r2, r1.port()) && "failover".equals(utf8(call(r2, "GET", "after"))));
                ReplicatedKeyspace restarted = m;
                await().until(() -> linkUp(restarted, r1.port()));
                assertTrue(sentinels.stream().anyMatch(s -> s.logContains("+convert-to-slave slave 127.0.0.1:" + mPort)),
                        "Sentinel converted the empty master");
                await().until(() -> dbsize(restarted) == 101L);
                assertEquals("99", utf8(call(restarted, "GET", "key:99")));
                assertEquals(101L, dbsize(r2));
            } finally {
                sentinels.forEach(SentinelProcess::close);
            }
        } finally {
            m.close();
        }
    }

    private static boolean refused(List<ReplicationEvent> events) {
        return events.stream().anyMatch(e -> e instanceof ReplicationEvent.EmptyMasterRefused);
    }

    private static Object call(ReplicatedKeyspace node, String... argv) throws IOException {
        try (RespClient c = Interop.client(node)) {
            return c.call(argv);
        }
    }

    private static long dbsize(ReplicatedKeyspace node) throws IOException {
        return (Long) call(node, "DBSIZE");
    }

    private static boolean linkUp(ReplicatedKeyspace replica, int masterPort) throws IOException {
        Map<String, String> i;
        try (RespClient c = Interop.client(replica)) {
            i = info(c, "replication");
        }
        return "slave".equals(i.get("role")) && Integer.toString(masterPort).equals(i.get("master_port"))
                && "up".equals(i.get("master_link_status"));
    }

    private static int masterPort(RespClient sentinel) throws IOException {
        Object addr = sentinel.call("SENTINEL", "get-master-addr-by-name", SentinelProcess.MASTER_NAME);
        return addr instanceof List<?> l && l.size() == 2 ? Integer.parseInt(utf8(l.get(1))) : -1;
    }

    private static long healthyReplicas(RespClient sentinel) throws IOException {
        return rows(sentinel.call("SENTINEL", "REPLICAS", SentinelProcess.MASTER_NAME)).stream()
                .filter(r -> "slave".equals(r.get("flags"))).count();
    }

    private static long sentinelsKnown(RespClient sentinel) throws IOException {
        return rows(sentinel.call("SENTINEL", "SENTINELS", SentinelProcess.MASTER_NAME)).size();
    }

    private static List<Map<String, String>> rows(Object reply) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Object row : (List<?>) reply) {
            List<?> kv = (List<?>) row;
            Map<String, String> map = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                map.put(utf8(kv.get(i)), utf8(kv.get(i + 1)));
            }
            out.add(map);
        }
        return out;
    }
}
