/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static dev.tandem.resp.RespTestSupport.decode;
import static dev.tandem.resp.RespTestSupport.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** Every frame type survives encode then decode unchanged, and encodes to the expected bytes. */
class RespRoundTripTest {

    static Stream<Arguments> frames() {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        return Stream.of(
                Arguments.of(RespSimpleString.OK, "+OK\r\n"),
                Arguments.of(RespSimpleString.of(""), "+\r\n"),
                Arguments.of(RespError.of("WRONGTYPE Operation against a key holding the wrong kind of value"),
                        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
                Arguments.of(RespInteger.of(0), ":0\r\n"),
                Arguments.of(RespInteger.of(-42), ":-42\r\n"),
                Arguments.of(RespInteger.of(Long.MIN_VALUE), ":-9223372036854775808\r\n"),
                Arguments.of(RespInteger.of(Long.MAX_VALUE), ":9223372036854775807\r\n"),
                Arguments.of(RespBulkString.of("foo"), "$3\r\nfoo\r\n"),
                Arguments.of(RespBulkString.EMPTY, "$0\r\n\r\n"),
                Arguments.of(RespBulkString.of(bytes("\r\n\u0000\u00ff")), "$4\r\n\r\n\u0000\u00ff\r\n"),
                Arguments.of(RespBulkString.of(binary), null),
                Arguments.of(RespNull.NULL_BULK_STRING, "$-1\r\n"),
                Arguments.of(RespNull.NULL_ARRAY, "*-1\r\n"),
                Arguments.of(RespNull.RESP3_NULL, "_\r\n"),
                Arguments.of(RespArray.of(), "*0\r\n"),
                Arguments.of(RespArray.ofBulkStrings("SET", "k", "v"), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"),
                Arguments.of(RespArray.of(RespInteger.of(1), RespArray.of(RespNull.NULL_BULK_STRING, RespArray.of())),
                        "*2\r\n:1\r\n*2\r\n$-1\r\n*0\r\n"),
                Arguments.of(RespMap.of(), "%0\r\n"),
                Arguments.of(RespMap.of(RespSimpleString.of("first"), RespInteger.of(1), RespBulkString.of("second"), RespArray.of()),
                        "%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n*0\r\n"),
                Arguments.of(RespSet.of(RespBulkString.of("a"), RespInteger.of(2)), "~2\r\n$1\r\na\r\n:2\r\n"),
                Arguments.of(RespDouble.of(1.5), ",1.5\r\n"),
                Arguments.of(RespDouble.of(1.1), ",1.1000000000000001\r\n"),
                Arguments.of(RespDouble.of(-0.0), ",-0\r\n"),
                Arguments.of(RespDouble.of(1e300), ",1.0000000000000001e+300\r\n"),
                Arguments.of(RespDouble.of(Double.MIN_VALUE), ",4.9406564584124654e-324\r\n"),
                Arguments.of(RespDouble.of(Double.POSITIVE_INFINITY), ",inf\r\n"),
                Arguments.of(RespDouble.of(Double.NEGATIVE_INFINITY), ",-inf\r\n"),
                Arguments.of(RespDouble.of(Double.NaN), ",nan\r\n"),
                Arguments.of(RespBoolean.TRUE, "#t\r\n"),
                Arguments.of(RespBoolean.FALSE, "#f\r\n"),
                Arguments.of(RespBigNumber.of(new BigInteger("3492890328409238509324850943850943825024385")),
                        "(3492890328409238509324850943850943825024385\r\n"),
                Arguments.of(RespBigNumber.of("-12"), "(-12\r\n"),
                Arguments.of(RespVerbatimString.of("txt", "Some string"), "=15\r\ntxt:Some string\r\n"),
                Arguments.of(RespVerbatimString.of("mkd", bytes("\r\n")), "=6\r\nmkd:\r\n\r\n"),
                Arguments.of(RespPush.of(RespBulkString.of("message"), RespBulkString.of("ch"), RespBulkString.of("hi")),
                        ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"),
                Arguments.of(RespAttribute.of(RespArray.of(RespInteger.of(2039123), RespInteger.of(9543892)),
                                RespSimpleString.of("key-popularity"),
                                RespMap.of(RespBulkString.of("a"), RespDouble.of(0.1923), RespBulkString.of("b"), RespDouble.of(0.0012))),
                        "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0011999999999999999\r\n*2\r\n:2039123\r\n:9543892\r\n"),
                Arguments.of(RespArray.of(RespAttribute.of(RespInteger.of(1)), RespInteger.of(2)), "*2\r\n|0\r\n:1\r\n:2\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void encodesToExpectedBytesAndDecodesBack(RespFrame frame, String expectedWire) {
        byte[] wire = encode(frame);
        if (expectedWire != null) {
            assertArrayEquals(bytes(expectedWire), wire, () -> RespDebug.quote(wire, 400));
        }
        List<Object> decoded = decode(() -> new RespFrameDecoder(RespDecoderLimits.defaults(), Integer.MAX_VALUE), wire);
        assertEquals(List.of(frame), decoded);
        assertArrayEquals(wire, encode((RespFrame) decoded.get(0)), "re-encoding the decoded frame gives the same bytes");
    }

    @Test
    void everyFrameTypeIsCovered() {
        Set<RespType> covered = EnumSet.noneOf(RespType.class);
        List<RespFrame> pending = new ArrayList<>();
        frames().forEach(a -> pending.add((RespFrame) a.get()[0]));
        while (!pending.isEmpty()) {
            RespFrame f = pending.remove(pending.size() - 1);
            covered.add(f.type());
            switch (f.type()) {
                case ARRAY -> pending.addAll(((RespArray) f).elements());
                case MAP -> ((RespMap) f).entries().forEach(e -> pending.addAll(List.of(e.key(), e.value())));
                default -> { }
            }
        }
        assertEquals(EnumSet.allOf(RespType.class), covered);
    }

    @Test
    void encoderAndDecoderRoundTripEveryFrameThroughChannels() {
        EmbeddedChannel client = new EmbeddedChannel(RespEncoder.INSTANCE);
        EmbeddedChannel server = new EmbeddedChannel(new RespFrameDecoder());
        List<RespFrame> all = new ArrayList<>();
        frames().forEach(a -> all.add((RespFrame) a.get()[0]));
        try {
            for (RespFrame f : all) {
                client.writeOutbound(f);
            }
            ByteBuf wire;
            while ((wire = client.readOutbound()) != null) {
                server.writeInbound(wire);
            }
            for (RespFrame f : all) {
                assertEquals(f, server.readInbound());
            }
            assertNull(server.readInbound());
        } finally {
            client.finishAndReleaseAll();
            server.finishAndReleaseAll();
        }
    }

    @Test
    void commandsEncodeAsArraysOfBulkStrings() {
        EmbeddedChannel channel = new EmbeddedChannel(RespEncoder.INSTANCE);
        try {
            channel.writeOutbound(RespCommand.of("REPLCONF", "ACK", "123"));
            ByteBuf wire = channel.readOutbound();
            assertArrayEquals(bytes("*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$3\r\n123\r\n"), RespTestSupport.toArray(wire));
            wire.release();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void deepNestingIsDecodedAndEncodedWithoutRecursion() {
        int depth = 100_000;
        ByteBuf wire = Unpooled.buffer();
        for (int i = 0; i < depth; i++) {
            wire.writeBytes(bytes("*1\r\n"));
        }
        wire.writeBytes(bytes(":7\r\n"));
        byte[] input = RespTestSupport.toArray(wire);
        wire.release();
        RespFrameParser parser = new RespFrameParser(RespDecoderLimits.defaults().withMaxNestingDepth(depth), 1024);
        ByteBuf in = Unpooled.wrappedBuffer(input);
        RespFrame frame = (RespFrame) parser.parse(in);
        in.release();
        // The writer walks the frame iteratively too; compare bytes (equals() on records recurses).
        assertArrayEquals(input, encode(frame));
    }
}
