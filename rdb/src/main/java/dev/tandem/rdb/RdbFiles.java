/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.core.internal.DatasetBuilder;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.rdb.internal.load.KeyspaceLoader;
import dev.tandem.rdb.write.RdbSnapshotWriter;
import dev.tandem.rdb.write.RdbWriterOptions;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Whole-file conveniences over {@link RdbSnapshotWriter} and {@link KeyspaceLoader}: save a
 * keyspace to an RDB file (a forkless snapshot, so writers keep running meanwhile) and load
 * one into a keyspace.
 */
public final class RdbFiles {
    /** Keys walked per snapshot step; chunks are written to the file between steps. */
    private static final int KEYS_PER_STEP = 512;

    /** What {@link #write} produced. */
    public record WriteResult(long bytes, long keys) {
    }

    private RdbFiles() {
    }

    /**
     * Writes a point-in-time snapshot of {@code keyspace} to {@code file}, as Redis's SAVE does:
     * into a temporary file beside it, forced to disk, then renamed over {@code file}. The
     * snapshot is driven from the calling thread; chunks (including those that concurrent
     * writers' side-saves produce) are written to disk between steps, never under the
     * keyspace's lock.
     *
     * @throws IllegalStateException if a snapshot is already in progress
     */
    public static WriteResult write(Keyspace keyspace, Path file, RdbWriterOptions options) throws IOException {
        Queue<ByteBuf> chunks = new ConcurrentLinkedQueue<>();
        RdbSnapshotWriter writer = new RdbSnapshotWriter(options, chunks::add);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "temp-", ".rdb");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Snapshot snapshot = keyspace.startSnapshot(writer);
                try {
                    boolean more;
                    do {
                        more = snapshot.step(KEYS_PER_STEP);
                        drain(chunks, channel);
                    } while (more);
                } finally {
                    if (!snapshot.isDone()) {
                        snapshot.abort();
                    }
                    writer.discard();
                    releaseAll(chunks);
                }
                if (!writer.isComplete()) {
                    throw new IOException("the snapshot was aborted before it completed; " + file + " not written");
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return new WriteResult(writer.bytesWritten(), writer.keysWritten());
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** {@link #write(Keyspace, Path, RdbWriterOptions)} with the default (version 9) options. */
    public static WriteResult write(Keyspace keyspace, Path file) throws IOException {
        return write(keyspace, file, RdbWriterOptions.defaults());
    }

    /**
     * Replaces the contents of {@code keyspace} with the RDB in {@code file}: loaded off to the
     * side, swapped in only when the whole file was valid (otherwise the keyspace is untouched
     * and the error is thrown).
     *
     * @return the loader, for the AUX fields and counters
     * @throws RdbFormatException if the file is not a valid RDB (or does not fit the keyspace)
     */
    public static KeyspaceLoader load(Path file, Keyspace keyspace) throws IOException {
        return load(file, keyspace, RdbReaderConfig.defaults());
    }

    public static KeyspaceLoader load(Path file, Keyspace keyspace, RdbReaderConfig config) throws IOException {
        DatasetBuilder builder = keyspace.newDatasetBuilder();
        builder.expectPayloadBytes(java.nio.file.Files.size(file));
        KeyspaceLoader loader = new KeyspaceLoader(builder);
        boolean committed = false;
        try {
            RdbReader.read(file, loader, config);
            builder.commit();
            committed = true;
            return loader;
        } finally {
            if (!committed) {
                builder.discard();
            }
        }
    }

    private static void drain(Queue<ByteBuf> chunks, FileChannel channel) throws IOException {
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            try {
                while (chunk.isReadable()) {
                    chunk.readBytes(channel, chunk.readableBytes());
                }
            } finally {
                chunk.release();
            }
        }
    }

    private static void releaseAll(Queue<ByteBuf> chunks) {
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            chunk.release();
        }
    }
}
