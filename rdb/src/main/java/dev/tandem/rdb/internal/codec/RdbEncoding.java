/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import io.netty.buffer.ByteBuf;

/**
 * Writers for RDB's scalar fields, for the RDB writer and for building test vectors.
 *
 * <p>Strings follow {@code rdbSaveRawString}: canonical decimals that fit int32 (and are at
 * most 11 bytes) use the {@code C0/C1/C2} integer forms; otherwise, when compression is
 * requested and the string is longer than 20 bytes, LZF is tried with an output budget of
 * {@code len − 4} bytes and used only if it fits ({@code C3 clen len data}); otherwise the
 * string is written raw ({@code len bytes}).
 */
public final class RdbEncoding {
    /** Strings this long or shorter are never compressed (Redis's threshold). */
    public static final int LZF_MIN_LENGTH = 21;

    private RdbEncoding() {
    }

    public static void writeLength(ByteBuf out, long len) {
        LengthEncoding.write(out, len);
    }

    /** Writes {@code s} in Redis's preferred form (integer, LZF if {@code compress}, or raw). */
    public static void writeString(ByteBuf out, byte[] s, boolean compress) {
        byte[] asInt = IntegerStrings.rdbIntegerForm(s);
        if (asInt != null) {
            out.writeBytes(asInt);
            return;
        }
        if (compress && s.length >= LZF_MIN_LENGTH && writeLzfIfSmaller(out, s)) {
            return;
        }
        writeRawString(out, s);
    }

    /** Writes {@code len} + bytes, never int-encoded or compressed. */
    public static void writeRawString(ByteBuf out, byte[] s) {
        LengthEncoding.write(out, s.length);
        out.writeBytes(s);
    }

    /**
     * Writes {@code s} as {@code C3 clen len data} if LZF saves at least 4 bytes
     * ({@code rdbSaveLzfStringObject}).
     *
     * @return false (and writes nothing) if compression does not pay
     */
    public static boolean writeLzfIfSmaller(ByteBuf out, byte[] s) {
        if (s.length <= 4) {
            return false;
        }
        byte[] compressed = Lzf.compress(s, s.length - 4);
        if (compressed == null) {
            return false;
        }
        out.writeByte(0xC0 | LengthEncoding.ENC_LZF);
        LengthEncoding.write(out, compressed.length);
        LengthEncoding.write(out, s.length);
        out.writeBytes(compressed);
        return true;
    }

    /** 8-byte little-endian milliseconds (expiry, stream times). */
    public static void writeMillis(ByteBuf out, long ms) {
        out.writeLongLE(ms);
    }

    /** 8-byte little-endian IEEE-754 double (ZSET_2 scores). */
    public static void writeBinaryDouble(ByteBuf out, double d) {
        out.writeLongLE(Double.doubleToRawLongBits(d));
    }
}
