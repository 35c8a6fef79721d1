/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.replication.ReplicaSyncState;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.testing.TestContexts;
import dev.tandem.resp.RespCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One replica's session on the master, driven directly on an embedded channel: its states
 * (snapshot → bulk → first ACK → online), what it sends in each, its fence, its output limit
 * and its clean-up. The PSYNC decisions around it are {@link MasterReplicationTest}'s.
 */
class ReplicaSessionTest {

    private static final ReplicaCapabilities EOF_PSYNC2 =
            ReplicaCapabilities.NONE.withEof().withPsync2().withListeningPort(6380);

    private TestContexts t;
    private MasterReplication master;
    private final ClientState client = ClientState.client();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private void start(ReplicationConfig config) {
        t = TestContexts.create(config);
        master = new MasterReplication(t.context);
        t.keyspace.propagationSink(new MasterPropagationSink(t.context));
    }

    private void start() {
        // A long diskless delay: no snapshot starts on its own; the test plays its part.
        start(ReplicationConfig.builder().replDisklessSyncDelaySeconds(3600).build());
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        if (master != null) {
            master.close();
            t.close();
        }
    }

    /** A session that is in its full sync's snapshot, its cursor at the snapshot's offset. */
    private ReplicaSession inSnapshot(ReplicaCapabilities capabilities, boolean legacySync) {
        ReplicaSession session = new ReplicaSession(master, channel, new PsyncRequest("?", -1, legacySync),
                capabilities);
        channel.pipeline().addLast(session);
        assertEquals(ReplicaSession.State.WAIT_BGSAVE, session.state());
        assertTrue(session.attachCursor(cursorAtTheEnd()));
        session.fullSync(null); // the producer itself is FullSyncSession's concern
        return session;
    }

    private BacklogCursor cursorAtTheEnd() {
        return t.backlog.openCursor(t.backlog.masterReplOffset() + 1).orElseThrow();
    }

    private void write(String... argv) {
        t.keyspace.execute(client, argv);
    }

    /** Runs the channel's queued tasks (sender wake-ups) and returns what it wrote. */
    private String sent() {
        channel.runPendingTasks();
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            sb.append(TestContexts.text(b));
        }
        return sb.toString();
    }

    private static String set(String key, String value) {
        return "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value
                + "\r\n";
    }

    @Test
    void afterAnEofPayloadNothingIsStreamedUntilTheFirstAckWhichStartsTheStream() {
        start();
        ReplicaSession session = inSnapshot(EOF_PSYNC2, false);
        write("SET", "during", "snapshot");
        assertEquals("", sent(), "the snapshot's bytes are the full sync's, not the sender's");

        session.bulkTransferred(true);
        assertEquals(ReplicaSession.State.WAIT_FIRST_ACK, session.state());
        assertTrue(session.isOnline(), "INFO and min-replicas count it online already");
        write("SET", "after", "payload");
        assertEquals("", sent(), "a real replica would misread bytes glued to the EOF mark");

        session.onRequest(RespCommand.of("REPLCONF", "ACK", "0"));
        assertEquals(ReplicaSession.State.ONLINE, session.state());
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n" + set("during", "snapshot") + set("after", "payload"),
                sent());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.events.stream()
                .anyMatch(e -> e instanceof ReplicationEvent.ReplicaOnline));
    }

    @Test
    void afterADiskPayloadTheStreamStartsAtOnce() {
        start();
        ReplicaSession session = inSnapshot(EOF_PSYNC2, false);
        session.sendingBulk();
        assertEquals(ReplicaSyncState.SEND_BULK, session.infoRow(0).state());
        write("SET", "k", "v");

        session.bulkTransferred(false);
        assertEquals(ReplicaSession.State.ONLINE, session.state());
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n" + set("k", "v"), sent());
    }

    @Test
    void anRdbOnlyReplicaIsClosedOnceItsPayloadIsSent() {
        start();
        ReplicaSession session = inSnapshot(EOF_PSYNC2.withRdbOnly(true), false);
        session.bulkTransferred(true);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        assertFalse(session.isOpen());
    }

    @Test
    void whileWaitingForTheSnapshotInfoSaysWaitBgsave() {
        start();
        ReplicaSession session = inSnapshot(EOF_PSYNC2, false);
        assertEquals(ReplicaSession.State.SNAPSHOT, session.state());
        assertEquals(ReplicaSyncState.WAIT_BGSAVE, session.infoRow(0).state());
        assertFalse(session.isOnline());
    }

    @Test
    void aFencedReplicaGetsNothingAfterTheFenceAndIsClosedThere() {
        start();
        ReplicaSession session = inSnapshot(EOF_PSYNC2, false);
        session.bulkTransferred(false);
        write("SET", "before", "fence");
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n" + set("before", "fence"), sent());

        session.fence(t.backlog.masterReplOffset());
        write("SET", "after", "fence");
        assertEquals("", sent(), "bytes after the fence belong to a history the replica does not follow");
        assertFalse(channel.isOpen());
    }

    @Test
    void bytesPinnedBeyondTheHardLimitDuringTheSnapshotCloseTheReplica() {
        start(ReplicationConfig.builder().replDisklessSyncDelaySeconds(3600).replBacklogSize(16 * 1024)
                .replicaOutputBufferLimit(new OutputBufferLimit(16 * 1024, 0, 0)).build());
        inSnapshot(EOF_PSYNC2, false);
        String value = "x".repeat(1024);
        for (int i = 0; i < 20; i++) {
            write("SET", "k" + i, value);
        }
        channel.runPendingTasks();
        assertFalse(channel.isOpen(), "20 KB pinned by the cursor is over the 16 KB hard limit");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.events.stream()
                .anyMatch(e -> e instanceof ReplicationEvent.OutputLimitHit));
    }

    @Test
    void anOnlineReplicaSilentForLongerThanReplTimeoutIsClosedButALegacySyncReplicaIsNot() {
        start(ReplicationConfig.builder().replDisklessSyncDelaySeconds(3600).replTimeoutSeconds(60).build());
        // A legacy SYNC replica announced nothing.
        ReplicaSession session = inSnapshot(ReplicaCapabilities.NONE, true);
        session.bulkTransferred(false);
        session.cronCheck(t.clockMillis.get() + 61_000);
        assertTrue(channel.isOpen(), "SYNC replicas never ACK: no timeout for them");

        EmbeddedChannel psyncChannel = new EmbeddedChannel();
        ReplicaSession psync = new ReplicaSession(master, psyncChannel, new PsyncRequest("?", -1, false),
                EOF_PSYNC2);
        psyncChannel.pipeline().addLast(psync);
        psync.attachCursor(cursorAtTheEnd());
        psync.bulkTransferred(false);
        psync.cronCheck(t.clockMillis.get() + 60_000);
        assertTrue(psyncChannel.isOpen(), "exactly repl-timeout is not over it");
        psync.cronCheck(t.clockMillis.get() + 61_000);
        assertFalse(psyncChannel.isOpen());
        psyncChannel.finishAndReleaseAll();
    }

    @Test
    void aBareNewlineRefreshesTheAckTimeButNotTheOffset() {
        start();
        ReplicaSession session = inSnapshot(EOF_PSYNC2, false);
        session.bulkTransferred(false);
        session.onRequest(RespCommand.of("REPLCONF", "ACK", "5"));
        t.clockMillis.addAndGet(7_000);
        assertEquals(7, session.lagSeconds(t.clockMillis.get()));
        session.onRequest(RespCommand.of(new byte[0][]));
        assertEquals(0, session.lagSeconds(t.clockMillis.get()));
        assertEquals(5, session.ackOffset());
    }

    @Test
    void aClosedSessionReleasesItsCursorAndRefusesALateOne() {
        start();
        ReplicaSession session = inSnapshot(EOF_PSYNC2, false);
        channel.close();
        BacklogCursor late = cursorAtTheEnd();
        assertFalse(session.attachCursor(late), "the connection went away before the snapshot started");
        write("SET", "k", "v");
        assertEquals("", sent());
        assertFalse(session.isOpen());
    }
}
