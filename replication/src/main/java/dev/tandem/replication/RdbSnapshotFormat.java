/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.replication.spi.SnapshotLoader;
import dev.tandem.replication.spi.SnapshotWriteOptions;
import dev.tandem.replication.spi.SnapshotWriter;
import dev.tandem.core.snapshot.DatasetTarget;
import dev.tandem.core.Key;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.rdb.write.RdbSnapshotWriter;
import dev.tandem.rdb.write.RdbWriterOptions;
import io.netty.buffer.ByteBuf;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Redis RDB as the snapshot format: the default, and the one a {@code redis-server} peer needs.
 * A node built without an explicit format writes the version of its {@code rdb-version}
 * directive (default 10, what Redis 7.0 writes; 9 for replicas older than 7.0), read at each
 * full sync. {@link #defaults()} is version 9 (every Redis from 5.0 loads it; brief §7), with the
 * replication AUX fields a Redis master writes ({@code repl-stream-db}, {@code repl-id},
 * {@code repl-offset}); version 10 adds Redis 7.0's compact encodings for Tandem or Redis 7
 * peers. The replica reads every RDB version, streaming, into a dataset built beside the live
 * one.
 */
public final class RdbSnapshotFormat implements SnapshotFormat {

    private static final RdbSnapshotFormat DEFAULT = new RdbSnapshotFormat(RdbWriterOptions.DEFAULT_VERSION, true);

    private final int version;
    private final boolean compressStrings;
    /** Null: the writer's defaults (wall clock, heap in use); else a fixed source for ctime, used-mem 0. */
    private final LongSupplier headerClockMillis;
    /** Null: {@link #version}; else read at each snapshot (a node's live {@code rdb-version}). */
    private final java.util.function.IntSupplier versionSource;

    private RdbSnapshotFormat(int version, boolean compressStrings) {
        this(version, compressStrings, null);
    }

    private RdbSnapshotFormat(int version, boolean compressStrings, LongSupplier headerClockMillis) {
        this(version, compressStrings, headerClockMillis, null);
    }

    private RdbSnapshotFormat(int version, boolean compressStrings, LongSupplier headerClockMillis,
            java.util.function.IntSupplier versionSource) {
        // Validates the version the way the writer will.
        RdbWriterOptions.builder().version(version).build();
        this.version = version;
        this.compressStrings = compressStrings;
        this.headerClockMillis = headerClockMillis;
        this.versionSource = versionSource;
    }

    /**
     * A node's default format: compressed strings, and the version its {@code rdb-version}
     * directive says at the moment each snapshot starts (so {@code CONFIG SET rdb-version 9}
     * serves an old replica from the next full sync on).
     */
    static RdbSnapshotFormat following(int initial, java.util.function.IntSupplier version) {
        return new RdbSnapshotFormat(initial, true, null, java.util.Objects.requireNonNull(version));
    }

    /**
     * This format with {@code ctime} read from {@code clockMillis} and {@code used-mem} written as
     * 0: the deterministic simulation's snapshots, the same bytes for the same data set and time.
     */
    public RdbSnapshotFormat withHeaderClock(LongSupplier clockMillis) {
        return new RdbSnapshotFormat(version, compressStrings, java.util.Objects.requireNonNull(clockMillis), versionSource);
    }

    /** RDB version 9 with LZF-compressed strings, as {@code rdbcompression yes}. */
    public static RdbSnapshotFormat defaults() {
        return DEFAULT;
    }

    /**
     * @param version 9 (every Redis ≥ 5.0 loads it) or 10 (Redis ≥ 7.0; compact encodings)
     * @param compressStrings LZF-compress long strings ({@code rdbcompression})
     */
    public static RdbSnapshotFormat of(int version, boolean compressStrings) {
        return new RdbSnapshotFormat(version, compressStrings);
    }

    /** The version the next snapshot is written in. */
    public int version() {
        return versionSource != null ? versionSource.getAsInt() : version;
    }

    @Override
    public String name() {
        return "rdb-v" + version();
    }

    @Override
    public SnapshotWriter newWriter(SnapshotWriteOptions options, Consumer<ByteBuf> output) {
        RdbWriterOptions rdbOptions = RdbWriterOptions.builder()
                .version(version())
                .compressStrings(compressStrings)
                .chunkSize(Math.max(RdbWriterOptions.MIN_CHUNK_SIZE, options.chunkSize()))
                .allocator(options.allocator())
                .replicationInfo(options.streamDb(), options.replid().toString(), options.offset())
                .build();
        RdbSnapshotWriter writer = headerClockMillis == null ? new RdbSnapshotWriter(rdbOptions, output)
                : new RdbSnapshotWriter(rdbOptions, output, headerClockMillis, () -> 0);
        return new SnapshotWriter() {
            @Override
            public void begin(SnapshotInfo info) {
                writer.begin(info);
            }

            @Override
            public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
                writer.entry(db, key, value, expireAtMillis);
            }

            @Override
            public void end() {
                writer.end();
            }

            @Override
            public void discard() {
                writer.discard();
            }
        };
    }

    @Override
    public SnapshotLoader newLoader(DatasetTarget target) {
        KeyspaceLoader loader = new KeyspaceLoader(target);
        RdbReader reader = new RdbReader(loader);
        return new SnapshotLoader() {
            @Override
            public void feed(ByteBuf chunk) {
                reader.feed(chunk);
            }

            @Override
            public void finish() {
                reader.end(); // throws "truncated RDB ..." unless the EOF opcode and checksum were read
            }

            @Override
            public long keysLoaded() {
                return loader.keysLoaded();
            }

            @Override
            public OptionalInt streamDb() {
                int db = loader.replStreamDb();
                return db < 0 ? OptionalInt.empty() : OptionalInt.of(db);
            }
        };
    }

    @Override
    public String toString() {
        return "RdbSnapshotFormat[version " + version() + (compressStrings ? ", compressed" : "") + "]";
    }
}
