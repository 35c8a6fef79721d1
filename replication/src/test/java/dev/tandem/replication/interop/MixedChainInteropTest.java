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
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * redis-server → Tandem → redis-server (reference §9.3): the Tandem node in the middle forwards
 * its master's exact bytes, so the sub-replica shares the top master's replid and offsets and
 * ends with the same DEBUG DIGEST; either link can break and come back partially without
 * disturbing the other.
 */
@Tag("interop")
@RequiresRedis
class MixedChainInteropTest {

    @Test
    void redisToTandemToRedisAgreesEndToEnd() throws Exception {
        long seed = Long.getLong("tandem.seed", System.nanoTime());
        System.out.println("MixedChainInteropTest seed=" + seed + " (rerun with -Dtandem.seed=" + seed + ")");
        try (RedisServerProcess top = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient a = top.client()) {
            Datasets.everyType(a, "");
            Datasets.streams(a, "");
            try (ReplicatedKeyspace middle = ReplicatedKeyspace.builder().name("tandem-middle")
                    .replicaOf("127.0.0.1", top.port()).start();
                 RespClient b = Interop.client(middle)) {
                if (!middle.awaitSynced(Duration.ofSeconds(20))) {
                    throw new AssertionError("the Tandem middle node did not sync");
                }
                // The top's stream has db 3 selected when the bottom full-syncs from the middle,
                // and will not repeat the SELECT: the middle's snapshot must carry
                // repl-stream-db 3 for the bottom's master client.
                a.call("SELECT", "3");
                a.call("SET", "db3:before-the-bottom", "1");
                await().until(() -> infoLong(a, "replication", "master_repl_offset") == middle.masterReplOffset());
                // The bottom parses the RDB straight from the socket (it reads ahead past the
                // EOF mark, so the Tandem middle must send nothing after it before the ACK).
                try (RedisServerProcess bottom = RedisServerProcess.start("--replicaof", "127.0.0.1",
                        Integer.toString(middle.port()), "--repl-diskless-load", "on-empty-db");
                     RespClient c = bottom.client()) {
                    awaitLinkUp(c);
                    a.call("SET", "db3:after-the-bottom", "1"); // no SELECT in the stream
                    a.call("SELECT", "0");
                    awaitSameDigest("chain after the full syncs", () -> digest(a), () -> digest(b), () -> digest(c));
                    c.call("SELECT", "3");
                    assertEquals("1", Interop.utf8(c.call("GET", "db3:after-the-bottom")));
                    c.call("SELECT", "0");

                    new RandomWorkload(seed, "chain:").run(a, 2000);
                    awaitSameDigest("chain after a workload (seed " + seed + ")", () -> digest(a), () -> digest(b),
                            () -> digest(c));
                    awaitChainAgrees(a, b, c);

                    // The lower link breaks: the bottom replica continues from the Tandem backlog.
                    assertEquals(1L, c.call("CLIENT", "KILL", "TYPE", "master"));
                    awaitLog(bottom, "Successful partial resynchronization with master", 1);
                    // The upper link breaks: Tandem continues from the top's backlog, and the
                    // bottom replica keeps its link (same replid: nothing to relearn).
                    assertEquals(1L, a.call("CLIENT", "KILL", "TYPE", "replica"));
                    await().until(() -> infoLong(a, "stats", "sync_partial_ok") == 1);
                    new RandomWorkload(seed + 1, "chain:").run(a, 1000);
                    awaitSameDigest("chain after both links broke (seed " + seed + ")", () -> digest(a),
                            () -> digest(b), () -> digest(c));
                    awaitChainAgrees(a, b, c);
                    assertEquals(1, infoLong(a, "stats", "sync_full"), "the top served one full sync");
                    assertEquals(1, infoLong(b, "stats", "sync_full"), "the middle served one full sync");
                    assertEquals(1, infoLong(b, "stats", "sync_partial_ok"), "the middle served one partial resync");
                    assertEquals(1, countLog(bottom, "MASTER <-> REPLICA sync: Finished with success"),
                            "the bottom loaded one RDB");
                }
            }
        }
    }

    /**
     * The top changes history (as after a restart): the middle's PSYNC fails, it full-syncs,
     * and must drop its sub-replica, which then full-syncs the new history from the middle.
     */
    @Test
    void aFullResyncOfTheMiddleCascadesToTheBottom() throws Exception {
        try (RedisServerProcess top = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient a = top.client();
             ReplicatedKeyspace middle = ReplicatedKeyspace.builder().name("tandem-middle")
                     .replicaOf("127.0.0.1", top.port()).start();
             RespClient b = Interop.client(middle)) {
            Datasets.everyType(a, "");
            if (!middle.awaitSynced(Duration.ofSeconds(20))) {
                throw new AssertionError("the Tandem middle node did not sync");
            }
            // swapdb: the second full sync loads beside the old data set straight from the socket.
            try (RedisServerProcess bottom = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(middle.port()), "--repl-diskless-load", "swapdb");
                 RespClient c = bottom.client()) {
                awaitLinkUp(c);
                awaitSameDigest("chain before the history change", () -> digest(a), () -> digest(b), () -> digest(c));
                String oldId = info(a, "replication").get("master_replid");

                assertEquals("OK", a.call("DEBUG", "CHANGE-REPL-ID"));
                assertEquals(1L, a.call("CLIENT", "KILL", "TYPE", "replica"));
                a.call("SET", "after-the-change", "1");
                await().until(() -> infoLong(a, "stats", "sync_full") == 2);
                awaitLog(bottom, "MASTER <-> REPLICA sync: Finished with success", 2);
                awaitLinkUp(c);
                Datasets.everyType(a, "again:");
                awaitSameDigest("chain after the history change", () -> digest(a), () -> digest(b), () -> digest(c));
                awaitChainAgrees(a, b, c);
                String newId = info(a, "replication").get("master_replid");
                assertEquals(false, newId.equals(oldId));
                assertEquals(2, infoLong(b, "stats", "sync_full"), "the middle served the bottom two full syncs");
            }
        }
    }

    /** One history along the chain: same replid, and every offset equal to the top's. */
    private static void awaitChainAgrees(RespClient a, RespClient b, RespClient c) {
        await().untilAsserted(() -> {
            Map<String, String> ia = info(a, "replication");
            Map<String, String> ib = info(b, "replication");
            Map<String, String> ic = info(c, "replication");
            String offset = ia.get("master_repl_offset");
            String replid = ia.get("master_replid");
            assertEquals(replid, ib.get("master_replid"), "middle replid");
            assertEquals(replid, ic.get("master_replid"), "bottom replid");
            assertEquals(offset, ib.get("master_repl_offset"), "middle offset " + ib);
            assertEquals(offset, ib.get("slave_repl_offset"), "middle applied offset " + ib);
            assertEquals(offset, ic.get("slave_repl_offset"), "bottom applied offset " + ic);
            assertEquals(true, ia.get("slave0").contains(",offset=" + offset + ","), "top sees middle's ACK " + ia);
            assertEquals(true, ib.get("slave0").contains(",offset=" + offset + ","), "middle sees bottom's ACK " + ib);
        });
    }
}
