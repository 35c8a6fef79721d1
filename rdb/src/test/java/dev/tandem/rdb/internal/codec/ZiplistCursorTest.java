/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static dev.tandem.rdb.internal.codec.TestZiplists.str;
import static dev.tandem.rdb.internal.codec.TestZiplists.ziplist;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ziplist decoding against rdb-format.md §5.2, including every entry encoding. */
class ZiplistCursorTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s|]", ""));
    }

    private static List<String> decode(byte[] zl) {
        return ZiplistCursor.decodeAll(zl).stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void realRedis62Ziplist() {
        byte[] zl = hex("33 00 00 00 25 00 00 00 07 00 | 00 01 61 | 03 F2 | 02 FE FF | 03 C0 E8 03 | 04 F0 A0 86 01"
                + " | 05 E0 00 F2 05 2A 01 00 00 00 | 0A 0B 68 65 6C 6C 6F 20 77 6F 72 6C 64 | FF");
        assertEquals(List.of("a", "1", "-1", "1000", "100000", "5000000000", "hello world"), decode(zl));
        // the test assembler agrees with the real bytes
        assertArrayEquals(zl, ziplist(null, hex("01 61"), hex("F2"), hex("FE FF"), hex("C0 E8 03"),
                hex("F0 A0 86 01"), hex("E0 00 F2 05 2A 01 00 00 00"), str("hello world")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "F1, 0", "FD, 12", "FE 80, -128", "FE 7F, 127", "C0 00 80, -32768", "F0 FF FF 7F, 8388607",
        "F0 00 00 80, -8388608", "D0 00 00 00 80, -2147483648", "D0 A0 86 01 00, 100000",
        "E0 FF FF FF FF FF FF FF 7F, 9223372036854775807", "E0 00 00 00 00 00 00 00 80, -9223372036854775808",
    })
    void everyIntegerEncoding(String entry, long value) {
        ZiplistCursor c = new ZiplistCursor(ziplist(null, hex(entry)));
        assertTrue(c.next());
        assertTrue(c.isInteger());
        assertEquals(value, c.integer());
        assertFalse(c.next());
    }

    @Test
    void everyStringEncodingAndBigPrevlen() {
        String s300 = "p".repeat(300);
        String s20000 = "q".repeat(20_000);
        byte[] zl = ziplist(null, str(""), str("x".repeat(63)), str(s300), str("after-big"), str(s20000), str("end"));
        // the entry after the 300-byte string has the 5-byte prevlen FE + uint32 LE
        int afterBig = 10 + 2 + (1 + 1 + 63) + (1 + 2 + 300);
        assertEquals(0xFE, zl[afterBig] & 0xFF);
        assertEquals(List.of("", "x".repeat(63), s300, "after-big", s20000, "end"), decode(zl));
    }

    @Test
    void emptyAndUnknownCount() {
        assertEquals(List.of(), decode(hex("0B 00 00 00 0A 00 00 00 00 00 FF")));
        assertEquals(List.of("a", "b"), decode(ziplist(65535, str("a"), str("b"))));
    }

    @Test
    void stringAccessorCopies() {
        ZiplistCursor c = new ZiplistCursor(ziplist(null, str("abc"), hex("F3")));
        assertTrue(c.next());
        assertFalse(c.isInteger());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), c.stringBytes());
        assertThrows(IllegalStateException.class, c::integer);
        assertEquals(10, c.entryPosition());
        assertTrue(c.next());
        assertEquals(2, c.integer());
    }

    @Test
    void rejectsMalformed() {
        List<byte[]> bad = new ArrayList<>();
        byte[] good = ziplist(null, str("a"), str("bb"));
        bad.add(Arrays.copyOf(good, 10)); // too short
        byte[] wrongTotal = good.clone();
        wrongTotal[0]++;
        bad.add(wrongTotal);
        byte[] wrongTail = good.clone();
        wrongTail[4]++;
        bad.add(wrongTail);
        byte[] tailOutside = good.clone();
        tailOutside[5] = 0x7F;
        bad.add(tailOutside);
        bad.add(ziplist(3, str("a"), str("bb"))); // count mismatch
        byte[] wrongPrevlen = good.clone();
        wrongPrevlen[13] = 5;
        bad.add(wrongPrevlen);
        bad.add(ziplist(null, hex("C1 00 00"))); // invalid int encoding
        bad.add(ziplist(null, hex("05 61"))); // string overruns
        byte[] noEnd = good.clone();
        noEnd[noEnd.length - 1] = 0;
        bad.add(noEnd);
        bad.add(ziplist(null, hex("80 7F FF FF FF"))); // 32-bit length overruns
        bad.add(hex("0C 00 00 00 0A 00 00 00 00 00 FF FF")); // terminator before the end
        for (int i = 0; i < bad.size(); i++) {
            byte[] zl = bad.get(i);
            assertThrows(MalformedDataException.class, () -> decode(zl), "case " + i);
        }
    }
}
