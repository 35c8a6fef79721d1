/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.replication.OutputBufferLimit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.testkit.RawClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One client connection's request loop on an embedded channel: replies batched per read,
 * back-pressure and deferred replies that park later requests in order, protocol errors,
 * QUIT, the replica hand-off, admission and output limits, and what closing releases.
 */
class ClientConnectionHandlerTest {

    /** Index of the user-defined writability bit the tests use to play a client that stops reading. */
    private static final int NOT_READING = 1;

    private final FakeReplication replication = new FakeReplication();
    private final RespServer server = RespServer.builder(
            new Keyspace(16, KeyspaceClock.SYSTEM, ServerKeyspaceCommands.standardTable()))
            .replication(replication).build();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel connect() {
        EmbeddedChannel ch = new EmbeddedChannel(server.channelInitializer());
        channels.add(ch);
        return ch;
    }

    /** Delivers {@code wire} as one read batch. */
    private static void receive(EmbeddedChannel ch, String wire) {
        ch.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
    }

    /** What the connection wrote, one string per buffer handed to the channel. */
    private static List<String> writes(EmbeddedChannel ch) {
        ch.runPendingTasks();
        List<String> out = new ArrayList<>();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            try {
                if (b.isReadable()) {
                    out.add(b.toString(StandardCharsets.ISO_8859_1));
                }
            } finally {
                b.release();
            }
        }
        return out;
    }

    private static String sent(EmbeddedChannel ch) {
        return String.join("", writes(ch));
    }

    private static void stopReading(EmbeddedChannel ch, boolean stopped) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(NOT_READING, !stopped);
    }

    /**
     * Issue #14 defect 2: a request that runs the JVM out of memory (a 400 MB SET on a 512 MB
     * heap, an RPUSH of millions of arguments) reset the connection with only a DEBUG line. The
     * OutOfMemoryError is played here by a handler in the decoder's place; the client gets
     * Redis's OOM reply after the replies it was owed, and the connection closes.
     */
    @Test
    void aRequestThatRunsOutOfMemoryGetsTheOomReplyBeforeTheConnectionCloses() {
        EmbeddedChannel ch = connect();
        ch.pipeline().addFirst(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ByteBuf in = (ByteBuf) msg;
                String text = in.toString(StandardCharsets.ISO_8859_1);
                if (text.contains("HUGE")) {
                    in.release();
                    throw new OutOfMemoryError("Java heap space");
                }
                ctx.fireChannelRead(msg);
            }
        });
        receive(ch, RawClient.encode("PING"));
        assertEquals("+PONG\r\n", sent(ch));
        receive(ch, RawClient.encode("SET", "k", "HUGE"));
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", sent(ch));
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(1, server.stats().errorReplies());
    }

    @Test
    void theRepliesOfOneReadBatchGoOutInOneBufferInRequestOrder() {
        EmbeddedChannel ch = connect();
        receive(ch, RawClient.encode("PING") + RawClient.encode("ECHO", "hi") + RawClient.encode("GET", "missing"));
        assertEquals(List.of("+PONG\r\n$2\r\nhi\r\n$-1\r\n"), writes(ch));
    }

    @Test
    void aClientThatStopsReadingIsPausedAndItsLaterRequestsRunInOrderOnceItReadsAgain() {
        EmbeddedChannel ch = connect();
        stopReading(ch, true);
        receive(ch, RawClient.encode("PING"));
        assertEquals("+PONG\r\n", sent(ch), "the reply that found the channel full still goes out");
        assertFalse(ch.config().isAutoRead(), "reading stops while the client does not read");

        receive(ch, RawClient.encode("SET", "k", "1") + RawClient.encode("INCR", "k"));
        assertEquals("", sent(ch), "parked, not run");

        stopReading(ch, false);
        assertEquals("+OK\r\n:2\r\n", sent(ch));
        assertTrue(ch.config().isAutoRead());
    }

    @Test
    void aDeferredReplyHoldsTheRequestsAfterItUntilItArrives() {
        EmbeddedChannel ch = connect();
        receive(ch, RawClient.encode("WAIT", "1", "0") + RawClient.encode("PING"));
        assertEquals("", sent(ch), "WAIT blocks, and PING must not overtake it");
        assertFalse(ch.config().isAutoRead());

        replication.waitResult.complete(1L);
        assertEquals(":1\r\n+PONG\r\n", sent(ch));
        assertTrue(ch.config().isAutoRead());
    }

    @Test
    void closingWhileBlockedWithdrawsTheWaitAndLeavesTheRegistry() {
        EmbeddedChannel ch = connect();
        assertEquals(1, server.connectedClients());
        receive(ch, RawClient.encode("WAIT", "1", "0"));
        ch.close();
        assertTrue(replication.waitResult.isCancelled(), "a blocked WAIT must not outlive its client");
        assertEquals(0, server.connectedClients());
    }

    @Test
    void aProtocolErrorIsRepliedAfterTheEarlierRequestsAndClosesTheConnection() {
        EmbeddedChannel ch = connect();
        receive(ch, RawClient.encode("PING") + "*1\r\n$x\r\n");
        assertEquals("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n", sent(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void quitRepliesOkAndThenCloses() {
        EmbeddedChannel ch = connect();
        receive(ch, RawClient.encode("QUIT") + RawClient.encode("PING"));
        assertEquals("+OK\r\n", sent(ch), "nothing runs after QUIT");
        assertFalse(ch.isOpen());
    }

    @Test
    void afterTheSyncHandOffOnlyAcksAndNewlinesReachTheLinkAndAnythingElseDisconnects() {
        EmbeddedChannel ch = connect();
        receive(ch, RawClient.encode("PING") + RawClient.encode("PSYNC", "?", "-1"));
        assertEquals("+PONG\r\n+FULLRESYNC 9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8 900\r\n", sent(ch),
                "earlier replies go out before the replication layer takes over");

        receive(ch, "\n" + RawClient.encode("REPLCONF", "ACK", "900") + RawClient.encode("REPLCONF", "GETACK", "*"));
        assertEquals(List.of("<newline>", "REPLCONF ACK 900", "REPLCONF GETACK *"), replication.linkRequests);
        assertEquals("", sent(ch), "the server writes nothing on a replica link");

        receive(ch, RawClient.encode("GET", "k"));
        assertFalse(ch.isOpen(), "a replica that sends a command needing a reply is disconnected");
        assertEquals(3, replication.linkRequests.size());
    }

    @Test
    void aConnectionBeyondMaxclientsIsRefusedWithRedisError() {
        server.config().maxclients(1);
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        assertEquals("-ERR max number of clients reached\r\n", sent(second));
        assertFalse(second.isOpen());
        assertTrue(first.isOpen());
        assertEquals(1, server.connectedClients());
        assertEquals(1, server.stats().rejectedConnections());
    }

    @Test
    void aReplyBeyondTheHardOutputLimitClosesTheClient() {
        server.config().normalOutputLimit(new OutputBufferLimit(10_000, 0, 0));
        EmbeddedChannel ch = connect();
        receive(ch, RawClient.encode("SET", "big", "x".repeat(70_000)));
        assertEquals("+OK\r\n", sent(ch));

        receive(ch, RawClient.encode("GET", "big"));
        assertFalse(ch.isOpen());
        assertEquals(1, server.stats().outputLimitDisconnections());
    }
}
