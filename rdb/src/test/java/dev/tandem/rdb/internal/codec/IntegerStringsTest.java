/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntegerStringsTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808", "1000", "-5"})
    void canonical(String s) {
        assertTrue(IntegerStrings.isCanonicalInt64(ascii(s)));
        assertEquals(Long.parseLong(s), IntegerStrings.parseCanonicalInt64(ascii(s)));
        assertArrayEquals(ascii(s), IntegerStrings.toBytes(Long.parseLong(s)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "007", "00", "-0", "+1", " 1", "1 ", "-", "1.0", "1e3", "abc", "0x10",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "--1", "1-"})
    void notCanonical(String s) {
        assertFalse(IntegerStrings.isCanonicalInt64(ascii(s)));
        assertThrows(IllegalArgumentException.class, () -> IntegerStrings.parseCanonicalInt64(ascii(s)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "100, C0 64",
        "-5, C0 FB",
        "-128, C0 80",
        "127, C0 7F",
        "128, C1 80 00",
        "1000, C1 E8 03",
        "-32768, C1 00 80",
        "100000, C2 A0 86 01 00",
        "2147483647, C2 FF FF FF 7F",
        "-2147483648, C2 00 00 00 80",
        "64, C0 40",
    })
    void rdbIntegerFormsFromTheSamples(String value, String encoded) {
        assertArrayEquals(HexFormat.of().parseHex(encoded.replace(" ", "")),
                IntegerStrings.rdbIntegerForm(ascii(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649", "12345678901234", "007", "-0", "", "hello", " 1"})
    void stringsThatStayStrings(String value) {
        assertNull(IntegerStrings.rdbIntegerForm(ascii(value)));
    }
}
