/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static dev.tandem.replication.interop.Interop.awaitLog;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.testing.FaultProxy;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Broken links between Tandem and redis-server, through the fault proxy: a payload cut in the
 * middle (the receiver keeps or discards it and syncs again, the sender cleans up), a stalled
 * link, and a cut stream that resumes partially.
 */
@Tag("interop")
@RequiresRedis
class FaultyLinkInteropTest {

    @Test
    void realReplicaSurvivesACutPayloadAndACutStreamFromTandem() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("tandem-master").start();
             RespClient m = Interop.client(master);
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", master.port()))) {
            String value = "v".repeat(100);
            for (int i = 0; i < 20_000; i++) {
                master.set("key:" + i, value + i);
            }
            proxy.truncateAfter(FaultProxy.Direction.DOWNSTREAM, 300_000); // mid-payload
            try (RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(proxy.port()));
                 RespClient r = replica.client()) {
                awaitLinkUp(r);
                assertTrue(proxy.connectionsAccepted() >= 2, "the first transfer was cut");
                assertEquals(2, infoLong(m, "stats", "sync_full"), "one cut full sync, one complete");
                awaitSameDigest("after a cut payload", () -> digest(m), () -> digest(r));

                new RandomWorkload(7, "cut:").run(m, 300);
                proxy.cut();
                new RandomWorkload(8, "cut:").run(m, 300);
                awaitLog(replica, "Successful partial resynchronization with master", 1);
                awaitSameDigest("after a cut stream", () -> digest(m), () -> digest(r));
                RealReplicaOfTandemMasterTest.awaitOffsetsAgree(m, r);
                assertEquals(1, infoLong(m, "stats", "sync_partial_ok"));
                assertFalse(replica.logContains("Aborting"), "the replica never saw a corrupt RDB");
            }
        }
    }

    @Test
    void tandemReplicaSurvivesACutPayloadAStallAndACutStreamFromRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient m = redis.client();
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", redis.port()))) {
            Datasets.everyType(m, "");
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().listener(events::add)
                    .replicaOf("127.0.0.1", proxy.port()).start()) {
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
                awaitSameDigest("first sync", () -> digest(m), replica::digest);
                String before = replica.digest();

                // A new history on the master forces a full sync, which is cut half way: the
                // replica keeps serving its old data set, then syncs again.
                for (int i = 0; i < 3000; i++) {
                    m.call("SET", "big:" + i, "x".repeat(200));
                }
                await().until(() -> replica.digest().equals(digest(m)));
                String beforeCut = replica.digest();
                // What the replica serves when its sync fails (the retry comes after a backoff).
                AtomicReference<String> atFailure = new AtomicReference<>();
                replica.addListener(e -> {
                    if (e instanceof ReplicationEvent.SyncFailed) {
                        atFailure.compareAndSet(null, replica.digest());
                    }
                });
                assertEquals("OK", m.call("DEBUG", "CHANGE-REPL-ID"));
                proxy.truncateAfter(FaultProxy.Direction.DOWNSTREAM, 50_000); // of a ~130 KB payload
                assertEquals(1L, m.call("CLIENT", "KILL", "TYPE", "replica"));
                await().until(() -> atFailure.get() != null);
                assertEquals(beforeCut, atFailure.get(), "the old data set stays while the new one failed");
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
                awaitSameDigest("after the cut full sync", () -> digest(m), replica::digest);
                assertFalse(before.equals(replica.digest()));

                // A stalled link: the master keeps writing, the replica catches up on resume.
                proxy.stall(FaultProxy.Direction.DOWNSTREAM);
                new RandomWorkload(9, "stall:").run(m, 500);
                proxy.resume(FaultProxy.Direction.DOWNSTREAM);
                awaitSameDigest("after a stall", () -> digest(m), replica::digest);

                long partials = infoLong(m, "stats", "sync_partial_ok");
                proxy.cut();
                new RandomWorkload(10, "cut:").run(m, 300);
                await().until(() -> infoLong(m, "stats", "sync_partial_ok") == partials + 1);
                awaitSameDigest("after a cut stream", () -> digest(m), replica::digest);
                await().until(() -> infoLong(m, "replication", "master_repl_offset") == replica.masterReplOffset());
                assertEquals(2, events.stream().filter(e -> e instanceof ReplicationEvent.SyncCompleted c
                        && c.kind() == SyncKind.FULL).count(), "two complete full syncs");
            }
        }
    }
}
