/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicationIdTest {

    @Test
    void randomIdsAreFortyLowercaseHexCharactersAndDistinct() {
        Set<ReplicationId> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ReplicationId id = ReplicationId.random();
            assertTrue(id.toString().matches("[0-9a-f]{40}"), id.toString());
            assertTrue(seen.add(id), "duplicate id");
        }
    }

    @Test
    void randomHexCoversEveryDigitAndAnyLength() {
        assertEquals("", ReplicationId.randomHex(0));
        assertEquals(7, ReplicationId.randomHex(7).length());
        Set<Character> digits = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            for (char c : ReplicationId.randomHex(40).toCharArray()) {
                digits.add(c);
            }
        }
        assertEquals(16, digits.size());
        assertThrows(IllegalArgumentException.class, () -> ReplicationId.randomHex(-1));
    }

    @Test
    void parsingNormalizesCase() {
        ReplicationId lower = ReplicationId.parse("9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8");
        ReplicationId upper = ReplicationId.parse("9B684C7277F1EC4556A5ED76EDCB9D3A61E25BD8");
        assertEquals(lower, upper);
        assertEquals(lower.hashCode(), upper.hashCode());
        assertEquals("9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8", upper.toString());
        assertTrue(lower.matches("9B684C7277F1EC4556A5ED76EDCB9D3A61E25BD8"));
        assertFalse(lower.matches("?"));
        assertFalse(lower.matches(null));
        assertArrayEquals("9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8".getBytes(StandardCharsets.US_ASCII), upper.toBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?", "9b684c7277f1ec4556a5ed76edcb9d3a61e25bd", "9b684c7277f1ec4556a5ed76edcb9d3a61e25bd80",
        "9b684c7277f1ec4556a5ed76edcb9d3a61e25bdg", "9b684c7277f1ec4556a5ed76edcb9d3a61e25bd\u0660",
        " b684c7277f1ec4556a5ed76edcb9d3a61e25bd8"})
    void rejectsAnythingButFortyHexCharacters(String text) {
        assertTrue(ReplicationId.tryParse(text).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplicationId.parse(text));
        assertTrue(e.getMessage().contains("40 hexadecimal characters"), e.getMessage());
    }

    @Test
    void noneIsFortyZeros() {
        assertEquals("0".repeat(40), ReplicationId.NONE.toString());
        assertTrue(ReplicationId.NONE.isNone());
        assertTrue(ReplicationId.parse("0".repeat(40)).isNone());
        assertNotEquals(ReplicationId.NONE, ReplicationId.random());
    }
}
