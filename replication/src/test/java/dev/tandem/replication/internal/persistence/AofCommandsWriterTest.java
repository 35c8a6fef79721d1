/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.Key;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command forms of a base without the RDB preamble, byte for byte as Redis's rewriteAppendOnlyFileRio. */
class AofCommandsWriterTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final AofCommandsWriter writer = new AofCommandsWriter(UnpooledByteBufAllocator.DEFAULT, this::take);

    private void take(ByteBuf chunk) {
        byte[] b = new byte[chunk.readableBytes()];
        chunk.readBytes(b);
        chunk.release();
        out.writeBytes(b);
    }

    private String written() {
        writer.end();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aStreamWithGroupsConsumersAndPendingEntries() {
        StreamValue s = new StreamValue();
        s.appendEntry(new StreamId(1, 1), new byte[][] {b("a"), b("1")});
        s.appendEntry(new StreamId(2, 1), new byte[][] {b("b"), b("2")});
        s.setMetadata(new StreamId(3, 0), new StreamId(1, 1), new StreamId(0, 5), 4);
        StreamConsumerGroup g = s.createGroup(Key.of("g"), new StreamId(2, 1), 2);
        g.addPending(new StreamId(1, 1), 1700000000000L, 3);
        g.addConsumer(Key.of("alice"), 1L, 1L).ownPending(new StreamId(1, 1));
        g.addConsumer(Key.of("bob"), 1L, 1L);
        writer.entry(0, Key.of("st"), s, -1);
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
                + "*5\r\n$4\r\nXADD\r\n$2\r\nst\r\n$3\r\n1-1\r\n$1\r\na\r\n$1\r\n1\r\n"
                + "*5\r\n$4\r\nXADD\r\n$2\r\nst\r\n$3\r\n2-1\r\n$1\r\nb\r\n$1\r\n2\r\n"
                + "*7\r\n$6\r\nXSETID\r\n$2\r\nst\r\n$3\r\n3-0\r\n$12\r\nENTRIESADDED\r\n$1\r\n4\r\n"
                + "$12\r\nMAXDELETEDID\r\n$3\r\n0-5\r\n"
                + "*7\r\n$6\r\nXGROUP\r\n$6\r\nCREATE\r\n$2\r\nst\r\n$1\r\ng\r\n$3\r\n2-1\r\n$11\r\nENTRIESREAD\r\n$1\r\n2\r\n"
                + "*12\r\n$6\r\nXCLAIM\r\n$2\r\nst\r\n$1\r\ng\r\n$5\r\nalice\r\n$1\r\n0\r\n$3\r\n1-1\r\n$4\r\nTIME\r\n"
                + "$13\r\n1700000000000\r\n$10\r\nRETRYCOUNT\r\n$1\r\n3\r\n$6\r\nJUSTID\r\n$5\r\nFORCE\r\n"
                + "*5\r\n$6\r\nXGROUP\r\n$14\r\nCREATECONSUMER\r\n$2\r\nst\r\n$1\r\ng\r\n$3\r\nbob\r\n", written());
    }

    @Test
    void anEmptyStreamUsesTheMaxlenZeroTrick() {
        StreamValue s = new StreamValue();
        writer.entry(2, Key.of("e"), s, -1);
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n"
                + "*7\r\n$4\r\nXADD\r\n$1\r\ne\r\n$6\r\nMAXLEN\r\n$1\r\n0\r\n$3\r\n0-1\r\n$1\r\nx\r\n$1\r\ny\r\n"
                + "*7\r\n$6\r\nXSETID\r\n$1\r\ne\r\n$3\r\n0-0\r\n$12\r\nENTRIESADDED\r\n$1\r\n0\r\n"
                + "$12\r\nMAXDELETEDID\r\n$3\r\n0-0\r\n", written());
    }

    @Test
    void aTimestampFirstThenStringsWithTtlsAndASelectPerDbChange() {
        writer.timestamp(1700000000L);
        writer.entry(0, Key.of("k"), StringValue.of("v"), 1800000000000L);
        writer.entry(1, Key.of("n"), StringValue.of(42), -1);
        writer.entry(0, Key.of("late"), StringValue.of("x"), -1);
        assertEquals("#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
                + "*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n1800000000000\r\n"
                + "*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nn\r\n$2\r\n42\r\n"
                + "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$4\r\nlate\r\n$1\r\nx\r\n", written());
        assertEquals(3, writer.keysWritten());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
