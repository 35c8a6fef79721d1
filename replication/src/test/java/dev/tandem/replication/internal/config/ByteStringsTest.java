/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteStringsTest {

    @Test
    void everyByteSequenceSurvivesTheRoundTrip() {
        SplittableRandom random = new SplittableRandom(14);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly high bytes: malformed, truncated and overlong sequences, encoded surrogates.
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(128) : 0x80 + random.nextInt(128));
            }
            assertArrayEquals(bytes, ByteStrings.encode(ByteStrings.decode(bytes)), () -> java.util.HexFormat.of().formatHex(bytes));
        }
    }

    @Test
    void validUtf8IsTheStringAJavaCallerWouldPass() {
        for (String s : new String[] {"", "secret", "pässwörd", "日本語", "emoji \uD83D\uDD11 key", "\uD800\uDC00"}) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(s, ByteStrings.decode(utf8));
            assertArrayEquals(utf8, ByteStrings.encode(s));
        }
    }

    @Test
    void distinctInvalidPasswordsStayDistinct() {
        byte[] a = {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc};
        byte[] b = {(byte) 0xfc, (byte) 0xfd, (byte) 0xfe, (byte) 0xff};
        assertNotEquals(ByteStrings.decode(a), ByteStrings.decode(b));
        assertNotEquals("\uFFFD".repeat(4), ByteStrings.decode(a), "not what a plain UTF-8 decode makes of them");
    }
}
