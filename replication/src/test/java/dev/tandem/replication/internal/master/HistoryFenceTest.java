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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a node's replication id changes (promotion, {@code +CONTINUE <new id>} on a chained
 * replica) its attached replicas are disconnected asynchronously; until they are, a writer may
 * already append bytes of the new history. A replica must never receive those under the old id:
 * re-pointed later to a diverged old master, it could continue partially on a data set that is
 * not a prefix of that master's history.
 */
class HistoryFenceTest {

    private TestContexts t;
    private MasterReplication master;
    private final ClientState client = ClientState.client();

    @BeforeEach
    void setUp() {
        t = TestContexts.create(ReplicationConfig.defaults());
        master = new MasterReplication(t.context);
        t.keyspace.propagationSink(new MasterPropagationSink(t.context));
    }

    @AfterEach
    void tearDown() {
        master.close();
        t.close();
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

    @Test
    void afterTheFenceAReplicaGetsTheOldHistoryOnlyAndIsDisconnected() {
        t.keyspace.execute(client, "SET", "a", "1");
        EmbeddedChannel ch = new EmbeddedChannel();
        master.acceptReplica(ch, new PsyncRequest(t.context.history().replid().toString(),
                t.backlog.masterReplOffset() + 1, false), ReplicaCapabilities.NONE.withEof().withPsync2());
        drain(ch);
        t.keyspace.execute(client, "SET", "old", "1");

        ReentrantReadWriteLock.WriteLock lock = t.keyspace.lock().writeLock();
        lock.lock();
        try {
            master.fenceAll(t.backlog.masterReplOffset()); // e.g. promote() shifting the id here
        } finally {
            lock.unlock();
        }
        t.keyspace.execute(client, "SET", "new", "2"); // before the replica was disconnected

        String sent = drain(ch);
        assertTrue(sent.contains("old"), sent);
        assertFalse(sent.contains("new"), sent);
        assertFalse(ch.isOpen());
        assertEquals(0, master.connectedReplicas());
        ch.finishAndReleaseAll();
    }
}
