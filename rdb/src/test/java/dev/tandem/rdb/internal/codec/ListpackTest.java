/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listpack cursor and builder against the byte examples of rdb-format.md §5.1 and the samples README. */
class ListpackTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s|]", ""));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> decode(byte[] lp) {
        return ListpackCursor.decodeAll(lp).stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    /** Wraps entry bytes in a listpack header and terminator. */
    private static byte[] listpack(int count, byte[] entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int total = 6 + entries.length + 1;
        out.write(total);
        out.write(total >>> 8);
        out.write(total >>> 16);
        out.write(total >>> 24);
        out.write(count);
        out.write(count >>> 8);
        out.writeBytes(entries);
        out.write(0xFF);
        return out.toByteArray();
    }

    @Test
    void smallestListpackIsEmpty() {
        ListpackCursor c = new ListpackCursor(hex("07 00 00 00 00 00 FF"));
        assertFalse(c.next());
        assertFalse(c.next());
        assertEquals(0, c.visited());
    }

    @Test
    void realListpacksFromTheSamples() {
        assertEquals(List.of("a", "b", "c"), decode(hex("10 00 00 00 03 00 81 61 02 81 62 02 81 63 02 FF")));
        byte[] hash = hex("1E 00 00 00 06 00 82 66 31 03 82 76 31 03 82 66 32 03 82 76 32 03 83 6E 75 6D 04 2A 01 FF");
        assertEquals(List.of("f1", "v1", "f2", "v2", "num", "42"), decode(hash));
        // 7.4 SET_LISTPACK [1, "a"] (§4.8)
        assertEquals(List.of("1", "a"), decode(hex("0C 00 00 00 02 00 01 01 81 61 02 FF")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "00 01, 0",
        "7F 01, 127",
        "DF FF 02, -1",
        "C0 80 02, 128",
        "D0 00 02, -4096",
        "CF FF 02, 4095",
        "C3 E8 02, 1000",
        "F1 30 75 03, 30000",
        "F1 00 80 03, -32768",
        "F2 A0 86 01 04, 100000",
        "F2 FF FF 7F 04, 8388607",
        "F2 00 00 80 04, -8388608",
        "F3 00 E1 F5 05 05, 100000000",
        "F3 00 00 00 80 05, -2147483648",
        "F4 00 F2 05 2A 01 00 00 00 09, 5000000000",
        "F4 00 0E FA D5 FE FF FF FF 09, -5000000000",
        "F4 FF FF FF FF FF FF FF 7F 09, 9223372036854775807",
    })
    void everyIntegerEncoding(String entry, long value) {
        ListpackCursor c = new ListpackCursor(listpack(1, hex(entry)));
        assertTrue(c.next());
        assertTrue(c.isInteger());
        assertEquals(value, c.integer());
        assertArrayEquals(ascii(Long.toString(value)), c.bytes());
        assertFalse(c.next());
        // and the builder picks exactly this encoding
        assertArrayEquals(listpack(1, hex(entry)), new ListpackBuilder().addInteger(value).build());
        assertArrayEquals(listpack(1, hex(entry)), new ListpackBuilder().add(ascii(Long.toString(value))).build());
    }

    @Test
    void everyStringEncoding() {
        byte[] y200 = ascii("y".repeat(200));
        // 12-bit string "y"x200: E0 C8 <200 bytes> 01 CA (entry size 202 -> two-byte backlen).
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.writeBytes(hex("E0 C8"));
        e.writeBytes(y200);
        e.writeBytes(hex("01 CA"));
        byte[] lp = listpack(1, e.toByteArray());
        assertArrayEquals(lp, new ListpackBuilder().add(y200).build());
        assertEquals(List.of("y".repeat(200)), decode(lp));

        // 6-bit: empty and 63 bytes
        assertArrayEquals(listpack(1, hex("80 01")), new ListpackBuilder().add(new byte[0]).build());
        byte[] s63 = ascii("z".repeat(63));
        ListpackCursor c63 = new ListpackCursor(new ListpackBuilder().add(s63).build());
        assertTrue(c63.next());
        assertArrayEquals(s63, c63.stringBytes());

        // 32-bit: 5000 bytes: F0 88 13 00 00 <data> backlen(5005) = 27 8D
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'q');
        ByteArrayOutputStream e32 = new ByteArrayOutputStream();
        e32.writeBytes(hex("F0 88 13 00 00"));
        e32.writeBytes(big);
        e32.writeBytes(hex("27 8D"));
        byte[] lp32 = listpack(1, e32.toByteArray());
        assertArrayEquals(lp32, new ListpackBuilder().add(big).build());
        ListpackCursor c = new ListpackCursor(lp32);
        assertTrue(c.next());
        assertFalse(c.isInteger());
        assertArrayEquals(big, c.stringBytes());
    }

    @Test
    void nonCanonicalNumbersStayStrings() {
        for (String s : List.of("007", "-0", "+1", " 1", "1.5", "9223372036854775808")) {
            ListpackCursor c = new ListpackCursor(new ListpackBuilder().add(ascii(s)).build());
            assertTrue(c.next());
            assertFalse(c.isInteger(), s);
            assertArrayEquals(ascii(s), c.stringBytes());
        }
    }

    @Test
    void builderReproducesTheSampleListpackSizes() {
        // README: list:small is a 343-byte listpack using every encoding.
        ListpackBuilder list = new ListpackBuilder();
        for (String s : List.of("a", "1", "-1", "1000", "30000", "100000", "100000000", "5000000000", "-5000000000",
                "hello world", "x".repeat(70), "y".repeat(200))) {
            list.add(ascii(s));
        }
        assertEquals(343, list.build().length);
        assertEquals(343, list.byteSize());
        // README: zset:small is a 78-byte listpack with 7.0's score texts.
        ListpackBuilder zset = new ListpackBuilder();
        for (String s : List.of("e", "-inf", "c", "-3", "g", "0.10000000000000001", "a", "1", "b", "2.5", "f",
                "1e+100", "d", "inf")) {
            zset.add(ascii(s));
        }
        assertEquals(78, zset.build().length);
        // hash:small exactly
        ListpackBuilder hash = new ListpackBuilder();
        for (String s : List.of("f1", "v1", "f2", "v2", "num", "42")) {
            hash.add(ascii(s));
        }
        assertArrayEquals(hex("1E 00 00 00 06 00 82 66 31 03 82 76 31 03 82 66 32 03 82 76 32 03 83 6E 75 6D 04 2A 01 FF"),
                hash.build());
    }

    @ParameterizedTest(name = "entry size {0} -> {1} bytes")
    @CsvSource({"1, 1", "127, 1", "128, 2", "16382, 2", "16383, 3", "2097150, 3", "2097151, 4", "268435454, 4",
        "268435455, 5"})
    void backlenThresholds(long size, int bytes) {
        assertEquals(bytes, ListpackBuilder.backlenSize(size));
        byte[] out = new byte[5];
        assertEquals(bytes, ListpackBuilder.encodeBacklen(size, out, 0));
        // decode right to left
        long v = 0;
        int shift = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v |= (long) (out[i] & 127) << shift;
            shift += 7;
            assertEquals(i != 0, (out[i] & 128) != 0, "continuation bits");
        }
        assertEquals(size, v);
    }

    @Test
    void manyEntriesSaturateTheCount() {
        ListpackBuilder b = new ListpackBuilder();
        for (int i = 0; i < 70_000; i++) {
            b.addInteger(i % 100);
        }
        byte[] lp = b.build();
        assertEquals(0xFF, lp[4] & 0xFF);
        assertEquals(0xFF, lp[5] & 0xFF);
        ListpackCursor c = new ListpackCursor(lp);
        assertEquals(ListpackCursor.UNKNOWN_COUNT, c.declaredCount());
        int n = 0;
        while (c.next()) {
            n++;
        }
        assertEquals(70_000, n);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "too short, 06 00 00 00 00 00",
        "total bytes mismatch, 08 00 00 00 00 00 FF",
        "no terminator, 07 00 00 00 00 00 00",
        "count mismatch, 10 00 00 00 02 00 81 61 02 81 62 02 81 63 02 FF",
        "bad backlen, 0A 00 00 00 01 00 81 61 03 FF",
        "invalid encoding F5, 09 00 00 00 01 00 F5 01 FF",
        "string overruns, 0A 00 00 00 01 00 85 61 02 FF",
        "int header overruns, 09 00 00 00 01 00 F4 01 FF",
        "terminator inside, 0B 00 00 00 01 00 FF 01 61 02 FF",
        "32-bit length huge, 0F 00 00 00 01 00 F0 FF FF FF 7F 00 00 FF",
        "entry runs into terminator, 09 00 00 00 01 00 81 61 FF",
    })
    void rejectsMalformed(String name, String bytes) {
        byte[] lp = hex(bytes);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> {
            ListpackCursor c = new ListpackCursor(lp);
            while (c.next()) {
                c.bytes();
            }
        });
        assertTrue(e.position() >= 0 && e.position() < lp.length + 1, e.getMessage());
    }

    @Test
    void unknownCountSkipsTheCountCheck() {
        assertEquals(List.of("a", "b", "c"), decode(hex("10 00 00 00 FF FF 81 61 02 81 62 02 81 63 02 FF")));
    }

    @Test
    void typedAccessors() {
        byte[] lp = new ListpackBuilder().addInteger(-7).addString(ascii("12")).add(ascii("x")).build();
        ListpackCursor c = new ListpackCursor(lp);
        assertThrows(IllegalStateException.class, c::isInteger);
        assertEquals(-7, c.nextInteger("first"));
        assertThrows(IllegalStateException.class, c::stringBytes);
        assertEquals(12, c.nextInteger("string holding a canonical integer"));
        assertThrows(MalformedDataException.class, () -> c.nextInteger("x is not an integer"));
        assertThrows(MalformedDataException.class, () -> c.nextBytes("past the end"));
    }

    @Test
    void builderRoundTripsRandomContent() {
        java.util.Random random = new java.util.Random(11);
        List<byte[]> items = new ArrayList<>();
        ListpackBuilder b = new ListpackBuilder();
        for (int i = 0; i < 2000; i++) {
            byte[] item;
            if (random.nextBoolean()) {
                item = ascii(Long.toString(random.nextLong() >> random.nextInt(64)));
            } else {
                item = new byte[random.nextInt(i % 100 == 0 ? 20_000 : 100)];
                random.nextBytes(item);
            }
            items.add(item);
            b.add(item);
        }
        List<byte[]> decoded = ListpackCursor.decodeAll(b.build());
        assertEquals(items.size(), decoded.size());
        for (int i = 0; i < items.size(); i++) {
            assertArrayEquals(items.get(i), decoded.get(i), "item " + i);
        }
    }
}
