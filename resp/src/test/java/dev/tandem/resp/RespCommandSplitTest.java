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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command decoder gives the same commands, with the same exact wireLength, however the input
 * is split.
 */
class RespCommandSplitTest {

    private static final Supplier<RespCommandDecoder> DECODER = RespCommandDecoder::new;

    private static RespCommand resp(String wire, String... argv) {
        return new RespCommand(argv(argv), bytes(wire).length, false);
    }

    private static RespCommand inline(String wire, String... argv) {
        return new RespCommand(argv(argv), bytes(wire).length, true);
    }

    private static byte[][] argv(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = bytes(args[i]);
        }
        return argv;
    }

    /** Each case: its wire text and the one command it is. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", resp("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", "SET", "key", "value")),
                Arguments.of("*2\r\n$3\r\nGET\r\n$4\r\na\r\nb\r\n", resp("*2\r\n$3\r\nGET\r\n$4\r\na\r\nb\r\n", "GET", "a\r\nb")),
                Arguments.of("*1\r\n$0\r\n\r\n", resp("*1\r\n$0\r\n\r\n", "")),
                Arguments.of("*0\r\n", resp("*0\r\n")),
                Arguments.of("*-1\r\n", resp("*-1\r\n")),
                Arguments.of("PING\r\n", inline("PING\r\n", "PING")),
                Arguments.of("PING\n", inline("PING\n", "PING")),
                Arguments.of("\n", inline("\n")),
                Arguments.of("\r\n", inline("\r\n")),
                Arguments.of("   \t \r\n", inline("   \t \r\n")),
                Arguments.of("set a 'b c' \"d\\x41\\n\"\r\n", inline("set a 'b c' \"d\\x41\\n\"\r\n", "set", "a", "b c", "dA\n")),
                Arguments.of("*1\r\n$4\r\n\u0000\u00ff\r\n\r\n", resp("*1\r\n$4\r\n\u0000\u00ff\r\n\r\n", "\u0000\u00ff\r\n")));
    }

    private static List<RespCommand> expected(RespCommand c) {
        return List.of(c);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("commands")
    void decodesSplitAtEveryPosition(String wire, RespCommand expected) {
        byte[] input = bytes(wire);
        assertEquals(expected(expected), decode(DECODER, input));
        for (int cut = 1; cut < input.length; cut++) {
            assertEquals(expected(expected), decode(DECODER, input, cut), "split at " + cut);
        }
        assertEquals(expected(expected), decodeByteByByte(DECODER, input));
    }

    @Test
    void pipelineSplitAnywhereKeepsEveryWireLength() {
        List<byte[]> parts = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        long total = 0;
        for (Arguments a : commands().toList()) {
            byte[] wire = bytes((String) a.get()[0]);
            parts.add(wire);
            expected.add(a.get()[1]);
            total += wire.length;
        }
        byte[] all = concat(parts.toArray(new byte[0][]));
        for (int cut = 1; cut < all.length; cut++) {
            assertEquals(expected, decode(DECODER, all, cut), "split at " + cut);
        }
        List<Object> oneByOne = decodeByteByByte(DECODER, all);
        assertEquals(expected, oneByOne);
        // The wire lengths add up to every byte of the input: a replica's offset stays exact.
        assertEquals(total, oneByOne.stream().mapToLong(c -> ((RespCommand) c).wireLength()).sum());
        assertEquals(all.length, total);
    }

    @Test
    void bigArgumentsCollectedAsTheyArriveKeepWireLengthAcrossSplits() {
        // Above PROTO_MBULK_BIG_ARG, arguments leave the cumulation buffer as they arrive.
        byte[] big = new byte[RespCommandParser.BIG_ARGUMENT + 1234];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        byte[] wire = concat(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + big.length + "\r\n"), big, bytes("\r\nPING\r\n"));
        int firstLength = wire.length - "PING\r\n".length();
        List<Object> expected = List.of(
                new RespCommand(new byte[][] {bytes("SET"), bytes("k"), big}, firstLength, false),
                new RespCommand(new byte[][] {bytes("PING")}, 6, true));
        assertEquals(expected, decode(DECODER, wire));
        for (int cut = 1; cut < wire.length; cut += cut < 64 || cut > wire.length - 64 ? 1 : 997) {
            assertEquals(expected, decode(DECODER, wire, cut), "split at " + cut);
        }
        int[] cuts = new int[wire.length / 1000];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * 1000 - 3;
        }
        assertEquals(expected, decode(DECODER, wire, cuts));
        assertEquals(expected, decodeByteByByte(DECODER, wire));
    }
}
