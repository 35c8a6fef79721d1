/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Crc64Test {
    /** The reference's byte-at-a-time definition, used as the oracle for the sliced implementation. */
    private static long bytewise(byte[] data) {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x95AC9329AC4BC9B5L : c >>> 1;
            }
            table[i] = c;
        }
        long crc = 0;
        for (byte b : data) {
            crc = table[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
        }
        return crc;
    }

    @Test
    void checkValue() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0L, Crc64.of(new byte[0]));
    }

    @Test
    void minimalFileFromReference() {
        // rdb-format.md §11: the checksum covers everything up to and including the EOF byte.
        byte[] file = HexFormat.of().parseHex("524544495330303039" + "FE00" + "00016B0176" + "FF");
        assertEquals(0x85afe2872df1c3f1L, Crc64.of(file));
        byte[] v10 = HexFormat.of().parseHex(
                "524544495330303130FE00FB0101FC00D8C32CBB03000000016B0176FF");
        assertEquals(0x2d8c19b376863d92L, Crc64.of(v10));
    }

    @Test
    void slicedMatchesBytewiseForAllLengthsAndSplits() {
        Random random = new Random(42);
        for (int len = 0; len < 300; len++) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            long expected = bytewise(data);
            assertEquals(expected, Crc64.of(data), "length " + len);
            int split = len == 0 ? 0 : random.nextInt(len + 1);
            Crc64 crc = new Crc64().update(data, 0, split).update(data, split, len - split);
            assertEquals(expected, crc.value(), "length " + len + " split " + split);
        }
    }

    @Test
    void byteBufHeapAndDirect() {
        byte[] data = new byte[20_000];
        new Random(7).nextBytes(data);
        long expected = bytewise(data);
        ByteBuf heap = Unpooled.wrappedBuffer(data);
        ByteBuf direct = Unpooled.directBuffer(data.length).writeBytes(data);
        try {
            assertEquals(expected, new Crc64().update(heap, 0, data.length).value());
            assertEquals(expected, new Crc64().update(direct, 0, 10_001).update(direct, 10_001, 9_999).value());
            assertEquals(0, heap.readerIndex(), "indexes are not moved");
        } finally {
            heap.release();
            direct.release();
        }
    }

    @Test
    void rejectsBadRanges() {
        assertThrows(IndexOutOfBoundsException.class, () -> new Crc64().update(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new Crc64().update(new byte[4], -1, 1));
    }

    @Test
    void resetStartsOver() {
        Crc64 crc = new Crc64().update(new byte[] {1, 2, 3});
        crc.reset();
        assertEquals(0xe9c6d914c4b8d9caL, crc.update("123456789".getBytes(StandardCharsets.US_ASCII)).value());
    }
}
