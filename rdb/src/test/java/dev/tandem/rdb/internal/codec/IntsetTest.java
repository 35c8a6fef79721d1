/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntsetTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void sampleIntsetsOfEveryWidth() {
        assertArrayEquals(new long[] {-5, 1, 2, 3}, Intset.decode(hex("02 00 00 00 04 00 00 00 FB FF 01 00 02 00 03 00")));
        assertArrayEquals(new long[] {-100000, 7, 100000},
                Intset.decode(hex("04 00 00 00 03 00 00 00 60 79 FE FF 07 00 00 00 A0 86 01 00")));
        assertArrayEquals(new long[] {1, 5000000000L},
                Intset.decode(hex("08 00 00 00 02 00 00 00 01 00 00 00 00 00 00 00 00 F2 05 2A 01 00 00 00")));
    }

    @Test
    void encodesWithTheNarrowestWidthInAscendingOrder() {
        assertArrayEquals(hex("02 00 00 00 04 00 00 00 FB FF 01 00 02 00 03 00"), Intset.encode(new long[] {3, -5, 2, 1}));
        assertArrayEquals(hex("04 00 00 00 03 00 00 00 60 79 FE FF 07 00 00 00 A0 86 01 00"),
                Intset.encode(new long[] {100000, 7, -100000}));
        assertArrayEquals(hex("08 00 00 00 02 00 00 00 01 00 00 00 00 00 00 00 00 F2 05 2A 01 00 00 00"),
                Intset.encode(new long[] {5000000000L, 1}));
        long[] extremes = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
        assertArrayEquals(extremes, Intset.decode(Intset.encode(extremes)));
        assertEquals(2, Intset.widthFor(-32768));
        assertEquals(4, Intset.widthFor(32768));
        assertEquals(8, Intset.widthFor(2147483648L));
    }

    @Test
    void encodeRejectsEmptyAndDuplicates() {
        assertThrows(IllegalArgumentException.class, () -> Intset.encode(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> Intset.encode(new long[] {1, 2, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "short header, 02 00 00 00 01 00 00",
        "bad encoding, 03 00 00 00 01 00 00 00 01 00 00",
        "empty, 02 00 00 00 00 00 00 00",
        "size mismatch, 02 00 00 00 02 00 00 00 01 00",
        "trailing bytes, 02 00 00 00 01 00 00 00 01 00 00",
        "unsorted, 02 00 00 00 02 00 00 00 02 00 01 00",
        "duplicate, 02 00 00 00 02 00 00 00 01 00 01 00",
        "huge count, 08 00 00 00 FF FF FF FF 01 00",
    })
    void rejectsMalformed(String name, String bytes) {
        assertThrows(MalformedDataException.class, () -> Intset.decode(hex(bytes)));
    }
}
