/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected strings are redis-server 7.0.15's replies to {@code INCRBYFLOAT fresh <input>}. */
class LongDoubleTest {
    private static LongDouble.Parsed parse(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.1, 0.1",
        "0x1p-16445, 0",
        "3.6e-4951, 0",
        "0X1A, 26",
        "0x.8p1, 1",
        "-0, 0",
        "123456789012345678901234567890, 123456789012345678899921813504",
        "0.30000000000000000000000000000001, 0.3",
        "1e20, 100000000000000000000",
        "1.5e-7, 0.00000015",
        "-2.5, -2.5",
        "0.000003814697265625, 0.00000381469726562",
        "5., 5",
        ".5, 0.5",
    })
    void parsesRoundsAndFormatsLikeX87(String input, String expected) {
        LongDouble.Parsed p = parse(input);
        assertEquals(expected, LongDouble.format(LongDouble.add(BigDecimal.ZERO, p.value())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "1e", "0x", "0x1p", "nan", "-nan", "1e5000", "1e-4951",
        "--1", "+-1", "1.2.3", "e5", ".", "infx", "1e+"})
    void rejectsWhatString2ldRejects(String input) {
        assertNull(parse(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-inf", "Infinity", "+INF"})
    void acceptsInfinities(String input) {
        assertTrue(parse(input).isInfinite());
    }

    @ParameterizedTest
    @CsvSource({"1000, 0.1, 1000.09999999999999998", "10.5, 0.1, 10.6", "1e300, 1, "
        + "1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144"})
    void addsInExtendedPrecision(String a, String b, String expected) {
        assertEquals(expected, LongDouble.format(LongDouble.add(parse(a).value(), parse(b).value())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1.fffffffffffffffep16383"})
    void overflowOfTheSumIsNull(String max) {
        assertNull(LongDouble.add(parse(max).value(), parse(max).value()));
    }
}
