/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static dev.tandem.replication.interop.Interop.info;
import static dev.tandem.replication.interop.Interop.infoText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.FakeReplica;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code INFO replication} and {@code ROLE} of Tandem next to a real redis-server 7.0 in the
 * same role (reference §13): the same field names in the same order, {@code slaveN} rows with
 * the same keys, every line ending in CRLF, and {@code ROLE} replies of the same shape (bulk
 * strings, integers and arrays in the same places) with equal values where the topology fixes
 * them.
 */
@Tag("interop")
@RequiresRedis
class InfoRoleInteropTest {

    @Test
    void infoAndRoleMatchRedisInEveryRole() throws Exception {
        try (RedisServerProcess realMaster = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient rm = realMaster.client();
             ReplicatedKeyspace tandemMaster = ReplicatedKeyspace.builder().name("tandem-master").start();
             RespClient tm = Interop.client(tandemMaster);
             ReplicatedKeyspace tandemReplica = ReplicatedKeyspace.builder().name("tandem-replica")
                     .replicaOf("127.0.0.1", realMaster.port()).start();
             RespClient tr = Interop.client(tandemReplica);
             RedisServerProcess realReplica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                     Integer.toString(tandemMaster.port()));
             RespClient rr = realReplica.client()) {
            rm.call("SET", "k", "v");
            tm.call("SET", "k", "v");
            assertTrue(tandemReplica.awaitSynced(Duration.ofSeconds(20)));
            awaitLinkUp(rr);
            // Both masters list their replica as online with an ACK.
            await().until(() -> info(rm, "replication").getOrDefault("slave0", "").contains("state=online")
                    && info(tm, "replication").getOrDefault("slave0", "").contains("state=online"));

            Interop.assertSameInfoShape("master with one replica", infoText(rm, "replication"), infoText(tm, "replication"));
            Interop.assertSameInfoShape("connected replica", infoText(rr, "replication"), infoText(tr, "replication"));

            // ROLE of a master: ["master", offset, [[ip, port, ack offset]]].
            assertEquals(shape(rm.call("ROLE")), shape(tm.call("ROLE")), "ROLE of a master");
            List<?> masterRole = (List<?>) tm.call("ROLE");
            assertEquals("master", Interop.utf8(masterRole.get(0)));
            List<?> entry = (List<?>) ((List<?>) masterRole.get(2)).get(0);
            assertEquals("127.0.0.1", Interop.utf8(entry.get(0)));
            assertEquals(Integer.toString(realReplica.port()), Interop.utf8(entry.get(1)), "announced listening port");

            // ROLE of a replica: ["slave", host, port, state, offset].
            assertEquals(shape(rr.call("ROLE")), shape(tr.call("ROLE")), "ROLE of a replica");
            await().untilAsserted(() -> {
                List<?> role = (List<?>) tr.call("ROLE");
                assertEquals(List.of("slave", "127.0.0.1", (long) realMaster.port(), "connected",
                                Long.parseLong(info(rm, "replication").get("master_repl_offset"))),
                        List.of(Interop.utf8(role.get(0)), Interop.utf8(role.get(1)), role.get(2),
                                Interop.utf8(role.get(3)), role.get(4)));
            });
        }
    }

    @Test
    void infoAndRoleMatchRedisWhileTheMasterIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RedisServerProcess realReplica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                Integer.toString(closedPort));
             RespClient rr = realReplica.client();
             ReplicatedKeyspace tandemReplica = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", closedPort).start();
             RespClient tr = Interop.client(tandemReplica)) {
            Map<String, String> real = info(rr, "replication");
            assertEquals("down", real.get("master_link_status"));
            assertEquals("-1", real.get("master_link_down_since_seconds"), "never up since it became a replica");
            await().untilAsserted(() -> Interop.assertSameInfoShape("replica whose master is down",
                    infoText(rr, "replication"), infoText(tr, "replication")));
            assertEquals("-1", info(tr, "replication").get("master_link_down_since_seconds"));
            assertEquals("-1", info(tr, "replication").get("master_last_io_seconds_ago"));
            assertEquals(shape(rr.call("ROLE")), shape(tr.call("ROLE")), "ROLE of a replica without its master");
            List<?> role = (List<?>) tr.call("ROLE");
            assertTrue(List.of("connect", "connecting").contains(Interop.utf8(role.get(3))), "state " + role);
            assertEquals(-1L, role.get(4), "no master client: offset -1");
        }
    }

    /**
     * A replica whose link was up and whose master then died: same lines, and the same values
     * for everything the shared history fixes (offsets, ids, link state, -1 for the missing
     * master client).
     */
    @Test
    void infoAndRoleMatchRedisAfterTheMasterDied() throws Exception {
        try (RedisServerProcess realReplica = RedisServerProcess.start(); RespClient rr = realReplica.client()) {
            ReplicatedKeyspace tandemReplica;
            int masterPort;
            try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
                 RespClient m = master.client()) {
                masterPort = master.port();
                Datasets.everyType(m, "");
                assertEquals("OK", rr.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort)));
                tandemReplica = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", masterPort).start();
                awaitLinkUp(rr);
                assertTrue(tandemReplica.awaitSynced(Duration.ofSeconds(20)));
                m.call("SET", "last", "write");
                String offset = info(m, "replication").get("master_repl_offset");
                await().until(() -> offset.equals(info(rr, "replication").get("slave_repl_offset"))
                        && Long.parseLong(offset) == tandemReplica.masterReplOffset());
            }
            try (ReplicatedKeyspace t = tandemReplica; RespClient tr = Interop.client(t)) {
                await().until(() -> "down".equals(info(rr, "replication").get("master_link_status"))
                        && "down".equals(info(tr, "replication").get("master_link_status")));
                Interop.assertSameInfoShape("replica after its master died", infoText(rr, "replication"), infoText(tr, "replication"));
                Map<String, String> real = info(rr, "replication");
                Map<String, String> tandem = info(tr, "replication");
                for (String field : List.of("role", "master_host", "master_port", "master_link_status",
                        "master_last_io_seconds_ago", "master_sync_in_progress", "slave_read_repl_offset",
                        "slave_repl_offset", "connected_slaves", "master_replid", "master_replid2",
                        "master_repl_offset", "second_repl_offset")) {
                    assertEquals(real.get(field), tandem.get(field), field + "\nredis-server: " + real + "\nTandem: " + tandem);
                }
                await().untilAsserted(() -> {
                    List<?> realRole = (List<?>) rr.call("ROLE");
                    List<?> tandemRole = (List<?>) tr.call("ROLE");
                    assertEquals(RespClient.describe(realRole), RespClient.describe(tandemRole), "ROLE");
                });
            }
        }
    }

    /**
     * During a slow diskless transfer (0.1 s per key on the master): the {@code master_sync_*}
     * progress fields and {@code ROLE}'s {@code sync} state with offset -1, for a real replica
     * and then for a Tandem replica of the same master.
     */
    @Test
    void infoAndRoleMatchRedisDuringTheTransfer() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync-delay", "0",
                "--rdb-key-save-delay", "100000");
             RespClient m = master.client()) {
            for (int i = 0; i < 8; i++) {
                m.call("SET", "k" + i, "v".repeat(100));
            }
            String realInfo;
            Object realRole;
            try (RedisServerProcess realReplica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()));
                 RespClient rr = realReplica.client()) {
                await().until(() -> "1".equals(info(rr, "replication").get("master_sync_in_progress")));
                realInfo = infoText(rr, "replication");
                realRole = rr.call("ROLE");
                awaitLinkUp(rr);
            }
            try (ReplicatedKeyspace tandemReplica = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", master.port()).start();
                 RespClient tr = Interop.client(tandemReplica)) {
                await().until(() -> "1".equals(info(tr, "replication").get("master_sync_in_progress")));
                String tandemInfo = infoText(tr, "replication");
                Object tandemRole = tr.call("ROLE");
                Interop.assertSameInfoShape("replica during a diskless transfer", realInfo, tandemInfo);
                Map<String, String> real = Interop.parseInfo(realInfo);
                Map<String, String> tandem = Interop.parseInfo(tandemInfo);
                // The master's child buffers its output, so both replicas are caught before the
                // payload header: total -1, nothing read, -0.00 percent, no master client yet.
                for (String field : List.of("master_link_status", "master_last_io_seconds_ago",
                        "master_sync_in_progress", "master_sync_total_bytes", "master_sync_read_bytes",
                        "master_sync_left_bytes", "master_sync_perc", "slave_read_repl_offset", "slave_repl_offset")) {
                    assertEquals(real.get(field), tandem.get(field), field + "\nredis-server:\n" + realInfo + "\nTandem:\n" + tandemInfo);
                }
                assertEquals(RespClient.describe(realRole).replace(":" + master.port(), ":PORT"),
                        RespClient.describe(tandemRole).replace(":" + master.port(), ":PORT"), "ROLE during the transfer");
                assertTrue(tandemReplica.awaitSynced(Duration.ofSeconds(20)));
            }
        }
    }

    /**
     * A master's {@code slaveN} row while a diskless transfer runs: Redis keeps the replica in
     * {@code WAIT_BGSAVE_END}, shown as {@code wait_bgsave} ({@code send_bulk} only exists for a
     * disk-based transfer), and not in {@code ROLE}'s list until it is online. The transfers are
     * held open by replicas that do not read (Tandem) and by a slow child (redis-server).
     */
    @Test
    void slaveRowDuringADisklessTransferMatchesRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0",
                "--rdb-key-save-delay", "200000");
             RespClient real = redis.client();
             ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient t = Interop.client(tandem)) {
            for (int i = 0; i < 10; i++) {
                real.call("SET", "k" + i, "v");
            }
            String big = "x".repeat(200);
            for (int i = 0; i < 40_000; i++) { // far more than the socket buffers hold
                tandem.set("k" + i, big + i);
            }
            try (FakeReplica toRedis = FakeReplica.connect("127.0.0.1", redis.port(), true);
                 FakeReplica toTandem = FakeReplica.connect("127.0.0.1", tandem.port(), true)) {
                assertTrue(toRedis.psync("?", -1).startsWith("+FULLRESYNC"));
                assertTrue(toTandem.psync("?", -1).startsWith("+FULLRESYNC"));
                await().until(() -> "1".equals(info(real, "persistence").get("rdb_bgsave_in_progress")));
                String realRow = info(real, "replication").get("slave0");
                String tandemRow = info(t, "replication").get("slave0");
                assertEquals(realRow.replaceAll("ip=.*,state=", "state="), tandemRow.replaceAll("ip=.*,state=", "state="),
                        "redis-server: " + realRow + " Tandem: " + tandemRow);
                assertEquals(RespClient.describe(real.call("ROLE")).replaceAll(":\\d+", ":N"),
                        RespClient.describe(t.call("ROLE")).replaceAll(":\\d+", ":N"), "ROLE lists online replicas only");
            }
        }
    }

    /** The reply's types: "bulk", "int", "simple", "nil", or nested lists of them. */
    private static Object shape(Object reply) {
        if (reply instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(shape(o));
            }
            return out;
        }
        if (reply instanceof byte[]) {
            return "bulk";
        }
        if (reply instanceof Long) {
            return "int";
        }
        if (reply == null) {
            return "nil";
        }
        return reply.getClass().getSimpleName();
    }
}
