/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LzfTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void decodesTheReferenceExample() {
        // rdb-format.md §6: literal "aa", back-reference of 96 at distance 1, literal "aa".
        byte[] data = hex("01 61 61 E0 57 00 01 61 61");
        assertArrayEquals("a".repeat(100).getBytes(StandardCharsets.US_ASCII), Lzf.decompress(data, 0, data.length, 100));
    }

    @Test
    void decodesAnOverlongLiteralOnlyStream() {
        // "hello" stored as a single 5-byte literal; larger than the input, still valid (§6).
        byte[] data = hex("04 68 65 6C 6C 6F");
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), Lzf.decompress(data, 0, data.length, 5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "literal overruns input, 05 61 62, 6",
        "back-reference before output start, 20 00, 3",
        "back-reference truncated, 01 61 61 E0, 20",
        "long back-reference missing offset, 01 61 61 E0 57, 100",
        "output longer than declared, 01 61 61 E0 57 00, 50",
        "output shorter than declared, 01 61 61, 3",
        "declared length impossible for input, 01 61 61, 1000",
    })
    void rejectsMalformedStreams(String name, String hexData, int declared) {
        byte[] data = hex(hexData);
        assertThrows(MalformedDataException.class, () -> Lzf.decompress(data, 0, data.length, declared));
    }

    @Test
    void respectsOffsetAndLength() {
        byte[] framed = hex("EE EE 01 61 61 E0 57 00 01 61 61 EE");
        assertEquals(100, Lzf.decompress(framed, 2, 9, 100).length);
    }

    @Test
    void roundTripsVariedData() {
        Random random = new Random(1);
        for (int round = 0; round < 300; round++) {
            int len = round < 100 ? round : random.nextInt(40_000);
            byte[] data = new byte[len];
            int alphabet = 1 + random.nextInt(round % 3 == 0 ? 256 : 4);
            for (int i = 0; i < len; i++) {
                data[i] = (byte) random.nextInt(alphabet);
            }
            byte[] out = new byte[len + len / 16 + 64];
            int n = Lzf.compress(data, 0, len, out, 0, out.length);
            if (len == 0) {
                assertEquals(0, n);
                continue;
            }
            assertTrue(n > 0, "fits in a generous budget, length " + len);
            assertArrayEquals(data, Lzf.decompress(out, 0, n, len), "round " + round);
        }
    }

    @Test
    void compressesRepetitiveDataWell() {
        byte[] data = "a".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] c = Lzf.compress(data, 96);
        assertTrue(c.length <= 9, "100 x 'a' compresses at least as well as Redis (9 bytes), got " + c.length);
        byte[] lorem = "Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] cl = Lzf.compress(lorem, lorem.length - 4);
        assertTrue(cl.length <= 40, "Redis needs 36 bytes; got " + cl.length);
        assertArrayEquals(lorem, Lzf.decompress(cl, 0, cl.length, lorem.length));
    }

    @Test
    void longRunsUseMaximalMatchesAndFarOffsets() {
        byte[] data = new byte[70_000];
        Random random = new Random(3);
        byte[] block = new byte[5000];
        random.nextBytes(block);
        for (int i = 0; i < data.length; i++) {
            data[i] = block[i % block.length];
        }
        byte[] c = Lzf.compress(data, data.length);
        assertTrue(c.length < data.length / 5, "repeated 5000-byte block compresses, got " + c.length);
        assertArrayEquals(data, Lzf.decompress(c, 0, c.length, data.length));
    }

    @Test
    void reportsWhenItDoesNotFit() {
        byte[] random = new byte[300];
        new Random(5).nextBytes(random);
        assertNull(Lzf.compress(random, random.length - 4), "incompressible data does not fit len-4");
        assertNull(Lzf.compress(random, 0));
        byte[] out = new byte[10];
        assertEquals(0, Lzf.compress(random, 0, random.length, out, 0, out.length));
    }

    @Test
    void writesOnlyInsideItsOutputWindow() {
        byte[] data = "abcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64];
        Arrays.fill(out, (byte) 0x55);
        int n = Lzf.compress(data, 0, data.length, out, 10, 20);
        assertTrue(n > 0 && n <= 20);
        for (int i = 0; i < 10; i++) {
            assertEquals(0x55, out[i]);
        }
        for (int i = 10 + n; i < out.length; i++) {
            assertEquals(0x55, out[i]);
        }
        assertArrayEquals(data, Lzf.decompress(out, 10, n, data.length));
    }
}
