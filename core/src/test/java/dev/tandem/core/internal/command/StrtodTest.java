/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrtodTest {

    private static byte[] bytes(String s) {
        return s.replace("\\t", "\t").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** input, characters consumed, value: all three from glibc's strtod (called through ctypes). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1|0x1.0p0",
        "' 1'|2|0x1.0p0",
        "\\t\\n1|3|0x1.0p0",
        "+1.5|4|0x1.8p0",
        "-0|2|-0x0.0p0",
        ".5|2|0x1.0p-1",
        "5.|2|0x1.4p2",
        ".|0|0x0.0p0",
        "e5|0|0x0.0p0",
        "1e|1|0x1.0p0",
        "1e+|1|0x1.0p0",
        "1e5x|3|0x1.86ap16",
        "1E-2|4|0x1.47ae147ae147bp-7",
        "inf|3|Infinity",
        "-Infinity|9|-Infinity",
        "INFIN|3|Infinity",
        "infinityx|8|Infinity",
        "nan|3|NaN",
        "-nan|4|NaN",
        "nan(123)|8|NaN",
        "nan(|3|NaN",
        "nan(a_b)|8|NaN",
        "nan(a-b)|3|NaN",
        "0x|1|0x0.0p0",
        "0X1P3|5|0x1.0p3",
        "0x.8|4|0x1.0p-1",
        "0x1.8p|5|0x1.8p0",
        "0xg|1|0x0.0p0",
        "-0x10|5|-0x1.0p4",
        "0x1p-1074|9|0x0.0000000000001p-1022",
        "0x1p-1075|9|0x0.0p0",
        "0x1.fffffffffffff8p1023|23|Infinity",
        "1e400|5|Infinity",
        "-1e400|6|-Infinity",
        "1e-400|6|0x0.0p0",
        "4.9e-324|8|0x0.0000000000001p-1022",
        "2e-324|6|0x0.0p0",
        "1e-310|6|0x0.012688b70e62bp-1022",
        "|0|0x0.0p0",
        "(|0|0x0.0p0",
        "(1|0|0x0.0p0",
        "+|0|0x0.0p0",
        "-|0|0x0.0p0",
        "+.e1|0|0x0.0p0",
        "00012|5|0x1.8p3",
        "1.2.3|3|0x1.3333333333333p0",
        "1,5|1|0x1.0p0",
        "0.000000000000000000000000000001e30|35|0x1.0p0",
        "123456789012345678901234567890|30|0x1.8ee90ff6c373ep96",
        "1e99999999999999999999|22|Infinity",
    })
    void parsesLikeGlibc(String input, int consumed, String value) {
        Strtod.Result r = Strtod.parse(bytes(input == null ? "" : input));
        assertEquals(consumed, r.end(), "consumed");
        double expected = Double.parseDouble(value);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(r.value()), "value");
    }

    /** Redis's string2d (ZADD scores, WEIGHTS): accepted values, checked on redis-server 7.0.15. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5|0x1.8p0",
        "0x10|0x1.0p4",
        "-0x1P+2|-0x1.0p2",
        "+inf|Infinity",
        "Infinity|Infinity",
        "-inf|-Infinity",
        ".5|0x1.0p-1",
        "5.|0x1.4p2",
        "+.5|0x1.0p-1",
        "-0|-0x0.0p0",
        "2.5e-324|0x0.0000000000001p-1022",
        "0x1p-1074|0x0.0000000000001p-1022",
    })
    void string2dAccepts(String input, String value) {
        double expected = Double.parseDouble(value);
        assertEquals(Double.doubleToRawLongBits(expected),
                Double.doubleToRawLongBits(Strtod.string2d(bytes(input))));
    }

    /** ... and refused ones ({@code ERR value is not a valid float} on redis-server 7.0.15). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "' 1'", "'1 '", "EMPTY", "0x", "nan", "-nan", "1e400", "-1e400", "1e-400", "2e-324", "abc", "1e", "--1", "1.2.3",
    })
    void string2dRefuses(String input) {
        assertNull(Strtod.string2d(bytes(input.equals("EMPTY") ? "" : input)));
    }

    @org.junit.jupiter.api.Test
    void embeddedNulStopsTheCStringButString2dNeedsTheWholeArgument() {
        byte[] withNul = {'1', 0, '5'};
        assertEquals(1, Strtod.parse(withNul).end());
        assertNull(Strtod.string2d(withNul));
    }
}
