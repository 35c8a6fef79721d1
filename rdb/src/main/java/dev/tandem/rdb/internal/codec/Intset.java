/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import java.util.Arrays;

/**
 * Intset codec ({@code intset.c}, RDB type 11): {@code encoding} (uint32 LE: 2, 4 or 8 bytes
 * per element), {@code length} (uint32 LE), then {@code length} signed little-endian integers,
 * strictly ascending. The blob must be exactly {@code 8 + encoding × length} bytes and
 * non-empty. Decoding enforces all of this, like {@code intsetValidateIntegrity}; it does not
 * require the narrowest encoding (neither does Redis). Encoding always picks the narrowest.
 */
public final class Intset {
    public static final int HEADER_SIZE = 8;

    private Intset() {
    }

    /** Decodes and validates an intset. */
    public static long[] decode(byte[] blob) {
        return decode(blob, 0, blob.length);
    }

    public static long[] decode(byte[] b, int offset, int length) {
        if (length < HEADER_SIZE) {
            throw new MalformedDataException("intset of " + length + " bytes is shorter than its 8-byte header", 0);
        }
        long width = Bytes.u32le(b, offset);
        if (width != 2 && width != 4 && width != 8) {
            throw new MalformedDataException("invalid intset encoding " + width, 0);
        }
        long count = Bytes.u32le(b, offset + 4);
        if (count == 0) {
            throw new MalformedDataException("empty intset", 4);
        }
        if (HEADER_SIZE + width * count != length) {
            throw new MalformedDataException("intset of " + count + " x " + width + "-byte elements needs "
                    + (HEADER_SIZE + width * count) + " bytes but the blob has " + length, 4);
        }
        long[] out = new long[(int) count];
        int p = offset + HEADER_SIZE;
        for (int i = 0; i < out.length; i++, p += (int) width) {
            long v;
            if (width == 2) {
                v = (short) Bytes.u16le(b, p);
            } else if (width == 4) {
                v = (int) Bytes.u32le(b, p);
            } else {
                v = Bytes.i64le(b, p);
            }
            if (i > 0 && v <= out[i - 1]) {
                throw new MalformedDataException("intset elements are not strictly ascending", p - offset);
            }
            out[i] = v;
        }
        return out;
    }

    /** Bytes per element (2, 4 or 8) of the narrowest encoding that holds {@code v}. */
    public static int widthFor(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 2;
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 4;
        }
        return 8;
    }

    /**
     * Encodes a set of integers (any order, no duplicates) with the narrowest encoding.
     *
     * @throws IllegalArgumentException if {@code values} is empty or has duplicates
     */
    public static byte[] encode(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("an intset cannot be empty");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int width = 2;
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("duplicate intset element " + sorted[i]);
            }
            width = Math.max(width, widthFor(sorted[i]));
        }
        byte[] out = new byte[HEADER_SIZE + width * sorted.length];
        Bytes.putU32le(out, 0, width);
        Bytes.putU32le(out, 4, sorted.length);
        int p = HEADER_SIZE;
        for (long v : sorted) {
            for (int i = 0; i < width; i++) {
                out[p++] = (byte) (v >>> (8 * i));
            }
        }
        return out;
    }
}
