/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import io.netty.buffer.ByteBuf;

/**
 * RDB's variable-length length encoding ({@code rdbSaveLen} / {@code rdbLoadLenByRef}).
 *
 * <table>
 *   <caption>first byte</caption>
 *   <tr><td>{@code 00xxxxxx}</td><td>0–63 in 6 bits (1 byte)</td></tr>
 *   <tr><td>{@code 01xxxxxx yyyyyyyy}</td><td>14 bits, big-endian (2 bytes)</td></tr>
 *   <tr><td>{@code 0x80} + 4</td><td>32 bits big-endian (5 bytes)</td></tr>
 *   <tr><td>{@code 0x81} + 8</td><td>64 bits big-endian (9 bytes), an unsigned value</td></tr>
 *   <tr><td>{@code 11xxxxxx}</td><td>"special" string encoding; low 6 bits select it</td></tr>
 *   <tr><td>{@code 0x82–0xBF}</td><td>invalid (Redis ≥ 4.0 rejects them)</td></tr>
 * </table>
 *
 * <p>Values are unsigned 64-bit; Java keeps them in a {@code long} with the same bits, so a
 * stored {@code 0xFFFFFFFFFFFFFFFF} reads as {@code -1} (which is how streams store an
 * unknown {@code entries_read}). Readers accept non-canonical (longer than necessary) forms,
 * as Redis does; the writer always emits the canonical (shortest) form.
 */
public final class LengthEncoding {
    /** {@code 11xxxxxx}: the low 6 bits select an encoded string form. */
    public static final int SPECIAL = 3;
    /** Special string forms. */
    public static final int ENC_INT8 = 0;
    public static final int ENC_INT16 = 1;
    public static final int ENC_INT32 = 2;
    public static final int ENC_LZF = 3;

    private LengthEncoding() {
    }

    /** Whether a first byte introduces a special string encoding rather than a length. */
    public static boolean isSpecial(int firstByte) {
        return (firstByte & 0xC0) == 0xC0;
    }

    /**
     * Total size of the length field introduced by {@code firstByte}: 1, 2, 5 or 9; 1 for a
     * special-encoding byte; or -1 for the invalid bytes {@code 0x82–0xBF}.
     */
    public static int headerSize(int firstByte) {
        switch ((firstByte & 0xC0) >>> 6) {
            case 0:
            case SPECIAL:
                return 1;
            case 1:
                return 2;
            default:
                if (firstByte == 0x80) {
                    return 5;
                }
                return firstByte == 0x81 ? 9 : -1;
        }
    }

    /**
     * Decodes a (non-special) length at {@code b[off]}; the caller has checked that
     * {@link #headerSize} bytes are present.
     *
     * @throws MalformedDataException for a special or invalid first byte
     */
    public static long decode(byte[] b, int off) {
        int first = b[off] & 0xFF;
        switch ((first & 0xC0) >>> 6) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((first & 0x3F) << 8) | (b[off + 1] & 0xFF);
            case SPECIAL:
                throw new MalformedDataException("expected a length, found special encoding byte 0x"
                        + Integer.toHexString(first), 0);
            default:
                if (first == 0x80) {
                    return ((b[off + 1] & 0xFFL) << 24) | ((b[off + 2] & 0xFFL) << 16)
                            | ((b[off + 3] & 0xFFL) << 8) | (b[off + 4] & 0xFFL);
                }
                if (first == 0x81) {
                    long v = 0;
                    for (int i = 1; i <= 8; i++) {
                        v = (v << 8) | (b[off + i] & 0xFFL);
                    }
                    return v;
                }
                throw new MalformedDataException("unknown length encoding 0x" + Integer.toHexString(first), 0);
        }
    }

    /** Size of the canonical encoding of {@code len} (treated as unsigned). */
    public static int encodedSize(long len) {
        if (len >= 0 && len < 64) {
            return 1;
        }
        if (len >= 0 && len < 16384) {
            return 2;
        }
        if (len >= 0 && len <= 0xFFFFFFFFL) {
            return 5;
        }
        return 9;
    }

    /** Writes the canonical encoding of {@code len} (unsigned) into {@code out}; returns bytes written. */
    public static int encode(long len, byte[] out, int off) {
        int size = encodedSize(len);
        switch (size) {
            case 1:
                out[off] = (byte) len;
                break;
            case 2:
                out[off] = (byte) (0x40 | (len >>> 8));
                out[off + 1] = (byte) len;
                break;
            case 5:
                out[off] = (byte) 0x80;
                for (int i = 0; i < 4; i++) {
                    out[off + 1 + i] = (byte) (len >>> (24 - 8 * i));
                }
                break;
            default:
                out[off] = (byte) 0x81;
                for (int i = 0; i < 8; i++) {
                    out[off + 1 + i] = (byte) (len >>> (56 - 8 * i));
                }
        }
        return size;
    }

    /** Canonical encoding of {@code len} as a fresh array. */
    public static byte[] encode(long len) {
        byte[] out = new byte[encodedSize(len)];
        encode(len, out, 0);
        return out;
    }

    /** Writes the canonical encoding of {@code len} (unsigned) to {@code out}. */
    public static void write(ByteBuf out, long len) {
        byte[] tmp = new byte[9];
        int n = encode(len, tmp, 0);
        out.writeBytes(tmp, 0, n);
    }
}
