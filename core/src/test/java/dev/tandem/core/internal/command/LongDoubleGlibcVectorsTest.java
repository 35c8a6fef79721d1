/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The long double emulation against what redis-server 7.0.15 (x86-64, glibc) answers to
 * {@code HINCRBYFLOAT h f <increment>} on a fresh field, and to chains of increments.
 */
class LongDoubleGlibcVectorsTest {
    private static LongDouble.Parsed parse(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String print(LongDouble.Parsed v) {
        return LongDouble.format(v.value());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.1                         | 0.1
            100000.1                    | 100000.10000000000000142
            -100000.4                   | -100000.39999999999999858
            0x1p-2                      | 0.25
            0x1.8P3                     | 12
            0X.8p1                      | 1
            1e+2                        | 100
            .5                          | 0.5
            5.                          | 5
            +5                          | 5
            -.5                         | -0.5
            1e-20                       | 0
            -1e-20                      | 0
            0.00000000000000001         | 0.00000000000000001
            0.000000000000000005        | 0
            0.000000000000000015        | 0.00000000000000002
            0.000000000000000025        | 0.00000000000000002
            123456789012345678901234567890 | 123456789012345678899921813504
            0e99999999999               | 0
            3.0000000000000000001       | 3
            2.5e-5                      | 0.000025
            4e-4951                     | 0
            3.6e-4951                   | 0
            """)
    void parsesAndPrintsLikeGlibc(String input, String printed) {
        LongDouble.Parsed v = parse(input);
        assertNotNull(v, input);
        assertEquals(printed, print(v));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "0x", "1e", " 1", "1 ", "nan", "-nan", "1.2e4932", "1e-4951",
            "1e-4952", "1e-99999999999", "1e99999999999", "abc", "1.5.2", "--1", "0x1p", "e5",
            ".", "infin", "1,5"})
    void rejectsWhatString2ldRejects(String input) {
        assertNull(parse(input), input);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"inf", "-inf", "INF", "+Infinity", "-infinity"})
    void acceptsInfinities(String input) {
        LongDouble.Parsed v = parse(input);
        assertNotNull(v);
        assertTrue(v.isInfinite());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0.1 0.2                          | 0.3
            0.1 0.2 100000.1                 | 100000.39999999999999858
            10.5 0.1                         | 10.6
            3 -3                             | 0
            1e4932 -1e4932                   | 0
            """)
    void sumsRoundOnceLikeLongDouble(String increments, String printed) {
        java.math.BigDecimal acc = java.math.BigDecimal.ZERO;
        for (String inc : increments.split(" ")) {
            acc = LongDouble.add(acc, parse(inc).value());
        }
        assertEquals(printed, LongDouble.format(acc));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            1e400   | 100000000000000000002818806839475865145864534336290520386259106935396855340086298620393639948483241605220940539273176162
            1e4932  | 100000000000000000000601894938796389132383777425453311477378504135253301948660872240753332777943314277366652556366627768
            1.7976931348623157e308 | 179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689
            """)
    void hugeValuesPrintAllIntegerDigits(String input, String leadingDigits) {
        String printed = print(parse(input));
        assertTrue(printed.startsWith(leadingDigits), printed);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"1e4932", "1.1e4932"})
    void overflowToInfinityOnAdd(String big) {
        LongDouble.Parsed v = parse(big);
        assertNull(LongDouble.add(v.value(), v.value()), "overflow is reported as no result");
    }
}
