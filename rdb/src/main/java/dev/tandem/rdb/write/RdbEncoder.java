/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.rdb.internal.codec.IntegerStrings;

/**
 * RDB primitives written the way Redis writes them: canonical lengths ({@code rdbSaveLen}),
 * strings with Redis's encoding choice ({@code rdbSaveRawString}), little-endian times and
 * doubles. Everything goes into the {@link ChunkedOutput}, which hands off chunks as they fill.
 */
final class RdbEncoder {
    /** {@code rdbTryIntegerEncoding} only looks at strings this short. */
    private static final int MAX_INT_STRING_LENGTH = 11;
    /** {@code rdbSaveRawString} tries LZF only above this length. */
    private static final int MIN_COMPRESSIBLE_LENGTH = 21;
    /** {@code rdbSaveLzfStringObject}: the compressed form must save at least this much. */
    private static final int MIN_LZF_SAVING = 4;
    /** Scratch space above this is dropped after use rather than kept for the next string. */
    private static final int MAX_RETAINED_SCRATCH = 1 << 20;
    private static final int ENC_INT8 = 0xC0;
    private static final int ENC_INT16 = 0xC1;
    private static final int ENC_INT32 = 0xC2;
    private static final int ENC_LZF = 0xC3;

    private final ChunkedOutput output;
    private final boolean compress;
    private final LzfCompressor lzf;
    private final LzfPrecheck precheck;
    private long lzfSkipped;
    private byte[] scratch = new byte[256];
    private long compressedStrings;

    RdbEncoder(ChunkedOutput output, boolean compress) {
        this.output = output;
        this.compress = compress;
        this.lzf = compress ? new LzfCompressor() : null;
        this.precheck = compress ? new LzfPrecheck() : null;
    }

    /** How many strings longer than 20 bytes were written raw without an LZF attempt. */
    long lzfSkipped() {
        return lzfSkipped;
    }

    /** How many strings were written LZF-compressed. */
    long compressedStrings() {
        return compressedStrings;
    }

    void u8(int b) {
        output.writeByte(b);
    }

    void raw(byte[] bytes) {
        output.writeBytes(bytes);
    }

    /**
     * Canonical length encoding of an unsigned 64-bit value ({@code rdbSaveLen}); the 2-, 5-
     * and 9-byte forms are big-endian.
     */
    void length(long len) {
        if (len >= 0 && len < 64) {
            output.writeByte((int) len);
        } else if (len >= 0 && len < 16384) {
            output.writeShortBE((int) (0x4000 | len));
        } else if (len >= 0 && len <= 0xFFFFFFFFL) {
            output.writeByte(0x80);
            output.writeIntBE((int) len);
        } else {
            output.writeByte(0x81);
            output.writeLongBE(len);
        }
    }

    /** 8-byte little-endian unix milliseconds ({@code rdbSaveMillisecondTime}). */
    void millis(long ms) {
        output.writeLongLE(ms);
    }

    /** 8-byte little-endian IEEE-754 ({@code rdbSaveBinaryDoubleValue}). */
    void binaryDouble(double d) {
        output.writeLongLE(Double.doubleToRawLongBits(d));
    }

    void string(byte[] s) {
        string(s, 0, s.length);
    }

    /**
     * A string as {@code rdbSaveRawString} writes it: an int8/16/32 form for canonical decimal
     * integers of at most 11 bytes in the int32 range; else, with compression on and more than
     * 20 bytes, LZF when it fits in {@code length - 4} bytes; else length and raw bytes. The LZF
     * attempt is skipped when {@link LzfPrecheck} finds no repeat it could use.
     */
    void string(byte[] s, int off, int len) {
        if (len <= MAX_INT_STRING_LENGTH && tryIntegerForm(s, off, len)) {
            return;
        }
        if (compress && len >= MIN_COMPRESSIBLE_LENGTH && tryLzf(s, off, len)) {
            return;
        }
        length(len);
        output.writeBytes(s, off, len);
    }

    private boolean tryIntegerForm(byte[] s, int off, int len) {
        if (!IntegerStrings.isCanonicalInt64(s, off, len)) {
            return false;
        }
        long v = 0;
        boolean negative = s[off] == '-';
        for (int i = negative ? off + 1 : off; i < off + len; i++) {
            v = v * 10 + (s[i] - '0');
        }
        // At most 11 bytes: at most 10 digits, so v (non-negative here) cannot overflow.
        if (negative) {
            v = -v;
        }
        return intForm(v);
    }

    /**
     * The string of a long's decimal text, as {@link #string} would write it, without making the
     * text when the value fits the int8/16/32 forms (an {@code int}-encoded value).
     */
    void integerString(long v) {
        if (!intForm(v)) {
            string(Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private boolean intForm(long v) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            output.writeByte(ENC_INT8);
            output.writeByte((int) v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            output.writeByte(ENC_INT16);
            output.writeShortLE((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            output.writeByte(ENC_INT32);
            output.writeIntLE((int) v);
        } else {
            return false;
        }
        return true;
    }

    private boolean tryLzf(byte[] s, int off, int len) {
        if (!precheck.mightCompress(s, off, len)) {
            lzfSkipped++;
            return false;
        }
        int maxOut = len - MIN_LZF_SAVING;
        if (scratch.length < maxOut) {
            scratch = new byte[Math.max(maxOut, scratch.length * 2)];
        }
        int n = lzf.compress(s, off, len, scratch, 0, maxOut);
        if (n > 0) {
            output.writeByte(ENC_LZF);
            length(n);
            length(len);
            output.writeBytes(scratch, 0, n);
            compressedStrings++;
        }
        if (scratch.length > MAX_RETAINED_SCRATCH) {
            // One huge string must not pin its size in memory for the rest of the snapshot.
            scratch = new byte[256];
        }
        return n > 0;
    }
}
