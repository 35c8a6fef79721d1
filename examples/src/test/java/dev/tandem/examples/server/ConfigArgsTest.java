/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigArgsTest {

    static Stream<Arguments> balancedLines() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("   \t ", List.of()),
                Arguments.of("port 6379", List.of("port", "6379")),
                Arguments.of("  bind   127.0.0.1\t-::1  ", List.of("bind", "127.0.0.1", "-::1")),
                Arguments.of("requirepass \"a b\"", List.of("requirepass", "a b")),
                Arguments.of("requirepass \"\"", List.of("requirepass", "")),
                Arguments.of("x \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"", List.of("x", "\n\r\t\b\u0007\\\"q")),
                Arguments.of("x \"\\x41\\x7a\\x4\"", List.of("x", "Azx4")),
                Arguments.of("x 'it\\'s'", List.of("x", "it's")),
                Arguments.of("x 'a\\nb \"c\"'", List.of("x", "a\\nb \"c\"")),
                Arguments.of("x ab\"c d\"", List.of("x", "abc d")),
                Arguments.of("x a'b c'", List.of("x", "ab c")),
                Arguments.of("x a\\nb", List.of("x", "a\\nb")),
                Arguments.of("x \"a\"\t\"b\"", List.of("x", "a", "b")),
                Arguments.of("x a\u000bb", List.of("x", "a\u000bb")),
                Arguments.of("\u000b\fx y", List.of("x", "y")),
                Arguments.of("x a#b # not a comment", List.of("x", "a#b", "#", "not", "a", "comment")));
    }

    @ParameterizedTest
    @MethodSource("balancedLines")
    void splitsAsRedisDoes(String line, List<String> expected) {
        Optional<List<byte[]>> args = ConfigArgs.split(line.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(args.isPresent(), line);
        assertEquals(expected, args.get().stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x \"abc", "x 'abc", "x \"a\"b", "x 'a'b", "x \"a\\\"", "x \"ab\\"})
    void unbalancedQuotesAreRejected(String line) {
        assertEquals(Optional.empty(), ConfigArgs.split(line.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void hexEscapesAndRawBytesAreBinarySafe() {
        byte[] line = {'k', ' ', '"', '\\', 'x', 'f', 'F', (byte) 0xc3, (byte) 0xa9, '"'};
        List<byte[]> args = ConfigArgs.split(line).orElseThrow();
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xc3, (byte) 0xa9}, args.get(1));
    }

    @Test
    void aNulByteEndsTheLine() {
        byte[] line = {'p', 'o', 'r', 't', ' ', '1', 0, ' ', '2'};
        List<byte[]> args = ConfigArgs.split(line).orElseThrow();
        assertEquals(2, args.size());
        assertArrayEquals(new byte[] {'1'}, args.get(1));
    }

    @Test
    void quoteRoundTripsEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] quoted = ConfigArgs.quote(all);
        List<byte[]> back = ConfigArgs.split(quoted).orElseThrow();
        assertEquals(1, back.size());
        assertArrayEquals(all, back.get(0));
    }

    @Test
    void quoteUsesRedisEscapes() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\a\\b\\x01\\xc3\\xa9 d\"",
                new String(ConfigArgs.quote("a\"b\\c\n\r\t\u0007\b\u0001é d".getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.US_ASCII));
    }
}
