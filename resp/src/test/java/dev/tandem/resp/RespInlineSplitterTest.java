/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Inline lines split as Redis's sdssplitargs splits them. */
class RespInlineSplitterTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("   \t ", List.of()),
                Arguments.of("PING", List.of("PING")),
                Arguments.of("  set  key   value  ", List.of("set", "key", "value")),
                Arguments.of("a\tb\rc\nd", List.of("a", "b", "c", "d")),
                Arguments.of("a\u000bb \u000cc", List.of("a\u000bb", "c")),
                Arguments.of("a\u000cb", List.of("a\u000cb")),
                Arguments.of("\"hello world\"", List.of("hello world")),
                Arguments.of("\"\"", List.of("")),
                Arguments.of("''", List.of("")),
                Arguments.of("\"a\\nb\\rc\\td\\be\\af\"", List.of("a\nb\rc\td\be\u0007f")),
                Arguments.of("\"\\\\ \\\" \\q\"", List.of("\\ \" q")),
                Arguments.of("\"\\x41\\x7a\\xff\\x00\"", List.of("Az\u00ff\u0000")),
                Arguments.of("\"\\x4\" \"\\xzz\"", List.of("x4", "xzz")),
                Arguments.of("'it\\'s' 'a\\nb' 'c\\\\d'", List.of("it's", "a\\nb", "c\\\\d")),
                Arguments.of("'c\\\\'", null),
                Arguments.of("ab\"c d\"e f", null),
                Arguments.of("ab\"c d\" f", List.of("abc d", "f")),
                Arguments.of("x'y z' w", List.of("xy z", "w")),
                Arguments.of("\"a\"\tb", List.of("a", "b")),
                Arguments.of("\"a\"\u000bb", List.of("a", "b")),
                Arguments.of("\"unterminated", null),
                Arguments.of("'unterminated", null),
                Arguments.of("\"a\"b", null),
                Arguments.of("'a'b", null),
                Arguments.of("\"ends with backslash\\", null),
                Arguments.of("\"a\\\"", null),
                Arguments.of("get a\u0000b c", List.of("get", "a")),
                Arguments.of("\"a\u0000b\"", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("lines")
    void splitsLikeSdssplitargs(String line, List<String> expected) {
        byte[][] args = RespInlineSplitter.split(bytes(line));
        if (expected == null) {
            assertNull(args, () -> "expected unbalanced quotes, got " + Arrays.deepToString(args));
            return;
        }
        assertEquals(expected.size(), args.length, () -> Arrays.deepToString(args));
        for (int i = 0; i < args.length; i++) {
            assertArrayEquals(bytes(expected.get(i)), args[i], "argument " + i);
        }
    }

    @Test
    void splitsASubrange() {
        byte[] line = bytes("xxGET keyxx");
        byte[][] args = RespInlineSplitter.split(line, 2, 9);
        assertEquals(2, args.length);
        assertArrayEquals(bytes("GET"), args[0]);
        assertArrayEquals(bytes("key"), args[1]);
    }

    @Test
    void commandDecoderAppliesTheSplitterToInlineLines() {
        List<Object> commands = RespTestSupport.decode(RespCommandDecoder::new,
                bytes("set k \"v\\x00w\"\r\n\n'a b'\n"));
        assertEquals(3, commands.size());
        RespCommand set = (RespCommand) commands.get(0);
        assertArrayEquals(bytes("v\u0000w"), set.arg(2));
        assertEquals(16, set.wireLength());
        assertEquals(RespCommand.class, commands.get(1).getClass());
        assertEquals(0, ((RespCommand) commands.get(1)).argc(), "a bare newline is an empty command");
        assertEquals(1, ((RespCommand) commands.get(1)).wireLength());
        assertArrayEquals(bytes("a b"), ((RespCommand) commands.get(2)).arg(0));
        assertEquals(6, ((RespCommand) commands.get(2)).wireLength());
    }
}
