/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

/**
 * Redis's intset (intset.c) as one exact-size {@code byte[]}: encoding u32le (2, 4 or 8 bytes per
 * element), length u32le, then the elements ascending, little-endian, all of the encoding's width.
 * Adding a value that does not fit the width upgrades every element (intsetUpgradeAndAdd), and
 * nothing downgrades, as in Redis. The array is exactly RDB type 11's payload.
 *
 * <p>Stateless static helpers; every mutation returns a new array.
 */
public final class Intset {
    public static final int HEADER_SIZE = 8;
    private static final byte[] EMPTY = {2, 0, 0, 0, 0, 0, 0, 0};

    private Intset() {
    }

    /** A new empty intset (16-bit encoding). */
    public static byte[] empty() {
        return EMPTY.clone();
    }

    public static int width(byte[] is) {
        return is[0] & 0xFF;
    }

    public static int length(byte[] is) {
        return (is[4] & 0xFF) | (is[5] & 0xFF) << 8 | (is[6] & 0xFF) << 16 | (is[7] & 0xFF) << 24;
    }

    /** The element at position {@code i} (ascending). */
    public static long get(byte[] is, int i) {
        int w = width(is);
        int at = HEADER_SIZE + i * w;
        long v = 0;
        for (int b = w - 1; b >= 0; b--) {
            v = v << 8 | (is[at + b] & 0xFF);
        }
        int shift = 64 - 8 * w; // sign-extend the narrow encodings
        return v << shift >> shift;
    }

    /** Position of {@code v}, or {@code -(insertion point) - 1} (binary search). */
    public static int search(byte[] is, long v) {
        int lo = 0;
        int hi = length(is) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = get(is, mid);
            if (m < v) {
                lo = mid + 1;
            } else if (m > v) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    public static boolean contains(byte[] is, long v) {
        return widthFor(v) <= width(is) && search(is, v) >= 0;
    }

    /** The intset with {@code v} added; the same array when already present. */
    public static byte[] add(byte[] is, long v) {
        int need = widthFor(v);
        int w = width(is);
        int n = length(is);
        if (need > w) {
            // intsetUpgradeAndAdd: a value wider than all others is the new minimum or maximum.
            byte[] out = new byte[HEADER_SIZE + (n + 1) * need];
            header(out, need, n + 1);
            int offset = v < 0 ? 1 : 0;
            for (int i = 0; i < n; i++) {
                put(out, i + offset, need, get(is, i));
            }
            put(out, v < 0 ? 0 : n, need, v);
            return out;
        }
        int pos = search(is, v);
        if (pos >= 0) {
            return is;
        }
        pos = -pos - 1;
        byte[] out = new byte[is.length + w];
        System.arraycopy(is, 0, out, 0, HEADER_SIZE + pos * w);
        put(out, pos, w, v);
        System.arraycopy(is, HEADER_SIZE + pos * w, out, HEADER_SIZE + (pos + 1) * w, (n - pos) * w);
        header(out, w, n + 1);
        return out;
    }

    /** The intset without {@code v}; the same array when absent. */
    public static byte[] remove(byte[] is, long v) {
        if (widthFor(v) > width(is)) {
            return is;
        }
        int pos = search(is, v);
        if (pos < 0) {
            return is;
        }
        int w = width(is);
        int n = length(is);
        byte[] out = new byte[is.length - w];
        System.arraycopy(is, 0, out, 0, HEADER_SIZE + pos * w);
        System.arraycopy(is, HEADER_SIZE + (pos + 1) * w, out, HEADER_SIZE + pos * w, (n - pos - 1) * w);
        header(out, w, n - 1);
        return out;
    }

    /**
     * Checks an intset from outside (an RDB payload) before it is adopted, as intsetValidateIntegrity
     * does deep: a known encoding, a length that matches the array, strictly ascending elements.
     *
     * @return the element count
     * @throws IllegalArgumentException naming the defect
     */
    public static int validate(byte[] is) {
        if (is.length < HEADER_SIZE) {
            throw new IllegalArgumentException("intset of " + is.length + " bytes is shorter than its header");
        }
        int w = (is[0] & 0xFF) | (is[1] & 0xFF) << 8 | (is[2] & 0xFF) << 16 | (is[3] & 0xFF) << 24;
        if (w != 2 && w != 4 && w != 8) {
            throw new IllegalArgumentException("intset encoding " + w + " is not 2, 4 or 8");
        }
        long n = length(is) & 0xFFFFFFFFL;
        if (n == 0) {
            throw new IllegalArgumentException("empty intset");
        }
        if (HEADER_SIZE + n * w != is.length) {
            throw new IllegalArgumentException("intset of " + n + " " + w + "-byte elements in " + is.length + " bytes");
        }
        for (int i = 1; i < n; i++) {
            if (get(is, i - 1) >= get(is, i)) {
                throw new IllegalArgumentException("intset elements are not strictly ascending at " + i);
            }
        }
        return (int) n;
    }

    private static int widthFor(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            return 8;
        }
        return v < Short.MIN_VALUE || v > Short.MAX_VALUE ? 4 : 2;
    }

    private static void put(byte[] is, int i, int w, long v) {
        int at = HEADER_SIZE + i * w;
        for (int b = 0; b < w; b++) {
            is[at + b] = (byte) (v >>> (8 * b));
        }
    }

    private static void header(byte[] is, int w, int n) {
        is[0] = (byte) w;
        is[1] = 0;
        is[2] = 0;
        is[3] = 0;
        is[4] = (byte) n;
        is[5] = (byte) (n >>> 8);
        is[6] = (byte) (n >>> 16);
        is[7] = (byte) (n >>> 24);
    }
}
