/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.MARK;
import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.STREAM;
import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.TINY_RDB;
import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.ascii;
import static dev.tandem.replication.internal.sync.RdbPayloadParserTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RdbTransferHandlerTest {

    private static byte[] drainInbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf msg;
        while ((msg = channel.readInbound()) != null) {
            byte[] bytes = new byte[msg.readableBytes()];
            msg.readBytes(bytes);
            out.writeBytes(bytes);
            msg.release();
        }
        return out.toByteArray();
    }

    @Test
    void everySplitDeliversThePayloadAndPassesTheStreamOn() {
        byte[] payload = concat(ascii("\n\n$EOF:" + MARK + "\r\n"), TINY_RDB, ascii(MARK));
        byte[] wire = concat(payload, STREAM);
        for (int split = 0; split <= payload.length; split++) {
            RecordingSink sink = new RecordingSink();
            RdbTransferHandler handler = new RdbTransferHandler(sink);
            EmbeddedChannel channel = new EmbeddedChannel(handler);
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, 0, split)));
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, split, payload.length)));
            // The stream follows in a later read (the master waits for the first ACK).
            channel.writeInbound(Unpooled.wrappedBuffer(STREAM));
            assertTrue(sink.completed, "split " + split);
            assertArrayEquals(TINY_RDB, sink.payload.toByteArray());
            assertEquals(2, sink.keepalives);
            assertNull(channel.pipeline().get(RdbTransferHandler.class), "the handler removed itself");
            assertArrayEquals(STREAM, drainInbound(channel), "split " + split);
            assertEquals(TINY_RDB.length, handler.payloadBytes());
            assertEquals(wire.length - STREAM.length, handler.bytesConsumed());
            assertFalse(channel.finish());
        }
    }

    @Test
    void theSinkCanInstallTheStreamHandlerOnCompletion() {
        List<String> order = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        RecordingSink recording = new RecordingSink();
        channel.pipeline().addLast("rdb", new RdbTransferHandler(new RdbPayloadSink() {
            @Override
            public void onStart(boolean eofMarked, long length) {
                recording.onStart(eofMarked, length);
            }

            @Override
            public void onChunk(ByteBuf chunk) {
                recording.onChunk(chunk);
            }

            @Override
            public void onComplete() {
                order.add("complete");
                channel.pipeline().addAfter("rdb", "stream", new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        order.add("stream:" + ((ByteBuf) msg).readableBytes());
                        ctx.fireChannelRead(msg);
                    }
                });
            }

            @Override
            public void onFailure(Throwable cause) {
                order.add("failure");
            }
        }));
        channel.writeInbound(Unpooled.wrappedBuffer(concat(ascii("$18\r\n"), TINY_RDB, STREAM)));
        assertEquals(List.of("complete", "stream:" + STREAM.length), order);
        assertArrayEquals(STREAM, drainInbound(channel));
        assertArrayEquals(TINY_RDB, recording.payload.toByteArray());
        channel.finishAndReleaseAll();
    }

    @Test
    void aProtocolErrorFailsTheSinkAndClosesTheChannel() {
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = new EmbeddedChannel(new RdbTransferHandler(sink));
        channel.writeInbound(Unpooled.wrappedBuffer(ascii("-ERR BGSAVE failed, replication can't continue\r\n")));
        assertInstanceOf(RdbTransferException.class, sink.failure);
        assertFalse(channel.isOpen());
        assertEquals(List.of("failure"), sink.events);
        assertFalse(channel.finish());
    }

    @Test
    void losingTheConnectionMidPayloadFailsTheSink() {
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = new EmbeddedChannel(new RdbTransferHandler(sink));
        channel.writeInbound(Unpooled.wrappedBuffer(concat(ascii("$18\r\n"), Arrays.copyOf(TINY_RDB, 10))));
        channel.close();
        assertInstanceOf(RdbTransferException.class, sink.failure);
        assertTrue(sink.failure.getMessage().contains("connection lost"), sink.failure.getMessage());
        assertEquals(10, sink.payload.size());
        assertFalse(channel.finish());
    }

    @Test
    void removalBeforeTheEndFailsTheSink() {
        RecordingSink sink = new RecordingSink();
        RdbTransferHandler handler = new RdbTransferHandler(sink);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(Unpooled.wrappedBuffer(ascii("$EOF:" + MARK + "\r\nabc")));
        channel.pipeline().remove(handler);
        assertTrue(sink.failure.getMessage().contains("removed before"), sink.failure.getMessage());
        channel.finishAndReleaseAll();
    }

    @Test
    void otherMessagesPassThrough() {
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = new EmbeddedChannel(new RdbTransferHandler(sink));
        channel.writeInbound("not bytes");
        assertEquals("not bytes", channel.readInbound());
        assertTrue(sink.events.isEmpty());
        channel.finishAndReleaseAll();
    }
}
