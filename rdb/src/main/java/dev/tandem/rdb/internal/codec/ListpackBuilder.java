/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import java.util.Arrays;

/**
 * Builds a listpack the way Redis 7.0 encodes one ({@code lpEncodeGetType},
 * {@code lpEncodeBacklen}), so that {@code redis-check-rdb}'s deep validation accepts it.
 *
 * <p>Encoding choice for {@link #add(byte[])}: a canonical int64 decimal becomes an integer
 * in the smallest of 7-bit unsigned (0..127), 13-bit (−4096..4095), int16, int24, int32 or
 * int64; anything else a string with a 6-bit ({@literal <}64), 12-bit ({@literal <}4096) or
 * 32-bit length. Each entry is followed by its back-length in exactly the number of bytes
 * Redis uses (1 for ≤127, 2 below 16383, 3 below 2097151, 4 below 268435455, else 5).
 *
 * <p>The header count saturates at {@value ListpackCursor#UNKNOWN_COUNT} ("unknown") for
 * 65535 or more entries, as in Redis.
 */
public final class ListpackBuilder {
    private byte[] buf = new byte[64];
    private int size = ListpackCursor.HEADER_SIZE;
    private int count;

    /** Appends {@code value}, as an integer entry when it is canonical int64 text. */
    public ListpackBuilder add(byte[] value) {
        if (IntegerStrings.isCanonicalInt64(value)) {
            return addInteger(IntegerStrings.parseCanonicalInt64(value));
        }
        return addString(value);
    }

    /** Appends {@code value} as a string entry, whatever it contains. */
    public ListpackBuilder addString(byte[] value) {
        int len = value.length;
        int header;
        if (len < 64) {
            header = 1;
        } else if (len < 4096) {
            header = 2;
        } else {
            header = 5;
        }
        int payload = header + len;
        int at = reserve(payload + backlenSize(payload));
        if (header == 1) {
            buf[at] = (byte) (0x80 | len);
        } else if (header == 2) {
            buf[at] = (byte) (0xE0 | (len >>> 8));
            buf[at + 1] = (byte) len;
        } else {
            buf[at] = (byte) 0xF0;
            Bytes.putU32le(buf, at + 1, len);
        }
        System.arraycopy(value, 0, buf, at + header, len);
        encodeBacklen(payload, buf, at + payload);
        count++;
        return this;
    }

    /** Appends an integer entry in its smallest encoding. */
    public ListpackBuilder addInteger(long v) {
        byte[] enc = new byte[9];
        int payload;
        if (v >= 0 && v <= 127) {
            enc[0] = (byte) v;
            payload = 1;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            enc[0] = (byte) (0xC0 | (u >>> 8));
            enc[1] = (byte) u;
            payload = 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            enc[0] = (byte) 0xF1;
            littleEndian(v, enc, 2);
            payload = 3;
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            enc[0] = (byte) 0xF2;
            littleEndian(v, enc, 3);
            payload = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc[0] = (byte) 0xF3;
            littleEndian(v, enc, 4);
            payload = 5;
        } else {
            enc[0] = (byte) 0xF4;
            littleEndian(v, enc, 8);
            payload = 9;
        }
        int at = reserve(payload + backlenSize(payload));
        System.arraycopy(enc, 0, buf, at, payload);
        encodeBacklen(payload, buf, at + payload);
        count++;
        return this;
    }

    /** Number of entries added. */
    public int count() {
        return count;
    }

    /** Size in bytes of the listpack {@link #build()} would return. */
    public int byteSize() {
        return size + 1;
    }

    /** The finished listpack: header, entries, terminator. The builder stays usable. */
    public byte[] build() {
        byte[] out = Arrays.copyOf(buf, size + 1);
        Bytes.putU32le(out, 0, size + 1L);
        Bytes.putU16le(out, 4, Math.min(count, ListpackCursor.UNKNOWN_COUNT));
        out[size] = (byte) ListpackCursor.EOF_BYTE;
        return out;
    }

    /** Number of bytes Redis uses for the back-length of an entry of {@code entrySize} bytes. */
    public static int backlenSize(long entrySize) {
        if (entrySize <= 127) {
            return 1;
        }
        if (entrySize < 16383) {
            return 2;
        }
        if (entrySize < 2097151) {
            return 3;
        }
        if (entrySize < 268435455) {
            return 4;
        }
        return 5;
    }

    /**
     * Writes the back-length of an entry of {@code entrySize} bytes at {@code out[off]}: the
     * leftmost byte holds the highest 7 bits with bit 7 clear, every byte to its right has
     * bit 7 set, and the rightmost holds the lowest 7 bits.
     *
     * @return the number of bytes written
     */
    public static int encodeBacklen(long entrySize, byte[] out, int off) {
        int n = backlenSize(entrySize);
        for (int i = 0; i < n; i++) {
            int shift = 7 * (n - 1 - i);
            int group = (int) ((entrySize >>> shift) & 127);
            out[off + i] = (byte) (i == 0 ? group : group | 128);
        }
        return n;
    }

    private static void littleEndian(long v, byte[] out, int width) {
        for (int i = 0; i < width; i++) {
            out[1 + i] = (byte) (v >>> (8 * i));
        }
    }

    private int reserve(int n) {
        if ((long) size + n + 1 > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("listpack would exceed 2 GB");
        }
        if (size + n + 1 > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + n + 1, buf.length * 2));
        }
        int at = size;
        size += n;
        return at;
    }
}
