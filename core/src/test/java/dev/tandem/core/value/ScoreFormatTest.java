/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreFormatTest {

    /**
     * value (hex float literal), C {@code %.17g} (Redis's ZSCORE/WITHSCORES text), util.c
     * d2string (a listpack's ZSCAN text). Expected texts come from glibc printf and from
     * redis-server 7.0.15 (ZSCORE and ZSCAN of a listpack-encoded zset).
     */
    @ParameterizedTest
    @CsvSource({
        "0x1.8p0, 1.5, 1.5",
        "0x1.0p0, 1, 1",
        "0x1.999999999999ap-4, 0.10000000000000001, 0.10000000000000001",
        "-0x0.0p0, -0, -0",
        "0x0.0p0, 0, 0",
        "0x1.6345785d8a000p+56, 1e+17, 100000000000000000",
        "0x1.1c37937e08000p+53, 10000000000000000, 10000000000000000",
        "0x1.b69b4ba630f35p+56, 1.2345678901234568e+17, 123456789012345680",
        "0x1.8000000000001p+1, 3.0000000000000004, 3.0000000000000004",
        "0x1.4f8b588e368f1p-17, 1.0000000000000001e-05, 1.0000000000000001e-05",
        "0x1.a36e2eb1c432dp-14, 0.0001, 0.0001",
        "0x1.9e0fcaf9380fcp-17, 1.234e-05, 1.234e-05",
        "0x1.7e43c8800759cp+996, 1.0000000000000001e+300, 1.0000000000000001e+300",
        "-0x1.7e43c8800759cp+996, -1.0000000000000001e+300, -1.0000000000000001e+300",
        "0x0.0000000000001p-1022, 4.9406564584124654e-324, 4.9406564584124654e-324",
        "0x1.0p-1022, 2.2250738585072014e-308, 2.2250738585072014e-308",
        "0x1.fffffffffffffp+1023, 1.7976931348623157e+308, 1.7976931348623157e+308",
        "-0x1.4p+1, -2.5, -2.5",
        "0x1.5555555555555p-2, 0.33333333333333331, 0.33333333333333331",
        "0x1.5555555555555p-1, 0.66666666666666663, 0.66666666666666663",
        "-0x1.5555555555555p-2, -0.33333333333333331, -0.33333333333333331",
        "0x1.9p+6, 100, 100",
        "0x1.c6bf526340004p+49, 1000000000000000.5, 1000000000000000.5",
        "0x1.0p+53, 9007199254740992, 9007199254740992",
        "0x1.0p+62, 4.6116860184273879e+18, 4611686018427387904",
        "-0x1.0p+62, -4.6116860184273879e+18, -4611686018427387904",
        "0x1.0000000000001p+62, 4.6116860184273889e+18, 4.6116860184273889e+18",
        "0x1.0p+63, 9.2233720368547758e+18, 9.2233720368547758e+18",
        "0x1.6345785d89fffp+56, 99999999999999984, 99999999999999984",
        "0x1.0p-1, 0.5, 0.5",
        "0x1.a36e2eb1c4325p-14, 9.9999999999999896e-05, 9.9999999999999896e-05",
        "0x1.edd2f1a9fbe77p+6, 123.456, 123.456",
        "-0x1.0624dd2f1a9fcp-10, -0.001, -0.001",
        "0x1.b1ae4d6e2ef50p+69, 1e+21, 1e+21",
        "0x1.0f0cf064dd592p+73, 1e+22, 1e+22",
        "0x1.56a95319d63e1p+63, 1.2345678901234567e+19, 1.2345678901234567e+19",
        "0x1.3333333333333p-2, 0.29999999999999999, 0.29999999999999999",
        "0x1.5666666666666p+1, 2.6749999999999998, 2.6749999999999998",
    })
    void matchesRedisText(String hexValue, String g17, String d2string) {
        double v = Double.parseDouble(hexValue);
        assertEquals(g17, ScoreFormat.format(v));
        assertEquals(d2string, ScoreFormat.d2string(v));
    }

    @Test
    void infinitiesAndNanAreSpelledAsRedis() {
        assertEquals("inf", ScoreFormat.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", ScoreFormat.format(Double.NEGATIVE_INFINITY));
        assertEquals("nan", ScoreFormat.format(Double.NaN));
        assertEquals("inf", ScoreFormat.d2string(Double.POSITIVE_INFINITY));
        assertEquals("-inf", ScoreFormat.d2string(Double.NEGATIVE_INFINITY));
    }

    /** 17 significant digits always identify a double: the text parses back to the same bits. */
    @Test
    void randomDoublesRoundTrip() {
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            String g = ScoreFormat.format(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(g)), g);
            String d = ScoreFormat.d2string(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(d)), d);
        }
    }

    /** Shape rules of %g: no trailing zeros or point, exponent with sign and two digits minimum. */
    @Test
    void layoutFollowsPercentG() {
        assertEquals("1.0000000000000001e-05", ScoreFormat.format(1e-5));
        assertEquals("0.0001", ScoreFormat.format(1e-4));
        assertEquals("1e+100", ScoreFormat.format(1e100));
        assertEquals("12345678901234568", ScoreFormat.format(12345678901234568.0));
        assertEquals("1.2345678901234568e+17", ScoreFormat.format(123456789012345680.0));
        assertEquals("-1", ScoreFormat.format(-1.0));
        assertEquals("10", ScoreFormat.format(10.0));
    }
}
