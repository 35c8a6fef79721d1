/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static dev.tandem.replication.internal.replica.HandshakeHandlerTest.get;
import static dev.tandem.replication.internal.replica.ReplicaSide.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicationConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The replica's stream applier (reference §6–§7.1): offsets per whole command, MULTI held until
 * EXEC, GETACK answered with the offset before it, bare newlines counted, no other replies, and
 * the exact bytes forwarded to the node's own backlog.
 */
class StreamApplierTest {

    /** A replica streaming from offset 100 after {@code +CONTINUE}. */
    private static ReplicaSide streaming() {
        return streaming(ReplicationConfig.defaults());
    }

    private static ReplicaSide streaming(ReplicationConfig config) {
        ReplicaSide r = new ReplicaSide(config, true);
        r.t.backlog.reset(100);
        r.receive("+PONG\r\n+OK\r\n+OK\r\n");
        r.sent();
        r.receive("+CONTINUE " + r.t.context.history().replid() + "\r\n");
        assertInstanceOf(LinkState.Streaming.class, r.link.state());
        return r;
    }

    private static void feed(ReplicaSide r, String text, boolean byteByByte) {
        if (byteByByte) {
            r.receiveByteByByte(text);
        } else {
            r.receive(text);
        }
    }

    @ParameterizedTest(name = "byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void offsetsAdvanceByEveryByteOfTheStream(boolean byteByByte) {
        try (ReplicaSide r = streaming()) {
            String select = command("SELECT", "1");
            String set = command("set", "a", "1");
            feed(r, select + set, byteByByte);
            assertEquals(100 + select.length() + set.length(), r.t.backlog.masterReplOffset());
            Reply reply = r.t.keyspace.execute(selectedClient(1), "GET", "a").reply();
            assertEquals("1", ((Reply.BulkReply) reply).utf8());

            long before = r.t.backlog.masterReplOffset();
            feed(r, "\n", byteByByte);
            feed(r, command("ping"), byteByByte);
            assertEquals(before + 1 + 14, r.t.backlog.masterReplOffset());
            assertEquals("", r.sent(), "a replica never replies to its master's commands");
        }
    }

    @Test
    void getackIsAnsweredWithTheOffsetBeforeIt() {
        try (ReplicaSide r = streaming()) {
            String set = command("set", "k", "v");
            r.receive(set);
            long before = r.t.backlog.masterReplOffset();
            r.receive(command("REPLCONF", "GETACK", "*"));
            assertEquals(command("REPLCONF", "ACK", Long.toString(before)), r.sent());
            assertEquals(before + 37, r.t.backlog.masterReplOffset());
        }
    }

    @Test
    void multiIsAppliedAtExecAndAGetackInsideAnswersWithTheOffsetBeforeTheMulti() {
        try (ReplicaSide r = streaming()) {
            long start = r.t.backlog.masterReplOffset();
            String unit = command("MULTI") + command("set", "x", "1") + command("SELECT", "2") + command("set", "y", "2")
                    + command("REPLCONF", "GETACK", "*");
            r.receive(unit);
            assertEquals(start, r.t.backlog.masterReplOffset(), "not advanced inside MULTI");
            assertEquals(null, get(r, "x"));
            r.receive(command("EXEC"));
            assertEquals(start + unit.length() + command("EXEC").length(), r.t.backlog.masterReplOffset());
            assertEquals("1", get(r, "x"));
            Reply y = r.t.keyspace.execute(selectedClient(2), "GET", "y").reply();
            assertEquals("2", ((Reply.BulkReply) y).utf8());
            assertEquals(command("REPLCONF", "ACK", Long.toString(start)), r.sent());
        }
    }

    @Test
    void theExactStreamBytesReachTheBacklogForSubReplicas() {
        try (ReplicaSide r = streaming()) {
            String stream = command("SELECT", "0") + "\n" + command("rpush", "l", "a", "b") + command("ping")
                    + command("MULTI") + command("incr", "n") + command("EXEC");
            r.receive(stream);
            byte[] copy = new byte[stream.length()];
            try (var cursor = r.t.backlog.openCursor(101).orElseThrow()) {
                int at = 0;
                io.netty.buffer.ByteBuf slice;
                while ((slice = cursor.readSlice(1 << 16)) != null) {
                    int n = slice.readableBytes();
                    slice.readBytes(copy, at, n);
                    slice.release();
                    at += n;
                }
                assertEquals(stream.length(), at);
            }
            assertEquals(stream, new String(copy, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void keysAreNeverExpiredWhileApplyingTheMastersCommands() {
        try (ReplicaSide r = streaming()) {
            long past = System.currentTimeMillis() - 10_000;
            r.receive(command("set", "n", "5", "PXAT", Long.toString(past)));
            // Logically expired for clients...
            assertEquals(null, get(r, "n"));
            // ...but the master's INCR (it has not expired the key yet) sees it, as in Redis.
            r.receive(command("incr", "n"));
            Reply ttl = r.t.keyspace.execute(ClientState.master(), "GET", "n").reply();
            assertEquals("6", ((Reply.BulkReply) ttl).utf8());
        }
    }

    @Test
    void inlineCommandsFromTheMasterAreADesync() {
        try (ReplicaSide r = streaming()) {
            r.receive("set a b\r\n");
            assertFalse(r.channel.isOpen());
            assertFalse(r.link.hasCachedHistory(), "the next PSYNC asks for a full sync");
        }
    }

    /**
     * Issue #14 defect 7: every protocol error was logged as "Master using the inline protocol.
     * Desync?". The log line and the link-down reason now carry the decoder's own message (and
     * where in the stream), Redis's inline-protocol text only for an inline command.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "*1~$abc~|Protocol error: invalid bulk length|",
        "*abc~|Protocol error: invalid multibulk length|",
        "*1~:5~|Protocol error: expected '$', got ':'|",
        "set a b~|Protocol error: Master using the inline protocol. Desync?|",
        "*1~$5~multi~*1~$x~|Protocol error: invalid bulk length|, inside a MULTI of 1 command(s)"})
    void protocolErrorsAreLoggedWithTheirRealCause(String input, String message, String inside) {
        String wire = input.replace("~", "\r\n"); // ~ stands for CRLF in the table
        String where = "after offset 100" + (inside == null ? "" : inside);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try (ReplicaSide r = streaming()) {
            System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                r.receive(wire);
            } finally {
                System.setErr(err);
            }
            assertFalse(r.channel.isOpen());
            String log = captured.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("Protocol error in the master's stream " + where + ": ERR " + message + "."), log);
            if (!message.contains("inline")) {
                assertFalse(log.contains("inline protocol"), log);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> r.t.events.stream()
                    .anyMatch(e -> e instanceof dev.tandem.replication.ReplicationEvent.LinkDown d
                            && d.reason().equals("protocol error in the master's stream " + where + ": ERR " + message)));
        }
    }

    @Test
    void withIgnoreErrorsOfReplayedCommandsAreIgnored() {
        ReplicationConfig ignore = ReplicationConfig.builder()
                .propagationErrorBehavior(dev.tandem.replication.PropagationErrorBehavior.IGNORE).build();
        try (ReplicaSide r = streaming(ignore)) {
            r.receive(command("set", "s", "x") + command("lpush", "s", "y") + command("restore", "k", "0", "not-a-dump-payload")
                    + command("set", "after", "ok"));
            assertTrue(r.channel.isOpen());
            assertEquals("ok", get(r, "after"));
            assertEquals("", r.sent());
            assertEquals(2, r.t.context.propagationErrors());
            assertTrue(r.link.hasCachedHistory());
        }
    }

    /** Tandem's default (resync): the first failing command ends the link; nothing after it lands. */
    @Test
    void byDefaultAFailingCommandBreaksTheLinkForAFullSync() {
        try (ReplicaSide r = streaming()) {
            r.receive(command("set", "s", "x") + command("lpush", "s", "y") + command("set", "after", "ok"));
            assertFalse(r.channel.isOpen());
            assertEquals("x", get(r, "s"));
            assertNull(get(r, "after"));
            assertEquals(1, r.t.context.propagationErrors());
            assertFalse(r.link.hasCachedHistory(), "the next PSYNC asks for a full sync");
            assertEquals(ReplicaLink.PsyncTarget.FULL_SYNC, r.link.psyncTarget());
        }
    }

    private static ClientState selectedClient(int db) {
        ClientState c = ClientState.client();
        c.select(db);
        return c;
    }
}
