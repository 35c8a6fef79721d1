/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.internal.command.GlobPattern;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobPatternTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "*|anything|true", "*|''|true", "h?llo|hello|true", "h?llo|hllo|false",
        "h*llo|heeeello|true", "h[ae]llo|hallo|true", "h[ae]llo|hillo|false",
        "h[^e]llo|hallo|true", "h[^e]llo|hello|false", "h[a-b]llo|hbllo|true",
        "h[b-a]llo|hallo|true", "h\\*llo|h*llo|true", "h\\*llo|hallo|false",
        "user:*:name|user:42:name|true", "a*b*c|axxbyyc|true", "a*b*c|axxbyy|false",
        "''|''|true", "abc|abcd|false", "abc*|abc|true", "[abc|b|true"
    })
    void matchesLikeRedis(String pattern, String s, boolean expected) {
        assertEquals(expected, GlobPattern.matches(pattern.getBytes(StandardCharsets.UTF_8),
                s.getBytes(StandardCharsets.UTF_8)));
    }
}
