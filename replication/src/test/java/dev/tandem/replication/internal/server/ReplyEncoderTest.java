/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.core.reply.Reply;
import dev.tandem.resp.RespVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ReplyEncoderTest {

    static Stream<Arguments> replies() {
        Reply map = new Reply.MapReply(List.of(Reply.bulk("f"), Reply.integer(1), Reply.bulk("g"), Reply.NULL));
        return Stream.of(
                Arguments.of("ok", Reply.OK, "+OK\r\n", "+OK\r\n"),
                Arguments.of("simple", Reply.simple("QUEUED"), "+QUEUED\r\n", "+QUEUED\r\n"),
                Arguments.of("error", Reply.error("ERR bad\r\nthing"), "-ERR bad  thing\r\n", "-ERR bad  thing\r\n"),
                Arguments.of("integer", Reply.integer(-42), ":-42\r\n", ":-42\r\n"),
                Arguments.of("bulk", Reply.bulk(new byte[] {'a', 0, (byte) 0xff}), "$3\r\na\0\u00ff\r\n",
                        "$3\r\na\0\u00ff\r\n"),
                Arguments.of("empty bulk", Reply.bulk(""), "$0\r\n\r\n", "$0\r\n\r\n"),
                Arguments.of("null", Reply.NULL, "$-1\r\n", "_\r\n"),
                Arguments.of("null array", Reply.NULL_ARRAY, "*-1\r\n", "_\r\n"),
                Arguments.of("empty array", Reply.EMPTY_ARRAY, "*0\r\n", "*0\r\n"),
                Arguments.of("nested array", Reply.array(List.of(Reply.integer(1),
                        Reply.array(List.of(Reply.bulk("x"), Reply.NULL)))),
                        "*2\r\n:1\r\n*2\r\n$1\r\nx\r\n$-1\r\n", "*2\r\n:1\r\n*2\r\n$1\r\nx\r\n_\r\n"),
                Arguments.of("map", map, "*4\r\n$1\r\nf\r\n:1\r\n$1\r\ng\r\n$-1\r\n",
                        "%2\r\n$1\r\nf\r\n:1\r\n$1\r\ng\r\n_\r\n"),
                Arguments.of("set", new Reply.SetReply(List.of(Reply.bulk("a"), Reply.bulk("b"))),
                        "*2\r\n$1\r\na\r\n$1\r\nb\r\n", "~2\r\n$1\r\na\r\n$1\r\nb\r\n"),
                Arguments.of("double", new Reply.DoubleReply(1.5), "$3\r\n1.5\r\n", ",1.5\r\n"),
                Arguments.of("double 0.1", new Reply.DoubleReply(0.1), "$19\r\n0.10000000000000001\r\n", ",0.10000000000000001\r\n"),
                Arguments.of("inf", new Reply.DoubleReply(Double.POSITIVE_INFINITY), "$3\r\ninf\r\n", ",inf\r\n"),
                Arguments.of("-inf", new Reply.DoubleReply(Double.NEGATIVE_INFINITY), "$4\r\n-inf\r\n", ",-inf\r\n"),
                Arguments.of("true", new Reply.BooleanReply(true), ":1\r\n", "#t\r\n"),
                Arguments.of("false", new Reply.BooleanReply(false), ":0\r\n", "#f\r\n"),
                Arguments.of("verbatim", new Reply.VerbatimReply("txt", "hi".getBytes(StandardCharsets.UTF_8)),
                        "$2\r\nhi\r\n", "=6\r\ntxt:hi\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void encodesForBothProtocols(String name, Reply reply, String resp2, String resp3) {
        assertEquals(resp2, ReplyEncoder.render(reply, RespVersion.RESP2));
        assertEquals(resp3, ReplyEncoder.render(reply, RespVersion.RESP3));
    }

    @Test
    void oddMapIsRefused() {
        Reply bad = new Reply.MapReply(List.of(Reply.bulk("k")));
        assertThrows(IllegalArgumentException.class, () -> ReplyEncoder.render(bad, RespVersion.RESP3));
    }
}
