/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static dev.tandem.resp.RespTestSupport.concat;
import static dev.tandem.resp.RespTestSupport.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Malformed input of each kind fails with its own message; for requests, Redis 7.0's exact text
 * (networking.c), which {@code RespRedisInteropTest} also checks against a live redis-server.
 */
class RespProtocolErrorTest {

    private static final int BIG = RespDecoderLimits.REDIS_PROTO_INLINE_MAX_SIZE + 1;

    /** Request input that Redis rejects, with the error Redis replies (after "-ERR "). */
    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("*abc\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*2147483648\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*01\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*+1\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*-0\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("* 1\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*99999999999999999999\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*1\r\n$-1\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("*1\r\n$01\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("*1\r\n$\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("*1\r\n$536870913\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("*1\r\n$2147483648\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("*1\r\nx3\r\n", "Protocol error: expected '$', got 'x'"),
                Arguments.of("*2\r\n$1\r\na\r\n:1\r\n", "Protocol error: expected '$', got ':'"),
                Arguments.of("*1\r\n\r\n", "Protocol error: expected '$', got '\r'"),
                Arguments.of("set \"a\r\n", "Protocol error: unbalanced quotes in request"),
                Arguments.of("set 'a\n", "Protocol error: unbalanced quotes in request"),
                Arguments.of("set \"a\"b\r\n", "Protocol error: unbalanced quotes in request"),
                Arguments.of("set 'a'b\r\n", "Protocol error: unbalanced quotes in request"),
                Arguments.of("set \"a\\\"\r\n", "Protocol error: unbalanced quotes in request"),
                Arguments.of(new String(repeat('a', BIG), java.nio.charset.StandardCharsets.ISO_8859_1), "Protocol error: too big inline request"),
                Arguments.of("*" + "1".repeat(BIG), "Protocol error: too big mbulk count string"),
                Arguments.of("*1\r\n$" + "1".repeat(BIG), "Protocol error: too big bulk count string"));
    }

    @ParameterizedTest(name = "{1} <- {0}")
    @MethodSource("malformedRequests")
    void commandDecoderRejectsWithRedisText(String input, String message) {
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(RespCommandDecoder::new, bytes(input)));
        assertEquals(message, e.getMessage());
        // The same error however the input is split.
        byte[] wire = bytes(input);
        for (int cut = 1; cut < Math.min(wire.length, 40); cut++) {
            int c = cut;
            RespProtocolException split = assertThrows(RespProtocolException.class,
                    () -> RespTestSupport.decode(RespCommandDecoder::new, wire, c));
            assertEquals(message, split.getMessage(), "split at " + cut);
        }
    }

    @Test
    void errorReplyIsRedisLineWithLineBreaksBlanked() {
        RespProtocolException e = new RespProtocolException("Protocol error: expected '$', got '\r'");
        assertArrayEquals(bytes("ERR Protocol error: expected '$', got ' '"), e.errorReplyBytes());
        RespProtocolException binary = new RespProtocolException("Protocol error: expected '$', got '\u00ff'");
        assertArrayEquals(bytes("ERR Protocol error: expected '$', got '\u00ff'"), binary.errorReplyBytes());
    }

    @Test
    void linesAtTheInlineLimitAreAccepted() {
        int max = RespDecoderLimits.REDIS_PROTO_INLINE_MAX_SIZE;
        byte[] inline = concat(repeat('a', max), bytes("\n"));
        RespCommand c = (RespCommand) RespTestSupport.decode(RespCommandDecoder::new, inline).get(0);
        assertEquals(max, c.arg(0).length);
        assertEquals(max + 1, c.wireLength());
        // Exactly max bytes before the LF, one of them the CR.
        byte[] withCr = concat(repeat('b', max - 1), bytes("\r\n"));
        assertEquals(max + 1, ((RespCommand) RespTestSupport.decode(RespCommandDecoder::new, withCr).get(0)).wireLength());
    }

    @Test
    void masterLinkRejectsInlineCommandsButCountsKeepalives() {
        Supplier<ChannelHandler> masterLink = () -> new RespCommandDecoder(RespDecoderLimits.forMasterLink());
        assertEquals(java.util.List.of(new RespCommand(new byte[0][], 1, true), new RespCommand(new byte[0][], 2, true)),
                RespTestSupport.decode(masterLink, bytes("\n\r\n")));
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(masterLink, bytes("\nPING\r\n")));
        assertEquals("Protocol error: Master using the inline protocol. Desync?", e.getMessage());
        // Redis does not bound the bulk length on its master link.
        byte[] big = concat(bytes("*1\r\n$600000000\r\n"), repeat('x', 100));
        RespCommandParser parser = new RespCommandParser(RespDecoderLimits.forMasterLink());
        assertNull(parser.parse(Unpooled.wrappedBuffer(big)));
    }

    @Test
    void commandsBeforeTheErrorAreDeliveredAndInputAfterItIsDiscarded() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder());
        try {
            RespProtocolException e = assertThrows(RespProtocolException.class,
                    () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes("PING\r\n*1\r\n$3\r\nGET\r\n*x\r\nPING\r\n"))));
            assertEquals("Protocol error: invalid multibulk length", e.getMessage());
            assertEquals("ping", ((RespCommand) channel.readInbound()).name());
            assertEquals("get", ((RespCommand) channel.readInbound()).name());
            assertNull(channel.readInbound());
            assertTrue(((RespCommandDecoder) channel.pipeline().first()).isFailed());
            channel.writeInbound(Unpooled.wrappedBuffer(bytes("PING\r\n")));
            assertNull(channel.readInbound(), "a failed decoder decodes nothing more");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Reply input that the frame decoder rejects, with its message. */
    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                Arguments.of("?\r\n", "Protocol error, got \"?\" as reply type byte"),
                Arguments.of("\u0001\r\n", "Protocol error, got \"\\x01\" as reply type byte"),
                Arguments.of(";3\r\n", "Protocol error, got \";\" as reply type byte"),
                Arguments.of("+OK\rX", "Protocol error: expected '\\n' after '\\r', got \"X\""),
                Arguments.of(":abc\r\n", "Protocol error: invalid integer \"abc\""),
                Arguments.of(":\r\n", "Protocol error: invalid integer \"\""),
                Arguments.of(":99999999999999999999\r\n", "Protocol error: invalid integer \"99999999999999999999\""),
                Arguments.of(",1.2.3\r\n", "Protocol error: invalid double \"1.2.3\""),
                Arguments.of(",Infinity\r\n", "Protocol error: invalid double \"Infinity\""),
                Arguments.of(",0x1p3\r\n", "Protocol error: invalid double \"0x1p3\""),
                Arguments.of(",1e\r\n", "Protocol error: invalid double \"1e\""),
                Arguments.of(",1d\r\n", "Protocol error: invalid double \"1d\""),
                Arguments.of("#x\r\n", "Protocol error: invalid boolean \"x\""),
                Arguments.of("#tt\r\n", "Protocol error: invalid boolean \"tt\""),
                Arguments.of("(12a\r\n", "Protocol error: invalid big number \"12a\""),
                Arguments.of("(\r\n", "Protocol error: invalid big number \"\""),
                Arguments.of("_x\r\n", "Protocol error: invalid null \"x\""),
                Arguments.of("$-2\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("$?\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("$536870913\r\n", "Protocol error: invalid bulk length"),
                Arguments.of("$3\r\nfooXY", "Protocol error: bulk payload not followed by CRLF"),
                Arguments.of("*1\r\n$3\r\nfoo\n\r", "Protocol error: bulk payload not followed by CRLF"),
                Arguments.of("=3\r\nabc\r\n", "Protocol error: invalid verbatim string length"),
                Arguments.of("=-1\r\n", "Protocol error: invalid verbatim string length"),
                Arguments.of("=5\r\ntxt!a\r\n", "Protocol error: invalid verbatim string, expected ':' after the 3-byte format"),
                Arguments.of("*-2\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("*?\r\n", "Protocol error: invalid multibulk length"),
                Arguments.of("%-1\r\n", "Protocol error: invalid map length"),
                Arguments.of("~x\r\n", "Protocol error: invalid set length"),
                Arguments.of(">-1\r\n", "Protocol error: invalid push length"),
                Arguments.of("|-1\r\n", "Protocol error: invalid attribute length"),
                Arguments.of("+" + "a".repeat(BIG), "Protocol error: too big simple string line"),
                Arguments.of("$" + "1".repeat(BIG), "Protocol error: too big bulk count string"),
                Arguments.of("*" + "1".repeat(BIG), "Protocol error: too big mbulk count string"));
    }

    @ParameterizedTest(name = "{1} <- {0}")
    @MethodSource("malformedFrames")
    void frameDecoderRejectsWithSpecificText(String input, String message) {
        byte[] wire = bytes(input);
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(RespFrameDecoder::new, wire));
        assertEquals(message, e.getMessage());
        for (int cut = 1; cut < Math.min(wire.length, 40); cut++) {
            int c = cut;
            RespProtocolException split = assertThrows(RespProtocolException.class,
                    () -> RespTestSupport.decode(RespFrameDecoder::new, wire, c));
            assertEquals(message, split.getMessage(), "split at " + cut);
        }
    }

    @Test
    void frameDecoderEnforcesNestingDepth() {
        RespDecoderLimits limits = RespDecoderLimits.defaults().withMaxNestingDepth(3);
        Supplier<ChannelHandler> decoder = () -> new RespFrameDecoder(limits);
        assertEquals(java.util.List.of(RespArray.of(RespMap.of(RespInteger.of(1), RespSet.of()))),
                RespTestSupport.decode(decoder, bytes("*1\r\n%1\r\n:1\r\n~0\r\n")));
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> RespTestSupport.decode(decoder, bytes("*1\r\n%1\r\n:1\r\n~1\r\n*0\r\n")));
        assertEquals("Protocol error: aggregates nested deeper than 3 levels", e.getMessage());
        // The default bound (128) admits 128 levels and refuses the 129th.
        String deepest = "*1\r\n".repeat(RespDecoderLimits.DEFAULT_MAX_NESTING_DEPTH) + ":1\r\n";
        assertEquals(1, RespTestSupport.decode(RespFrameDecoder::new, bytes(deepest)).size());
        assertThrows(RespProtocolException.class, () -> RespTestSupport.decode(RespFrameDecoder::new, bytes("*1\r\n" + deepest)));
    }
}
