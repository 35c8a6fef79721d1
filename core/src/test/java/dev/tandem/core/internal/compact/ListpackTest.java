/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The listpack and intset codecs: Redis's byte layouts, mutations, and validation of bytes from outside. */
class ListpackTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> decode(byte[] lp) {
        List<String> out = new ArrayList<>();
        for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p)) {
            out.add(new String(Listpack.bytes(lp, p), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void entriesUseRedisEncodingsByteForByte() {
        assertArrayEquals(new byte[] {5, 1}, Listpack.encodeInt(5)); // 7-bit uint, backlen 1
        assertArrayEquals(new byte[] {(byte) 0xDF, (byte) 0xFF, 2}, Listpack.encodeInt(-1)); // 13-bit
        assertArrayEquals(new byte[] {(byte) 0xF1, 0x10, 0x27, 3}, Listpack.encodeInt(10000)); // int16
        assertEquals(5, Listpack.encodeInt(1 << 20).length); // int24 + backlen
        assertEquals(6, Listpack.encodeInt(1L << 30).length); // int32
        assertEquals(10, Listpack.encodeInt(Long.MIN_VALUE).length); // int64
        assertArrayEquals(new byte[] {(byte) 0x82, 'h', 'i', 3}, Listpack.encode(b("hi")));
        // "007" and "-0" are not canonical integers: strings, as lpStringToInt64 decides.
        assertFalse(Listpack.isInt(Listpack.encode(b("007")), 0));
        assertFalse(Listpack.isInt(Listpack.encode(b("-0")), 0));
        assertTrue(Listpack.isInt(Listpack.encode(b("-9223372036854775808")), 0));
        byte[] s4000 = new byte[4000];
        byte[] e = Listpack.encodeString(s4000);
        assertEquals(0xE0 | (4000 >>> 8), e[0] & 0xFF); // 12-bit length
        assertEquals(2 + 4000 + 2, e.length); // two-byte back-length past 127
        assertEquals(0xF0, Listpack.encodeString(new byte[5000])[0] & 0xFF); // 32-bit length
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 127, 128, -1, -4096, 4095, 4096, -32768, 32767, 32768, -8388608, 8388607,
        8388608, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE})
    void integersRoundTripAtEveryWidthBoundary(long v) {
        byte[] lp = Listpack.append(Listpack.empty(), Listpack.encodeInt(v), Listpack.encodeInt(v));
        assertEquals(2, Listpack.validate(lp));
        int p = Listpack.first(lp);
        assertEquals(v, Listpack.intValue(lp, p));
        assertEquals(v, Listpack.intValue(lp, Listpack.last(lp)));
        assertEquals(p, Listpack.prev(lp, Listpack.last(lp)));
        assertEquals(Long.toString(v).length(), Listpack.valueLength(lp, p));
    }

    @Test
    void randomSplicesMatchAListAndStayValid() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] lp = Listpack.empty();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            String v = switch (r.nextInt(4)) {
                case 0 -> Long.toString(r.nextLong());
                case 1 -> Integer.toString(r.nextInt(-5000, 5000));
                case 2 -> "s".repeat(r.nextInt(0, 200));
                default -> "x" + r.nextInt(100);
            };
            int at = model.isEmpty() ? 0 : r.nextInt(model.size() + 1);
            int off = lp.length - 1;
            int p = Listpack.first(lp);
            for (int i = 0; i < at && p >= 0; i++) {
                p = Listpack.next(lp, p);
            }
            if (p >= 0) {
                off = p;
            }
            if (!model.isEmpty() && r.nextInt(3) == 0 && at < model.size()) {
                lp = Listpack.splice(lp, off, off + Listpack.entrySize(lp, off), 1);
                model.remove(at);
            } else {
                lp = Listpack.splice(lp, off, off, 0, Listpack.encode(b(v)));
                model.add(at, v);
            }
            assertEquals(model.size(), Listpack.validate(lp));
        }
        assertEquals(model, decode(lp));
        List<String> backwards = new ArrayList<>();
        for (int p = Listpack.last(lp); p >= 0; p = Listpack.prev(lp, p)) {
            backwards.add(0, new String(Listpack.bytes(lp, p), StandardCharsets.ISO_8859_1));
        }
        assertEquals(model, backwards);
    }

    @Test
    void validationNamesEachDefect() {
        byte[] good = Listpack.append(Listpack.empty(), Listpack.encode(b("field")), Listpack.encode(b("12")));
        assertEquals(2, Listpack.validate(good));
        assertThrows(IllegalArgumentException.class, () -> Listpack.validate(new byte[3]), "short");
        byte[] size = good.clone();
        size[0]++;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listpack.validate(size)).getMessage()
                .contains("header says"));
        byte[] eof = good.clone();
        eof[eof.length - 1] = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listpack.validate(eof)).getMessage()
                .contains("0xFF"));
        byte[] count = good.clone();
        count[4] = 3;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listpack.validate(count)).getMessage()
                .contains("count"));
        byte[] backlen = good.clone();
        backlen[6 + 6] = 9; // the first entry's back-length byte
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listpack.validate(backlen)).getMessage()
                .contains("back-length"));
        byte[] encoding = good.clone();
        encoding[6] = (byte) 0xF7;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listpack.validate(encoding)).getMessage()
                .contains("encoding"));
        byte[] overrun = good.clone();
        overrun[6] = (byte) (0x80 | 63); // a 63-byte string in a 20-byte listpack
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Listpack.validate(overrun)).getMessage()
                .contains("overruns"));
        byte[] huge = {12, 0, 0, 0, 1, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, (byte) 0xFF};
        assertThrows(IllegalArgumentException.class, () -> Listpack.validate(huge), "claimed 2 GB string");
    }

    @Test
    void intsetUpgradesKeepsOrderAndValidates() {
        byte[] is = Intset.empty();
        is = Intset.add(is, 5);
        is = Intset.add(is, -3);
        assertEquals(2, Intset.width(is));
        assertEquals(is, Intset.add(is, 5), "present: the same array");
        is = Intset.add(is, 70000);
        assertEquals(4, Intset.width(is));
        is = Intset.add(is, Long.MIN_VALUE);
        assertEquals(8, Intset.width(is));
        assertEquals(4, Intset.validate(is));
        assertEquals(List.of(Long.MIN_VALUE, -3L, 5L, 70000L),
                List.of(Intset.get(is, 0), Intset.get(is, 1), Intset.get(is, 2), Intset.get(is, 3)));
        is = Intset.remove(is, 5);
        assertFalse(Intset.contains(is, 5));
        assertTrue(Intset.contains(is, 70000));
        assertEquals(8, Intset.width(is), "never downgrades");
        byte[] unordered = {2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 1, 0};
        assertThrows(IllegalArgumentException.class, () -> Intset.validate(unordered));
        byte[] width = {3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0};
        assertThrows(IllegalArgumentException.class, () -> Intset.validate(width));
        byte[] length = {2, 0, 0, 0, 3, 0, 0, 0, 5, 0};
        assertThrows(IllegalArgumentException.class, () -> Intset.validate(length));
        SplittableRandom r = new SplittableRandom(3);
        java.util.TreeSet<Long> model = new java.util.TreeSet<>();
        byte[] x = Intset.empty();
        for (int i = 0; i < 2000; i++) {
            long v = r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(-40000, 40000);
            if (r.nextBoolean()) {
                x = Intset.add(x, v);
                model.add(v);
            } else {
                x = Intset.remove(x, v);
                model.remove(v);
            }
        }
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < Intset.length(x); i++) {
            got.add(Intset.get(x, i));
        }
        assertEquals(new ArrayList<>(model), got);
    }
}
