/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Database;
import dev.tandem.core.internal.DatasetBuilder;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.snapshot.DatasetTarget;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.rdb.write.RdbSnapshotWriter;
import dev.tandem.rdb.write.RdbWriterOptions;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code DEBUG RELOAD}'s load (debug.c): an RDB read back into the live keyspace, under its write
 * lock, which the caller holds. With {@code flush} (the default) the data set is replaced whole,
 * atomically, as at a full sync; with {@code NOFLUSH} the file's keys are added to what is there,
 * a key already present failing the load unless {@code MERGE} (Redis's
 * {@code RDBFLAGS_ALLOW_DUP}, the file's value wins).
 *
 * <p>A node that keeps no files reloads through an RDB written to memory from its own data set
 * ({@link #writeInMemory(Keyspace)}): the values go through the same encode and decode as a file, which
 * is what tests use {@code DEBUG RELOAD} for (encodings after a load).
 */
public final class RdbReload {

    private RdbReload() {
    }

    /** Why the load failed; Redis's reply is its fixed text, the reason goes to the log. */
    public static final class ReloadException extends Exception {
        private static final long serialVersionUID = 1L;

        ReloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Loads {@code file}. */
    public static void load(Keyspace keyspace, Path file, boolean flush, boolean merge) throws ReloadException {
        try (InputStream in = Files.newInputStream(file)) {
            load(keyspace, in, flush, merge);
        } catch (IOException e) {
            throw new ReloadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads the RDB stream {@code in}. */
    public static void load(Keyspace keyspace, InputStream in, boolean flush, boolean merge)
            throws ReloadException, IOException {
        DatasetBuilder builder = flush ? keyspace.newDatasetBuilder() : null;
        DatasetTarget target = flush ? builder : new LiveTarget(keyspace, merge);
        try {
            RdbReader.read(in, new KeyspaceLoader(target), dev.tandem.rdb.RdbReaderConfig.defaults());
        } catch (RuntimeException e) {
            if (builder != null) {
                builder.discard();
            }
            throw new ReloadException(e.getMessage(), e);
        }
        if (builder != null) {
            builder.commit();
        }
    }

    /** The keyspace as an RDB file's bytes (version 10, Redis 7.0's), for a node without files. */
    public static byte[] writeInMemory(Keyspace keyspace) {
        int databases = keyspace.databaseCount();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbSnapshotWriter writer = new RdbSnapshotWriter(RdbWriterOptions.builder().version(10).build(),
                (ByteBuf chunk) -> {
                    try {
                        chunk.readBytes(out, chunk.readableBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        chunk.release();
                    }
                });
        long[] keys = new long[databases];
        long[] expires = new long[databases];
        for (int db = 0; db < databases; db++) {
            keys[db] = keyspace.database(db).size();
            expires[db] = keyspace.database(db).expiresSize();
        }
        writer.begin(new SnapshotInfo(0, databases, keys, expires));
        for (int db = 0; db < databases; db++) {
            int index = db;
            keyspace.database(db).forEachEntry(e -> writer.entry(index, e.key(), e.value(), e.expireAt()));
        }
        writer.end();
        return out.toByteArray();
    }

    /** Adds the file's keys to the live databases (NOFLUSH). */
    private static final class LiveTarget implements DatasetTarget {
        private final Keyspace keyspace;
        private final boolean merge;
        private long added;

        LiveTarget(Keyspace keyspace, boolean merge) {
            this.keyspace = keyspace;
            this.merge = merge;
        }

        @Override
        public int databaseCount() {
            return keyspace.databaseCount();
        }

        @Override
        public boolean put(int db, Key key, RedisValue value, long expireAtMillis) {
            Database database = keyspace.database(db);
            Entry present = database.peek(key);
            if (present != null && !merge) {
                throw new IllegalStateException("duplicate key '" + key + "' in the RDB file (DEBUG RELOAD NOFLUSH "
                        + "without MERGE)");
            }
            Entry e = database.set(key, value, false);
            if (expireAtMillis >= 0) {
                database.setExpire(e, expireAtMillis);
            }
            added++;
            // Not a duplicate within the file: the loader refuses those; MERGE only lets the file win
            // over the live data set.
            return true;
        }

        @Override
        public long size() {
            return added;
        }

        @Override
        public EncodingLimits encodingLimits() {
            return keyspace.encodingLimits();
        }
    }
}
