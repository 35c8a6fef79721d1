/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static dev.tandem.resp.RespTestSupport.concat;
import static dev.tandem.resp.RespTestSupport.decode;
import static dev.tandem.resp.RespTestSupport.decodeByteByByte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tandem.resp.RespTestSupport.StreamedBulk;

/** The frame decoder gives the same frames however the input is split. */
class RespFrameSplitTest {

    private static final int CHUNK_THRESHOLD = 8;

    private static final Supplier<RespFrameDecoder> DECODER =
            () -> new RespFrameDecoder(RespDecoderLimits.defaults(), CHUNK_THRESHOLD);

    /** Wire text and the frames (or streamed bulks) it must decode to. */
    static Stream<Arguments> inputs() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        return Stream.of(
                Arguments.of("simple string", bytes("+OK\r\n"), List.of(RespSimpleString.OK)),
                Arguments.of("error", bytes("-ERR unknown command 'x'\r\n"), List.of(RespError.of("ERR unknown command 'x'"))),
                Arguments.of("integers", bytes(":0\r\n:-9223372036854775808\r\n:9223372036854775807\r\n"),
                        List.of(RespInteger.of(0), RespInteger.of(Long.MIN_VALUE), RespInteger.of(Long.MAX_VALUE))),
                Arguments.of("small bulks", bytes("$5\r\nhe\r\nl\r\n$0\r\n\r\n$8\r\n12345678\r\n"),
                        List.of(RespBulkString.of(bytes("he\r\nl")), RespBulkString.EMPTY, RespBulkString.of("12345678"))),
                Arguments.of("nulls", bytes("$-1\r\n*-1\r\n_\r\n"),
                        List.of(RespNull.NULL_BULK_STRING, RespNull.NULL_ARRAY, RespNull.RESP3_NULL)),
                Arguments.of("doubles", bytes(",1.5\r\n,inf\r\n,-inf\r\n,nan\r\n,-1.25e-7\r\n,10\r\n"),
                        List.of(RespDouble.of(1.5), RespDouble.of(Double.POSITIVE_INFINITY), RespDouble.of(Double.NEGATIVE_INFINITY),
                                RespDouble.of(Double.NaN), RespDouble.of(-1.25e-7), RespDouble.of(10))),
                Arguments.of("booleans", bytes("#t\r\n#f\r\n"), List.of(RespBoolean.TRUE, RespBoolean.FALSE)),
                Arguments.of("big number", bytes("(-3492890328409238509324850943850943825024385\r\n"),
                        List.of(RespBigNumber.of(new BigInteger("-3492890328409238509324850943850943825024385")))),
                Arguments.of("verbatim", bytes("=15\r\ntxt:Some string\r\n=4\r\nmkd:\r\n"),
                        List.of(RespVerbatimString.of("txt", "Some string"), RespVerbatimString.of("mkd", ""))),
                Arguments.of("nested aggregates",
                        bytes("*3\r\n:1\r\n*0\r\n*2\r\n$1\r\na\r\n_\r\n%2\r\n+k\r\n:1\r\n$1\r\nk\r\n~2\r\n#t\r\n,0.5\r\n"),
                        List.of(RespArray.of(RespInteger.of(1), RespArray.of(), RespArray.of(RespBulkString.of("a"), RespNull.RESP3_NULL)),
                                RespMap.of(RespSimpleString.of("k"), RespInteger.of(1),
                                        RespBulkString.of("k"), RespSet.of(RespBoolean.TRUE, RespDouble.of(0.5))))),
                Arguments.of("push and attributes",
                        bytes(">2\r\n+message\r\n$3\r\nfoo\r\n|1\r\n+ttl\r\n:3600\r\n*2\r\n|1\r\n+a\r\n+b\r\n:7\r\n|0\r\n:8\r\n"),
                        List.of(RespPush.of(RespSimpleString.of("message"), RespBulkString.of("foo")),
                                RespAttribute.of(RespArray.of(
                                        RespAttribute.of(RespInteger.of(7), RespSimpleString.of("a"), RespSimpleString.of("b")),
                                        new RespAttribute(List.of(), RespInteger.of(8))),
                                        RespSimpleString.of("ttl"), RespInteger.of(3600)))),
                Arguments.of("chunked bulks (threshold " + CHUNK_THRESHOLD + ")",
                        concat(bytes("$9\r\n12345\r\n89\r\n$256\r\n"), binary, bytes("\r\n+after\r\n")),
                        List.of(new StreamedBulk(9, bytes("12345\r\n89")), new StreamedBulk(256, binary), RespSimpleString.of("after"))),
                Arguments.of("bulks inside aggregates are whole, above the threshold too",
                        concat(bytes("*2\r\n$256\r\n"), binary, bytes("\r\n$9\r\n123456789\r\n")),
                        List.of(RespArray.of(RespBulkString.of(binary), RespBulkString.of("123456789")))));
    }

    @ParameterizedTest(name = "{0}: whole")
    @MethodSource("inputs")
    void decodesWholeInput(String name, byte[] input, List<Object> expected) {
        assertEquals(expected, decode(DECODER, input));
    }

    @ParameterizedTest(name = "{0}: split at every byte position")
    @MethodSource("inputs")
    void decodesInputSplitAtEveryPosition(String name, byte[] input, List<Object> expected) {
        for (int cut = 1; cut < input.length; cut++) {
            assertEquals(expected, decode(DECODER, input, cut), "split at " + cut);
        }
    }

    @ParameterizedTest(name = "{0}: byte at a time")
    @MethodSource("inputs")
    void decodesInputByteByByte(String name, byte[] input, List<Object> expected) {
        assertEquals(expected, decodeByteByByte(DECODER, input));
    }

    @ParameterizedTest(name = "{0}: random splits")
    @MethodSource("inputs")
    void decodesInputAtRandomSplits(String name, byte[] input, List<Object> expected) {
        Random random = new Random(name.hashCode());
        for (int round = 0; round < 50; round++) {
            List<Integer> cuts = new ArrayList<>();
            for (int pos = 1 + random.nextInt(4); pos < input.length; pos += 1 + random.nextInt(6)) {
                cuts.add(pos);
            }
            int[] cutArray = cuts.stream().mapToInt(Integer::intValue).toArray();
            assertEquals(expected, decode(DECODER, input, cutArray), "cuts " + cuts);
        }
    }

    @Test
    void blankLinesBetweenFramesAreSkippedWhenAskedTo() {
        Supplier<RespFrameDecoder> keepalives = () -> new RespFrameDecoder(RespDecoderLimits.defaults(), CHUNK_THRESHOLD)
                .skipBlankLinesBetweenFrames(true);
        byte[] input = bytes("\n\n+FULLRESYNC 8de1787ba490483314a4d30f1c628bc5025eb761 0\r\n\n\r\n\n$3\r\nabc\r\n*1\r\n:1\r\n");
        List<Object> expected = List.of(RespSimpleString.of("FULLRESYNC 8de1787ba490483314a4d30f1c628bc5025eb761 0"),
                RespBulkString.of("abc"), RespArray.of(RespInteger.ONE));
        for (int cut = 1; cut < input.length; cut++) {
            assertEquals(expected, decode(keepalives, input, cut), "split at " + cut);
        }
        assertEquals(expected, decodeByteByByte(keepalives, input));
        // Off by default, and never inside an aggregate.
        assertThrows(RespProtocolException.class, () -> decode(DECODER, bytes("\n+OK\r\n")));
        assertThrows(RespProtocolException.class, () -> decode(keepalives, bytes("*2\r\n:1\r\n\n:2\r\n")));
        assertThrows(RespProtocolException.class, () -> decode(keepalives, bytes("\rX")));
    }

    @Test
    void decodesAllInputsBackToBackSplitAnywhere() {
        List<byte[]> parts = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        inputs().forEach(a -> {
            parts.add((byte[]) a.get()[1]);
            expected.addAll((List<?>) a.get()[2]);
        });
        byte[] all = concat(parts.toArray(new byte[0][]));
        for (int cut = 1; cut < all.length; cut++) {
            assertEquals(expected, decode(DECODER, all, cut), "split at " + cut);
        }
        assertEquals(expected, decodeByteByByte(DECODER, all));
    }
}
