/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RedisTools;
import dev.tandem.testkit.FakeReplica;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Tandem master puts on the wire for a redis-server replica (reference §4, §6.5, §15.1):
 * the RDB it sends passes {@code redis-check-rdb}; after an {@code $EOF:} payload nothing
 * follows until the first ACK, after a {@code $<len>} payload the stream starts at once; the
 * stream begins with {@code SELECT}; the heartbeat is the 14-byte lowercase {@code ping}; a real
 * replica takes the disk form and counts the pings into its offset.
 */
@Tag("interop")
@RequiresRedis({"redis-server", "redis-check-rdb"})
class TandemSyncPayloadInteropTest {

    private static final String SELECT_0 = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n";

    @TempDir
    Path tmp;

    @Test
    void eofMarkedPayloadPassesRedisCheckRdbAndTheStreamWaitsForTheFirstAck() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start(); RespClient m = Interop.client(master)) {
            Datasets.everyType(m, "");
            try (FakeReplica tap = FakeReplica.connect("127.0.0.1", master.port(), true)) {
                FakeReplica.FullSync sync = tap.fullSync();
                assertTrue(sync.eofMarked(), "diskless to a capa-eof replica");
                assertEquals(infoLong(m, "replication", "master_repl_offset"), sync.offset());
                assertEquals(master.replicationInfo().replid().toString(), sync.replid());
                assertRdbOk(sync.rdb(), "REDIS0010"); // rdb-version's default: Redis 7.0's listpacks, byte for byte

                m.call("SET", "after", "sync");
                assertEquals(0, tap.readAvailable(4096, 500).length,
                        "nothing may follow the EOF mark before the replica's first ACK (reference §4.2)");
                tap.ack(sync.offset());
                String expected = SELECT_0 + "*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$4\r\nsync\r\n";
                assertEquals(expected, new String(tap.readExactly(expected.length()), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void lengthPayloadPassesRedisCheckRdbAndTheStreamFollowsItDirectly() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("repl-ping-replica-period", "1").start();
             RespClient m = Interop.client(master)) {
            Datasets.everyType(m, "");
            m.call("CONFIG", "SET", "rdb-version", "9"); // for a pre-7.0 replica, read at the next sync
            try (FakeReplica tap = FakeReplica.connect("127.0.0.1", master.port(), false)) {
                FakeReplica.FullSync sync = tap.fullSync();
                assertTrue(!sync.eofMarked(), "a replica without capa eof gets $<len>");
                assertRdbOk(sync.rdb(), "REDIS0009");
                // No ACK sent: the stream flows anyway, SELECT first, then the ping heartbeat
                // (never preceded by SELECT, so it is the first thing when nothing was written).
                String ping = "*1\r\n$4\r\nping\r\n";
                m.call("SET", "k", "v");
                String expected = SELECT_0 + "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
                String got = new String(tap.readExactly(expected.length()), StandardCharsets.US_ASCII);
                if (got.startsWith(ping)) { // a heartbeat may come first
                    got = got.substring(ping.length()) + new String(tap.readExactly(ping.length()), StandardCharsets.US_ASCII);
                }
                assertEquals(expected, got);
                String next = new String(tap.readExactly(ping.length()), StandardCharsets.US_ASCII);
                assertEquals(ping, next, "the heartbeat is a lowercase 14-byte ping");
            }
        }
    }

    /** Also: {@code requirepass} on Tandem with {@code masterauth} on the replica, and announced addresses. */
    @Test
    void realReplicaTakesTheDiskFormAndCountsPingsIntoItsOffset() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("requirepass", "s3cret")
                .directive("repl-diskless-sync", "no").directive("repl-ping-replica-period", "1").start();
             RespClient m = Interop.client(master)) {
            assertEquals("OK", m.call("AUTH", "s3cret"));
            Datasets.everyType(m, "");
            try (RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()), "--masterauth", "s3cret",
                    "--replica-announce-ip", "10.9.8.7", "--replica-announce-port", "7777");
                 RespClient r = replica.client()) {
                awaitLinkUp(r);
                assertTrue(Interop.info(m, "replication").get("slave0").startsWith("ip=10.9.8.7,port=7777,"),
                        Interop.info(m, "replication").toString());
                awaitSameDigest("after a disk-form full sync", () -> digest(m), () -> digest(r));
                assertTrue(replica.logContains("MASTER <-> REPLICA sync: receiving"), replica.log().toString());
                long before = infoLong(m, "replication", "master_repl_offset");
                await().until(() -> infoLong(m, "replication", "master_repl_offset") >= before + 2 * 14);
                m.call("SET", "after-pings", "1");
                RealReplicaOfTandemMasterTest.awaitOffsetsAgree(m, r);
                awaitSameDigest("after pings", () -> digest(m), () -> digest(r));
            }
        }
    }

    @Test
    void replicasWaitingForTheDisklessDelayGetKeepalivesAndShareOneSnapshot() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("repl-diskless-sync-delay", "2").start();
             RespClient m = Interop.client(master)) {
            Datasets.everyType(m, "");
            try (RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                         Integer.toString(master.port()));
                 RespClient r = replica.client()) {
                await().until(() -> Interop.info(m, "replication").getOrDefault("slave0", "").contains("state=wait_bgsave"));
                try (FakeReplica tap = FakeReplica.connect("127.0.0.1", master.port(), true)) {
                    FakeReplica.FullSync sync = tap.fullSync();
                    assertTrue(sync.keepalives() >= 1, "a newline a second while the replica waits (reference §4.2)");
                    tap.ack(sync.offset());
                    awaitLinkUp(r);
                    awaitSameDigest("after the delayed diskless sync", () -> digest(m), () -> digest(r));
                    assertEquals(2, infoLong(m, "stats", "sync_full"));
                    assertEquals(1, master.syncCounters().snapshots(), "both replicas got the same snapshot");
                }
            }
        }
    }

    private void assertRdbOk(byte[] rdb, String header) throws Exception {
        assertEquals(header, new String(rdb, 0, 9, StandardCharsets.US_ASCII));
        Path file = tmp.resolve("tandem-" + System.nanoTime() + ".rdb");
        Files.write(file, rdb);
        RedisTools.CheckResult check = RedisTools.checkRdb(file);
        assertTrue(check.ok(), check.output());
        assertArrayEquals(new byte[] {(byte) 0xFF}, new byte[] {rdb[rdb.length - 9]}, "EOF opcode before the CRC");
    }
}
