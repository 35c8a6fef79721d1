/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link RdbSnapshotWriter} writes. Start from {@link #defaults()} or {@link #builder()}.
 *
 * @param version         RDB version declared in the header: 9 (default) writes only the types
 *                        every Redis from 5.0 on loads (string 0, list 1, set 2, hash 4, zset_2 5,
 *                        stream 15); 10 also writes Redis 7.0's compact encodings (intset 11,
 *                        hash listpack 16, zset listpack 17, quicklist 18, stream 19) for values
 *                        that Redis 7.0 would hold compactly, which 7.0+ loads faster and smaller
 * @param compressStrings LZF-compress strings longer than 20 bytes when that saves at least
 *                        4 bytes, as {@code rdbcompression yes} does (default true)
 * @param chunkSize       the size at which a filled buffer is handed to the output (default
 *                        64 KiB); a chunk can be larger when one item does not fit
 * @param allocator       where chunk buffers come from (default {@link ByteBufAllocator#DEFAULT})
 * @param redisVersion    the {@code redis-ver} AUX text (default {@value #DEFAULT_REDIS_VERSION})
 * @param auxFields       extra AUX fields written after the standard four, in this order (for
 *                        example {@code repl-stream-db}, {@code repl-id}, {@code repl-offset});
 *                        values are int-encoded when they are canonical integers, as in Redis
 * @param emitResizeDb    write a RESIZEDB hint at the first SELECTDB of each database (default
 *                        true)
 */
public record RdbWriterOptions(int version, boolean compressStrings, int chunkSize, ByteBufAllocator allocator,
                               String redisVersion, Map<String, byte[]> auxFields, boolean emitResizeDb) {
    public static final int DEFAULT_VERSION = 9;
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    public static final String DEFAULT_REDIS_VERSION = "7.0.15";
    /** Smallest chunk size accepted; chunks are the unit of hand-off, not of framing. */
    public static final int MIN_CHUNK_SIZE = 64;

    public RdbWriterOptions {
        if (version != 9 && version != 10) {
            throw new IllegalArgumentException("RDB version " + version + " cannot be written (9 or 10)");
        }
        if (chunkSize < MIN_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunkSize " + chunkSize + " is below " + MIN_CHUNK_SIZE);
        }
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(redisVersion, "redisVersion");
        LinkedHashMap<String, byte[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : auxFields.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "aux key"), Objects.requireNonNull(e.getValue(), "aux value").clone());
        }
        auxFields = Collections.unmodifiableMap(copy);
    }

    public static RdbWriterOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these options. */
    public Builder toBuilder() {
        Builder b = new Builder().version(version).compressStrings(compressStrings).chunkSize(chunkSize)
                .allocator(allocator).redisVersion(redisVersion).emitResizeDb(emitResizeDb);
        b.aux.putAll(auxFields);
        return b;
    }

    /** Mutable builder for {@link RdbWriterOptions}. */
    public static final class Builder {
        private int version = DEFAULT_VERSION;
        private boolean compressStrings = true;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
        private String redisVersion = DEFAULT_REDIS_VERSION;
        private final LinkedHashMap<String, byte[]> aux = new LinkedHashMap<>();
        private boolean emitResizeDb = true;

        private Builder() {
        }

        public Builder version(int v) {
            this.version = v;
            return this;
        }

        public Builder compressStrings(boolean v) {
            this.compressStrings = v;
            return this;
        }

        public Builder chunkSize(int v) {
            this.chunkSize = v;
            return this;
        }

        public Builder allocator(ByteBufAllocator v) {
            this.allocator = v;
            return this;
        }

        public Builder redisVersion(String v) {
            this.redisVersion = v;
            return this;
        }

        public Builder emitResizeDb(boolean v) {
            this.emitResizeDb = v;
            return this;
        }

        /** Adds (or replaces, keeping its position) an extra AUX field. */
        public Builder aux(String key, byte[] value) {
            aux.put(key, value);
            return this;
        }

        public Builder aux(String key, String value) {
            return aux(key, value.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The PSYNC state Redis stores in an RDB for a replica: {@code repl-stream-db},
         * {@code repl-id} and {@code repl-offset}, in that order.
         */
        public Builder replicationInfo(int streamDb, String replId, long offset) {
            aux("repl-stream-db", Integer.toString(streamDb));
            aux("repl-id", replId);
            return aux("repl-offset", Long.toString(offset));
        }

        public RdbWriterOptions build() {
            return new RdbWriterOptions(version, compressStrings, chunkSize, allocator, redisVersion, aux,
                    emitResizeDb);
        }
    }
}
