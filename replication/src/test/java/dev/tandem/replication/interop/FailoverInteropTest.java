/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static dev.tandem.replication.interop.Interop.awaitLog;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.countLog;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.info;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.Role;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code FAILOVER} across implementations, both ways: a Tandem master hands over to a real
 * redis-server replica, and a real redis-server master hands over to a Tandem replica. Either
 * way the target promotes itself on {@code PSYNC <replid> <offset> FAILOVER}, the old master
 * continues partially (no second full sync), and {@code master_failover_state} ends
 * {@code no-failover}.
 */
@Tag("interop")
@RequiresRedis
class FailoverInteropTest {

    @Test
    void tandemMasterHandsOverToRedisReplica() throws Exception {
        try (ReplicatedKeyspace m = ReplicatedKeyspace.builder().name("fo-tandem-m").start();
             RespClient mc = Interop.client(m)) {
            Datasets.everyType(mc, "");
            try (RedisServerProcess x = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()));
                 RespClient xc = x.client()) {
                awaitLinkUp(xc);
                WriteCommands.runEveryFamily(mc, "before:");
                awaitSameDigest("M and X before", () -> digest(mc), () -> digest(xc));
                String oldId = info(mc, "replication").get("master_replid");

                assertEquals("OK", mc.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(x.port())));
                awaitLog(x, "Failover request received for replid " + oldId, 1);
                await().until(() -> m.role() == Role.REPLICA && "no-failover".equals(m.replicationInfo().failoverState()));
                awaitLinkUp(mc);
                Map<String, String> xi = info(xc, "replication");
                assertEquals("master", xi.get("role"));
                assertEquals("no-failover", xi.get("master_failover_state"));
                assertEquals(oldId, xi.get("master_replid2"));
                assertEquals(1, infoLong(xc, "stats", "sync_partial_ok"), "Tandem continued partially");
                assertEquals(0, infoLong(xc, "stats", "sync_full"), "no full sync after the swap");
                assertEquals(xi.get("master_replid"), info(mc, "replication").get("master_replid"));

                WriteCommands.runEveryFamily(xc, "after:");
                awaitSameDigest("X and M after", () -> digest(xc), () -> digest(mc));
            }
        }
    }

    @Test
    void redisMasterHandsOverToTandemReplica() throws Exception {
        try (RedisServerProcess x = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient xc = x.client()) {
            Datasets.everyType(xc, "");
            try (ReplicatedKeyspace r = ReplicatedKeyspace.builder().name("fo-tandem-r")
                    .replicaOf("127.0.0.1", x.port()).start();
                 RespClient rc = Interop.client(r)) {
                awaitLinkUp(rc);
                WriteCommands.runEveryFamily(xc, "before:");
                awaitSameDigest("X and R before", () -> digest(xc), () -> digest(rc));
                String oldId = info(xc, "replication").get("master_replid");

                assertEquals("OK", xc.call("FAILOVER"));
                await().until(() -> r.role() == Role.MASTER);
                awaitLog(x, "Successful partial resynchronization with master", 1);
                await().until(() -> "no-failover".equals(info(xc, "replication").get("master_failover_state")));
                awaitLinkUp(xc);
                Map<String, String> ri = info(rc, "replication");
                assertEquals("master", ri.get("role"));
                assertEquals("no-failover", ri.get("master_failover_state"));
                assertEquals(oldId, ri.get("master_replid2"));
                assertEquals(1, infoLong(rc, "stats", "sync_partial_ok"), "redis-server continued partially");
                assertEquals(0, infoLong(rc, "stats", "sync_full"));
                assertEquals(1, countLog(x, "Failover target 127.0.0.1:" + r.port() + " is synced, failing over."));

                WriteCommands.runEveryFamily(rc, "after:");
                awaitSameDigest("R and X after", () -> digest(rc), () -> digest(xc));
            }
        }
    }
}
