/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

import dev.tandem.core.internal.command.Args;
import java.nio.charset.StandardCharsets;

/**
 * Redis's listpack (listpack.c) as one exact-size {@code byte[]}: a 6-byte header (total bytes
 * u32le, element count u16le, 65535 = unknown), entries of encoding + data + back-length, and a
 * 0xFF terminator. Small hashes and sorted sets hold their data in one of these, so a 5-field hash
 * is one array instead of a table of nodes, and the RDB codec can adopt and emit the bytes as they
 * are (RDB types 16/17/18 carry listpacks verbatim).
 *
 * <p>Entries are addressed by their offset in the array; every mutation returns a new array of
 * the exact new size (what Redis's realloc does), so a value holds no slack. A string that is a
 * canonical 64-bit decimal (Redis's {@code lpStringToInt64}, the same rules as string2ll) is
 * stored as an integer, as Redis stores it; {@link #bytes} gives the decimal text back.
 *
 * <p>Stateless static helpers; callers own the arrays.
 */
public final class Listpack {
    public static final int HEADER_SIZE = 6;
    public static final int UNKNOWN_COUNT = 65535;
    public static final int EOF = 0xFF;
    private static final byte[] EMPTY = {7, 0, 0, 0, 0, 0, (byte) EOF};

    private Listpack() {
    }

    /** A new empty listpack (7 bytes). */
    public static byte[] empty() {
        return EMPTY.clone();
    }

    /** The header's count: exact below 65535 ({@link #count} walks the entries otherwise). */
    public static int headerCount(byte[] lp) {
        return (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8;
    }

    /** The number of entries. */
    public static int count(byte[] lp) {
        int c = headerCount(lp);
        if (c != UNKNOWN_COUNT) {
            return c;
        }
        int n = 0;
        for (int p = first(lp); p >= 0; p = next(lp, p)) {
            n++;
        }
        return n;
    }

    /** Offset of the first entry, or -1 when empty. */
    public static int first(byte[] lp) {
        return (lp[HEADER_SIZE] & 0xFF) == EOF ? -1 : HEADER_SIZE;
    }

    /** Offset of the entry after {@code p}, or -1 at the end. */
    public static int next(byte[] lp, int p) {
        int q = p + entrySize(lp, p);
        return (lp[q] & 0xFF) == EOF ? -1 : q;
    }

    /**
     * Offset of the last entry, or -1 when empty. Found from the header's total bytes, not the
     * array's length, so an array with spare capacity past the terminator (a quicklist node
     * changed in place) walks the same.
     */
    public static int last(byte[] lp) {
        return prev(lp, totalBytes(lp) - 1);
    }

    /** The header's total bytes: the listpack's size, terminator included. */
    public static int totalBytes(byte[] lp) {
        return u32(lp, 0);
    }

    /** Offset of the entry before the entry (or terminator) at {@code p}, or -1 at the start. */
    public static int prev(byte[] lp, int p) {
        if (p <= HEADER_SIZE) {
            return -1;
        }
        // The back-length is read right to left: 7 bits per byte, the high bit set on all
        // bytes but the leftmost one (lpDecodeBacklen).
        int q = p - 1;
        long len = 0;
        int shift = 0;
        while (true) {
            int b = lp[q] & 0xFF;
            len |= (long) (b & 127) << shift;
            if ((b & 128) == 0) {
                break;
            }
            shift += 7;
            q--;
        }
        return (int) (q - len);
    }

    /** Encoding + data + back-length size of the entry at {@code p}. */
    public static int entrySize(byte[] lp, int p) {
        int payload = payloadSize(lp, p);
        return payload + backlenSize(payload);
    }

    /** Encoding + data size of the entry at {@code p} (its back-length value). */
    static int payloadSize(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0x80) == 0) {
            return 1;
        }
        if ((b & 0xC0) == 0x80) {
            return 1 + (b & 0x3F);
        }
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        if ((b & 0xF0) == 0xE0) {
            return 2 + (((b & 0x0F) << 8) | (lp[p + 1] & 0xFF));
        }
        return switch (b) {
            case 0xF0 -> 5 + u32(lp, p + 1);
            case 0xF1 -> 3;
            case 0xF2 -> 4;
            case 0xF3 -> 5;
            case 0xF4 -> 9;
            default -> throw new IllegalStateException("invalid listpack encoding 0x" + Integer.toHexString(b));
        };
    }

    /** Whether the entry at {@code p} is an integer. */
    public static boolean isInt(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        return (b & 0x80) == 0 || (b & 0xE0) == 0xC0 || (b >= 0xF1 && b <= 0xF4);
    }

    /** The integer entry at {@code p}. */
    public static long intValue(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0x80) == 0) {
            return b;
        }
        if ((b & 0xE0) == 0xC0) {
            int u = ((b & 0x1F) << 8) | (lp[p + 1] & 0xFF);
            return u >= 4096 ? u - 8192 : u;
        }
        return switch (b) {
            case 0xF1 -> (short) ((lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8);
            case 0xF2 -> (lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | lp[p + 3] << 16;
            case 0xF3 -> u32(lp, p + 1);
            case 0xF4 -> {
                long v = 0;
                for (int i = 8; i >= 1; i--) {
                    v = v << 8 | (lp[p + i] & 0xFF);
                }
                yield v;
            }
            default -> throw new IllegalStateException("not an integer entry");
        };
    }

    /** Offset of a string entry's bytes. */
    public static int strStart(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0xC0) == 0x80) {
            return p + 1;
        }
        return (b & 0xF0) == 0xE0 ? p + 2 : p + 5;
    }

    /** Length of a string entry's bytes. */
    public static int strLen(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0xC0) == 0x80) {
            return b & 0x3F;
        }
        return (b & 0xF0) == 0xE0 ? ((b & 0x0F) << 8) | (lp[p + 1] & 0xFF) : u32(lp, p + 1);
    }

    /** The entry's value as bytes (an integer as its decimal text); a new array. */
    public static byte[] bytes(byte[] lp, int p) {
        if (isInt(lp, p)) {
            return Long.toString(intValue(lp, p)).getBytes(StandardCharsets.US_ASCII);
        }
        int s = strStart(lp, p);
        byte[] out = new byte[strLen(lp, p)];
        System.arraycopy(lp, s, out, 0, out.length);
        return out;
    }

    /** The entry's length as a string (an integer's decimal digits), without allocating. */
    public static int valueLength(byte[] lp, int p) {
        if (!isInt(lp, p)) {
            return strLen(lp, p);
        }
        long v = intValue(lp, p);
        int n = v < 0 ? 2 : 1;
        for (long x = Math.abs(v / 10); x != 0; x /= 10) {
            n++;
        }
        return n;
    }

    /**
     * Whether the entry at {@code p} equals {@code s}; {@code sAsInt} is
     * {@code Args.parseLongStrict(s)} computed once by the caller (a canonical integer string is
     * always stored as an integer, anything else as a string).
     */
    public static boolean equalsEntry(byte[] lp, int p, byte[] s, Long sAsInt) {
        if (isInt(lp, p)) {
            return sAsInt != null && sAsInt == intValue(lp, p);
        }
        if (sAsInt != null) {
            return false;
        }
        int len = strLen(lp, p);
        return len == s.length && java.util.Arrays.equals(lp, strStart(lp, p), strStart(lp, p) + len, s, 0, len);
    }

    /**
     * Unsigned byte-wise comparison of the entry with {@code s} (memcmp then length, as
     * zzlCompareElements over the entries' string forms).
     */
    public static int compareEntry(byte[] lp, int p, byte[] s) {
        if (isInt(lp, p)) {
            byte[] own = bytes(lp, p);
            return java.util.Arrays.compareUnsigned(own, s);
        }
        int start = strStart(lp, p);
        return java.util.Arrays.compareUnsigned(lp, start, start + strLen(lp, p), s, 0, s.length);
    }

    /** The encoded entry (encoding, data, back-length) for {@code value}, integer if canonical. */
    public static byte[] encode(byte[] value) {
        Long asInt = Args.parseLongStrict(value);
        return asInt != null ? encodeInt(asInt) : encodeString(value);
    }

    /** The encoded entry for a string stored as a string whatever its content. */
    public static byte[] encodeString(byte[] value) {
        int len = value.length;
        int header = len < 64 ? 1 : len < 4096 ? 2 : 5;
        int payload = header + len;
        byte[] out = new byte[payload + backlenSize(payload)];
        if (header == 1) {
            out[0] = (byte) (0x80 | len);
        } else if (header == 2) {
            out[0] = (byte) (0xE0 | (len >>> 8));
            out[1] = (byte) len;
        } else {
            out[0] = (byte) 0xF0;
            putU32(out, 1, len);
        }
        System.arraycopy(value, 0, out, header, len);
        writeBacklen(payload, out, payload);
        return out;
    }

    /** The encoded entry for an integer, in the smallest of listpack's integer encodings. */
    public static byte[] encodeInt(long v) {
        int payload;
        byte[] tmp = new byte[9];
        if (v >= 0 && v <= 127) {
            tmp[0] = (byte) v;
            payload = 1;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            tmp[0] = (byte) (0xC0 | (u >>> 8));
            tmp[1] = (byte) u;
            payload = 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            tmp[0] = (byte) 0xF1;
            payload = 3;
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            tmp[0] = (byte) 0xF2;
            payload = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            tmp[0] = (byte) 0xF3;
            payload = 5;
        } else {
            tmp[0] = (byte) 0xF4;
            payload = 9;
        }
        for (int i = 1; i < payload && payload > 2; i++) {
            tmp[i] = (byte) (v >>> (8 * (i - 1)));
        }
        byte[] out = new byte[payload + 1];
        System.arraycopy(tmp, 0, out, 0, payload);
        writeBacklen(payload, out, payload);
        return out;
    }

    /**
     * Replaces the entries in {@code [from, to)} (offsets; equal to insert) with the already
     * encoded {@code entries}; {@code removed} is how many entries the range held. Returns the
     * new listpack with its header updated.
     */
    public static byte[] splice(byte[] lp, int from, int to, int removed, byte[]... entries) {
        int add = 0;
        for (byte[] e : entries) {
            add += e.length;
        }
        long newSize = (long) lp.length - (to - from) + add;
        if (newSize > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("listpack would exceed 2 GB");
        }
        byte[] out = new byte[(int) newSize];
        System.arraycopy(lp, 0, out, 0, from);
        int at = from;
        for (byte[] e : entries) {
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        System.arraycopy(lp, to, out, at, lp.length - to);
        putU32(out, 0, (int) newSize);
        int count = headerCount(lp);
        if (count != UNKNOWN_COUNT) {
            setCount(out, count - removed + entries.length);
        } else {
            setCount(out, count(out)); // walks only when the count was unknown
        }
        return out;
    }

    /** Appends encoded entries at the end. */
    public static byte[] append(byte[] lp, byte[]... entries) {
        return splice(lp, lp.length - 1, lp.length - 1, 0, entries);
    }

    private static void setCount(byte[] lp, int count) {
        int c = Math.min(count, UNKNOWN_COUNT);
        if (count >= UNKNOWN_COUNT) {
            c = UNKNOWN_COUNT;
        }
        lp[4] = (byte) c;
        lp[5] = (byte) (c >>> 8);
    }

    /**
     * Checks a listpack from outside (an RDB payload) before it is adopted: the header's size
     * equals the array's, it ends in 0xFF, and a walk of every entry finds valid encodings whose
     * data and back-lengths stay inside the array and agree, with the header's count (when
     * known) equal to the entries found (listpack.c lpValidateIntegrity, deep).
     *
     * @return the number of entries
     * @throws IllegalArgumentException naming the first defect
     */
    public static int validate(byte[] lp) {
        if (lp.length < HEADER_SIZE + 1) {
            throw new IllegalArgumentException("listpack of " + lp.length + " bytes is shorter than 7");
        }
        long total = u32(lp, 0) & 0xFFFFFFFFL;
        if (total != lp.length) {
            throw new IllegalArgumentException("listpack header says " + total + " bytes but has " + lp.length);
        }
        if ((lp[lp.length - 1] & 0xFF) != EOF) {
            throw new IllegalArgumentException("listpack does not end with 0xFF");
        }
        int end = lp.length - 1;
        int p = HEADER_SIZE;
        int n = 0;
        while (p < end) {
            int b = lp[p] & 0xFF;
            if (b == EOF) {
                throw new IllegalArgumentException("listpack terminator at " + p + " before the end");
            }
            if (b >= 0xF5) {
                throw new IllegalArgumentException("invalid listpack entry encoding 0x" + Integer.toHexString(b) + " at " + p);
            }
            int headerBytes = (b & 0x80) == 0 || (b & 0xC0) == 0x80 ? 1 : (b & 0xE0) == 0xC0 || (b & 0xF0) == 0xE0 ? 2
                    : b == 0xF0 ? 5 : 1;
            if (p + headerBytes > end) {
                throw new IllegalArgumentException("listpack entry header at " + p + " overruns the end");
            }
            long payload = b == 0xF0 ? 5 + (u32(lp, p + 1) & 0xFFFFFFFFL) : payloadSize(lp, p);
            long bl = backlenSize(payload);
            if (p + payload + bl > end) {
                throw new IllegalArgumentException("listpack entry at " + p + " overruns the end");
            }
            int q = (int) (p + payload + bl);
            byte[] expected = new byte[(int) bl];
            writeBacklen(payload, expected, 0);
            if (!java.util.Arrays.equals(lp, (int) (p + payload), q, expected, 0, (int) bl)) {
                throw new IllegalArgumentException("listpack entry at " + p + " has a wrong back-length");
            }
            p = q;
            n++;
        }
        int declared = headerCount(lp);
        if (declared != UNKNOWN_COUNT && declared != n) {
            throw new IllegalArgumentException("listpack header count " + declared + " but " + n + " entries");
        }
        return n;
    }

    /** Bytes of the back-length for an entry of {@code payload} bytes (lpEncodeBacklen). */
    public static int backlenSize(long payload) {
        if (payload <= 127) {
            return 1;
        }
        if (payload < 16383) {
            return 2;
        }
        if (payload < 2097151) {
            return 3;
        }
        if (payload < 268435455) {
            return 4;
        }
        return 5;
    }

    private static void writeBacklen(long payload, byte[] out, int off) {
        int n = backlenSize(payload);
        for (int i = 0; i < n; i++) {
            int group = (int) ((payload >>> (7 * (n - 1 - i))) & 127);
            out[off + i] = (byte) (i == 0 ? group : group | 128);
        }
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
