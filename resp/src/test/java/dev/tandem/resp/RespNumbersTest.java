/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import static dev.tandem.resp.RespTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class RespNumbersTest {

    @ParameterizedTest(name = "string2ll(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", value = {
            "0|0",
            "1|1",
            "-1|-1",
            "10|10",
            "9223372036854775807|9223372036854775807",
            "-9223372036854775808|-9223372036854775808",
            "9223372036854775808|INVALID",
            "-9223372036854775809|INVALID",
            "00|INVALID",
            "01|INVALID",
            "-0|INVALID",
            "-|INVALID",
            "+1|INVALID",
            "' 1'|INVALID",
            "'1 '|INVALID",
            "1a|INVALID",
            "''|INVALID",
            "000000000000000000001|INVALID",
            "18446744073709551616|INVALID"})
    void string2llFollowsRedis(String text, Long expected) {
        long[] out = new long[1];
        byte[] b = bytes(text);
        boolean ok = RespNumbers.string2ll(b, 0, b.length, out);
        assertEquals(expected != null, ok);
        if (ok) {
            assertEquals(expected, out[0]);
        }
        // The ByteBuf variant the parsers use agrees, at an offset inside a larger buffer.
        ByteBuf buf = Unpooled.wrappedBuffer(RespTestSupport.concat(bytes("xx"), b, bytes("yy")));
        long[] fromBuf = new long[1];
        assertEquals(ok, RespNumbers.string2ll(buf, 2, 2 + b.length, fromBuf));
        assertEquals(out[0], fromBuf[0]);
        buf.release();
    }

    /** Expected strings produced by glibc's printf("%.17g"), as Redis 7.0 formats doubles. */
    @ParameterizedTest(name = "%.17g of {0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "1.5|1.5",
            "1.1|1.1000000000000001",
            "0.1|0.10000000000000001",
            "100|100",
            "1e16|10000000000000000",
            "1e17|1e+17",
            "123456789012345678|1.2345678901234568e+17",
            "0.0001|0.0001",
            "0.00001|1.0000000000000001e-05",
            "-2.5|-2.5",
            "3.14159|3.1415899999999999",
            "1e300|1.0000000000000001e+300",
            "4.9E-324|4.9406564584124654e-324",
            "1.7976931348623157E308|1.7976931348623157e+308",
            "-0.0|-0",
            "0|0",
            "Infinity|inf",
            "-Infinity|-inf",
            "NaN|nan"})
    void formatDoubleIsPercent17g(double value, String expected) {
        assertEquals(expected, RespNumbers.formatDouble(value));
    }

    @Test
    void formattedDoublesReadBackExactly() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d)) {
                continue;
            }
            assertEquals(d, RespNumbers.parseDouble(bytes(RespNumbers.formatDouble(d))));
        }
    }

    @Test
    void parseDoubleAcceptsRespFormsOnly() {
        assertEquals(Double.POSITIVE_INFINITY, RespNumbers.parseDouble(bytes("inf")));
        assertEquals(Double.POSITIVE_INFINITY, RespNumbers.parseDouble(bytes("+INF")));
        assertEquals(Double.NEGATIVE_INFINITY, RespNumbers.parseDouble(bytes("-inf")));
        assertEquals(Double.NaN, RespNumbers.parseDouble(bytes("nan")));
        assertEquals(1.0e10, RespNumbers.parseDouble(bytes("1e10")));
        assertEquals(0.5, RespNumbers.parseDouble(bytes(".5")));
        assertEquals(5.0, RespNumbers.parseDouble(bytes("5.")));
        assertEquals(-1.25e-7, RespNumbers.parseDouble(bytes("-1.25E-7")));
        for (String bad : new String[] {"", ".", "e5", "1e", "Infinity", "0x10", "1f", "1d", " 1", "1 ", "--1", "1.2.3"}) {
            assertNull(RespNumbers.parseDouble(bytes(bad)), bad);
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "7", "-7", "10", "-10", "9223372036854775807", "-9223372036854775808", "1000000000000"})
    void writesDecimals(long value) {
        ByteBuf buf = Unpooled.buffer(1);
        try {
            RespNumbers.writeDecimal(buf, value);
            assertEquals(Long.toString(value), buf.toString(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(Long.toString(value).length(), RespNumbers.decimalLength(value));
        } finally {
            buf.release();
        }
    }
}
