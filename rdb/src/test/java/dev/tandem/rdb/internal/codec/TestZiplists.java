/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Assembles ziplists for tests (Tandem has no production ziplist writer): computes each
 * prevlen, zltail and the header from the rules of rdb-format.md §5.2, independently of the
 * cursor under test.
 */
public final class TestZiplists {
    private TestZiplists() {
    }

    /** A ziplist of (encoding + data) entries; {@code countOverride} null = the real count. */
    public static byte[] ziplist(Integer countOverride, byte[]... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prev = 0;
        int tail = 10;
        for (byte[] e : entries) {
            tail = 10 + body.size();
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            if (prev < 254) {
                entry.write(prev);
            } else {
                entry.write(0xFE);
                for (int i = 0; i < 4; i++) {
                    entry.write(prev >>> (8 * i));
                }
            }
            entry.writeBytes(e);
            prev = entry.size();
            body.writeBytes(entry.toByteArray());
        }
        int total = 10 + body.size() + 1;
        int count = countOverride != null ? countOverride : entries.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : new int[] {total, tail}) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
        }
        out.write(count);
        out.write(count >>> 8);
        out.writeBytes(body.toByteArray());
        out.write(0xFF);
        return out.toByteArray();
    }

    /** A ziplist of entries given as text: canonical integers become int entries, the rest strings. */
    public static byte[] ofValues(String... values) {
        byte[][] entries = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            entries[i] = IntegerStrings.isCanonicalInt64(values[i].getBytes(StandardCharsets.US_ASCII))
                    ? integer(Long.parseLong(values[i])) : str(values[i]);
        }
        return ziplist(null, entries);
    }

    /** A string entry (encoding + data). */
    public static byte[] str(String s) {
        byte[] data = s.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        if (data.length <= 63) {
            e.write(data.length);
        } else if (data.length <= 16383) {
            e.write(0x40 | (data.length >>> 8));
            e.write(data.length);
        } else {
            e.write(0x80);
            for (int i = 3; i >= 0; i--) {
                e.write(data.length >>> (8 * i));
            }
        }
        e.writeBytes(data);
        return e.toByteArray();
    }

    /** An integer entry in the smallest ziplist encoding (immediate, int8, int16, int24, int32, int64). */
    public static byte[] integer(long v) {
        if (v >= 0 && v <= 12) {
            return new byte[] {(byte) (0xF1 + v)};
        }
        int width;
        int enc;
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            enc = 0xFE;
            width = 1;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            enc = 0xC0;
            width = 2;
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            enc = 0xF0;
            width = 3;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 0xD0;
            width = 4;
        } else {
            enc = 0xE0;
            width = 8;
        }
        byte[] out = new byte[1 + width];
        out[0] = (byte) enc;
        for (int i = 0; i < width; i++) {
            out[1 + i] = (byte) (v >>> (8 * i));
        }
        return out;
    }
}
