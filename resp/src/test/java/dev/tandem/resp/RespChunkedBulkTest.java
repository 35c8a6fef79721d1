/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static dev.tandem.resp.RespTestSupport.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.TrackingAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

/** Bulk strings above the threshold arrive as header + chunks, and every buffer is released. */
class RespChunkedBulkTest {

    private static final int THRESHOLD = 1000;

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void bulkAboveThresholdArrivesAsHeaderAndChunksThatAddUp() {
        byte[] value = payload(50_000);
        byte[] wire = concat(bytes("$50000\r\n"), value, bytes("\r\n:1\r\n$1000\r\n"), payload(1000), bytes("\r\n"));
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(new RespFrameDecoder(RespDecoderLimits.defaults(), THRESHOLD));
        channel.config().setAllocator(alloc);
        List<RespBulkStringChunk> chunks = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        try {
            // Arrives in reads of 4 KB, as from a socket.
            for (int from = 0; from < wire.length; from += 4096) {
                channel.writeInbound(alloc.copyOf(wire, from, Math.min(4096, wire.length - from)));
                Object msg;
                while ((msg = channel.readInbound()) != null) {
                    if (msg instanceof RespBulkStringChunk c) {
                        assertTrue(c.refCnt() > 0);
                        chunks.add(c); // held, to check they stay valid while more input arrives
                    } else {
                        others.add(msg);
                    }
                }
            }
            assertEquals(new RespBulkStringHeader(50_000), others.get(0));
            assertEquals(RespInteger.ONE, others.get(1));
            assertEquals(1000, ((RespBulkString) others.get(2)).length(), "a bulk at the threshold is whole");
            assertEquals(3, others.size());
            assertTrue(chunks.size() > 1);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < chunks.size(); i++) {
                RespBulkStringChunk c = chunks.get(i);
                assertEquals(i == chunks.size() - 1, c.isLast());
                assertTrue(c.content().isReadable());
                joined.writeBytes(RespTestSupport.toArray(c.content()));
            }
            assertArrayEquals(value, joined.toByteArray());
        } finally {
            chunks.forEach(RespBulkStringChunk::release);
            channel.finishAndReleaseAll();
        }
        assertEquals(List.of(), alloc.unreleased());
    }

    @Test
    void encoderPassesChunksThroughWithoutCopyAndClosesWithCrlf() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(RespEncoder.INSTANCE);
        channel.config().setAllocator(alloc);
        ByteBuf first = alloc.copyOf(bytes("hello "), 0, 6);
        ByteBuf last = alloc.copyOf(bytes("world"), 0, 5);
        try {
            channel.writeOutbound(new RespBulkStringHeader(11), new RespBulkStringChunk(first, false), new RespBulkStringChunk(last, true));
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            ByteBuf out;
            int passedOnAsIs = 0;
            while ((out = channel.readOutbound()) != null) {
                if (out == first || out == last) {
                    passedOnAsIs++;
                }
                wire.writeBytes(RespTestSupport.toArray(out));
                out.release();
            }
            assertArrayEquals(bytes("$11\r\nhello world\r\n"), wire.toByteArray());
            assertEquals(2, passedOnAsIs, "chunk contents are passed on, not copied");
        } finally {
            channel.finishAndReleaseAll();
        }
        assertEquals(List.of(), alloc.unreleased());
    }

    @Test
    void decodedChunksReEncodeToTheOriginalBytes() {
        byte[] value = payload(5000);
        byte[] wire = concat(bytes("$5000\r\n"), value, bytes("\r\n"));
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel decoder = new EmbeddedChannel(new RespFrameDecoder(RespDecoderLimits.defaults(), THRESHOLD));
        EmbeddedChannel encoder = new EmbeddedChannel(RespEncoder.INSTANCE);
        decoder.config().setAllocator(alloc);
        encoder.config().setAllocator(alloc);
        try {
            for (int from = 0; from < wire.length; from += 777) {
                decoder.writeInbound(alloc.copyOf(wire, from, Math.min(777, wire.length - from)));
                Object msg;
                while ((msg = decoder.readInbound()) != null) {
                    encoder.writeOutbound(msg); // the encoder releases each chunk
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuf buf;
            while ((buf = encoder.readOutbound()) != null) {
                out.writeBytes(RespTestSupport.toArray(buf));
                buf.release();
            }
            assertArrayEquals(wire, out.toByteArray());
        } finally {
            decoder.finishAndReleaseAll();
            encoder.finishAndReleaseAll();
        }
        assertEquals(List.of(), alloc.unreleased());
    }

    @Test
    void channelClosedInsideAChunkedBulkLeaksNothing() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(new RespFrameDecoder(RespDecoderLimits.defaults(), 4));
        channel.config().setAllocator(alloc);
        byte[] partial = bytes("$100\r\n0123456789");
        channel.writeInbound(alloc.copyOf(partial, 0, partial.length));
        assertInstanceOf(RespBulkStringHeader.class, channel.readInbound());
        RespBulkStringChunk chunk = channel.readInbound();
        assertFalse(chunk.isLast());
        chunk.release();
        assertNull(channel.readInbound());
        assertFalse(channel.finishAndReleaseAll());
        assertEquals(List.of(), alloc.unreleased());
    }

    @Test
    void chunksOfAFailedStreamAreStillReleasable() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(new RespFrameDecoder(RespDecoderLimits.defaults(), 4));
        channel.config().setAllocator(alloc);
        byte[] bad = bytes("$10\r\n0123456789XY");
        try {
            channel.writeInbound(alloc.copyOf(bad, 0, bad.length));
        } catch (RespProtocolException expected) {
            assertEquals("Protocol error: bulk payload not followed by CRLF", expected.getMessage());
        }
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof RespBulkStringChunk c) {
                c.release();
            }
        }
        channel.finishAndReleaseAll();
        assertEquals(List.of(), alloc.unreleased());
    }
}
