/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RdbPayloadParserTest {

    static final String MARK = "aa6fb38dc4f66826e2d1762fac6a61188ee3a329";
    static final byte[] STREAM = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** The smallest RDB accepted by Redis 7.0 (reference §4.4). */
    static final byte[] TINY_RDB = hex("5245444953303031 30FFA9FD37FE89A77EEB");

    static byte[] hex(String text) {
        String clean = text.replace(" ", "");
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** What one scenario feeds and expects. */
    record Case(String name, byte[] wire, byte[] payload, byte[] after, String startEvent, int keepalives) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        byte[] rdb = TINY_RDB;
        cases.add(new Case("length form + stream", concat(ascii("$18\r\n"), rdb, STREAM), rdb, STREAM, "start:false:18", 0));
        cases.add(new Case("keepalives + length form", concat(ascii("\n\n\r\n$18\r\n"), rdb), rdb, new byte[0], "start:false:18", 3));
        cases.add(new Case("EOF form", concat(ascii("\n$EOF:" + MARK + "\r\n"), rdb, ascii(MARK)), rdb, new byte[0], "start:true:-1", 1));
        cases.add(new Case("EOF form + stream glued", concat(ascii("$EOF:" + MARK + "\r\n"), rdb, ascii(MARK), STREAM), rdb, STREAM,
                "start:true:-1", 0));
        cases.add(new Case("empty length form", concat(ascii("$0\r\n"), STREAM), new byte[0], STREAM, "start:false:0", 0));
        cases.add(new Case("empty EOF form", concat(ascii("$EOF:" + MARK + "\r\n" + MARK), STREAM), new byte[0], STREAM,
                "start:true:-1", 0));
        // Payload bytes that look like partial marks, including right before the real mark.
        byte[] tricky = concat(ascii(MARK.substring(0, 39)), ascii("x"), ascii(MARK.substring(0, 1)), ascii(MARK.substring(0, 20)),
                rdb, ascii(MARK.substring(0, 39)));
        cases.add(new Case("payload full of mark prefixes", concat(ascii("$EOF:" + MARK + "\r\n"), tricky, ascii(MARK), STREAM),
                tricky, STREAM, "start:true:-1", 0));
        // A self-overlapping mark stresses the automaton's fallbacks. (Payloads must not contain
        // the mark, and must not end with bytes that form it together with the mark's start:
        // the first occurrence ends the payload, as it does for Redis.)
        String periodic = "a".repeat(39) + "b";
        byte[] manyA = concat(ascii("a".repeat(100)), ascii("c"), ascii("a".repeat(38)), ascii("cb"));
        cases.add(new Case("self-overlapping mark", concat(ascii("$EOF:" + periodic + "\r\n"), manyA, ascii("a".repeat(3)),
                ascii(periodic), STREAM), concat(manyA, ascii("aaa")), STREAM, "start:true:-1", 0));
        String abab = "ab".repeat(20);
        byte[] ababPayload = ascii("ab".repeat(19) + "a" + "ab".repeat(19) + "b");
        cases.add(new Case("periodic mark", concat(ascii("$EOF:" + abab + "\r\n"), ababPayload, ascii(abab)),
                ababPayload, new byte[0], "start:true:-1", 0));
        // Redis takes the first 40 characters after $EOF: as the mark.
        cases.add(new Case("long EOF line", concat(ascii("$EOF:" + MARK + "extra\r\n"), rdb, ascii(MARK)), rdb, new byte[0],
                "start:true:-1", 0));
        // Header without CR.
        cases.add(new Case("LF-only header", concat(ascii("$18\n"), rdb, STREAM), rdb, STREAM, "start:false:18", 0));
        return cases;
    }

    static Stream<Arguments> caseArgs() {
        return cases().stream().map(Arguments::of);
    }

    /**
     * The reads a master produces: in the EOF form the mark ends a read (Redis and Tandem masters
     * send nothing after it before the replica's first ACK, and the replica, as Redis's, looks for
     * the mark only at the end of a read), so the piece holding the mark's end is cut there.
     */
    static List<byte[]> asReads(Case c, List<byte[]> pieces) {
        if (!c.startEvent().startsWith("start:true")) {
            return pieces;
        }
        int cut = c.wire().length - c.after().length;
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        for (byte[] piece : pieces) {
            if (at < cut && cut < at + piece.length) {
                out.add(java.util.Arrays.copyOfRange(piece, 0, cut - at));
                out.add(java.util.Arrays.copyOfRange(piece, cut - at, piece.length));
            } else {
                out.add(piece);
            }
            at += piece.length;
        }
        return out;
    }

    /** Feeds the pieces; returns what is left after completion. */
    static byte[] feed(Case c, RdbPayloadParser parser, List<byte[]> pieces) throws RdbTransferException {
        return feed(parser, asReads(c, pieces));
    }

    /** Feeds the pieces; returns what is left after completion. */
    static byte[] feed(RdbPayloadParser parser, List<byte[]> pieces) throws RdbTransferException {
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        boolean done = false;
        for (byte[] piece : pieces) {
            ByteBuf buf = Unpooled.wrappedBuffer(piece);
            try {
                if (done) {
                    after.writeBytes(piece);
                    continue;
                }
                done = parser.feed(buf);
                if (done) {
                    byte[] rest = new byte[buf.readableBytes()];
                    buf.readBytes(rest);
                    after.writeBytes(rest);
                } else {
                    assertFalse(buf.isReadable(), "an unfinished parse consumes everything");
                }
            } finally {
                buf.release();
            }
        }
        assertTrue(done, "payload complete");
        return after.toByteArray();
    }

    static void check(Case c, RecordingSink sink, byte[] after) {
        assertTrue(sink.completed, () -> "not complete: " + sink.events);
        assertNull(sink.failure);
        assertArrayEquals(c.payload(), sink.payload.toByteArray(), "payload");
        assertArrayEquals(c.after(), after, "bytes after the payload stay for the next reader");
        assertEquals(c.keepalives(), sink.keepalives);
        assertEquals(c.startEvent(), sink.events.get(sink.events.size() - 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseArgs")
    void wholeInputAtOnce(Case c) throws Exception {
        RecordingSink sink = new RecordingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        check(c, sink, feed(c, parser, List.of(c.wire())));
        assertEquals(c.payload().length, parser.payloadBytes());
        assertEquals(c.wire().length - c.after().length, parser.bytesConsumed());
        assertTrue(parser.isComplete());
        assertTrue(parser.hasStarted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseArgs")
    void splitInTwoAtEveryPosition(Case c) throws Exception {
        byte[] wire = c.wire();
        for (int split = 0; split <= wire.length; split++) {
            RecordingSink sink = new RecordingSink();
            byte[] first = java.util.Arrays.copyOfRange(wire, 0, split);
            byte[] second = java.util.Arrays.copyOfRange(wire, split, wire.length);
            check(c, sink, feed(c, new RdbPayloadParser(sink), List.of(first, second)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseArgs")
    void oneByteAtATime(Case c) throws Exception {
        List<byte[]> pieces = new ArrayList<>();
        for (byte b : c.wire()) {
            pieces.add(new byte[] {b});
        }
        RecordingSink sink = new RecordingSink();
        check(c, sink, feed(c, new RdbPayloadParser(sink), pieces));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseArgs")
    void randomSplits(Case c) throws Exception {
        Random random = new Random(c.name().hashCode());
        for (int round = 0; round < 50; round++) {
            List<byte[]> pieces = new ArrayList<>();
            int at = 0;
            while (at < c.wire().length) {
                int n = Math.min(c.wire().length - at, random.nextInt(45));
                pieces.add(java.util.Arrays.copyOfRange(c.wire(), at, at + n));
                at += n;
            }
            RecordingSink sink = new RecordingSink();
            check(c, sink, feed(c, new RdbPayloadParser(sink), pieces));
        }
    }

    @Test
    void largeEofPayloadIsDeliveredAsSlicesWithoutHoldingMoreThanTheMark() throws Exception {
        Random random = new Random(3);
        byte[] rdb = new byte[200_000];
        random.nextBytes(rdb);
        byte[] wire = concat(ascii("$EOF:" + MARK + "\r\n"), rdb, ascii(MARK), STREAM);
        RecordingSink sink = new RecordingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        List<byte[]> pieces = new ArrayList<>();
        int markEnd = wire.length - STREAM.length;
        for (int at = 0; at < markEnd; at += 16 * 1024) {
            pieces.add(java.util.Arrays.copyOfRange(wire, at, Math.min(markEnd, at + 16 * 1024)));
        }
        pieces.add(STREAM);
        byte[] after = feed(parser, pieces);
        assertArrayEquals(rdb, sink.payload.toByteArray());
        assertArrayEquals(STREAM, after);
        assertTrue(sink.chunks <= 2 * pieces.size(), "no byte-by-byte delivery: " + sink.chunks);
    }

    /**
     * Redis's replica compares only the last 40 bytes of each read with the mark: a mark inside a
     * read, with bytes after it, is payload. The same bytes, read with the mark ending a read,
     * end the payload.
     */
    @Test
    void theMarkIsFoundOnlyAtTheEndOfARead() throws Exception {
        byte[] glued = concat(ascii("$EOF:" + MARK + "\r\n"), TINY_RDB, ascii(MARK), STREAM);
        RecordingSink sink = new RecordingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        ByteBuf in = Unpooled.wrappedBuffer(glued);
        try {
            assertFalse(parser.feed(in), "a mark followed by more bytes in the same read is payload");
            assertFalse(in.isReadable());
        } finally {
            in.release();
        }
        ByteBuf more = Unpooled.wrappedBuffer(ascii(MARK));
        try {
            assertTrue(parser.feed(more), "the next read ending with the mark ends the payload");
        } finally {
            more.release();
        }
        assertArrayEquals(concat(TINY_RDB, ascii(MARK), STREAM), sink.payload.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "-ERR BGSAVE failed, replication can't continue\r\n",
        "+FULLRESYNC aa 1\r\n",
        "*1\r\n",
        "$abc\r\n",
        "$-1\r\n",
        "$+5\r\n",
        "$\r\n",
        "$ 5\r\n",
        "$EOF:tooshort\r\n",
        "$9999999999999999999\r\n",
    })
    void badHeadersFailWithAClearMessage(String header) {
        RecordingSink sink = new RecordingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        ByteBuf in = Unpooled.copiedBuffer(header, StandardCharsets.ISO_8859_1);
        RdbTransferException e = assertThrows(RdbTransferException.class, () -> parser.feed(in));
        in.release();
        assertEquals(List.of("failure"), sink.events);
        assertEquals(e, sink.failure);
        assertTrue(e.getMessage().startsWith(header.startsWith("-") ? "MASTER aborted replication with an error: ERR BGSAVE"
                : "Bad protocol from MASTER"), e.getMessage());
        assertTrue(parser.isFinished());
        assertFalse(parser.isComplete());
        parser.abort(new RuntimeException("late")); // no second report
        assertEquals(1, sink.events.size());
    }

    @Test
    void aHeaderLineWithoutEndIsRejectedAtTheLimit() {
        RecordingSink sink = new RecordingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        ByteBuf first = Unpooled.copiedBuffer("$" + "1".repeat(1000), StandardCharsets.US_ASCII);
        assertDoesNotThrowFeed(parser, first);
        ByteBuf second = Unpooled.copiedBuffer("1".repeat(100), StandardCharsets.US_ASCII);
        RdbTransferException e = assertThrows(RdbTransferException.class, () -> parser.feed(second));
        second.release();
        assertTrue(e.getMessage().contains("longer than 1024 bytes"), e.getMessage());
    }

    private static void assertDoesNotThrowFeed(RdbPayloadParser parser, ByteBuf in) {
        try {
            assertFalse(parser.feed(in));
        } catch (RdbTransferException e) {
            throw new AssertionError(e);
        } finally {
            in.release();
        }
    }

    @Test
    void abortBeforeTheEndReportsOnce() throws Exception {
        RecordingSink sink = new RecordingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        ByteBuf in = Unpooled.copiedBuffer("$100\r\nabc", StandardCharsets.US_ASCII);
        assertFalse(parser.feed(in));
        in.release();
        parser.abort(new RdbTransferException("link lost"));
        parser.abort(new RdbTransferException("again"));
        assertEquals(List.of("start:false:100", "failure"), sink.events);
        assertEquals("link lost", sink.failure.getMessage());
        assertEquals(3, parser.payloadBytes());
    }

    @Test
    void abortAfterCompletionIsIgnored() throws Exception {
        RecordingSink sink = new RecordingSink();
        RdbPayloadParser parser = new RdbPayloadParser(sink);
        ByteBuf in = Unpooled.copiedBuffer("$1\r\nx", StandardCharsets.US_ASCII);
        assertTrue(parser.feed(in));
        in.release();
        parser.abort(new RdbTransferException("late"));
        assertNull(sink.failure);
        assertTrue(parser.isComplete());
    }

    @Test
    void aThrowingSinkEndsTheTransfer() {
        List<Throwable> failures = new ArrayList<>();
        RdbPayloadParser parser = new RdbPayloadParser(new RdbPayloadSink() {
            @Override
            public void onStart(boolean eofMarked, long lengthOrMinus1) {
            }

            @Override
            public void onChunk(ByteBuf chunk) {
                chunk.release();
                throw new IllegalStateException("disk full");
            }

            @Override
            public void onComplete() {
            }

            @Override
            public void onFailure(Throwable cause) {
                failures.add(cause);
            }
        });
        ByteBuf in = Unpooled.copiedBuffer("$5\r\nabcde", StandardCharsets.US_ASCII);
        assertThrows(IllegalStateException.class, () -> parser.feed(in));
        in.release();
        assertEquals(1, failures.size());
        assertTrue(parser.isFinished());
    }
}
