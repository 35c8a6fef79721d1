/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.replication.internal.role.MasterRole;
import dev.tandem.replication.internal.role.NodeRoles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.EventBus;
import dev.tandem.replication.internal.NodeRuntime;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.backlog.ChunkedReplicationBacklog;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.internal.server.ServerKeyspaceCommands;
import dev.tandem.replication.internal.sim.SimulatedNetwork;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FullSyncCoordinator} on a driver that must not wait (the deterministic simulation's
 * loop, driven by this test): replicas that arrive together share one snapshot, one that arrives
 * during a session waits for the next, a blocked session leaves the loop idle and resumes on the
 * writability signal or on its wait slice, and closing abandons a running session.
 */
class FullSyncCoordinatorTest {

    private static final ReplicaCapabilities EOF = ReplicaCapabilities.NONE.withEof().withPsync2().withListeningPort(6380);
    private static final int KEYS = FullSyncSession.STEP_KEYS * 3;

    private SimulatedNetwork network;
    private ChunkedReplicationBacklog backlog;
    private EventBus events;
    private MasterReplication master;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private void setUp(ReplicationConfig config) {
        network = new SimulatedNetwork(7);
        NodeRuntime runtime = network.runtime("m");
        Keyspace keyspace = new Keyspace(config.databases(), runtime.keyspaceClock(),
                ServerKeyspaceCommands.standardTable(), 1);
        backlog = new ChunkedReplicationBacklog(config.replBacklogSize(), 4096, ByteBufAllocator.DEFAULT);
        backlog.reset(0);
        events = new EventBus(runtime.newEventExecutor());
        ReplicationContext context = new ReplicationContext("m", keyspace, config, backlog,
                ReplicationHistory.fresh(), network.transport("m"), RdbSnapshotFormat.defaults(),
                ByteBufAllocator.DEFAULT, runtime.monotonicMillis(), events, runtime.newScheduler(), runtime);
        master = new MasterReplication(context);
        context.roles(new NodeRoles("m", keyspace, new MasterRole(new MasterPropagationSink(context))));
        ClientState client = ClientState.client();
        for (int i = 0; i < KEYS; i++) {
            keyspace.execute(client, "SET", "key" + i, "value" + i);
        }
    }

    @AfterEach
    void tearDown() {
        master.close();
        network.runUntilIdle();
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        events.close();
        backlog.close();
        network.close();
    }

    private EmbeddedChannel replica() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        master.acceptReplica(ch, PsyncRequest.fullResync(), EOF);
        return ch;
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

    /** Whether {@code out} holds a whole diskless payload: the $EOF: header's mark at its end. */
    private static boolean complete(String out) {
        int at = out.indexOf("$EOF:");
        return at >= 0 && out.length() >= at + 45 + 40 && out.endsWith(out.substring(at + 5, at + 45));
    }

    private static void writable(EmbeddedChannel ch, boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    @Test
    void replicasArrivingTogetherShareOneSnapshot() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).build());
        EmbeddedChannel a = replica();
        EmbeddedChannel b = replica();
        network.runUntilIdle();
        assertEquals(1, master.snapshotsStarted());
        String outA = drain(a);
        assertTrue(complete(outA), "a got the whole payload");
        assertEquals(outA, drain(b));
    }

    @Test
    void aBlockedSessionLeavesTheLoopIdleAndResumesOnTheSignal() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).build());
        EmbeddedChannel a = replica();
        writable(a, false);
        // Returns: the blocked session waits for a signal instead of holding the loop.
        network.runUntilIdle();
        assertEquals(1, master.snapshotsStarted());
        StringBuilder outA = new StringBuilder(drain(a));
        assertFalse(complete(outA.toString()), "blocked after its first step");

        EmbeddedChannel late = replica();
        network.runUntilIdle();
        assertEquals(1, master.snapshotsStarted(), "one snapshot at a time: the late replica waits");

        writable(a, true); // the signal resumes the session
        network.runUntilIdle();
        outA.append(drain(a));
        assertTrue(complete(outA.toString()));
        assertEquals(2, master.snapshotsStarted(), "the next session started for the late replica");
        assertTrue(complete(drain(late)));
    }

    @Test
    void aBlockedSessionLooksAgainEveryWaitSliceAndDropsAReplicaPastReplTimeout() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).replTimeoutSeconds(2).build());
        EmbeddedChannel a = replica();
        writable(a, false);
        network.runFor(Duration.ofSeconds(1));
        assertTrue(a.isOpen(), "blocked, within repl-timeout");
        // No signal comes: only the session's wait slices notice the timeout.
        network.runFor(Duration.ofMillis(1_500));
        a.runPendingTasks();
        assertFalse(a.isOpen(), "dropped after repl-timeout without a writable moment");

        EmbeddedChannel next = replica();
        network.runUntilIdle();
        assertEquals(2, master.snapshotsStarted(), "the coordinator was free for the next replica");
        assertTrue(complete(drain(next)));
    }

    @Test
    void closingAbandonsARunningSession() {
        setUp(ReplicationConfig.builder().replDisklessSync(true).build());
        EmbeddedChannel a = replica();
        writable(a, false);
        network.runUntilIdle();
        master.close();
        network.runUntilIdle();
        a.runPendingTasks();
        assertFalse(a.isOpen());
    }
}
