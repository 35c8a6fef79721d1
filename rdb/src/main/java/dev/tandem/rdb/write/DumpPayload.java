/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.RdbFormatException;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.RdbReaderConfig;
import dev.tandem.rdb.internal.codec.Crc64;
import dev.tandem.rdb.internal.load.CoreValueAssembler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code DUMP}/{@code RESTORE} payload (cluster.c createDumpPayload/verifyDumpPayload): the
 * value's RDB type byte and body as an RDB file holds them, then the RDB version as 2 bytes
 * little-endian, then the CRC-64 (Jones, as the RDB trailer) of everything before it, 8 bytes
 * little-endian.
 *
 * <p>{@link #encode} writes version 10, Redis 7.0's, with its encodings (quicklist 2, listpack
 * hashes and sorted sets, intsets, stream listpacks 3), so a payload restores on redis-server
 * 7.0 and Tandem alike. {@link #decode} accepts what 7.0 accepts: versions up to 10 with a
 * matching checksum; the value is read by the RDB reader (every structural check of a full
 * sync), framed as a one-key RDB stream, and its string lengths are bounded by the payload's
 * size, so a hostile length field fails instead of allocating.
 */
public final class DumpPayload {
    /** Redis 7.0's RDB_VERSION: written, and the newest a payload may carry. */
    public static final int VERSION = 10;
    /** What LZF can expand a byte to at most (a back-reference of 264 bytes in 3), rounded up. */
    private static final int LZF_MAX_EXPANSION = 100;
    private static final byte[] FRAME_KEY = "k".getBytes(StandardCharsets.US_ASCII);

    private DumpPayload() {
    }

    /** Why a payload was refused, with Redis's error text where it has one. */
    public static final class InvalidPayloadException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPayloadException(String message) {
            super(message);
        }
    }

    /**
     * The payload of {@code value}; {@code compress} is {@code rdbcompression} (LZF for strings
     * longer than 20 bytes that shrink). An empty collection has no RDB form: callers never hold one.
     */
    public static byte[] encode(RedisValue value, boolean compress) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChunkedOutput out = new ChunkedOutput(UnpooledByteBufAllocator.DEFAULT, RdbWriterOptions.DEFAULT_CHUNK_SIZE,
                (ByteBuf chunk) -> {
                    try {
                        chunk.readBytes(bytes, chunk.readableBytes());
                    } catch (IOException e) {
                        throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
                    } finally {
                        chunk.release();
                    }
                });
        RdbEncoder enc = new RdbEncoder(out, compress);
        ValueSerializer serializer = new ValueSerializer(enc, VERSION);
        int type = serializer.typeOf(value);
        if (type < 0) {
            throw new IllegalArgumentException("an empty collection has no DUMP payload");
        }
        enc.u8(type);
        serializer.write(value, type);
        out.writeShortLE(VERSION);
        out.flush();
        byte[] body = bytes.toByteArray();
        byte[] payload = new byte[body.length + 8];
        System.arraycopy(body, 0, payload, 0, body.length);
        long crc = Crc64.of(body);
        for (int i = 0; i < 8; i++) {
            payload[body.length + i] = (byte) (crc >>> (8 * i));
        }
        return payload;
    }

    /**
     * verifyDumpPayload: at least 10 bytes, a version not newer than {@value #VERSION}, and the
     * checksum (unless {@code skipChecksum}, Redis's {@code DEBUG SET-SKIP-CHECKSUM-VALIDATION}).
     */
    public static boolean verify(byte[] payload, boolean skipChecksum) {
        if (payload.length < 10) {
            return false;
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > VERSION) {
            return false;
        }
        if (skipChecksum) {
            return true;
        }
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = stored << 8 | (payload[payload.length - 8 + i] & 0xff);
        }
        return Crc64.of(payload, 0, payload.length - 8) == stored;
    }

    /**
     * The value a verified payload holds, as Redis would hold it after loading (compact
     * encodings kept or converted by {@code limits}).
     *
     * @throws InvalidPayloadException {@code Bad data format} for anything the RDB reader refuses
     */
    public static RedisValue decode(byte[] payload, EncodingLimits limits) throws InvalidPayloadException {
        int bodyLength = payload.length - 10;
        if (bodyLength < 1) {
            throw new InvalidPayloadException("Bad data format");
        }
        // A one-key RDB stream around the body: header, SELECTDB 0, type, key, body, EOF and an
        // all-zero checksum (no check: the payload's own CRC was verified).
        ByteArrayOutputStream frame = new ByteArrayOutputStream(bodyLength + 32);
        frame.writeBytes(String.format("REDIS%04d", VERSION).getBytes(StandardCharsets.US_ASCII));
        frame.write(0xFE);
        frame.write(0);
        frame.write(payload[0]);
        frame.write(FRAME_KEY.length);
        frame.writeBytes(FRAME_KEY);
        frame.write(payload, 1, bodyLength - 1);
        frame.write(0xFF);
        frame.writeBytes(new byte[8]);
        Capture capture = new Capture(limits);
        long maxString = Math.min(RdbReaderConfig.DEFAULT_MAX_STRING_LENGTH,
                (long) payload.length * LZF_MAX_EXPANSION + 64);
        try {
            RdbReader reader = new RdbReader(capture, RdbReaderConfig.defaults().withMaxStringLength(maxString));
            byte[] bytes = frame.toByteArray();
            reader.feed(bytes, 0, bytes.length);
            reader.end();
        } catch (RdbFormatException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidPayloadException("Bad data format");
        }
        if (capture.value == null || capture.values != 1) {
            throw new InvalidPayloadException("Bad data format");
        }
        return capture.value;
    }

    /** Keeps the one value the framed stream holds. */
    private static final class Capture extends CoreValueAssembler {
        private final EncodingLimits limits;
        private RedisValue value;
        private int values;

        Capture(EncodingLimits limits) {
            this.limits = limits;
        }

        @Override
        protected EncodingLimits encodingLimits() {
            return limits;
        }

        @Override
        protected void onValue(RdbKey key, RedisValue v) {
            value = v;
            values++;
        }
    }
}
