/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.STREAM;
import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.TINY_RDB;
import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RdbPayloadFramerTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static byte[] take(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    /** Frames {@code payload} in pieces of {@code piece} bytes and returns the wire bytes. */
    private static byte[] frameAll(RdbPayloadFramer framer, byte[] payload, int piece) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(take(framer.header(ALLOC)));
        for (int at = 0; at < payload.length; at += piece) {
            ByteBuf chunk = Unpooled.copiedBuffer(payload, at, Math.min(piece, payload.length - at));
            wire.writeBytes(take(framer.frame(chunk)));
        }
        wire.writeBytes(take(framer.trailer(ALLOC)));
        return wire.toByteArray();
    }

    @Test
    void eofFormMatchesTheWire() {
        byte[] mark = "aa6fb38dc4f66826e2d1762fac6a61188ee3a329".getBytes(StandardCharsets.US_ASCII);
        RdbPayloadFramer framer = RdbPayloadFramer.eofMarked(mark);
        byte[] wire = frameAll(framer, TINY_RDB, 5);
        assertArrayEquals(concat("$EOF:aa6fb38dc4f66826e2d1762fac6a61188ee3a329\r\n".getBytes(StandardCharsets.US_ASCII),
                TINY_RDB, mark), wire);
        assertEquals(18, framer.payloadBytes());
        assertTrue(framer.isEofMarked());
        assertEquals(-1, framer.length());
        assertArrayEquals(mark, framer.mark());
    }

    @Test
    void lengthFormMatchesTheWireWithoutTrailingCrlf() {
        RdbPayloadFramer framer = RdbPayloadFramer.withLength(18);
        assertArrayEquals(concat("$18\r\n".getBytes(StandardCharsets.US_ASCII), TINY_RDB), frameAll(framer, TINY_RDB, 7));
        assertFalse(framer.isEofMarked());
        assertThrows(IllegalStateException.class, framer::mark);
    }

    @Test
    void randomMarksAreFortyHexCharactersAndDiffer() {
        byte[] a = RdbPayloadFramer.eofMarked().mark();
        byte[] b = RdbPayloadFramer.eofMarked().mark();
        assertTrue(new String(a, StandardCharsets.US_ASCII).matches("[0-9a-f]{40}"));
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void keepaliveIsOneNewline() {
        assertArrayEquals(new byte[] {'\n'}, take(RdbPayloadFramer.keepalive()));
    }

    @Test
    void framedPayloadsRoundTripThroughTheParser() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 30; round++) {
            byte[] payload = new byte[random.nextInt(5000)];
            random.nextBytes(payload);
            RdbPayloadFramer framer = round % 2 == 0 ? RdbPayloadFramer.eofMarked() : RdbPayloadFramer.withLength(payload.length);
            byte[] framed = concat("\n\n".getBytes(StandardCharsets.US_ASCII), frameAll(framer, payload, 1 + random.nextInt(700)));
            RecordingSink sink = new RecordingSink();
            // The stream comes in a later read: the replica looks for the mark at a read's end.
            byte[] after = RdbPayloadParserTest.feed(new RdbPayloadParser(sink), List.of(framed, STREAM));
            assertArrayEquals(payload, sink.payload.toByteArray());
            assertArrayEquals(STREAM, after);
            assertEquals(2, sink.keepalives);
        }
    }

    @Test
    void misuseIsRejected() {
        RdbPayloadFramer framer = RdbPayloadFramer.withLength(3);
        ByteBuf early = Unpooled.copiedBuffer(new byte[] {1});
        assertThrows(IllegalStateException.class, () -> framer.frame(early));
        assertEquals(0, early.refCnt(), "a rejected chunk is released");
        assertThrows(IllegalStateException.class, () -> framer.trailer(ALLOC));
        framer.header(ALLOC).release();
        assertThrows(IllegalStateException.class, () -> framer.header(ALLOC));
        ByteBuf tooMuch = Unpooled.copiedBuffer(new byte[4]);
        assertThrows(IllegalStateException.class, () -> framer.frame(tooMuch));
        assertEquals(0, tooMuch.refCnt());
        framer.frame(Unpooled.copiedBuffer(new byte[2])).release();
        IllegalStateException shortPayload = assertThrows(IllegalStateException.class, () -> framer.trailer(ALLOC));
        assertTrue(shortPayload.getMessage().contains("announced 3 bytes but 2"), shortPayload.getMessage());
        framer.frame(Unpooled.copiedBuffer(new byte[1])).release();
        framer.trailer(ALLOC).release();
        ByteBuf late = Unpooled.copiedBuffer(new byte[1]);
        assertThrows(IllegalStateException.class, () -> framer.frame(late));
        assertThrows(IllegalStateException.class, () -> framer.trailer(ALLOC));

        assertThrows(IllegalArgumentException.class, () -> RdbPayloadFramer.withLength(-1));
        assertThrows(IllegalArgumentException.class, () -> RdbPayloadFramer.eofMarked(new byte[39]));
        byte[] withNewline = new byte[40];
        java.util.Arrays.fill(withNewline, (byte) 'a');
        withNewline[7] = '\n';
        assertThrows(IllegalArgumentException.class, () -> RdbPayloadFramer.eofMarked(withNewline));
    }
}
