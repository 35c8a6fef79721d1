/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.rdb.internal.codec.Crc64;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.function.Consumer;

/**
 * The byte sink under the RDB writer. Bytes are staged in a plain array of {@code chunkSize}
 * bytes; whenever it is full the staged bytes are copied into one buffer from the allocator
 * and handed to the consumer (ownership moves with it), so the many small writes of RDB
 * encoding never touch a {@link ByteBuf} (no per-write bounds, reference-count or
 * leak-tracking checks) and memory stays at one chunk however large a value is.
 *
 * <p>A chunk is {@code chunkSize} bytes, except the last one and one that is handed over
 * early because a small fixed-width field (at most 9 bytes) did not fit. The running CRC-64
 * is updated from the staging array at each hand-off; {@link #finish} covers the tail up to
 * and including the EOF opcode, and appends the checksum, which is not covered.
 */
final class ChunkedOutput {
    /** Widest field written with {@link #reserve}: a 9-byte length. */
    private static final int MAX_FIELD = 9;

    private final ByteBufAllocator allocator;
    private final Consumer<ByteBuf> output;
    private final Crc64 crc = new Crc64();
    private byte[] staging;
    private int pos;
    private long handedOff;
    private boolean finished;

    ChunkedOutput(ByteBufAllocator allocator, int chunkSize, Consumer<ByteBuf> output) {
        if (chunkSize < MAX_FIELD * 2) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is too small");
        }
        this.allocator = allocator;
        this.output = output;
        this.staging = new byte[chunkSize];
    }

    void writeByte(int b) {
        reserve(1);
        staging[pos++] = (byte) b;
    }

    void writeBytes(byte[] src) {
        writeBytes(src, 0, src.length);
    }

    /** Copies {@code src[off, off+len)}, handing off full chunks on the way. */
    void writeBytes(byte[] src, int off, int len) {
        checkOpen();
        while (len > 0) {
            if (pos == staging.length) {
                handOff();
            }
            int n = Math.min(len, staging.length - pos);
            System.arraycopy(src, off, staging, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    void writeShortBE(int v) {
        reserve(2);
        staging[pos++] = (byte) (v >>> 8);
        staging[pos++] = (byte) v;
    }

    void writeIntBE(int v) {
        reserve(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            staging[pos++] = (byte) (v >>> shift);
        }
    }

    void writeShortLE(int v) {
        reserve(2);
        staging[pos++] = (byte) v;
        staging[pos++] = (byte) (v >>> 8);
    }

    void writeIntLE(int v) {
        reserve(4);
        for (int shift = 0; shift < 32; shift += 8) {
            staging[pos++] = (byte) (v >>> shift);
        }
    }

    void writeLongLE(long v) {
        reserve(8);
        for (int shift = 0; shift < 64; shift += 8) {
            staging[pos++] = (byte) (v >>> shift);
        }
    }

    void writeLongBE(long v) {
        reserve(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            staging[pos++] = (byte) (v >>> shift);
        }
    }

    /** Total bytes produced so far, handed off or staged. */
    long bytesWritten() {
        return handedOff + pos;
    }

    /**
     * Writes the EOF opcode and the checksum (or 8 zero bytes when {@code withChecksum} is
     * false) and hands over the last chunk.
     */
    void finish(int eofOpcode, boolean withChecksum) {
        writeByte(eofOpcode);
        crc.update(staging, 0, pos);
        long checksum = withChecksum ? crc.value() : 0L;
        ByteBuf last = allocator.buffer(pos + 8);
        last.writeBytes(staging, 0, pos);
        last.writeLongLE(checksum);
        handedOff += last.readableBytes();
        pos = 0;
        finished = true;
        staging = null;
        output.accept(last);
    }

    /**
     * Hands over what is staged, without an EOF or checksum: for a {@code DUMP} payload, which
     * is a value's bytes alone and checksums itself differently ({@link DumpPayload}).
     */
    void flush() {
        checkOpen();
        handOff();
    }

    /** Drops the staged bytes (after an aborted snapshot); nothing more can be written. */
    void discard() {
        finished = true;
        staging = null;
        pos = 0;
    }

    private void reserve(int n) {
        checkOpen();
        if (pos + n > staging.length) {
            handOff();
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the RDB output is already finished or discarded");
        }
    }

    private void handOff() {
        if (pos == 0) {
            return;
        }
        crc.update(staging, 0, pos);
        ByteBuf chunk = allocator.buffer(pos);
        chunk.writeBytes(staging, 0, pos);
        handedOff += pos;
        pos = 0;
        output.accept(chunk);
    }
}
