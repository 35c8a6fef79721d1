/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.testing.TestContexts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FullSyncSession} as a state machine, stepped by the test (the driver) on embedded
 * channels: what each step writes, when it is BLOCKED on a channel that is not writable, the
 * timeout while blocked, cancellation, and the disk ({@code $<len>}) form.
 */
class FullSyncSessionTest {

    private static final ReplicaCapabilities EOF = ReplicaCapabilities.NONE.withEof().withPsync2().withListeningPort(6380);
    /** More keys than one step serializes, so a walk takes several steps. */
    private static final int KEYS = FullSyncSession.STEP_KEYS * 2 + 10;

    private TestContexts t;
    private MasterReplication master;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private void setUp(ReplicationConfig config) {
        t = TestContexts.create(config);
        master = new MasterReplication(t.context);
        t.keyspace.propagationSink(new MasterPropagationSink(t.context));
        ClientState client = ClientState.client();
        for (int i = 0; i < KEYS; i++) {
            t.keyspace.execute(client, "SET", "key" + i, "value" + i);
        }
    }

    @AfterEach
    void tearDown() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        master.close();
        t.close();
    }

    private ReplicaSession member(ReplicaCapabilities capabilities) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        ReplicaSession session = new ReplicaSession(master, ch, PsyncRequest.fullResync(), capabilities);
        ch.pipeline().addLast(session);
        return session;
    }

    private static String drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    private static EmbeddedChannel channel(ReplicaSession s) {
        return (EmbeddedChannel) s.channel();
    }

    /** A member's channel stops (or starts again) accepting writes, as under back-pressure. */
    private static void unwritable(ReplicaSession member, boolean unwritable) {
        channel(member).unsafe().outboundBuffer().setUserDefinedWritability(1, !unwritable);
        channel(member).runPendingTasks(); // the writability event may be delivered later
    }

    /** Steps until DONE; returns how many steps it took. */
    private static int stepToEnd(FullSyncSession session) {
        int steps = 0;
        FullSyncSession.Progress p;
        do {
            p = session.step();
            steps++;
            assertTrue(steps < 1000, "the session never ends");
        } while (p != FullSyncSession.Progress.DONE);
        return steps;
    }

    @Test
    void disklessServesOneSnapshotToEveryMemberInSeveralSteps() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).build());
        ReplicaSession a = member(EOF);
        ReplicaSession b = member(EOF);
        FullSyncSession session = new FullSyncSession(master, List.of(a, b));
        long offset = t.backlog.masterReplOffset();

        assertEquals(FullSyncSession.Progress.MORE, session.step()); // NEW: +FULLRESYNC and the $EOF: header
        String head = drain(channel(a));
        String replid = t.context.history().replid().toString();
        assertTrue(head.startsWith("+FULLRESYNC " + replid + " " + offset + "\r\n$EOF:"), head);
        String mark = head.substring(head.indexOf("$EOF:") + 5, head.indexOf("$EOF:") + 45);
        assertEquals(head, drain(channel(b)));

        int steps = stepToEnd(session);
        assertTrue(steps >= 3, "the walk of " + KEYS + " keys takes several steps, took " + steps);
        assertTrue(session.isDone());
        String bodyA = drain(channel(a));
        String bodyB = drain(channel(b));
        assertEquals(bodyA, bodyB, "one snapshot, the same bytes to every member");
        assertTrue(bodyA.startsWith("REDIS0009"), bodyA.substring(0, 20));
        assertTrue(bodyA.endsWith(mark), "the payload ends with the header's mark");
        assertTrue(bodyA.contains("key" + (KEYS - 1)));
    }

    @Test
    void aStepIsBlockedWhileAMemberCannotWriteAndResumesWhenItCan() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).build());
        ReplicaSession a = member(EOF);
        FullSyncSession session = new FullSyncSession(master, List.of(a));
        List<String> signals = new ArrayList<>();
        session.onSignal(() -> signals.add("signal"));
        assertEquals(FullSyncSession.Progress.MORE, session.step());
        assertEquals(FullSyncSession.Progress.MORE, session.step()); // the first walk step
        unwritable(a, true);

        assertEquals(FullSyncSession.Progress.BLOCKED, session.step());
        assertEquals(FullSyncSession.Progress.BLOCKED, session.step(), "stays blocked, and returns: never waits");
        assertFalse(signals.isEmpty(), "the writability change signalled the session");

        unwritable(a, false);
        stepToEnd(session);
        assertTrue(a.isOpen());
        assertTrue(drain(channel(a)).contains("key" + (KEYS - 1)));
    }

    @Test
    void aMemberBlockedForLongerThanReplTimeoutIsDropped() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).replTimeoutSeconds(5).build());
        ReplicaSession a = member(EOF);
        FullSyncSession session = new FullSyncSession(master, List.of(a));
        session.step();
        session.step();
        unwritable(a, true);
        assertEquals(FullSyncSession.Progress.BLOCKED, session.step());
        t.clockMillis.addAndGet(5_000);
        assertEquals(FullSyncSession.Progress.BLOCKED, session.step(), "not longer than repl-timeout yet");

        t.clockMillis.addAndGet(1);
        // Dropped: nothing blocks any more, and with no member left the session ends.
        assertEquals(FullSyncSession.Progress.DONE, session.step());
        channel(a).runPendingTasks();
        assertFalse(a.isOpen());
    }

    @Test
    void cancellingEndsTheSessionAndClosesItsMembers() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).build());
        ReplicaSession a = member(EOF);
        FullSyncSession session = new FullSyncSession(master, List.of(a));
        session.step();
        session.cancel();
        assertEquals(FullSyncSession.Progress.DONE, session.step());
        assertTrue(session.isDone());
        channel(a).runPendingTasks();
        assertFalse(a.isOpen());
        assertEquals(FullSyncSession.Progress.DONE, session.step(), "DONE is final");
    }

    @Test
    void theDiskFormSpoolsThenSendsALengthPrefixedPayload() {
        setUp(ReplicationConfig.builder().replDisklessSync(false).build());
        ReplicaSession a = member(EOF);
        FullSyncSession session = new FullSyncSession(master, List.of(a));
        stepToEnd(session);
        String out = drain(channel(a));
        assertTrue(out.startsWith("+FULLRESYNC "), out);
        int dollar = out.indexOf("\r\n$") + 3;
        int end = out.indexOf("\r\n", dollar);
        long length = Long.parseLong(out.substring(dollar, end));
        String payload = out.substring(end + 2);
        assertEquals(length, payload.length(), "exactly $<len> bytes follow, no trailer");
        assertTrue(payload.startsWith("REDIS0009"));
    }
}
