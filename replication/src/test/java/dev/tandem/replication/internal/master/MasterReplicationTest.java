/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicaSyncState;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.testing.TestContexts;
import dev.tandem.resp.RespCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The master's PSYNC handling (reference §3.1, §7.2) on embedded channels: {@code +CONTINUE}
 * exactly when Redis would send it, the backlog bytes from the requested offset, ACKs, and the
 * "no replies after the hand-off" rule. Full syncs are only queued here (a long
 * {@code repl-diskless-sync-delay} keeps the snapshot from starting); the integration tests run
 * them.
 */
class MasterReplicationTest {

    private TestContexts t;
    private MasterReplication master;
    private final ClientState client = ClientState.client();

    @BeforeEach
    void setUp() {
        t = TestContexts.create(ReplicationConfig.builder().replDisklessSyncDelaySeconds(3600).build());
        master = new MasterReplication(t.context);
        t.keyspace.propagationSink(new MasterPropagationSink(t.context));
    }

    @AfterEach
    void tearDown() {
        master.close();
        t.close();
    }

    private String stream(long from) {
        StringBuilder sb = new StringBuilder();
        try (var cursor = t.backlog.openCursor(from).orElseThrow()) {
            ByteBuf slice;
            while ((slice = cursor.readSlice(1 << 16)) != null) {
                sb.append(TestContexts.text(slice));
            }
        }
        return sb.toString();
    }

    private static String drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(TestContexts.text(b));
        }
        return sb.toString();
    }

    private static final ReplicaCapabilities PSYNC2 = ReplicaCapabilities.NONE.withEof().withPsync2().withListeningPort(6380);

    @Test
    void continueSendsTheBacklogFromTheRequestedOffset() {
        t.keyspace.execute(client, "SET", "a", "1");
        t.keyspace.execute(client, "SET", "b", "2");
        String all = stream(1);
        String replid = t.context.history().replid().toString();
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, new PsyncRequest(replid, 2, false), PSYNC2);
        assertEquals("+CONTINUE " + replid + "\r\n" + all.substring(1), drain(ch));
        // Live stream follows, with SELECT only when the db changes.
        t.keyspace.execute(client, "SET", "c", "3");
        assertEquals("*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n", drain(ch));
        assertEquals(ReplicaSyncState.ONLINE, master.infoRows().get(0).state());
        ch.finishAndReleaseAll();
    }

    @Test
    void replicasWithoutPsync2GetABareContinue() {
        t.keyspace.execute(client, "SET", "a", "1");
        long end = t.backlog.masterReplOffset();
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, new PsyncRequest(t.context.history().replid().toString(), end + 1, false),
                ReplicaCapabilities.NONE);
        assertEquals("+CONTINUE\r\n", drain(ch));
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'offset one past the end is nothing missing', 1, true",
        "'offset beyond master_repl_offset + 1', 2, false",
        "'offset before the backlog', -1000, false"})
    void theBoundariesOfTheBacklog(String label, long relativeToEnd, boolean continues) {
        t.keyspace.execute(client, "SET", "a", "1");
        long end = t.backlog.masterReplOffset();
        long requested = relativeToEnd < 0 ? 0 : end + relativeToEnd;
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, new PsyncRequest(t.context.history().replid().toString().toUpperCase(), requested,
                false), PSYNC2);
        String out = drain(ch);
        assertEquals(continues, out.startsWith("+CONTINUE"), out);
        if (!continues) {
            assertEquals("", out, "a full sync answers +FULLRESYNC when its snapshot starts");
            assertEquals(ReplicaSyncState.WAIT_BGSAVE, master.infoRows().get(0).state());
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void psyncQuestionMarkAlwaysMeansAFullSync() {
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, PsyncRequest.fullResync(), PSYNC2);
        assertEquals("", drain(ch));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.events.contains(
                new ReplicationEvent.ReplicaAttached("embedded:6380", SyncKind.FULL)));
        assertEquals(1, master.syncFullCount());
        assertEquals(0, master.syncPartialErrCount());
        ch.finishAndReleaseAll();
    }

    @Test
    void unknownReplidIsAFullSyncAndCountsAsAPartialSyncError() {
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, new PsyncRequest("0123456789012345678901234567890123456789", 1, false), PSYNC2);
        assertEquals("", drain(ch));
        assertEquals(1, master.syncPartialErrCount());
        ch.finishAndReleaseAll();
    }

    @Test
    void acksRaiseTheAcknowledgedOffsetOnly() {
        t.keyspace.execute(client, "SET", "a", "1");
        EmbeddedChannel ch = new EmbeddedChannel();
        Consumer<RespCommand> requests = master.acceptReplica(ch,
                new PsyncRequest(t.context.history().replid().toString(), t.backlog.masterReplOffset() + 1, false), PSYNC2);
        drain(ch);
        requests.accept(RespCommand.of("REPLCONF", "ACK", "30"));
        requests.accept(RespCommand.of("REPLCONF", "ACK", "10"));
        requests.accept(RespCommand.of("REPLCONF", "ACK", "not-a-number"));
        requests.accept(RespCommand.of("REPLCONF", "GETACK", "*"));
        ReplicationInfo.ConnectedReplica row = master.infoRows().get(0);
        assertEquals(30, row.ackOffset());
        assertEquals(6380, row.port());
        assertEquals(1, master.ackedReplicas(30));
        assertEquals(0, master.ackedReplicas(31));
        assertEquals("", drain(ch), "ACKs are never answered");
        assertTrue(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void aReplicaThatSendsACommandNeedingAReplyIsDisconnected() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Consumer<RespCommand> requests = master.acceptReplica(ch,
                new PsyncRequest(t.context.history().replid().toString(), 1, false), PSYNC2);
        drain(ch);
        requests.accept(RespCommand.of("PING"));
        assertFalse(ch.isOpen());
        assertEquals(0, master.connectedReplicas());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.events.stream()
                .anyMatch(e -> e instanceof ReplicationEvent.ReplicaDetached d && d.reason().contains("'ping'")));
        ch.finishAndReleaseAll();
    }

    @Test
    void waitForAcksSendsGetackAndCompletesOnTheAck() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        Consumer<RespCommand> requests = master.acceptReplica(ch,
                new PsyncRequest(t.context.history().replid().toString(), 1, false), PSYNC2);
        drain(ch);
        t.keyspace.execute(client, "SET", "a", "1");
        long target = t.backlog.masterReplOffset();
        var future = master.waitForAcks(target, 1, 10_000);
        // The GETACK goes out from the node's timer thread, once for every waiter registered by then.
        StringBuilder sent = new StringBuilder();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sent.append(drain(ch)).toString()
                .endsWith("*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n"));
        assertFalse(future.isDone());
        requests.accept(RespCommand.of("REPLCONF", "ACK", Long.toString(target)));
        assertEquals(1, future.get());
        ch.finishAndReleaseAll();
    }

    @Test
    void heartbeatPingIsLowercaseAndNeverPrecededBySelect() {
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, new PsyncRequest(t.context.history().replid().toString(), 1, false), PSYNC2);
        drain(ch);
        master.appendPing();
        assertEquals("*1\r\n$4\r\nping\r\n", drain(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void aReplicaSilentForLongerThanReplTimeoutIsDropped() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Consumer<RespCommand> requests = master.acceptReplica(ch,
                new PsyncRequest(t.context.history().replid().toString(), 1, false), PSYNC2);
        drain(ch);
        t.clockMillis.addAndGet(59_000);
        requests.accept(RespCommand.of("REPLCONF", "ACK", "0"));
        t.clockMillis.addAndGet(59_000);
        master.cronSecond();
        ch.runPendingTasks();
        assertTrue(ch.isOpen(), "an ACK 59 s ago is within repl-timeout 60");
        t.clockMillis.addAndGet(2_000);
        master.cronSecond();
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.events.stream()
                .anyMatch(e -> e instanceof ReplicationEvent.ReplicaDetached d && d.reason().startsWith("timeout")));
        ch.finishAndReleaseAll();
    }

    @Test
    void replicasWaitingForASnapshotGetNewlineKeepalivesOutsideTheOffset() {
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, PsyncRequest.fullResync(), PSYNC2);
        long offset = t.backlog.masterReplOffset();
        master.cronSecond();
        assertEquals("\n", drain(ch));
        master.cronSecond();
        assertEquals("\n", drain(ch));
        assertEquals(offset, t.backlog.masterReplOffset());
        ch.finishAndReleaseAll();
    }

    @Test
    void theBacklogOfAMasterWithoutReplicasExpiresAfterItsTtlAndTheNextFullSyncStartsANewHistory() {
        try (TestContexts ttl = TestContexts.create(ReplicationConfig.builder().replBacklogTtlSeconds(10)
                .replDisklessSyncDelaySeconds(3600).build())) {
            MasterReplication m = new MasterReplication(ttl.context);
            ttl.keyspace.propagationSink(new MasterPropagationSink(ttl.context));
            ttl.keyspace.execute(client, "SET", "a", "1");
            long offset = ttl.backlog.masterReplOffset();
            var before = ttl.context.history().replid();
            ttl.clockMillis.addAndGet(9_000);
            m.cronSecond();
            assertTrue(ttl.backlog.isActive());
            ttl.clockMillis.addAndGet(2_000);
            m.cronSecond();
            assertFalse(ttl.backlog.isActive());
            assertTrue(!before.equals(ttl.context.history().replid()), "a freed backlog takes its history with it");
            assertEquals(offset, ttl.backlog.masterReplOffset());
            // Writes without a backlog do not move the offset (Redis 7.0)...
            ttl.keyspace.execute(client, "SET", "b", "2");
            assertEquals(offset, ttl.backlog.masterReplOffset());
            // ...and the next replica gets a fresh backlog (and history) with its full sync.
            EmbeddedChannel ch = new EmbeddedChannel();
            m.acceptReplica(ch, new PsyncRequest(before.toString(), offset + 1, false), PSYNC2);
            assertTrue(ttl.backlog.isActive());
            assertEquals(offset + 1, ttl.backlog.firstByteOffset());
            ch.finishAndReleaseAll();
            m.close();
        }
    }

    @Test
    void replconfBeforeTheHandOffFollowsRedis() {
        ReplicaCapabilities caps = ReplicaCapabilities.NONE;
        ReplconfCommand.Result r = ReplconfCommand.apply(argv("REPLCONF", "listening-port", "6380", "capa", "eof",
                "capa", "psync2", "capa", "something-new"), caps);
        assertEquals("OK", r.reply());
        assertEquals(new ReplicaCapabilities(6380, null, true, true, false, false), r.capabilities());
        assertEquals("ERR syntax error", ReplconfCommand.apply(argv("REPLCONF", "capa"), caps).reply());
        assertEquals("ERR value is not an integer or out of range",
                ReplconfCommand.apply(argv("REPLCONF", "listening-port", "x"), caps).reply());
        assertEquals("ERR REPLCONF ip-address provided by replica instance is too long: 300 bytes",
                ReplconfCommand.apply(argv("REPLCONF", "ip-address", "1".repeat(300)), caps).reply());
        assertEquals("ERR value is out of range, value must between 0 and 1",
                ReplconfCommand.apply(argv("REPLCONF", "rdb-only", "2"), caps).reply());
        assertEquals("ERR Unrecognized REPLCONF option: foo", ReplconfCommand.apply(argv("REPLCONF", "foo", "1"), caps).reply());
        assertEquals(null, ReplconfCommand.apply(argv("REPLCONF", "ACK", "5"), caps).reply());
        assertEquals("OK", ReplconfCommand.apply(argv("REPLCONF"), caps).reply());
    }

    @Test
    void psyncArgumentsAreParsedAsRedisDoes() {
        assertEquals(new PsyncRequest("abc", 42, false), PsyncRequest.parse(argv("PSYNC", "abc", "42")));
        assertEquals("ERR value is not an integer or out of range",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> PsyncRequest.parse(argv("PSYNC", "abc", "042"))).getMessage());
        assertEquals("ERR wrong number of arguments for 'psync' command",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> PsyncRequest.parse(argv("PSYNC", "abc"))).getMessage());
    }

    private static byte[][] argv(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
