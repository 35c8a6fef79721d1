/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static dev.tandem.resp.RespTestSupport.concat;
import static dev.tandem.resp.RespTestSupport.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

/** Redis's limits, switching them on a live decoder, and claimed sizes that must not allocate. */
class RespDecoderLimitsTest {

    @Test
    void defaultsAreRedis70s() {
        RespDecoderLimits d = RespDecoderLimits.defaults();
        assertEquals(512L * 1024 * 1024, d.maxBulkLength());
        assertEquals(Integer.MAX_VALUE, d.maxMultibulkLength());
        assertEquals(64 * 1024, d.maxInlineLength());
        assertFalse(d.unauthenticated());
        assertTrue(d.inlineCommandsAllowed());
        assertTrue(RespDecoderLimits.unauthenticatedDefaults().unauthenticated());
        assertEquals(Long.MAX_VALUE, RespDecoderLimits.forMasterLink().maxBulkLength());
        assertFalse(RespDecoderLimits.forMasterLink().inlineCommandsAllowed());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxInlineLength(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBulkLength(-1));
    }

    @Test
    void unauthenticatedCapsAreTenArgumentsAnd16KBulks() {
        RespDecoderLimits unauth = RespDecoderLimits.unauthenticatedDefaults();
        // At the caps: accepted.
        byte[] ten = bytes("*10\r\n" + "$1\r\na\r\n".repeat(10));
        assertEquals(10, ((RespCommand) RespTestSupport.decode(() -> new RespCommandDecoder(unauth), ten).get(0)).argc());
        byte[] bulk16k = concat(bytes("*1\r\n$16384\r\n"), repeat('v', 16384), bytes("\r\n"));
        assertEquals(16384, ((RespCommand) RespTestSupport.decode(() -> new RespCommandDecoder(unauth), bulk16k).get(0)).arg(0).length);
        // One more: Redis's errors.
        RespProtocolException many = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(() -> new RespCommandDecoder(unauth), bytes("*11\r\n")));
        assertEquals("Protocol error: unauthenticated multibulk length", many.getMessage());
        RespProtocolException big = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(() -> new RespCommandDecoder(unauth), bytes("*1\r\n$16385\r\n")));
        assertEquals("Protocol error: unauthenticated bulk length", big.getMessage());
        // Redis checks validity before authentication.
        RespProtocolException invalid = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(() -> new RespCommandDecoder(unauth), bytes("*1\r\n$536870913\r\n")));
        assertEquals("Protocol error: invalid bulk length", invalid.getMessage());
        // The frame decoder applies the same caps.
        RespProtocolException frames = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(() -> new RespFrameDecoder(unauth), bytes("%11\r\n")));
        assertEquals("Protocol error: unauthenticated multibulk length", frames.getMessage());
    }

    @Test
    void customLimitsUseRedisTexts() {
        RespDecoderLimits small = RespDecoderLimits.defaults().withMaxBulkLength(3).withMaxMultibulkLength(2).withMaxInlineLength(8);
        assertEquals("Protocol error: invalid bulk length", assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(() -> new RespCommandDecoder(small), bytes("*1\r\n$4\r\n"))).getMessage());
        assertEquals("Protocol error: invalid multibulk length", assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(() -> new RespCommandDecoder(small), bytes("*3\r\n"))).getMessage());
        assertEquals("Protocol error: too big inline request", assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(() -> new RespCommandDecoder(small), bytes("123456789"))).getMessage());
        assertEquals(1, RespTestSupport.decode(() -> new RespCommandDecoder(small), bytes("12345678\n")).size());
    }

    /** Relaxes its decoder's limits when it sees AUTH, like a server whose AUTH succeeded. */
    private static final class AuthHandler extends ChannelInboundHandlerAdapter {
        final List<RespCommand> commands = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            RespCommand command = (RespCommand) msg;
            commands.add(command);
            if (command.name().equals("auth")) {
                ctx.pipeline().get(RespCommandDecoder.class).limits(RespDecoderLimits.defaults());
            }
        }
    }

    @Test
    void limitsRelaxedWhileHandlingAuthApplyToTheNextPipelinedCommand() {
        byte[] pipeline = bytes("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*12\r\n" + "$1\r\nx\r\n".repeat(12));
        AuthHandler handler = new AuthHandler();
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(RespDecoderLimits.unauthenticatedDefaults()), handler);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(pipeline)); // one buffer: both commands at once
            assertEquals(2, handler.commands.size());
            assertEquals(12, handler.commands.get(1).argc());
        } finally {
            channel.finishAndReleaseAll();
        }
        // Without the AUTH, the same 12-argument command is refused.
        EmbeddedChannel refused = new EmbeddedChannel(new RespCommandDecoder(RespDecoderLimits.unauthenticatedDefaults()));
        try {
            assertThrows(RespProtocolException.class,
                    () -> refused.writeInbound(Unpooled.wrappedBuffer(bytes("*12\r\n"))));
        } finally {
            refused.finishAndReleaseAll();
        }
    }

    @Test
    void limitsCanBeTightenedOnALiveDecoder() {
        RespCommandDecoder decoder = new RespCommandDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes("*11\r\n" + "$1\r\nx\r\n".repeat(11))));
            assertEquals(11, ((RespCommand) channel.readInbound()).argc());
            decoder.limits(RespDecoderLimits.unauthenticatedDefaults());
            assertEquals(RespDecoderLimits.unauthenticatedDefaults(), decoder.limits());
            assertThrows(RespProtocolException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes("*11\r\n"))));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void claimed2GbBulkAtTheDefaultLimitIsRefusedBeforeAnyPayload() {
        RespCommandParser commands = new RespCommandParser();
        ByteBuf in = Unpooled.wrappedBuffer(bytes("*1\r\n$2147483648\r\n"));
        assertEquals("Protocol error: invalid bulk length", assertThrows(RespProtocolException.class, () -> commands.parse(in)).getMessage());
        assertEquals(0, commands.pendingArgumentCapacity());
        RespFrameParser frames = new RespFrameParser();
        ByteBuf reply = Unpooled.wrappedBuffer(bytes("$2147483648\r\n"));
        assertEquals("Protocol error: invalid bulk length", assertThrows(RespProtocolException.class, () -> frames.parse(reply)).getMessage());
        assertEquals(0, frames.pendingPayloadCapacity());
    }

    @Test
    void claimed2GbTopLevelBulkWithRaisedLimitIsStreamedNotAllocated() {
        RespDecoderLimits raised = RespDecoderLimits.defaults().withMaxBulkLength(4L << 30);
        RespFrameDecoder decoder = new RespFrameDecoder(raised);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes("$2147483648\r\n")));
            assertEquals(new RespBulkStringHeader(2147483648L), channel.readInbound());
            long received = 0;
            for (int i = 0; i < 64; i++) {
                channel.writeInbound(Unpooled.wrappedBuffer(repeat('z', 16 * 1024)));
                RespBulkStringChunk chunk;
                while ((chunk = channel.readInbound()) != null) {
                    received += chunk.content().readableBytes();
                    assertFalse(chunk.isLast());
                    chunk.release();
                }
                assertTrue(decoder.cumulationCapacity() <= 64 * 1024, "cumulation " + decoder.cumulationCapacity());
            }
            assertEquals(64 * 16 * 1024, received);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void claimedHugeArgumentGrowsOnlyWithTheBytesThatArrive() {
        RespDecoderLimits raised = RespDecoderLimits.defaults().withMaxBulkLength(4L << 30);
        RespCommandDecoder decoder = new RespCommandDecoder(raised);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes("*1\r\n$2147483000\r\n")));
            assertEquals(0, decoder.parser().pendingArgumentCapacity(), "nothing allocated before payload arrives");
            int sent = 0;
            for (int i = 0; i < 40; i++) {
                channel.writeInbound(Unpooled.wrappedBuffer(repeat('z', 25_000)));
                sent += 25_000;
                int capacity = decoder.parser().pendingArgumentCapacity();
                assertTrue(capacity <= Math.max(2 * sent, BulkAccumulator.INITIAL_CAPACITY_CAP), "capacity " + capacity + " after " + sent);
                assertTrue(decoder.cumulationCapacity() <= 64 * 1024, "cumulation " + decoder.cumulationCapacity());
            }
            assertNull(channel.readInbound());
            // 2^31 does not fit a byte[]: refused up front even where the limit would allow it.
            RespCommandParser parser = new RespCommandParser(raised);
            assertThrows(RespProtocolException.class, () -> parser.parse(Unpooled.wrappedBuffer(bytes("*1\r\n$2147483648\r\n"))));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void claimedHugeNestedBulkGrowsOnlyWithTheBytesThatArrive() {
        RespDecoderLimits raised = RespDecoderLimits.defaults().withMaxBulkLength(4L << 30);
        RespFrameParser parser = new RespFrameParser(raised, 1024);
        assertNull(parser.parse(Unpooled.wrappedBuffer(bytes("*1\r\n$2147483000\r\n"))));
        assertEquals(0, parser.pendingPayloadCapacity());
        ByteBuf more = Unpooled.wrappedBuffer(repeat('q', 100_000));
        assertNull(parser.parse(more));
        assertFalse(more.isReadable(), "payload bytes are moved out of the input as they arrive");
        assertTrue(parser.pendingPayloadCapacity() <= 256 * 1024, "capacity " + parser.pendingPayloadCapacity());
    }

    @Test
    void claimedHugeArgumentCountIsNotPreallocated() {
        RespCommandParser parser = new RespCommandParser();
        // Redis accepts INT_MAX as a count; nothing is allocated for it up front.
        assertNull(parser.parse(Unpooled.wrappedBuffer(bytes("*2147483647\r\n$1\r\na\r\n"))));
        assertTrue(parser.isInsideCommand());
        RespFrameParser frames = new RespFrameParser();
        assertNull(frames.parse(Unpooled.wrappedBuffer(bytes("*2147483647\r\n:1\r\n%2147483647\r\n"))));
        assertEquals(2, frames.depth());
    }

    @Test
    void aChunkOfTheClaimedStreamIsNeverTheWholeClaim() {
        RespFrameParser parser = new RespFrameParser(RespDecoderLimits.defaults(), 16);
        ByteBuf in = Unpooled.wrappedBuffer(bytes("$100\r\n0123456789"));
        assertInstanceOf(RespBulkStringHeader.class, parser.parse(in));
        RespBulkStringChunk chunk = (RespBulkStringChunk) parser.parse(in);
        assertEquals(10, chunk.content().readableBytes());
        chunk.release();
        assertNull(parser.parse(in));
        in.release();
    }
}
