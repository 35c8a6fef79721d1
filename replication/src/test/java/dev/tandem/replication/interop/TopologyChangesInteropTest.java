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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PSYNC2 topology changes made by real redis-servers around a Tandem replica (reference §2.4,
 * §9): a real master promoted above it answers {@code +CONTINUE <new id>} and Tandem shifts its
 * ids as Redis does (and passes the change on to its own real sub-replica, which also
 * continues); a Tandem replica re-pointed to a sibling replica continues partially.
 */
@Tag("interop")
@RequiresRedis
class TopologyChangesInteropTest {

    @Test
    void tandemFollowsThePromotionOfItsRealMasterAndPassesItOn() throws Exception {
        try (RedisServerProcess a = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient ac = a.client();
             RedisServerProcess b = RedisServerProcess.start("--repl-diskless-sync-delay", "0",
                     "--replicaof", "127.0.0.1", Integer.toString(a.port()));
             RespClient bc = b.client()) {
            Datasets.everyType(ac, "");
            awaitLinkUp(bc);
            // A's stream has db 3 selected when T full-syncs from B: T must take B's
            // repl-stream-db, as A will not repeat the SELECT.
            ac.call("SELECT", "3");
            ac.call("SET", "db3:before-t", "1");
            await().until(() -> info(ac, "replication").get("master_repl_offset")
                    .equals(info(bc, "replication").get("slave_repl_offset")));
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            try (ReplicatedKeyspace t = ReplicatedKeyspace.builder().name("tandem-t").listener(events::add)
                    .replicaOf("127.0.0.1", b.port()).start();
                 RespClient tc = Interop.client(t)) {
                assertTrue(t.awaitSynced(Duration.ofSeconds(20)));
                ac.call("SET", "db3:after-t", "1");
                ac.call("SELECT", "0");
                try (RedisServerProcess x = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(t.port()));
                     RespClient xc = x.client()) {
                    awaitLinkUp(xc);
                    ac.call("SET", "before-promotion", "1");
                    awaitSameDigest("A → B → T → X", () -> digest(ac), () -> digest(bc), () -> digest(tc), () -> digest(xc));
                    await().until(() -> info(xc, "replication").get("slave_repl_offset")
                            .equals(info(ac, "replication").get("master_repl_offset")));
                    String oldId = info(ac, "replication").get("master_replid");
                    Interop.assertSameInfoShape("a replica with a sub-replica", Interop.infoText(bc, "replication"),
                            Interop.infoText(tc, "replication"));

                    assertEquals("OK", bc.call("REPLICAOF", "NO", "ONE"));
                    Map<String, String> bi = info(bc, "replication");
                    String newId = bi.get("master_replid");
                    String secondOffset = bi.get("second_repl_offset");
                    bc.call("SET", "written-on-b", "1");

                    // T learns the new id from +CONTINUE <id>, and X learns it from T.
                    await().untilAsserted(() -> {
                        Map<String, String> ti = info(tc, "replication");
                        assertEquals(newId, ti.get("master_replid"), "T " + ti);
                        assertEquals(oldId, ti.get("master_replid2"), "T " + ti);
                        assertEquals(secondOffset, ti.get("second_repl_offset"), "T " + ti);
                        assertEquals("up", ti.get("master_link_status"));
                    });
                    awaitLog(x, "Master replication ID changed to " + newId, 1);
                    await().until(() -> newId.equals(info(xc, "replication").get("master_replid")));
                    awaitLinkUp(xc);
                    Datasets.everyType(bc, "on-b:");
                    awaitSameDigest("B → T → X after B's promotion", () -> digest(bc), () -> digest(tc), () -> digest(xc));
                    assertEquals(1, events.stream().filter(e -> e instanceof ReplicationEvent.SyncCompleted c
                            && c.kind() == SyncKind.FULL).count(), "T: no second full sync " + events);
                    assertEquals(1, countLog(x, "MASTER <-> REPLICA sync: Finished with success"), "X: no second full sync");
                    assertEquals(1, infoLong(bc, "stats", "sync_partial_ok"), "B served T partially");
                    assertEquals(1, infoLong(tc, "stats", "sync_partial_ok"), "T served X partially");
                    await().until(() -> info(xc, "replication").get("slave_repl_offset")
                            .equals(info(bc, "replication").get("master_repl_offset")));
                }
            }
        }
    }

    @Test
    void tandemReplicaMovesToASiblingReplicaPartially() throws Exception {
        try (RedisServerProcess a = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient ac = a.client();
             RedisServerProcess b = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(a.port()));
             RespClient bc = b.client();
             ReplicatedKeyspace t = ReplicatedKeyspace.builder().name("tandem-t").replicaOf("127.0.0.1", a.port()).start();
             RespClient tc = Interop.client(t)) {
            Datasets.everyType(ac, "");
            awaitLinkUp(bc);
            assertTrue(t.awaitSynced(Duration.ofSeconds(20)));
            awaitSameDigest("A with replicas B and T", () -> digest(ac), () -> digest(bc), () -> digest(tc));
            await().until(() -> info(ac, "replication").get("master_repl_offset").equals(
                    info(bc, "replication").get("slave_repl_offset")) && t.masterReplOffset()
                    == infoLong(ac, "replication", "master_repl_offset"));

            assertEquals("OK", tc.call("REPLICAOF", "127.0.0.1", Integer.toString(b.port())));
            await().until(() -> infoLong(bc, "stats", "sync_partial_ok") == 1);
            assertEquals(0, infoLong(bc, "stats", "sync_full"), "B served no full sync");
            ac.call("SET", "through-b", "1");
            awaitSameDigest("A → B → T", () -> digest(ac), () -> digest(bc), () -> digest(tc));
            assertEquals(info(ac, "replication").get("master_replid"), info(tc, "replication").get("master_replid"));
        }
    }
}
