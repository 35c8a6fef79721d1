/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.Keyspace;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One clients cron per server (Redis's clientsCron), each client's check on its own loop. */
class ClientsCronTest {

    private final RespServer server = RespServer.builder(
            new Keyspace(16, KeyspaceClock.SYSTEM, ServerKeyspaceCommands.standardTable())).build();

    private EmbeddedChannel connect() {
        EmbeddedChannel ch = new EmbeddedChannel(server.channelInitializer());
        ch.runPendingTasks();
        return ch;
    }

    @Test
    void manyConnectionsShareOneTimerOnTheFirstConnectionsLoop() {
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        EmbeddedChannel third = connect();

        assertTrue(server.clientsCron().isRunning());
        assertEquals(-1, second.runScheduledPendingTasks(), "no per-connection timer");
        assertEquals(-1, third.runScheduledPendingTasks(), "no per-connection timer");
        assertTrue(first.runScheduledPendingTasks() > 0, "the server's timer is scheduled");

        first.advanceTimeBy(ClientsCron.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        first.runScheduledPendingTasks();
        assertTrue(second.hasPendingTasks(), "the tick queued the check on the client's own loop");
        assertTrue(third.hasPendingTasks(), "the tick queued the check on the client's own loop");
        second.runPendingTasks();
        third.runPendingTasks();
        assertTrue(second.isOpen() && third.isOpen(), "timeout 0: nobody is idle");

        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
        third.finishAndReleaseAll();
    }

    @Test
    void anIdleClientIsClosedOnItsOwnLoopNotOnTheTickingThread() {
        server.config().timeoutSeconds(1);
        EmbeddedChannel idle = connect();

        server.clientsCron().tick(System.currentTimeMillis() + 2_500);
        assertTrue(idle.isOpen(), "the check waits for the client's event loop");
        idle.runPendingTasks();
        assertFalse(idle.isOpen(), "idle for more than timeout seconds");
        assertEquals(0, server.connectedClients());
    }

    @Test
    void aClientThatIsNotIdleLongEnoughStaysOpen() {
        server.config().timeoutSeconds(5);
        EmbeddedChannel client = connect();

        server.clientsCron().tick(System.currentTimeMillis() + 2_500);
        client.runPendingTasks();
        assertTrue(client.isOpen());
        client.finishAndReleaseAll();
    }

    @Test
    void theLastConnectionToLeaveStopsTheTimerAndTheNextOneRestartsIt() {
        EmbeddedChannel a = connect();
        EmbeddedChannel b = connect();
        b.finishAndReleaseAll();
        assertTrue(server.clientsCron().isRunning(), "a is still connected");
        assertTrue(a.runScheduledPendingTasks() > 0, "the timer still runs on a's loop");
        a.finishAndReleaseAll();
        assertFalse(server.clientsCron().isRunning());

        EmbeddedChannel c = connect();
        assertTrue(server.clientsCron().isRunning());
        assertTrue(c.runScheduledPendingTasks() > 0, "restarted on the new connection's loop");
        c.finishAndReleaseAll();
        assertFalse(server.clientsCron().isRunning());
    }
}
