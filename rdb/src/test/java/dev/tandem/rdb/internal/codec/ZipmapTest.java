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
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Zipmap (§5.4): {@code zmlen {len field len free value free-bytes}* FF}. */
class ZipmapTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s|]", ""));
    }

    private static List<String> decode(byte[] zm) {
        return Zipmap.decode(zm).stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void smallMapWithFreeSpace() {
        // {f1: v1, num: 42} where "42" has one byte of free space after it.
        byte[] zm = hex("02 | 02 66 31 | 02 00 76 31 | 03 6E 75 6D | 02 01 34 32 00 | FF");
        assertEquals(List.of("f1", "v1", "num", "42"), decode(zm));
    }

    @Test
    void emptyMapAndUnknownCount() {
        assertEquals(List.of(), decode(hex("00 FF")));
        assertEquals(List.of("a", "b"), decode(hex("FE 01 61 01 00 62 FF")));
    }

    @Test
    void bigLengthsAreLittleEndian() {
        String big = "v".repeat(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hex("01 01 6B"));
        out.writeBytes(hex("FE 2C 01 00 00 00")); // 300 as FE + uint32 LE, free 0
        out.writeBytes(big.getBytes(StandardCharsets.US_ASCII));
        out.write(0xFF);
        assertEquals(List.of("k", big), decode(out.toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "too short, FF",
        "count mismatch, 02 01 61 01 00 62 FF",
        "no terminator, 01 01 61 01 00 62",
        "field overruns, 01 09 61 FF",
        "field without value, 01 01 61 FF",
        "value overruns, 01 01 61 05 00 62 FF",
        "free overruns, 01 01 61 01 09 62 FF",
        "big length overruns, 01 FE FF FF FF 7F 61 FF",
        "invalid value length byte, 01 01 61 FF 00 FF",
        "terminator not last, 00 FF FF",
    })
    void rejectsMalformed(String name, String bytes) {
        assertThrows(MalformedDataException.class, () -> Zipmap.decode(hex(bytes)));
    }
}
