/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.DelayedReplication;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.internal.sim.SimulatedNetwork;
import dev.tandem.replication.spi.NodeAddress;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delayed replica with persistence keeps its pending stream across a restart
 * ({@code <dbfilename>.pending} next to its RDB file), on the deterministic simulation: virtual
 * time, so due times are checked exactly and nothing sleeps.
 */
class DelayedReplicaRestartTest {

    private static final Duration DELAY = Duration.ofSeconds(10);

    private final SimulatedNetwork network = new SimulatedNetwork(23);
    private final List<ReplicatedKeyspace> nodes = new ArrayList<>();
    private final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() {
        for (ReplicatedKeyspace n : nodes) {
            network.freeRun(n::close);
        }
        network.close();
    }

    private ReplicatedKeyspace node(String name, boolean delayedReplica) {
        ReplicatedKeyspace.Builder b = NodeInternals.runtime(ReplicatedKeyspace.builder().name(name)
                .transport(network.transport(name)), network.runtime(name))
                .snapshotFormat(RdbSnapshotFormat.defaults().withHeaderClock(network.wallClock()))
                .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .replicaDelaySpillDirectory(dir)
                // No heartbeat PINGs: they are units too and would make the counts depend on time.
                .directive("repl-ping-replica-period", "3600")
                .directive("repl-timeout", "3600")
                .listener(events::add);
        if (delayedReplica) {
            b.replicaDelay(DELAY).persistence(Persistence.in(dir.resolve("r"))).replicaOf(NodeAddress.local("m"));
        }
        ReplicatedKeyspace node = b.build();
        network.freeRun(node::start);
        nodes.add(node);
        if (delayedReplica) {
            awaitLinkUp(node);
        }
        return node;
    }

    /** A master and a delayed replica that applied everything so far (the stream's first SELECT included). */
    private ReplicatedKeyspace[] masterAndReplica() {
        ReplicatedKeyspace m = node("m", false);
        ReplicatedKeyspace r = node("r", true);
        m.database(0).execute("SET", "warm", "up");
        network.runFor(DELAY.plusMillis(200));
        assertEquals(0, r.delayedReplication().status().pendingUnits());
        assertEquals("up", get(r, 0, "warm"));
        return new ReplicatedKeyspace[] {m, r};
    }

    private void stop(ReplicatedKeyspace r) {
        network.freeRun(r::close);
        nodes.remove(r);
    }

    private void awaitLinkUp(ReplicatedKeyspace r) {
        for (int i = 0; i < 100 && !linkUp(r); i++) {
            network.runFor(Duration.ofMillis(100));
        }
        assertTrue(linkUp(r), () -> "link of " + r.name() + " up: " + r.replicationInfo());
    }

    private static boolean linkUp(ReplicatedKeyspace r) {
        ReplicationInfo.MasterLink link = r.replicationInfo().masterLink();
        return link != null && link.linkUp();
    }

    private static String get(ReplicatedKeyspace node, int db, String key) {
        Reply reply = node.database(db).execute("GET", key);
        return reply instanceof Reply.BulkReply bulk ? bulk.utf8() : null;
    }

    private Path pendingFile() {
        return dir.resolve("r").resolve("dump.rdb.pending");
    }

    private boolean partialFrom(long offset) {
        return events.stream().anyMatch(e -> e instanceof ReplicationEvent.SyncStarted s
                && s.kind() == SyncKind.PARTIAL && s.offset() == offset);
    }

    private boolean anyFullSync() {
        return events.stream().anyMatch(e -> e instanceof ReplicationEvent.SyncStarted s && s.kind() == SyncKind.FULL);
    }

    @Test
    void aRestartKeepsThePendingUnitsWithTheirDueTimesAndResumesPartially() {
        ReplicatedKeyspace[] pair = masterAndReplica();
        ReplicatedKeyspace m = pair[0];
        ReplicatedKeyspace r = pair[1];
        // T: 20 units in db 0; T+2 s: 5 in db 3 (after a SELECT); saved at T+3 s; 3 more after the save.
        for (int i = 0; i < 20; i++) {
            m.database(0).execute("INCR", "n");
        }
        network.runFor(Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            m.database(3).execute("INCR", "k");
        }
        network.runFor(Duration.ofSeconds(1));
        network.freeRun(r::save);
        long applied = r.masterReplOffset();
        for (int i = 0; i < 3; i++) {
            m.database(3).execute("INCR", "n2");
        }
        network.runFor(Duration.ofSeconds(1)); // T+4 s
        DelayedReplication.Status before = r.delayedReplication().status();
        List<DelayedReplication.PendingUnit> pendingBefore = r.delayedReplication().pending(1000, 0);
        assertEquals(applied, before.appliedOffset(), "nothing applied since the save");
        assertTrue(before.pendingUnits() >= 28, before.toString());
        assertNull(get(r, 0, "n"));
        stop(r);
        assertTrue(Files.exists(pendingFile()));

        // Written while the replica is down, in db 3 with no SELECT: the resumed units must leave
        // the received stream in db 3.
        m.database(3).execute("INCR", "k");
        m.database(3).execute("INCR", "k");
        events.clear();
        ReplicatedKeyspace r2 = node("r", true);
        network.runUntilIdle();
        assertTrue(partialFrom(before.receivedOffset()),
                () -> "partial resync from the received offset " + before.receivedOffset() + ": " + events);
        assertFalse(anyFullSync(), events::toString);
        assertEquals(1, m.syncCounters().syncPartialOk(), "the master sees sync_partial_ok");
        DelayedReplication.Status after = r2.delayedReplication().status();
        assertEquals(applied, after.appliedOffset());
        assertEquals(before.pendingUnits() + 2, after.pendingUnits());
        assertEquals(pendingBefore, r2.delayedReplication().pending(pendingBefore.size(), 0),
                "the resumed units keep their offsets, receive times, dbs and commands");

        // Due times carried over: the first 20 units at T+10 s, the db 3 ones at T+12 s.
        network.runFor(Duration.ofMillis(4500)); // about T+9 s (the restart took a little)
        assertNull(get(r2, 0, "n"), "not applied before its due time");
        network.runFor(Duration.ofMillis(2000));
        assertEquals("20", get(r2, 0, "n"));
        assertNull(get(r2, 3, "k"));
        network.runFor(Duration.ofMillis(2000));
        assertEquals("5", get(r2, 3, "k"));
        network.runFor(DELAY);
        assertEquals("7", get(r2, 3, "k"));
        assertEquals("3", get(r2, 3, "n2"));
        assertEquals(0, r2.delayedReplication().status().pendingUnits());
        assertEquals(m.masterReplOffset(), r2.masterReplOffset());
        assertEquals(m.digest(), r2.digest());
    }

    @Test
    void theRecoveryRecipeWorksAcrossARestart() {
        ReplicatedKeyspace[] pair = masterAndReplica();
        ReplicatedKeyspace m = pair[0];
        ReplicatedKeyspace r = pair[1];
        for (int i = 0; i < 50; i++) {
            m.database(i % 3).execute("HSET", "h" + (i % 7), "f" + i, "v" + i);
        }
        network.runFor(Duration.ofSeconds(1));
        network.freeRun(r::save); // the units before the mistake are pending, not applied
        for (int i = 0; i < 10; i++) {
            m.database(1).execute("SET", "s" + i, "x");
        }
        network.runFor(Duration.ofSeconds(1));
        String beforeMistake = m.digest();
        m.database(0).execute("FLUSHALL");
        m.database(0).execute("SET", "after-the-mistake", "1");
        network.runFor(Duration.ofSeconds(1));
        DelayedReplication.PendingUnit mistake = r.delayedReplication().pending(1000, 0).stream()
                .filter(u -> u.commands().get(0).get(0).equalsIgnoreCase("flushall")).findFirst().orElseThrow();
        stop(r); // e.g. the operator restarts the host; the FLUSHALL is not due yet
        network.runFor(Duration.ofSeconds(1)); // a unit the master resent would have a later receive time

        ReplicatedKeyspace r2 = node("r", true);
        DelayedReplication delay = r2.delayedReplication();
        delay.pause();
        network.runFor(DELAY);
        long flushAt = -1;
        for (DelayedReplication.PendingUnit unit : delay.pending(1000, 0)) {
            if (unit.commands().get(0).get(0).equalsIgnoreCase("flushall")) {
                flushAt = unit.startOffset();
            }
        }
        assertTrue(flushAt > 0, "the FLUSHALL is still pending after the restart");
        assertEquals(mistake, delay.pending(1, flushAt).get(0), "kept from before the restart, receive time included");
        assertTrue(delay.applyUntil(flushAt) > 0);
        assertEquals(flushAt - 1, r2.masterReplOffset());
        assertEquals(beforeMistake, r2.digest());
        network.freeRun(r2::promote);
        network.runUntilIdle();
        assertEquals(beforeMistake, r2.digest(), "the promoted replica holds the data set just before the FLUSHALL");
        assertFalse(Files.exists(pendingFile()), "a promotion drops the pending units, and their file");
    }

    @Test
    void aCorruptPendingFileIsDroppedAndTheMasterResendsFromTheAppliedOffset() throws Exception {
        ReplicatedKeyspace[] pair = masterAndReplica();
        ReplicatedKeyspace m = pair[0];
        ReplicatedKeyspace r = pair[1];
        network.freeRun(r::save);
        long applied = r.masterReplOffset();
        for (int i = 0; i < 10; i++) {
            m.database(0).execute("INCR", "n");
        }
        network.runFor(Duration.ofSeconds(1));
        assertEquals(10, r.delayedReplication().status().pendingUnits());
        stop(r);
        try (RandomAccessFile file = new RandomAccessFile(pendingFile().toFile(), "rw")) {
            long at = file.length() - 6; // inside the last record's body
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x5a);
        }
        events.clear();
        ReplicatedKeyspace r2 = node("r", true);
        network.runUntilIdle();
        assertTrue(partialFrom(applied), () -> "partial resync from the applied offset " + applied + ": " + events);
        assertFalse(anyFullSync(), events::toString);
        // The master resent the units: they are held again, with new receive times.
        assertEquals(10, r2.delayedReplication().status().pendingUnits());
        assertNull(get(r2, 0, "n"));
        network.runFor(DELAY.plusSeconds(1));
        assertEquals("10", get(r2, 0, "n"));
        assertEquals(m.digest(), r2.digest());
    }

    @Test
    void aPendingFileOfAnotherHistoryIsDropped() throws Exception {
        ReplicatedKeyspace[] pair = masterAndReplica();
        ReplicatedKeyspace m = pair[0];
        ReplicatedKeyspace r = pair[1];
        network.freeRun(r::save);
        long applied = r.masterReplOffset();
        m.database(0).execute("INCR", "n");
        network.runFor(Duration.ofSeconds(1));
        stop(r);
        // Another replication id in the header (its CRC made to match): not this RDB's history.
        byte[] bytes = Files.readAllBytes(pendingFile());
        byte[] id = "0123456789012345678901234567890123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, bytes, 8, 40);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 8, 48);
        java.nio.ByteBuffer.wrap(bytes).putInt(56, (int) crc.getValue());
        Files.write(pendingFile(), bytes);
        events.clear();
        ReplicatedKeyspace r2 = node("r", true);
        network.runUntilIdle();
        assertTrue(partialFrom(applied), events::toString);
        assertEquals(1, r2.delayedReplication().status().pendingUnits());
        network.runFor(DELAY.plusSeconds(1));
        assertEquals(m.digest(), r2.digest());
    }
}
