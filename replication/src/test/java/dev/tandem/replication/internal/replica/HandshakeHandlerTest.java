/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static dev.tandem.replication.internal.replica.ReplicaSide.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.testing.TestContexts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replica's handshake state machine (reference §2), fed every way a master may answer. */
class HandshakeHandlerTest {

    private static final ReplicationConfig AUTH_AND_IP = ReplicationConfig.builder()
            .masterauth("pw").replicaAnnounceIp("10.9.8.7").replicaAnnouncePort(7777).build();

    @ParameterizedTest(name = "byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void handshakeSendsPingAloneThenTheRestBackToBackAndPsyncOnlyAfterEveryReply(boolean byteByByte) {
        try (ReplicaSide r = new ReplicaSide(AUTH_AND_IP, false)) {
            assertEquals(command("PING"), r.sent());
            assertEquals(HandshakeStep.RECEIVE_PING_REPLY, r.step());

            feed(r, "+PONG\r\n", byteByByte);
            assertEquals(command("AUTH", "pw") + command("REPLCONF", "listening-port", "7777")
                    + command("REPLCONF", "ip-address", "10.9.8.7") + command("REPLCONF", "capa", "eof", "capa", "psync2"),
                    r.sent());
            assertEquals(HandshakeStep.RECEIVE_AUTH_REPLY, r.step());

            feed(r, "+OK\r\n", byteByByte);
            assertEquals(HandshakeStep.RECEIVE_PORT_REPLY, r.step());
            feed(r, "+OK\r\n", byteByByte);
            assertEquals(HandshakeStep.RECEIVE_IP_REPLY, r.step());
            assertEquals("", r.sent(), "PSYNC must wait for every earlier reply");
            feed(r, "-ERR Unrecognized REPLCONF option: capa\r\n", byteByByte); // non critical
            feed(r, "+OK\r\n", byteByByte);
            assertEquals(command("PSYNC", "?", "-1"), r.sent());
            assertEquals(HandshakeStep.RECEIVE_PSYNC_REPLY, r.step());
        }
    }

    private static void feed(ReplicaSide r, String text, boolean byteByByte) {
        if (byteByByte) {
            r.receiveByteByByte(text);
        } else {
            r.receive(text);
        }
    }

    @Test
    void repliesArrivingTogetherAreReadOnePerState() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            r.sent();
            r.receive("+PONG\r\n");
            r.sent();
            r.receive("+OK\r\n+OK\r\n");
            assertEquals(command("PSYNC", "?", "-1"), r.sent());
        }
    }

    @Test
    void aReplicaWithHistoryAsksToContinueAfterItsOffset() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), true)) {
            r.t.backlog.append("0123456789".getBytes(StandardCharsets.US_ASCII));
            r.sent();
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            assertTrue(r.sent().endsWith(command("PSYNC", r.t.context.history().replid().toString(), "11")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-NOAUTH Authentication required.", "-NOPERM this user has no permissions",
        "-ERR operation not permitted"})
    void authErrorsToPingAreAcceptedAsRedisDoes(String reply) {
        try (ReplicaSide r = new ReplicaSide(AUTH_AND_IP, false)) {
            r.sent();
            r.receive(reply + "\r\n");
            assertTrue(r.sent().startsWith(command("AUTH", "pw")));
            assertTrue(r.channel.isOpen());
        }
    }

    @Test
    void otherErrorToPingEndsTheAttempt() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            r.receive("-ERR weird\r\n");
            assertFalse(r.channel.isOpen());
            assertInstanceOf(LinkState.Backoff.class, r.link.state());
            awaitEvent(r, new ReplicationEvent.HandshakeFailed("127.0.0.1:1", "Error reply to PING from master: '-ERR weird'"));
        }
    }

    @Test
    void refusedAuthEndsTheAttemptWithRedisWording() {
        try (ReplicaSide r = new ReplicaSide(AUTH_AND_IP, false)) {
            r.receive("+PONG\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertFalse(r.channel.isOpen());
            awaitEvent(r, new ReplicationEvent.HandshakeFailed("127.0.0.1:1",
                    "Unable to AUTH to MASTER: -WRONGPASS invalid username-password pair or user is disabled."));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-NOMASTERLINK Can't SYNC while not connected with my master",
        "-LOADING Redis is loading the dataset in memory", "-ERR unknown command 'PSYNC'"})
    void psyncErrorsEndTheAttempt(String reply) {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            r.receive(reply + "\r\n");
            assertFalse(r.channel.isOpen());
        }
    }

    /** Issue #14 defect 3: never adopted (Redis would blank its id and load), always a failed attempt. */
    @ParameterizedTest
    @ValueSource(strings = {"+FULLRESYNC zzzz notanumber", "+FULLRESYNC VALID notanumber", "+FULLRESYNC zzzz 5",
        "+FULLRESYNC VALID", "+FULLRESYNC", "+FULLRESYNC VALID -3", "+FULLRESYNC VALID 5 extra", "+FULLRESYNC VALID 5x",
        "+FULLRESYNC 0000000000000000000000000000000000000000 5", "+FULLRESYNCX VALID 5", "+FULLRESYNC  VALID 5"})
    void malformedFullResyncIsRefusedAndRetried(String template) {
        String reply = template.replace("VALID", ReplicationId.random().toString());
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            ReplicationId before = r.t.context.history().replid();
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            r.receive(reply + "\r\n$EOF:" + "m".repeat(40) + "\r\n");
            assertFalse(r.channel.isOpen());
            LinkState.Backoff backoff = assertInstanceOf(LinkState.Backoff.class, r.link.state());
            assertEquals(1, backoff.streak().failures(), "a failed attempt: the next one waits the backoff");
            assertEquals(before, r.t.context.history().replid(), "nothing adopted");
            awaitEvent(r, new ReplicationEvent.HandshakeFailed("127.0.0.1:1", "Master replied with wrong +FULLRESYNC "
                    + "syntax: '" + reply + "' (expected +FULLRESYNC <40 hex digit replication id> <offset>)"));
        }
    }

    @Test
    void overlongReplyLineIsAProtocolError() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            r.receive("+" + "x".repeat(HandshakeHandler.MAX_LINE + 10));
            assertFalse(r.channel.isOpen());
        }
    }

    @ParameterizedTest(name = "byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void fullResyncLoadsThePayloadWhileKeepingTheOldDataUntilItIsComplete(boolean byteByByte) throws Exception {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            r.t.keyspace.execute(dev.tandem.core.internal.ClientState.master(), "SET", "old", "data");
            Keyspace source = new Keyspace();
            source.execute(dev.tandem.core.internal.ClientState.client(), "SET", "new", "value");
            source.execute(dev.tandem.core.internal.ClientState.client(), "RPUSH", "list", "a", "b");
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = TestContexts.snapshotBytes(source, RdbSnapshotFormat.defaults(), masterId, 1000);
            // A random mark, as masters send: a periodic one ("mmm...") could overlap the payload's end.
            String mark = new String(dev.tandem.replication.internal.sync.RdbPayloadFramer.eofMarked().mark(), StandardCharsets.US_ASCII);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes(("\n\n+FULLRESYNC " + masterId + " 1000\r\n$EOF:" + mark + "\r\n").getBytes(StandardCharsets.US_ASCII));
            wire.writeBytes(rdb);
            wire.writeBytes(mark.getBytes(StandardCharsets.US_ASCII));
            // The stream that follows, in a later read (a master sends nothing after the mark
            // before the first ACK; the replica, as Redis's, finds the mark at a read's end).
            String stream = command("SELECT", "0") + command("set", "k3", "v3");
            wire.writeBytes(stream.getBytes(StandardCharsets.US_ASCII));

            r.sent();
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            r.sent();
            byte[] bytes = wire.toByteArray();
            int half = bytes.length / 2;
            feedBytes(r, java.util.Arrays.copyOfRange(bytes, 0, half), byteByByte);
            assertInstanceOf(LinkState.Transfer.class, r.link.state());
            assertEquals("data", get(r, "old"), "the old data serves reads until the new set is complete");
            int payloadEnd = bytes.length - stream.length();
            feedBytes(r, java.util.Arrays.copyOfRange(bytes, half, payloadEnd), byteByByte);
            feedBytes(r, java.util.Arrays.copyOfRange(bytes, payloadEnd, bytes.length), byteByByte);

            assertInstanceOf(LinkState.Streaming.class, r.link.state());
            assertEquals(null, get(r, "old"));
            assertEquals("value", get(r, "new"));
            assertEquals("v3", get(r, "k3"));
            assertEquals(masterId, r.t.context.history().replid());
            assertEquals(1000 + stream.length(), r.t.backlog.masterReplOffset());
            assertEquals(1001, r.t.backlog.firstByteOffset());
            // After an EOF-marked payload the ACK goes out at once (it releases a real master's stream).
            assertEquals(command("REPLCONF", "ACK", "1000"), r.sent());
            assertTrue(r.link.hasCachedHistory());
        }
    }

    @Test
    void truncatedPayloadKeepsTheOldData() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            r.t.keyspace.execute(dev.tandem.core.internal.ClientState.master(), "SET", "old", "data");
            Keyspace source = new Keyspace();
            for (int i = 0; i < 100; i++) {
                source.execute(dev.tandem.core.internal.ClientState.client(), "SET", "k" + i, "v" + i);
            }
            byte[] rdb = TestContexts.snapshotBytes(source, RdbSnapshotFormat.defaults(), ReplicationId.random(), 5);
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n$" + rdb.length + "\r\n");
            r.receive(java.util.Arrays.copyOf(rdb, rdb.length / 2));
            r.channel.close();
            r.channel.runPendingTasks();
            assertEquals("data", get(r, "old"));
            assertEquals(null, get(r, "k1"));
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> r.t.events.stream().anyMatch(e -> e instanceof ReplicationEvent.SyncFailed));
        }
    }

    @Test
    void corruptPayloadKeepsTheOldData() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), false)) {
            r.t.keyspace.execute(dev.tandem.core.internal.ClientState.master(), "SET", "old", "data");
            byte[] junk = "REDIS0009\u00fa\u0003bad".getBytes(StandardCharsets.ISO_8859_1);
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 5\r\n$" + junk.length + "\r\n");
            r.receive(junk);
            assertFalse(r.channel.isOpen());
            assertEquals("data", get(r, "old"));
        }
    }

    @Test
    void continueWithANewIdShiftsTheHistory() {
        try (ReplicaSide r = new ReplicaSide(ReplicationConfig.defaults(), true)) {
            ReplicationId before = r.t.context.history().replid();
            r.t.backlog.append(new byte[42]);
            ReplicationId promoted = ReplicationId.random();
            r.receive("+PONG\r\n+OK\r\n+OK\r\n");
            r.receive("+CONTINUE " + promoted + "\r\n" + command("set", "x", "1"));
            assertInstanceOf(LinkState.Streaming.class, r.link.state());
            assertEquals(promoted, r.t.context.history().replid());
            assertEquals(before, r.t.context.history().replid2());
            assertEquals(43, r.t.context.history().secondReplidOffset());
            assertEquals("1", get(r, "x"));
        }
    }

    private static void feedBytes(ReplicaSide r, byte[] bytes, boolean byteByByte) {
        if (byteByByte) {
            r.receiveByteByByte(bytes);
        } else {
            r.receive(bytes);
        }
    }

    static String get(ReplicaSide r, String key) {
        dev.tandem.core.reply.Reply reply = r.t.keyspace.execute(dev.tandem.core.internal.ClientState.client(), "GET", key).reply();
        return reply instanceof dev.tandem.core.reply.Reply.BulkReply b ? b.utf8() : null;
    }

    private static void awaitEvent(ReplicaSide r, ReplicationEvent expected) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> r.t.events.contains(expected));
    }
}
