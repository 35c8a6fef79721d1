/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.replication.spi.SnapshotLoader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The temp file a replica receives a full sync's payload into before loading it
 * ({@code repl-diskless-load disabled}, and {@code on-empty-db} with data): Redis's
 * {@code temp-<unixtime>.<pid>.rdb} in the working directory. Holding the payload on disk is what
 * lets the replica keep serving its old data during the transfer without a second data set on
 * the heap. Not thread-safe: the link's event loop writes and reads it.
 */
final class SyncSpoolFile implements AutoCloseable {

    /** Bytes read back per {@link SnapshotLoader#feed} call. */
    private static final int READ_CHUNK = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private long size;

    private SyncSpoolFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Creates the file in {@code dir}: Redis's name, or (when another node of this JVM, which
     * shares the pid, holds that name this second) a unique name with the same prefix.
     */
    static SyncSpoolFile create(Path dir, long unixSeconds) throws IOException {
        Files.createDirectories(dir); // a node's dir may not exist before its first save
        Path path = dir.resolve("temp-" + unixSeconds + "." + ProcessHandle.current().pid() + ".rdb");
        try {
            return new SyncSpoolFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.READ));
        } catch (FileAlreadyExistsException taken) {
            Path unique = Files.createTempFile(dir, "temp-" + unixSeconds + "." + ProcessHandle.current().pid() + "-",
                    ".rdb");
            return new SyncSpoolFile(unique, FileChannel.open(unique, StandardOpenOption.WRITE, StandardOpenOption.READ));
        }
    }

    Path path() {
        return path;
    }

    /** Bytes written so far. */
    long size() {
        return size;
    }

    /** Appends the readable bytes of {@code chunk} (not moving its reader index, not releasing it). */
    void write(ByteBuf chunk) throws IOException {
        for (ByteBuffer b : chunk.nioBuffers(chunk.readerIndex(), chunk.readableBytes())) {
            while (b.hasRemaining()) {
                size += channel.write(b, size);
            }
        }
    }

    /** Feeds the whole file, from its start, to {@code loader} (which does not see it end: the caller finishes it). */
    void feedTo(SnapshotLoader loader) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        long position = 0;
        while (position < size) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the temp file " + path + " ended at " + position + " of " + size + " bytes");
            }
            position += n;
            buffer.flip();
            loader.feed(Unpooled.wrappedBuffer(buffer));
        }
    }

    /** Closes and deletes the file (the data set it held is loaded, or abandoned). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting matters more; a close error on a file we only wrote and read changes nothing
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temp file is what Redis leaves too after a crash; the next sync uses a new name
        }
    }
}
