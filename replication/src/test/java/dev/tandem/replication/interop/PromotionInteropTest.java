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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * PSYNC2 promotion with a real sub-replica (reference §9.1, §15.1 item 10): Tandem master M,
 * Tandem replica R, redis-server X replicating from R. Promoting R ({@code promote()} or
 * {@code REPLICAOF NO ONE} over RESP) makes X reconnect and continue with
 * {@code +CONTINUE <new id>}: no second full sync, the old id kept as replid2, and R's own
 * writes reach X.
 */
@Tag("interop")
@RequiresRedis
class PromotionInteropTest {

    @ParameterizedTest(name = "promoted by {0}")
    @ValueSource(strings = {"api", "REPLICAOF NO ONE"})
    void realSubReplicaContinuesPartiallyAfterPromotion(String how) throws Exception {
        // No heartbeat from M during the test: the offset at the promotion must stay still.
        try (ReplicatedKeyspace m = ReplicatedKeyspace.builder().name("tandem-m")
                .directive("repl-ping-replica-period", "3600").start();
             RespClient mc = Interop.client(m)) {
            Datasets.everyType(mc, "");
            try (ReplicatedKeyspace r = ReplicatedKeyspace.builder().name("tandem-r")
                    .replicaOf("127.0.0.1", m.port()).start();
                 RespClient rc = Interop.client(r)) {
                assertTrue(r.awaitSynced(Duration.ofSeconds(20)), "R synced");
                try (RedisServerProcess x = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(r.port()));
                     RespClient xc = x.client()) {
                    awaitLinkUp(xc);
                    WriteCommands.runEveryFamily(mc, "before:");
                    awaitSameDigest("M, R and X before the promotion", () -> digest(mc), () -> digest(rc), () -> digest(xc));
                    String oldId = info(mc, "replication").get("master_replid");
                    assertEquals(oldId, info(xc, "replication").get("master_replid"), "X follows M's history through R");
                    // The short TTLs must have ended (their DELs are stream bytes) before the
                    // offset is read.
                    await().until(() -> Long.valueOf(0).equals(mc.call("EXISTS", "before:w:short", "before:w:shortlist"))
                            && info(xc, "replication").get("slave_repl_offset")
                            .equals(info(mc, "replication").get("master_repl_offset")));
                    long offsetAtPromotion = infoLong(rc, "replication", "master_repl_offset");

                    if (how.equals("api")) {
                        r.promote();
                    } else {
                        assertEquals("OK", rc.call("REPLICAOF", "NO", "ONE"));
                    }
                    Map<String, String> promoted = info(rc, "replication");
                    assertEquals("master", promoted.get("role"));
                    String newId = promoted.get("master_replid");
                    assertNotEquals(oldId, newId);
                    assertEquals(oldId, promoted.get("master_replid2"));
                    assertEquals(Long.toString(offsetAtPromotion + 1), promoted.get("second_repl_offset"));

                    // X was disconnected, came back with PSYNC <old id> <offset+1> and continued.
                    awaitLog(x, "Successful partial resynchronization with master", 1);
                    awaitLog(x, "Master replication ID changed to " + newId, 1);
                    awaitLinkUp(xc);
                    await().until(() -> newId.equals(info(xc, "replication").get("master_replid")));
                    Map<String, String> xi = info(xc, "replication");
                    assertEquals(oldId, xi.get("master_replid2"), "X shifted the ids as R did");
                    assertEquals(Long.toString(offsetAtPromotion + 1), xi.get("second_repl_offset"));
                    assertEquals(1, infoLong(rc, "stats", "sync_partial_ok"), "R served X one partial resync");
                    assertEquals(1, infoLong(rc, "stats", "sync_full"), "R served X only the first full sync");

                    // R's own writes reach X, starting with a SELECT (X must not assume a db).
                    rc.call("SELECT", "3");
                    assertEquals("OK", rc.call("SET", "written-on-r", "in-db-3"));
                    rc.call("SELECT", "0");
                    WriteCommands.runEveryFamily(rc, "after:");
                    awaitSameDigest("R and X after the promotion", () -> digest(rc), () -> digest(xc));
                    RealReplicaOfTandemMasterTest.awaitOffsetsAgree(rc, xc);
                    assertEquals(1, countLog(x, "MASTER <-> REPLICA sync: Finished with success"),
                            "X loaded one RDB only");
                    assertNotEquals(digest(mc), digest(rc), "M no longer feeds R");
                }
            }
        }
    }
}
