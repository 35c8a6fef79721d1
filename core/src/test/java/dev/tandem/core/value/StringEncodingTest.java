/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: strings are kept as Redis 7.0 keeps them — canonical integers as longs (0..9999
 * shared), up to 44 bytes embstr, else raw — and read back as the same bytes. The expected
 * encodings were taken from redis-server 7.0.15 ({@code SET k v; OBJECT ENCODING k; OBJECT
 * REFCOUNT k}, refcount 2147483647 marking a shared integer).
 */
class StringEncodingTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "123|int|true",
        "0|int|true",
        "9999|int|true",
        "10000|int|false",
        "-1|int|false",
        "007|embstr|false",
        "+1|embstr|false",
        "-0|embstr|false",
        "' 1'|embstr|false",
        "1.0|embstr|false",
        "''|embstr|false",
        "9223372036854775807|int|false",
        "9223372036854775808|embstr|false",
        "-9223372036854775808|int|false",
        "-9223372036854775809|embstr|false",
        "12345678901234567890|embstr|false",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|embstr|false",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|raw|false",
    })
    void setChoosesRedissEncoding(String text, String encoding, boolean shared) {
        StringValue v = StringValue.encoded(ascii(text));
        assertEquals(encoding, v.encodingName());
        assertEquals(shared, v.isShared());
        assertArrayEquals(ascii(text), v.bytes(), "reads back as the same bytes");
        assertEquals(text.length(), v.length());
        if (encoding.equals("int")) {
            assertEquals(Long.parseLong(text), v.longValue());
        }
    }

    @Test
    void sharedIntegersAreOneInstanceEach() {
        assertSame(StringValue.encoded(ascii("42")), StringValue.of(42));
        assertSame(StringValue.of(9999), StringValue.of(9999));
        assertFalse(StringValue.of(10_000) == StringValue.of(10_000));
        assertTrue(StringValue.of(-5).isInteger());
    }

    @Test
    void createdAndModifiedStringsAreNamedAsRedisNamesThem() {
        assertEquals("embstr", StringValue.of(ascii("123")).encodingName(), "createStringObject does not try int");
        assertEquals("raw", StringValue.raw(ascii("ab")).encodingName(), "APPEND/SETRANGE/SETBIT results");
        assertEquals("raw", StringValue.of(new byte[45]).encodingName());
    }
}
