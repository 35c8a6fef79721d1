/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The direct reply writers, the version-aware ones, and the RESP2 downgrade. */
class RespWriterTest {

    private static String written(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        try {
            writer.accept(buf);
            return new String(RespTestSupport.toArray(buf), java.nio.charset.StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    @Test
    void commonReplies() {
        assertEquals("+OK\r\n", written(RespWriter::writeOk));
        assertEquals("+PONG\r\n", written(b -> RespWriter.writeSimpleString(b, "PONG")));
        assertEquals("-ERR bad thing\r\n", written(b -> RespWriter.writeError(b, "ERR bad thing")));
        assertEquals("-ERR a  b c\r\n", written(b -> RespWriter.writeError(b, "ERR a\r\nb\nc")));
        assertEquals(":-5\r\n", written(b -> RespWriter.writeInteger(b, -5)));
        assertEquals("$3\r\nfoo\r\n", written(b -> RespWriter.writeBulkString(b, "foo")));
        assertEquals("$2\r\noo\r\n", written(b -> RespWriter.writeBulkString(b, bytes("foo"), 1, 2)));
        assertEquals("$20\r\n-9223372036854775808\r\n", written(b -> RespWriter.writeBulkString(b, Long.MIN_VALUE)));
        assertEquals("$1\r\n0\r\n", written(b -> RespWriter.writeBulkString(b, 0L)));
        ByteBuf value = Unpooled.wrappedBuffer(bytes("xbar"));
        value.readByte();
        assertEquals("$3\r\nbar\r\n", written(b -> RespWriter.writeBulkString(b, value)));
        assertEquals(1, value.readerIndex(), "the value buffer is only read");
        value.release();
        assertEquals("$-1\r\n", written(RespWriter::writeNullBulkString));
        assertEquals("*-1\r\n", written(RespWriter::writeNullArray));
        assertEquals("_\r\n", written(RespWriter::writeResp3Null));
        assertEquals("*3\r\n", written(b -> RespWriter.writeArrayHeader(b, 3)));
        assertEquals("$12\r\n", written(b -> RespWriter.writeBulkStringHeader(b, 12)));
        assertEquals("=9\r\ntxt:hello\r\n", written(b -> RespWriter.writeVerbatimString(b, "txt", bytes("hello"))));
        assertEquals("=5\r\nx  :a\r\n", written(b -> RespWriter.writeVerbatimString(b, "x", bytes("a"))));
        assertEquals("*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n", written(b -> RespWriter.writeCommand(b, "PING", "hi")));
        assertThrows(IllegalArgumentException.class, () -> written(b -> RespWriter.writeSimpleString(b, "a\r\nb")));
        assertThrows(IllegalArgumentException.class, () -> written(b -> RespWriter.writeArrayHeader(b, -1)));
    }

    @Test
    void versionAwareRepliesMatchRedisAddReply() {
        RespVersion v2 = RespVersion.RESP2;
        RespVersion v3 = RespVersion.RESP3;
        assertEquals("$-1\r\n", written(b -> RespWriter.writeNull(b, v2)));
        assertEquals("_\r\n", written(b -> RespWriter.writeNull(b, v3)));
        assertEquals("*-1\r\n", written(b -> RespWriter.writeNullArray(b, v2)));
        assertEquals("_\r\n", written(b -> RespWriter.writeNullArray(b, v3)));
        assertEquals("*4\r\n", written(b -> RespWriter.writeMapHeader(b, 2, v2)));
        assertEquals("%2\r\n", written(b -> RespWriter.writeMapHeader(b, 2, v3)));
        assertEquals("*2\r\n", written(b -> RespWriter.writeSetHeader(b, 2, v2)));
        assertEquals("~2\r\n", written(b -> RespWriter.writeSetHeader(b, 2, v3)));
        assertEquals(":1\r\n", written(b -> RespWriter.writeBoolean(b, true, v2)));
        assertEquals(":0\r\n", written(b -> RespWriter.writeBoolean(b, false, v2)));
        assertEquals("#t\r\n", written(b -> RespWriter.writeBoolean(b, true, v3)));
        assertEquals("$18\r\n1.1000000000000001\r\n", written(b -> RespWriter.writeDouble(b, 1.1, v2)));
        assertEquals("$3\r\ninf\r\n", written(b -> RespWriter.writeDouble(b, Double.POSITIVE_INFINITY, v2)));
        assertEquals("$4\r\n-inf\r\n", written(b -> RespWriter.writeDouble(b, Double.NEGATIVE_INFINITY, v2)));
        assertEquals(",1.5\r\n", written(b -> RespWriter.writeDouble(b, 1.5, v3)));
        assertEquals("$3\r\n123\r\n", written(b -> RespWriter.writeBigNumber(b, BigInteger.valueOf(123), v2)));
        assertEquals("(123\r\n", written(b -> RespWriter.writeBigNumber(b, BigInteger.valueOf(123), v3)));
        assertEquals("$2\r\nhi\r\n", written(b -> RespWriter.writeVerbatimString(b, "txt", bytes("hi"), v2)));
        assertEquals("=6\r\ntxt:hi\r\n", written(b -> RespWriter.writeVerbatimString(b, "txt", bytes("hi"), v3)));
    }

    @Test
    void resp2DowngradeFollowsRedis() {
        RespFrame resp3 = RespAttribute.of(
                RespMap.of(
                        RespBulkString.of("set"), RespSet.of(RespBoolean.TRUE, RespBoolean.FALSE),
                        RespBulkString.of("double"), RespDouble.of(1.1),
                        RespBulkString.of("inf"), RespDouble.of(Double.NEGATIVE_INFINITY),
                        RespBulkString.of("null"), RespNull.RESP3_NULL,
                        RespBulkString.of("big"), RespBigNumber.of("-123456789012345678901234567890"),
                        RespBulkString.of("verbatim"), RespVerbatimString.of("txt", "text"),
                        RespBulkString.of("push"), RespPush.of(RespBulkString.of("message"), RespNull.NULL_ARRAY)),
                RespSimpleString.of("ignored-attribute"), RespInteger.of(1));
        RespFrame expected = RespArray.of(
                RespBulkString.of("set"), RespArray.of(RespInteger.ONE, RespInteger.ZERO),
                RespBulkString.of("double"), RespBulkString.of("1.1000000000000001"),
                RespBulkString.of("inf"), RespBulkString.of("-inf"),
                RespBulkString.of("null"), RespNull.NULL_BULK_STRING,
                RespBulkString.of("big"), RespBulkString.of("-123456789012345678901234567890"),
                RespBulkString.of("verbatim"), RespBulkString.of("text"),
                RespBulkString.of("push"), RespArray.of(RespBulkString.of("message"), RespNull.NULL_ARRAY));
        assertEquals(expected, Resp2Downgrade.toResp2(resp3));
        assertEquals(written(b -> RespWriter.writeFrame(b, expected)), written(b -> RespWriter.writeFrame(b, resp3, RespVersion.RESP2)));
        assertEquals(written(b -> RespWriter.writeFrame(b, resp3)), written(b -> RespWriter.writeFrame(b, resp3, RespVersion.RESP3)));
    }

    @Test
    void resp2FramesAreLeftAlone() {
        RespFrame resp2 = RespArray.of(RespSimpleString.OK, RespError.of("ERR x"), RespInteger.of(3),
                RespBulkString.of("b"), RespNull.NULL_BULK_STRING, RespNull.NULL_ARRAY, RespArray.of());
        assertSame(resp2, Resp2Downgrade.toResp2(resp2));
        for (RespType type : RespType.values()) {
            assertEquals(type != RespType.SIMPLE_STRING && type != RespType.ERROR && type != RespType.INTEGER
                    && type != RespType.BULK_STRING && type != RespType.ARRAY, type.isResp3Only(), type.name());
        }
    }

    @Test
    void argvFromDecodedArrayFrame() {
        RespFrame frame = RespArray.ofBulkStrings(bytes("SET"), bytes("k"), bytes("\u0000\r\n"));
        byte[][] argv = RespArgv.of(frame);
        assertEquals(3, argv.length);
        assertArrayEquals(bytes("\u0000\r\n"), argv[2]);
        assertEquals(List.of("set", "k"), List.of(RespArgv.toCommand(frame).name(), RespArgv.toCommand(frame).argAsString(1)));
        assertThrows(IllegalArgumentException.class, () -> RespArgv.of(RespInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> RespArgv.of(RespArray.of(RespBulkString.of("GET"), RespInteger.ONE)));
    }

    @Test
    void framesAreImmutableCopies() {
        byte[] source = bytes("abc");
        RespBulkString bulk = RespBulkString.of(source);
        source[0] = 'X';
        assertEquals("abc", bulk.asString());
        bulk.toByteArray()[1] = 'Y';
        assertEquals("abc", bulk.asString());
        assertThrows(IllegalArgumentException.class, () -> RespSimpleString.of("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> RespError.of("a\rb"));
        assertThrows(IllegalArgumentException.class, () -> RespVerbatimString.of("text", "x"));
        assertThrows(IllegalArgumentException.class, () -> RespBigNumber.of("12x"));
        assertThrows(IllegalArgumentException.class, () -> RespMap.of(RespInteger.ONE));
        assertThrows(UnsupportedOperationException.class, () -> RespArray.of(RespInteger.ONE).elements().add(RespInteger.ZERO));
        assertEquals("WRONGTYPE", RespError.of("WRONGTYPE Operation against a key").code());
        assertEquals(new BigInteger("-42"), RespBigNumber.of("-42").value());
        assertEquals(new BigInteger("42"), RespBigNumber.of("+42").value());
    }
}
