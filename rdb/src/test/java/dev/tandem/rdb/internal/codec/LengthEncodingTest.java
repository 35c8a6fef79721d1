/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LengthEncodingTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "0, 00",
        "63, 3F",
        "64, 40 40",
        "600, 42 58",
        "16383, 7F FF",
        "16384, 80 00 00 40 00",
        "4294967295, 80 FF FF FF FF",
        "4294967296, 81 00 00 00 01 00 00 00 00",
    })
    void canonicalForms(long value, String encoded) {
        byte[] bytes = hex(encoded);
        assertArrayEquals(bytes, LengthEncoding.encode(value));
        assertEquals(bytes.length, LengthEncoding.encodedSize(value));
        assertEquals(bytes.length, LengthEncoding.headerSize(bytes[0] & 0xFF));
        assertEquals(value, LengthEncoding.decode(bytes, 0));
    }

    @Test
    void unsigned64BitValuesFromRealFiles() {
        // Module ids and entries_read = -1 exceed Long.MAX_VALUE (§2.1).
        assertEquals(-1L, LengthEncoding.decode(hex("81 FF FF FF FF FF FF FF FF"), 0));
        assertEquals(0x9B29A876DCA97803L, LengthEncoding.decode(hex("81 9B 29 A8 76 DC A9 78 03"), 0));
        assertArrayEquals(hex("81 FF FF FF FF FF FF FF FF"), LengthEncoding.encode(-1L));
        assertEquals(9, LengthEncoding.encodedSize(Long.MIN_VALUE));
    }

    @Test
    void nonCanonicalFormsAreRead() {
        assertEquals(1, LengthEncoding.decode(hex("80 00 00 00 01"), 0));
        assertEquals(3, LengthEncoding.decode(hex("81 00 00 00 00 00 00 00 03"), 0));
        assertEquals(5, LengthEncoding.decode(hex("40 05"), 0));
    }

    @Test
    void invalidAndSpecialFirstBytes() {
        for (int b = 0x82; b <= 0xBF; b++) {
            assertEquals(-1, LengthEncoding.headerSize(b));
            byte[] bytes = new byte[9];
            bytes[0] = (byte) b;
            assertThrows(MalformedDataException.class, () -> LengthEncoding.decode(bytes, 0));
        }
        for (int b = 0xC0; b <= 0xFF; b++) {
            assertTrue(LengthEncoding.isSpecial(b));
            byte[] bytes = {(byte) b};
            assertThrows(MalformedDataException.class, () -> LengthEncoding.decode(bytes, 0));
        }
        assertFalse(LengthEncoding.isSpecial(0x81));
    }

    @Test
    void writesToByteBuf() {
        ByteBuf buf = Unpooled.buffer();
        try {
            LengthEncoding.write(buf, 300);
            LengthEncoding.write(buf, 1L << 40);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            assertArrayEquals(hex("41 2C 81 00 00 01 00 00 00 00 00"), out);
        } finally {
            buf.release();
        }
    }
}
