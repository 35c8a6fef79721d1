/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static dev.tandem.replication.internal.replica.HandshakeHandlerTest.get;
import static dev.tandem.replication.internal.replica.LinkTransitionsTest.awaitEvent;
import static dev.tandem.replication.internal.replica.LinkTransitionsTest.snapshotOf;
import static dev.tandem.replication.internal.replica.ReplicaSide.MASTER_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.testing.TestContexts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The full-sync loader: a complete payload is swapped in at once (data, history, backlog
 * offset); a truncated or corrupt one is discarded and the old data set kept; the empty-master
 * guard's decision; and the {@code master_sync_*} progress figures of INFO.
 */
class FullSyncLoaderTest {

    private static final ReplicationConfig DEFAULTS = ReplicationConfig.defaults();

    /** A replica holding {@code old=data}, its PSYNC sent. */
    private static ReplicaSide holdingOldData(ReplicationConfig config) {
        ReplicaSide r = new ReplicaSide(config, false).throughHandshake();
        r.t.keyspace.execute(ClientState.master(), "SET", "old", "data");
        return r;
    }

    private static FullSyncLoader loader(ReplicaSide r) {
        return assertInstanceOf(LinkState.Transfer.class, r.state()).loader();
    }

    private static void sendFullSync(ReplicaSide r, ReplicationId replid, long offset, byte[] rdb) {
        r.receive("+FULLRESYNC " + replid + " " + offset + "\r\n$" + rdb.length + "\r\n");
        r.receive(rdb);
    }

    // ------------------------------------------------------------------ commit or discard

    @Test
    void aCompletePayloadReplacesTheDataSetAndAdoptsTheMastersHistory() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 900, "a", "1", "b", "2");

            sendFullSync(r, masterId, 900, rdb);

            assertNull(get(r, "old"));
            assertEquals("1", get(r, "a"));
            assertEquals("2", get(r, "b"));
            assertEquals(masterId, r.t.context.history().replid());
            assertEquals(900, r.t.backlog.masterReplOffset());
            assertEquals(901, r.t.backlog.firstByteOffset());
            assertTrue(r.link.hasCachedHistory(), "the next PSYNC continues the master's history");
            assertInstanceOf(LinkState.Streaming.class, r.state());
            awaitEvent(r, new ReplicationEvent.RdbProgress(MASTER_NAME, rdb.length, 2));
            awaitEvent(r, new ReplicationEvent.SyncCompleted(MASTER_NAME, dev.tandem.replication.SyncKind.FULL, 900, 2,
                    rdb.length));
        }
    }

    @Test
    void aTruncatedPayloadIsDiscardedAndTheOldDataSetKept() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            ReplicationHistory before = r.t.context.history();
            long offset = r.t.backlog.masterReplOffset();
            byte[] rdb = snapshotOf(ReplicationId.random(), 5, "a", "1");
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n$" + rdb.length + "\r\n");
            r.receive(Arrays.copyOf(rdb, rdb.length - 3));

            r.link.dropConnection("killed by CLIENT KILL TYPE master");

            assertEquals("data", get(r, "old"));
            assertNull(get(r, "a"));
            assertEquals(before, r.t.context.history());
            assertEquals(offset, r.t.backlog.masterReplOffset());
            // The report names why the connection ended, not just that the channel closed.
            awaitEvent(r, new ReplicationEvent.SyncFailed(MASTER_NAME, "killed by CLIENT KILL TYPE master"));
        }
    }

    @Test
    void aCorruptPayloadIsDiscardedAndEndsTheAttempt() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            ReplicationHistory before = r.t.context.history();
            byte[] rdb = snapshotOf(ReplicationId.random(), 5, "a", "1");
            rdb[rdb.length - 1] ^= 0x55; // the checksum no longer matches

            sendFullSync(r, ReplicationId.random(), 5, rdb);

            assertEquals("data", get(r, "old"));
            assertNull(get(r, "a"));
            assertEquals(before, r.t.context.history());
            assertFalse(r.channel.isOpen());
            assertInstanceOf(LinkState.Backoff.class, r.state());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> r.t.events.stream()
                    .anyMatch(e -> e instanceof ReplicationEvent.SyncFailed f && f.reason().startsWith("bad checksum")));
        }
    }

    @Test
    void aPayloadCompletingAfterTheLinkStoppedIsNotInstalled() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 5, "a", "1");
            r.receive("+FULLRESYNC " + masterId + " 5\r\n$" + rdb.length + "\r\n");
            FullSyncLoader loader = loader(r);
            r.receive(Arrays.copyOf(rdb, rdb.length - 1));

            r.link.stop();
            // The last byte, as a read already under way on the event loop could still deliver it.
            loader.onChunk(io.netty.buffer.Unpooled.wrappedBuffer(rdb, rdb.length - 1, 1));
            loader.onComplete();

            assertEquals("data", get(r, "old"));
            assertNull(get(r, "a"));
            assertFalse(masterId.equals(r.t.context.history().replid()));
        }
    }

    // ------------------------------------------------------------------ the empty-master guard

    @Test
    void anEmptySnapshotOfAnUnrelatedMasterIsRefusedWhileTheReplicaHoldsData() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            ReplicationHistory before = r.t.context.history();
            ReplicationId unrelated = ReplicationId.random();

            sendFullSync(r, unrelated, 3, emptySnapshot(unrelated, 3));

            assertEquals("data", get(r, "old"));
            assertEquals(before, r.t.context.history());
            assertInstanceOf(LinkState.Parked.class, r.state());
        }
    }

    @Test
    void anEmptySnapshotOfTheSameHistoryIsLoaded() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            ReplicationId same = r.t.context.history().replid();

            sendFullSync(r, same, 3, emptySnapshot(same, 3));

            assertNull(get(r, "old"), "the emptiness came through the history itself");
            assertInstanceOf(LinkState.Streaming.class, r.state());
        }
    }

    @Test
    void anEmptySnapshotIsLoadedWhenTheGuardIsOff() {
        ReplicationConfig allowed = ReplicationConfig.builder().replicaAllowEmptyUnrelatedMaster(true).build();
        try (ReplicaSide r = holdingOldData(allowed)) {
            ReplicationId unrelated = ReplicationId.random();

            sendFullSync(r, unrelated, 3, emptySnapshot(unrelated, 3));

            assertNull(get(r, "old"));
            assertEquals(unrelated, r.t.context.history().replid());
            assertInstanceOf(LinkState.Streaming.class, r.state());
        }
    }

    @Test
    void anEmptyReplicaLoadsAnEmptySnapshot() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false).throughHandshake()) {
            ReplicationId unrelated = ReplicationId.random();

            sendFullSync(r, unrelated, 3, emptySnapshot(unrelated, 3));

            assertInstanceOf(LinkState.Streaming.class, r.state());
        }
    }

    // ------------------------------------------------------------------ progress (INFO master_sync_*)

    @Test
    void progressCountsPayloadBytesAgainstTheAnnouncedLength() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            byte[] rdb = snapshotOf(ReplicationId.random(), 5, "a", "1");
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n");
            long now = r.t.clockMillis.get();
            assertEquals(new ReplicationInfo.SyncProgress(-1, 0, 0), loader(r).progress(now), "no header yet: Redis's -1");

            r.advanceClock(Duration.ofSeconds(4));
            r.receive("\n"); // a keepalive while the master prepares the snapshot
            assertEquals(0, loader(r).progress(r.t.clockMillis.get()).lastIoSecondsAgo());

            r.receive("$" + rdb.length + "\r\n");
            r.receive(Arrays.copyOf(rdb, 7));
            r.advanceClock(Duration.ofSeconds(2));
            ReplicationInfo.SyncProgress progress = loader(r).progress(r.t.clockMillis.get());
            assertEquals(new ReplicationInfo.SyncProgress(rdb.length, 7, 2), progress);
            assertEquals(rdb.length - 7, progress.leftBytes());
            assertEquals(progress, r.info().syncProgress(), "INFO shows the loader's figures");
        }
    }

    @Test
    void anEofMarkedPayloadHasNoTotal() {
        try (ReplicaSide r = holdingOldData(DEFAULTS)) {
            byte[] rdb = snapshotOf(ReplicationId.random(), 5, "a", "1");
            // The parser holds back the last 40 bytes read (they may be the mark, which Redis too
            // looks for at the end of each read), so of 60 bytes read, 20 reached the loader.
            String mark = "x".repeat(40);
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n$EOF:" + mark + "\r\n");
            assertTrue(rdb.length > 60);
            r.receive(Arrays.copyOf(rdb, 60));

            assertEquals(new ReplicationInfo.SyncProgress(0, 20, 0), loader(r).progress(r.t.clockMillis.get()));
            assertTrue(loader(r).eofMarked());
        }
    }

    private static byte[] emptySnapshot(ReplicationId replid, long offset) {
        return TestContexts.snapshotBytes(new Keyspace(), RdbSnapshotFormat.defaults(), replid, offset);
    }
}
