/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID, {@code <ms>-<seq>}: two unsigned 64-bit numbers held in longs and
 * compared unsigned (Redis's streamID). Ordered by ms, then seq.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId MIN = new StreamId(0, 0);
    /** {@code 18446744073709551615-18446744073709551615}, the {@code +} of XRANGE. */
    public static final StreamId MAX = new StreamId(-1L, -1L);

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID (streamIncrID), or null after {@link #MAX}. */
    public StreamId next() {
        if (seq == -1L) {
            return ms == -1L ? null : new StreamId(ms + 1, 0);
        }
        return new StreamId(ms, seq + 1);
    }

    /** The previous ID (streamDecrID), or null before {@link #MIN}. */
    public StreamId previous() {
        if (seq == 0) {
            return ms == 0 ? null : new StreamId(ms - 1, -1L);
        }
        return new StreamId(ms, seq - 1);
    }

    /** {@code ms-seq} in unsigned decimal, as Redis prints IDs. */
    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The 16-byte big-endian form Redis uses as rax keys and in RDB PELs (ms then seq).
     */
    public byte[] toRaw() {
        byte[] raw = new byte[16];
        for (int i = 0; i < 8; i++) {
            raw[i] = (byte) (ms >>> (56 - 8 * i));
            raw[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return raw;
    }

    /** Reads the 16-byte big-endian form at {@code offset}. */
    public static StreamId fromRaw(byte[] raw, int offset) {
        if (raw.length - offset < 16) {
            throw new IllegalArgumentException("a raw stream ID needs 16 bytes, got " + (raw.length - offset));
        }
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (raw[offset + i] & 0xff);
            seq = (seq << 8) | (raw[offset + 8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }
}
