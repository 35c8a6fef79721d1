/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static dev.tandem.replication.internal.replica.ReplicaSide.MASTER_NAME;
import static dev.tandem.replication.internal.replica.ReplicaSide.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReplicaLinkState;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.testing.TestContexts;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transition of the replica link's state machine ({@link LinkState}), driven through an
 * embedded channel: legal ones are observable in the state and in what {@code INFO} and
 * {@code ROLE} report; illegal ones throw; {@link LinkState.Stopped} is terminal.
 */
class LinkTransitionsTest {

    private static final ReplicationConfig DEFAULTS = ReplicationConfig.defaults();

    // ------------------------------------------------------------------ Backoff, Connecting

    @Test
    void aLinkNotStartedYetIsInBackoffAndReportsConnect() {
        try (ReplicaSide r = ReplicaSide.notConnected(DEFAULTS, false)) {
            LinkState.Backoff backoff = assertInstanceOf(LinkState.Backoff.class, r.state());
            assertEquals(0, backoff.streak().failures());
            ReplicationInfo.MasterLink info = r.info();
            assertEquals(ReplicaLinkState.CONNECT, info.state());
            assertEquals("connect", info.state().roleName());
            assertFalse(info.linkUp());
            assertEquals(-1, info.lastIoSecondsAgo());
            assertEquals(-1, info.linkDownSinceSeconds(), "the link was never up");
            assertEquals(1, info.replOffset(), "no history yet: Redis shows 1");
        }
    }

    @Test
    void backoffToConnecting() {
        try (ReplicaSide r = ReplicaSide.notConnected(DEFAULTS, false)) {
            MasterConnection attempt = r.link.beginAttempt();

            assertEquals(new LinkState.Connecting(attempt), r.state());
            assertEquals(ReplicaLinkState.CONNECTING, r.info().state());
            assertEquals("connecting", r.info().state().roleName());
            assertFalse(r.info().linkUp());
        }
    }

    @Test
    void connectingToBackoffWhenTheTransportCannotConnect() {
        try (ReplicaSide r = ReplicaSide.notConnected(DEFAULTS, false)) {
            long now = r.t.clockMillis.get();
            r.link.start(); // the test's local transport has no endpoint for a TCP address

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> r.state() instanceof LinkState.Backoff b
                    && b.streak().failures() == 1);
            LinkState.Backoff backoff = (LinkState.Backoff) r.state();
            assertEquals(now + ReplicaSide.BACKOFF.toMillis(), backoff.nextAttemptAtMillis());
            assertTrue(backoff.streak().lastHandshakeFailure().orElseThrow().startsWith("Error condition on socket for SYNC"));
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> r.t.events.stream().anyMatch(e -> e instanceof ReplicationEvent.HandshakeFailed));
            assertEquals(ReplicaLinkState.CONNECT, r.info().state());
        }
    }

    // ------------------------------------------------------------------ Handshake

    @Test
    void connectingToHandshakeWhenTheChannelIsActive() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false)) {
            assertEquals(new LinkState.Handshake(r.connection, HandshakeStep.RECEIVE_PING_REPLY), r.state());
            assertEquals(command("PING"), r.sent());
            ReplicationInfo.MasterLink info = r.info();
            assertEquals(ReplicaLinkState.HANDSHAKE, info.state());
            assertEquals("handshake", info.state().roleName());
            assertFalse(info.linkUp());
            assertNull(info.syncProgress(), "master_sync_in_progress:0");
            assertEquals(-1, info.lastIoSecondsAgo(), "no master client before the stream");
        }
    }

    @Test
    void handshakeStepsFollowTheReplies() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false)) {
            r.receive("+PONG\r\n");
            assertEquals(HandshakeStep.RECEIVE_PORT_REPLY, r.step(), "no masterauth: no AUTH reply to read");
            r.receive("+OK\r\n");
            assertEquals(HandshakeStep.RECEIVE_CAPA_REPLY, r.step(), "no replica-announce-ip: no IP reply to read");
            r.receive("+OK\r\n");
            assertEquals(HandshakeStep.RECEIVE_PSYNC_REPLY, r.step());
            assertEquals(ReplicaLinkState.HANDSHAKE, r.info().state());
        }
    }

    @Test
    void aHandshakeStepCannotGoBackOrSkipAhead() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false)) {
            r.receive("+PONG\r\n");
            LinkState before = r.state();

            assertThrows(IllegalStateException.class, () -> r.link.advance(r.connection,
                    new LinkState.Handshake(r.connection, HandshakeStep.RECEIVE_PING_REPLY)));
            assertThrows(IllegalStateException.class, () -> r.link.advance(r.connection,
                    new LinkState.Handshake(r.connection, HandshakeStep.RECEIVE_PSYNC_REPLY)));
            assertSame(before, r.state());
        }
    }

    @Test
    void handshakeToBackoffReportsAFailureOncePerDistinctReason() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false)) {
            r.receive("-ERR weird\r\n");
            LinkState.Backoff first = assertInstanceOf(LinkState.Backoff.class, r.state());
            assertEquals(new FailureStreak(1, Optional.of("Error reply to PING from master: '-ERR weird'")), first.streak());
            assertFalse(r.channel.isOpen());

            r.connect().receive("-ERR weird\r\n");
            assertEquals(2, ((LinkState.Backoff) r.state()).streak().failures());
            r.connect().receive("-ERR other\r\n");
            assertEquals(3, ((LinkState.Backoff) r.state()).streak().failures());

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> count(r, ReplicationEvent.HandshakeFailed.class) == 2);
            assertEquals(1, r.t.events.stream().filter(e -> e instanceof ReplicationEvent.HandshakeFailed f
                    && f.reason().contains("-ERR weird")).count(), "the repeat is logged at debug level only");
        }
    }

    // ------------------------------------------------------------------ Transfer

    @Test
    void handshakeToTransferReportsTheSyncInProgress() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false).throughHandshake()) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 7, "k", "v");
            r.receive("+FULLRESYNC " + masterId + " 7\r\n");

            LinkState.Transfer transfer = assertInstanceOf(LinkState.Transfer.class, r.state());
            assertEquals(masterId, transfer.loader().replid());
            ReplicationInfo.MasterLink info = r.info();
            assertEquals(ReplicaLinkState.TRANSFER, info.state());
            assertEquals("sync", info.state().roleName());
            assertFalse(info.linkUp());
            assertEquals(new ReplicationInfo.SyncProgress(-1, 0, 0), info.syncProgress(), "before the payload header");

            r.receive("$" + rdb.length + "\r\n");
            r.receive(java.util.Arrays.copyOf(rdb, 10));
            r.advanceClock(Duration.ofSeconds(3));
            assertEquals(new ReplicationInfo.SyncProgress(rdb.length, 10, 3), r.info().syncProgress());
            awaitEvent(r, new ReplicationEvent.SyncStarted(MASTER_NAME, SyncKind.FULL, 7));
        }
    }

    @Test
    void transferToStreamingWhenThePayloadIsComplete() throws Exception {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false).throughHandshake()) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 500, "k", "v");
            r.receive("+FULLRESYNC " + masterId + " 500\r\n$" + rdb.length + "\r\n");
            r.receive(rdb);

            LinkState.Streaming streaming = assertInstanceOf(LinkState.Streaming.class, r.state());
            assertSame(r.connection, streaming.connection());
            r.advanceClock(Duration.ofSeconds(2));
            ReplicationInfo.MasterLink info = r.info();
            assertEquals(ReplicaLinkState.CONNECTED, info.state());
            assertEquals("connected", info.state().roleName());
            assertTrue(info.linkUp());
            assertNull(info.syncProgress());
            assertEquals(2, info.lastIoSecondsAgo());
            assertEquals(500, info.replOffset());
            assertEquals(500, info.readReplOffset());
            assertTrue(r.link.isUp());
            assertTrue(r.link.awaitUp(1));
            awaitEvent(r, new ReplicationEvent.LinkUp(MASTER_NAME));
        }
    }

    @Test
    void transferToParkedWhenTheEmptyMasterGuardRefusesAndResumeConnectsAgain() throws Exception {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false).throughHandshake()) {
            r.t.keyspace.execute(ClientState.master(), "SET", "only", "copy");
            ReplicationId unrelated = ReplicationId.random();
            byte[] empty = TestContexts.snapshotBytes(new Keyspace(), RdbSnapshotFormat.defaults(), unrelated, 3);
            r.receive("+FULLRESYNC " + unrelated + " 3\r\n$" + empty.length + "\r\n");
            r.receive(empty);

            LinkState.Parked parked = assertInstanceOf(LinkState.Parked.class, r.state());
            assertTrue(parked.reason().startsWith("refused to replace 1 keys"), parked.reason());
            assertFalse(r.channel.isOpen());
            assertInstanceOf(LinkState.Parked.class, r.state(), "no retry after the connection closed");
            assertEquals(ReplicaLinkState.CONNECT, r.info().state());
            assertFalse(r.info().linkUp());
            assertEquals("copy", HandshakeHandlerTest.get(r, "only"));
            awaitEvent(r, new ReplicationEvent.EmptyMasterRefused(MASTER_NAME, unrelated.toString(), 1));

            r.connect(); // what resume() does, on an embedded channel
            assertEquals(HandshakeStep.RECEIVE_PING_REPLY, r.step());
        }
    }

    @Test
    void resumeLeavesParkedOnlyFromParked() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false)) {
            LinkState handshake = r.state();
            r.link.resume();
            assertSame(handshake, r.state(), "not parked: nothing to resume");
        }
    }

    @Test
    void transferToBackoffWhenThePayloadIsCutReportsASyncFailureOnly() throws Exception {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false).throughHandshake()) {
            byte[] rdb = snapshotOf(ReplicationId.random(), 5, "k", "v");
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n$" + rdb.length + "\r\n");
            r.receive(java.util.Arrays.copyOf(rdb, rdb.length / 2));
            r.channel.close();
            r.channel.runPendingTasks();

            LinkState.Backoff backoff = assertInstanceOf(LinkState.Backoff.class, r.state());
            assertEquals(new FailureStreak(1, Optional.empty()), backoff.streak());
            awaitEvent(r, new ReplicationEvent.SyncFailed(MASTER_NAME, "connection closed by the master"));
            assertEquals(0, count(r, ReplicationEvent.HandshakeFailed.class));
        }
    }

    // ------------------------------------------------------------------ Streaming

    @Test
    void handshakeToStreamingOnContinue() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, true)) {
            r.t.backlog.reset(100);
            r.throughHandshake().continuing();

            assertInstanceOf(LinkState.Streaming.class, r.state());
            assertEquals(ReplicaLinkState.CONNECTED, r.info().state());
            assertEquals(100, r.info().readReplOffset());
            String set = command("set", "a", "1");
            r.receive(set);
            assertEquals(100 + set.length(), r.info().readReplOffset());
            assertEquals(100 + set.length(), r.info().replOffset());
            awaitEvent(r, new ReplicationEvent.SyncCompleted(MASTER_NAME, SyncKind.PARTIAL, 100, 0, 0));
        }
    }

    @Test
    void streamingToBackoffWhenTheLinkIsLostReconnectsAtOnce() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, true)) {
            r.receive("-ERR not yet\r\n"); // one failed attempt before the link is up
            r.connect().throughHandshake().continuing();
            assertTrue(r.link.dropConnection("killed by CLIENT KILL TYPE master"));

            // Streaming -> Backoff with a fresh streak and no delay: the immediate attempt (through
            // the test's transport, which cannot reach the master) is then the streak's first
            // failure, and waits out the hour-long backoff.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> r.state() instanceof LinkState.Backoff b
                    && b.streak().lastHandshakeFailure().filter(f -> f.startsWith("Error condition")).isPresent());
            assertEquals(1, ((LinkState.Backoff) r.state()).streak().failures());
            assertFalse(r.info().linkUp());
            assertEquals(0, r.info().linkDownSinceSeconds());
            r.advanceClock(Duration.ofSeconds(5));
            assertEquals(5, r.info().linkDownSinceSeconds());
            awaitEvent(r, new ReplicationEvent.LinkDown(MASTER_NAME, "killed by CLIENT KILL TYPE master"));
        }
    }

    @Test
    void aStreamingLinkCannotGoBackToTheTransfer() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, true)) {
            r.throughHandshake().continuing();
            LinkState streaming = r.state();

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.link.advance(r.connection,
                    new LinkState.Transfer(r.connection, new FullSyncLoader(r.connection, ReplicationId.random(), 0))));
            assertTrue(e.getMessage().contains("Streaming -> Transfer"), e.getMessage());
            assertSame(streaming, r.state());
        }
    }

    // ------------------------------------------------------------------ timeouts (cron)

    @Test
    void aSilentHandshakeTimesOut() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false)) {
            r.advanceClock(Duration.ofSeconds(DEFAULTS.replTimeoutSeconds() + 1));
            r.link.cronSecond();
            r.channel.runPendingTasks();
            assertEquals(Optional.of("Timeout connecting to the MASTER..."),
                    assertInstanceOf(LinkState.Backoff.class, r.state()).streak().lastHandshakeFailure());
        }
    }

    @Test
    void aSilentTransferTimesOut() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false).throughHandshake()) {
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n");
            r.advanceClock(Duration.ofSeconds(DEFAULTS.replTimeoutSeconds() + 1));
            r.link.cronSecond();
            r.channel.runPendingTasks();
            assertInstanceOf(LinkState.Backoff.class, r.state());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> r.t.events.stream().anyMatch(e ->
                    e instanceof ReplicationEvent.SyncFailed f && f.reason().startsWith("Timeout receiving bulk data")));
        }
    }

    @Test
    void aStreamingLinkAcksEverySecondAndTimesOutWhenSilent() {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, true)) {
            r.t.backlog.reset(42);
            r.throughHandshake().continuing();
            r.link.cronSecond();
            assertEquals(command("REPLCONF", "ACK", "42"), r.sent());

            r.advanceClock(Duration.ofSeconds(DEFAULTS.replTimeoutSeconds() + 1));
            r.link.cronSecond();
            r.channel.runPendingTasks();
            assertFalse(r.channel.isOpen());
            assertFalse(r.link.isUp()); // Backoff, and at once Connecting again (a lost link retries at once)
            awaitEvent(r, new ReplicationEvent.LinkDown(MASTER_NAME, "MASTER timeout: no data nor PING received..."));
        }
    }

    // ------------------------------------------------------------------ Stopped

    /** How far the link gets before it is stopped. */
    private static final java.util.Map<String, Function<ReplicaSide, ReplicaSide>> BEFORE_STOP = java.util.Map.of(
            "Backoff", r -> r,
            "Handshake", r -> r.connect(),
            "Transfer", r -> {
                r.connect().throughHandshake().receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n");
                return r;
            },
            "Streaming", r -> r.connect().throughHandshake().continuing());

    @ParameterizedTest(name = "{0} -> Stopped")
    @ValueSource(strings = {"Backoff", "Handshake", "Transfer", "Streaming"})
    void everyStateMayStopAndNothingHappensAfterStopped(String from) throws Exception {
        try (ReplicaSide r = BEFORE_STOP.get(from).apply(ReplicaSide.notConnected(DEFAULTS, true))) {
            assertEquals(from, r.state().toString().replaceAll("\\(.*", ""));
            MasterConnection attempt = r.connection;

            r.link.stop();

            assertInstanceOf(LinkState.Stopped.class, r.state());
            if (r.channel != null) {
                assertFalse(r.channel.isOpen(), "the attempt's connection is closed");
            }
            r.link.stop(); // idempotent
            assertNull(r.link.beginAttempt(), "no new attempt");
            r.link.resume();
            assertFalse(r.link.dropConnection("again"));
            assertFalse(r.link.awaitUp(10_000), "returns at once: the link will never be up");
            if (attempt != null) {
                assertFalse(r.link.advance(attempt, new LinkState.Handshake(attempt, HandshakeStep.RECEIVE_PING_REPLY)));
                r.link.connectionEnded(attempt, "late");
            }
            assertInstanceOf(LinkState.Stopped.class, r.state());
            assertEquals(ReplicaLinkState.CONNECT, r.info().state());
            assertFalse(r.info().linkUp());
        }
    }

    @Test
    void connectingMayStopAndAChannelThatConnectsLateSendsNothing() {
        try (ReplicaSide r = ReplicaSide.notConnected(DEFAULTS, false)) {
            MasterConnection attempt = r.link.beginAttempt();
            r.link.stop();
            assertInstanceOf(LinkState.Stopped.class, r.state());

            io.netty.channel.embedded.EmbeddedChannel late = new io.netty.channel.embedded.EmbeddedChannel(
                    attempt.initializer());
            try {
                assertNull(late.readOutbound(), "no PING from a stopped link");
                assertFalse(late.isOpen(), "a channel that belongs to no attempt is closed");
                assertInstanceOf(LinkState.Stopped.class, r.state());
            } finally {
                late.finishAndReleaseAll();
            }
        }
    }

    @Test
    void parkedMayStop() throws Exception {
        try (ReplicaSide r = new ReplicaSide(DEFAULTS, false).throughHandshake()) {
            r.t.keyspace.execute(ClientState.master(), "SET", "only", "copy");
            ReplicationId unrelated = ReplicationId.random();
            byte[] empty = TestContexts.snapshotBytes(new Keyspace(), RdbSnapshotFormat.defaults(), unrelated, 3);
            r.receive("+FULLRESYNC " + unrelated + " 3\r\n$" + empty.length + "\r\n");
            r.receive(empty);
            assertInstanceOf(LinkState.Parked.class, r.state());

            r.link.stop();
            r.link.resume();
            assertInstanceOf(LinkState.Stopped.class, r.state());
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] snapshotOf(ReplicationId replid, long offset, String... keyValues) {
        Keyspace source = new Keyspace();
        for (int i = 0; i < keyValues.length; i += 2) {
            source.execute(ClientState.client(), "SET", keyValues[i], keyValues[i + 1]);
        }
        return TestContexts.snapshotBytes(source, RdbSnapshotFormat.defaults(), replid, offset);
    }

    static long count(ReplicaSide r, Class<? extends ReplicationEvent> type) {
        return r.t.events.stream().filter(type::isInstance).count();
    }

    static void awaitEvent(ReplicaSide r, ReplicationEvent expected) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> r.t.events.contains(expected));
    }
}
