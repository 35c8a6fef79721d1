/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.TrackingAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/** Helpers shared by the tests: byte literals, feeding split input through decoders. */
final class RespTestSupport {

    private RespTestSupport() {
    }

    /** The bytes of {@code s}, one per char (ISO-8859-1), so "\r\n" and "\u00ff" mean what they say. */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    static byte[] encode(RespFrame frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            RespWriter.writeFrame(buf, frame);
            return toArray(buf);
        } finally {
            buf.release();
        }
    }

    static byte[] toArray(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), b);
        return b;
    }

    /**
     * A bulk string that arrived as header + chunks, joined; what the split tests compare, since
     * chunk boundaries depend on how the input was split.
     */
    record StreamedBulk(long declaredLength, byte[] content) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StreamedBulk s && s.declaredLength == declaredLength && Arrays.equals(s.content, content);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "StreamedBulk[" + declaredLength + ", " + RespDebug.quote(content, 40) + "]";
        }
    }

    /**
     * Feeds {@code input} cut at {@code cuts} (increasing offsets) through a fresh decoder from
     * {@code decoder} in an EmbeddedChannel; returns what came out, with chunk streams joined
     * into {@link StreamedBulk}s. Checks that every chunk arrives with one reference, is
     * non-empty when last, and releases it.
     */
    static List<Object> decode(Supplier<? extends ChannelHandler> decoder, byte[] input, int... cuts) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
        channel.config().setAllocator(alloc);
        List<Object> out = new ArrayList<>();
        ChunkJoiner joiner = new ChunkJoiner();
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : input.length;
                if (to > from) {
                    channel.writeInbound(alloc.copyOf(input, from, to - from));
                }
                drain(channel, joiner, out);
                from = to;
            }
            assertFalse(joiner.inProgress(), "input ended inside a chunked bulk string");
        } finally {
            channel.finishAndReleaseAll();
        }
        assertEquals(List.of(), alloc.unreleased(), "every buffer must be released");
        return out;
    }

    /** Feeds {@code input} one byte at a time. */
    static List<Object> decodeByteByByte(Supplier<? extends ChannelHandler> decoder, byte[] input) {
        int[] cuts = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return decode(decoder, input, cuts);
    }

    private static void drain(EmbeddedChannel channel, ChunkJoiner joiner, List<Object> out) {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            Object joined = joiner.accept(msg);
            if (joined != null) {
                out.add(joined);
            }
        }
    }

    /** Joins header + chunks into a StreamedBulk, releasing every chunk after checking it. */
    static final class ChunkJoiner {
        private RespBulkStringHeader header;
        private ByteArrayOutputStream content;

        boolean inProgress() {
            return header != null;
        }

        Object accept(Object msg) {
            if (msg instanceof RespBulkStringHeader h) {
                assertFalse(inProgress(), "header inside a chunk stream");
                header = h;
                content = new ByteArrayOutputStream();
                return null;
            }
            if (msg instanceof RespBulkStringChunk chunk) {
                try {
                    assertTrue(inProgress(), "chunk without header");
                    assertTrue(chunk.refCnt() >= 1, "a chunk must arrive holding a reference");
                    content.writeBytes(toArray(chunk.content()));
                    if (!chunk.isLast()) {
                        return null;
                    }
                    assertTrue(chunk.content().isReadable(), "the last chunk must not be empty");
                    StreamedBulk bulk = new StreamedBulk(header.length(), content.toByteArray());
                    assertEquals(header.length(), bulk.content().length, "chunks must add up to the declared length");
                    header = null;
                    content = null;
                    return bulk;
                } finally {
                    chunk.release();
                }
            }
            assertFalse(inProgress(), "frame inside a chunk stream: " + msg);
            return msg;
        }
    }
}
