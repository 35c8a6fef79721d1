/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.Crc64;
import dev.tandem.rdb.internal.codec.LengthEncoding;
import dev.tandem.rdb.internal.codec.Lzf;
import dev.tandem.rdb.internal.codec.MalformedDataException;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The reader's accumulation buffer and parse cursor.
 *
 * <p>Bytes are appended as they arrive. The parser reads a bounded <em>unit</em> (an opcode
 * with its arguments, one collection element, one blob...) starting at the {@code mark}; if
 * the unit is incomplete, a read throws the shared {@link #UNDERFLOW} signal, the reader
 * rewinds to the mark and waits. {@code needed} remembers how far the stream must reach
 * before a retry can get further, so a unit that waits for a large string is not re-parsed
 * on every small chunk; parsing stays linear in the input. A completed unit is
 * {@link #commit committed}: its bytes join the CRC and the mark moves past them. Only bytes
 * from the mark onwards are kept; the array grows with the bytes actually received, never
 * with a length the stream merely claims.
 *
 * <p>Every read is bounds-checked; lengths are checked against the configured maximum before
 * any byte of the data is awaited.
 */
final class RdbInput {
    /** Control-flow signal "the current unit is incomplete"; shared, without a stack trace. */
    static final class Underflow extends RuntimeException {
        private Underflow() {
            super("need more input", null, false, false);
        }
    }

    static final Underflow UNDERFLOW = new Underflow();

    private static final int INITIAL_CAPACITY = 16 * 1024;
    /** Above this capacity, an almost empty buffer is shrunk again after a large unit. */
    private static final int SHRINK_ABOVE = 4 * 1024 * 1024;

    private final long maxStringLength;
    private byte[] buf = new byte[INITIAL_CAPACITY];
    private long base;
    private int mark;
    private int pos;
    private int limit;
    private long needed;

    /** Where the data of the last string read started, or -1 if it was int-encoded or LZF. */
    private long lastStringDataOffset = -1;

    RdbInput(long maxStringLength) {
        this.maxStringLength = maxStringLength;
    }

    // ---- feeding -------------------------------------------------------------------------

    void append(byte[] src, int off, int len) {
        ensureRoom(len);
        System.arraycopy(src, off, buf, limit, len);
        limit += len;
    }

    void append(ByteBuf src) {
        int len = src.readableBytes();
        ensureRoom(len);
        src.readBytes(buf, limit, len);
        limit += len;
    }

    /** Total bytes received so far. */
    long received() {
        return base + limit;
    }

    /** Whether enough bytes arrived since the last underflow for a retry to make progress. */
    boolean retryUseful() {
        return base + limit >= needed;
    }

    /** Stream offset of the cursor. */
    long offset() {
        return base + pos;
    }

    /** Stream offset of the start of the current unit. */
    long markOffset() {
        return base + mark;
    }

    /** Bytes from the mark to the end of the input, for diagnostics. */
    byte[] pendingBytes(int max) {
        return Arrays.copyOfRange(buf, mark, mark + Math.min(max, limit - mark));
    }

    void rewind() {
        pos = mark;
    }

    /** Forgets the bytes after the mark; returns how many there were. */
    int dropUncommitted() {
        int n = limit - mark;
        limit = mark;
        pos = mark;
        return n;
    }

    /** Ends the current unit, adding its bytes to {@code crc} (if not null). */
    void commit(Crc64 crc) {
        if (crc != null && pos > mark) {
            crc.update(buf, mark, pos - mark);
        }
        mark = pos;
        needed = 0;
        if (buf.length > SHRINK_ABOVE && limit - mark < buf.length / 4) {
            // A large unit (a big string) is done: give its memory back.
            int live = limit - mark;
            byte[] smaller = new byte[Math.max(INITIAL_CAPACITY, live * 2)];
            System.arraycopy(buf, mark, smaller, 0, live);
            buf = smaller;
            base += mark;
            pos -= mark;
            limit = live;
            mark = 0;
        }
    }

    private void ensureRoom(int len) {
        if (limit + (long) len <= buf.length) {
            return;
        }
        int live = limit - mark;
        long wanted = (long) live + len;
        if (wanted > Integer.MAX_VALUE - 16) {
            throw new RdbFormatException(RdbErrorKind.BAD_LENGTH,
                    "a single RDB item needs more than 2 GB of buffering", markOffset());
        }
        byte[] target = buf;
        if (wanted > buf.length) {
            long capacity = Math.max(wanted, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16));
            target = new byte[(int) capacity];
        }
        System.arraycopy(buf, mark, target, 0, live);
        buf = target;
        base += mark;
        pos -= mark;
        limit = live;
        mark = 0;
    }

    // ---- primitive reads -----------------------------------------------------------------

    void require(long n) {
        if (limit - pos < n) {
            needed = base + pos + n;
            throw UNDERFLOW;
        }
    }

    int u8() {
        require(1);
        return buf[pos++] & 0xFF;
    }

    byte[] bytes(int n) {
        require(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    void skip(int n) {
        require(n);
        pos += n;
    }

    /** Little-endian signed integer of {@code width} bytes (1–8). */
    long le(int width) {
        require(width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFFL);
        }
        pos += width;
        int unused = 64 - 8 * width;
        return (v << unused) >> unused;
    }

    /** Big-endian unsigned 64-bit (stream IDs). */
    long be64() {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFFL);
        }
        pos += 8;
        return v;
    }

    /** A length-encoded unsigned value, as raw 64 bits. */
    long length() {
        long at = offset();
        int first = u8();
        int size = LengthEncoding.headerSize(first);
        if (size < 0) {
            throw new RdbFormatException(RdbErrorKind.UNKNOWN_ENCODING,
                    String.format("unknown length encoding 0x%02x", first), at);
        }
        if (LengthEncoding.isSpecial(first)) {
            throw new RdbFormatException(RdbErrorKind.UNKNOWN_ENCODING,
                    String.format("expected a length but found string encoding byte 0x%02x", first), at);
        }
        require(size - 1);
        long v = LengthEncoding.decode(buf, pos - 1);
        pos += size - 1;
        return v;
    }

    /** A length that counts something, so it must be below 2<sup>63</sup>. */
    long count(String what) {
        long at = offset();
        long v = length();
        if (v < 0) {
            throw new RdbFormatException(RdbErrorKind.BAD_LENGTH,
                    "impossible " + what + " " + Long.toUnsignedString(v), at);
        }
        return v;
    }

    /** An RDB string (§2.2): raw, int-encoded (C0–C2) or LZF (C3). */
    byte[] string() {
        long at = offset();
        int first = u8();
        if (!LengthEncoding.isSpecial(first)) {
            pos--;
            int len = checkedStringLength(length(), at);
            require(len);
            lastStringDataOffset = offset();
            return bytes(len);
        }
        lastStringDataOffset = -1;
        int enc = first & 0x3F;
        switch (enc) {
            case LengthEncoding.ENC_INT8:
                return Long.toString(le(1)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case LengthEncoding.ENC_INT16:
                return Long.toString(le(2)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case LengthEncoding.ENC_INT32:
                return Long.toString(le(4)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case LengthEncoding.ENC_LZF:
                return lzfString(at);
            default:
                throw new RdbFormatException(RdbErrorKind.UNKNOWN_ENCODING,
                        String.format("unknown string encoding 0x%02x", first), at);
        }
    }

    /** Skips an RDB string without decompressing it (module data). */
    void skipString() {
        long at = offset();
        int first = u8();
        if (!LengthEncoding.isSpecial(first)) {
            pos--;
            skip(checkedStringLength(length(), at));
            return;
        }
        switch (first & 0x3F) {
            case LengthEncoding.ENC_INT8 -> skip(1);
            case LengthEncoding.ENC_INT16 -> skip(2);
            case LengthEncoding.ENC_INT32 -> skip(4);
            case LengthEncoding.ENC_LZF -> {
                int clen = checkedStringLength(length(), at);
                checkedStringLength(length(), at);
                skip(clen);
            }
            default -> throw new RdbFormatException(RdbErrorKind.UNKNOWN_ENCODING,
                    String.format("unknown string encoding 0x%02x", first), at);
        }
    }

    /** Stream offset where the last {@link #string()}'s raw data began, or -1 if it was encoded. */
    long lastStringDataOffset() {
        return lastStringDataOffset;
    }

    private byte[] lzfString(long at) {
        int clen = checkedStringLength(length(), at);
        int len = checkedStringLength(length(), at);
        if ((long) len > (long) clen * Lzf.MAX_EXPANSION) {
            throw new RdbFormatException(RdbErrorKind.BAD_LENGTH, "LZF string claims " + len
                    + " bytes from " + clen + " compressed bytes, more than LZF can expand", at);
        }
        require(clen);
        try {
            byte[] out = Lzf.decompress(buf, pos, clen, len);
            pos += clen;
            return out;
        } catch (MalformedDataException e) {
            throw new RdbFormatException(RdbErrorKind.CORRUPT_VALUE, "invalid LZF string: " + e.getMessage(), at, e);
        }
    }

    private int checkedStringLength(long len, long at) {
        if (len < 0 || len > maxStringLength) {
            throw new RdbFormatException(RdbErrorKind.BAD_LENGTH, "string length " + Long.toUnsignedString(len)
                    + " exceeds the limit of " + maxStringLength + " bytes", at);
        }
        return (int) len;
    }
}
