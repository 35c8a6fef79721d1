/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.write.RdbSnapshotWriter;
import dev.tandem.rdb.write.RdbWriterOptions;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.role.MasterRole;
import dev.tandem.replication.internal.role.ReplicaRole;
import dev.tandem.replication.internal.stream.StreamEncoder;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One save of the data set to {@code dir/dbfilename}, as Redis's {@code rdbSave}: the snapshot is
 * written to {@code temp-<pid>.rdb} in the same directory, fsynced, and renamed over the target,
 * so the previous file stays intact until the new one is complete on disk. The snapshot is
 * forkless ({@link Keyspace#startSnapshot}): writers go on while the caller's thread walks it,
 * side-saving the entries they change.
 *
 * <p>The file carries Redis 7.0's aux fields in Redis's order: {@code redis-ver},
 * {@code redis-bits}, {@code ctime}, {@code used-mem}, then {@code repl-stream-db},
 * {@code repl-id} and {@code repl-offset} when the node has replication info (a master always,
 * as its backlog exists from the start; a replica once it has a history of its master's stream),
 * then {@code aof-base 0}. They are taken under the write lock at the snapshot's point, so the
 * offset is exactly the data set's.
 */
final class RdbSaveJob implements SnapshotSink {

    /** Redis's {@code REDIS_AUTOSYNC_BYTES}: {@code rdb-save-incremental-fsync} syncs every 4 MB. */
    static final long INCREMENTAL_FSYNC_BYTES = 4L * 1024 * 1024;
    /** RDB version of saved files: 9, which every Redis from 5.0 and {@code redis-check-rdb} reads. */
    static final int FILE_RDB_VERSION = RdbWriterOptions.DEFAULT_VERSION;
    private static final int STEP_KEYS = 256;

    /** What a save did. */
    record Result(long keys, long bytes, long offset) { }

    /** A snapshot (a full sync's or another save's) is running: Redis's "already in progress". */
    static final class SnapshotBusyException extends IOException {
        SnapshotBusyException() {
            super("Background save already in progress");
        }
    }

    private final ReplicationContext context;
    private final Persistence settings;
    private final boolean incrementalFsync;
    /** The file written: {@code dir/dbfilename}, or an AOF base file. */
    private final Path target;
    /** Redis's {@code aof-base} aux field: 1 in an AOF base file. */
    private final boolean aofBase;
    /** Runs under the write lock at the snapshot's point (an AOF starts its incremental file there). */
    private Runnable atSnapshotPoint = () -> { };
    /** Chunks the writer produced, under the keyspace lock; drained by the saving thread. */
    private final Deque<ByteBuf> chunks = new ArrayDeque<>();
    private RdbSnapshotWriter writer;
    /** {@code aof-use-rdb-preamble no}: the base is written as commands instead (null otherwise). */
    private AofCommandsWriter commands;
    private boolean asCommands;
    private boolean timestamps;
    private volatile long offset;
    private volatile long keysTotal;

    RdbSaveJob(ReplicationContext context, Persistence settings, boolean incrementalFsync) {
        this(context, settings, incrementalFsync, settings.rdbFile(), false);
    }

    /** A save to {@code target} (its temp file beside it); {@code aofBase} for an AOF base file. */
    RdbSaveJob(ReplicationContext context, Persistence settings, boolean incrementalFsync, Path target,
            boolean aofBase) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.incrementalFsync = incrementalFsync;
        this.target = Objects.requireNonNull(target, "target");
        this.aofBase = aofBase;
    }

    /** What runs under the keyspace write lock exactly where the snapshot is taken. */
    RdbSaveJob atSnapshotPoint(Runnable value) {
        atSnapshotPoint = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * An AOF base of commands ({@code aof-use-rdb-preamble no}), with a {@code #TS:} annotation
     * first when {@code aof-timestamp-enabled}.
     */
    RdbSaveJob asCommands(boolean withTimestamp) {
        asCommands = true;
        timestamps = withTimestamp;
        return this;
    }

    /** Keys in the data set when the snapshot started ({@code current_save_keys_total}). */
    long keysTotal() {
        return keysTotal;
    }

    /** Keys written so far ({@code current_save_keys_processed}). */
    long keysProcessed() {
        AofCommandsWriter c = commands;
        if (c != null) {
            return c.keysWritten();
        }
        RdbSnapshotWriter w = writer;
        return w == null ? 0 : w.keysWritten();
    }

    /** The temp file Redis's {@code rdbSave} would use: {@code temp-<pid>.rdb} in {@code dir}. */
    static Path tempFile(Path dir) {
        return dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
    }

    /**
     * Writes the file on the calling thread; returns once it is renamed into place.
     *
     * @throws SnapshotBusyException when another snapshot is running (nothing was written)
     * @throws IOException when the file cannot be written (the previous file is left as it was)
     */
    Result run() throws IOException {
        Keyspace keyspace = context.keyspace();
        // A dump goes beside dir/dbfilename (the messages name dir as Redis does); a base beside itself.
        Path dir = aofBase ? target.toAbsolutePath().getParent() : settings.directory();
        Path temp = tempFile(dir);
        FileChannel out;
        try {
            out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            // Redis: "Failed opening the temp RDB file temp-<pid>.rdb (in server root dir <dir>) for saving: <why>"
            throw new IOException("Failed opening the temp RDB file " + temp.getFileName() + " (in server root dir "
                    + dir + ") for saving: " + reason(e), e);
        }
        Snapshot snapshot = null;
        boolean done = false;
        try (out) {
            try {
                snapshot = keyspace.startSnapshot(this);
            } catch (IllegalStateException busy) {
                throw new SnapshotBusyException();
            }
            long sinceSync = 0;
            boolean more = true;
            while (more) {
                more = snapshot.step(STEP_KEYS);
                long written = drain(out);
                sinceSync += written;
                if (incrementalFsync && sinceSync >= INCREMENTAL_FSYNC_BYTES) {
                    // Spread the fsync over the save, as Redis does, instead of one long flush at the end.
                    out.force(false);
                    sinceSync = 0;
                }
            }
            drain(out);
            if (!asCommands && !settings.rdbChecksum()) {
                // rdbchecksum no: Redis writes eight zero bytes, which loaders read as "not computed".
                long size = out.size();
                if (size >= 8) {
                    out.write(ByteBuffer.allocate(8), size - 8);
                }
            }
            out.force(true);
            done = true;
        } catch (IOException | RuntimeException e) {
            abort(snapshot);
            deleteQuietly(temp);
            if (e instanceof SnapshotBusyException busy) {
                throw busy;
            }
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("Failed opening")) {
                throw io;
            }
            throw new IOException("Write error saving DB on disk: " + reason(e), e);
        } finally {
            if (!done) {
                releaseChunks();
            }
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new IOException("Error moving temp DB file " + temp.getFileName() + " on the final destination "
                    + target.getFileName() + " (in server root dir " + dir + "): " + reason(e), e);
        }
        if (commands != null) {
            return new Result(commands.keysWritten(), commands.bytesWritten(), offset);
        }
        RdbSnapshotWriter w = writer;
        return new Result(w.keysWritten(), w.bytesWritten(), offset);
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                : e instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                : m != null ? m : e.toString();
    }

    /** Writes the queued chunks; returns the bytes written. */
    private long drain(FileChannel out) throws IOException {
        long written = 0;
        while (true) {
            ByteBuf chunk;
            synchronized (chunks) {
                chunk = chunks.poll();
            }
            if (chunk == null) {
                return written;
            }
            try {
                ByteBuffer[] buffers = chunk.nioBuffers();
                for (ByteBuffer b : buffers) {
                    while (b.hasRemaining()) {
                        written += out.write(b);
                    }
                }
            } finally {
                chunk.release();
            }
        }
    }

    private void abort(Snapshot snapshot) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            if (snapshot != null) {
                snapshot.abort();
            }
            if (writer != null) {
                writer.discard();
            }
            if (commands != null) {
                commands.discard();
            }
        } finally {
            lock.unlock();
        }
    }

    private void releaseChunks() {
        synchronized (chunks) {
            ByteBuf c;
            while ((c = chunks.poll()) != null) {
                c.release();
            }
        }
    }

    private static void syncDirectory(Path dir) {
        // The rename is durable only once the directory entry is: fsync the directory where the
        // platform allows opening one (Linux does; others throw and the rename stays as durable as they make it).
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported here
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temp file is overwritten by the next save
        }
    }

    // ------------------------------------------------------------------ SnapshotSink (under the keyspace lock)

    @Override
    public void begin(SnapshotInfo info) {
        offset = info.offset();
        long total = 0;
        if (info.keysPerDb() != null) {
            for (long k : info.keysPerDb()) {
                total += Math.max(0, k);
            }
        }
        keysTotal = total;
        if (asCommands) {
            commands = new AofCommandsWriter(context.allocator(), this::enqueue);
            if (timestamps) {
                commands.timestamp(context.keyspace().clock().nowMillis() / 1000);
            }
            atSnapshotPoint.run();
            return;
        }
        RdbWriterOptions.Builder options = RdbWriterOptions.builder()
                .version(FILE_RDB_VERSION)
                .compressStrings(settings.rdbCompression())
                .allocator(context.allocator());
        ReplicationInfoFields.of(context, info.offset())
                .ifPresent(r -> options.replicationInfo(r.streamDb(), r.replid(), r.offset()));
        options.aux("aof-base", aofBase ? "1" : "0");
        writer = new RdbSnapshotWriter(options.build(), this::enqueue);
        writer.begin(info);
        atSnapshotPoint.run();
    }

    private void enqueue(ByteBuf chunk) {
        synchronized (chunks) {
            chunks.add(chunk);
        }
    }

    @Override
    public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
        if (commands != null) {
            commands.entry(db, key, value, expireAtMillis);
        } else {
            writer.entry(db, key, value, expireAtMillis);
        }
    }

    @Override
    public void end() {
        if (commands != null) {
            commands.end();
        } else {
            writer.end();
        }
    }

    /**
     * The replication fields a save writes, Redis's {@code rdbPopulateSaveInfo}: a master (which
     * in Tandem always has its backlog) writes its id, its offset and the db its stream last
     * selected (0 if none since the stream started); a replica writes its master's id and the
     * db of the master's stream, but only while it has a history of that stream (after a sync,
     * or continuing its own as Redis's cached master); a replica waiting for its first sync writes none.
     */
    record ReplicationInfoFields(int streamDb, String replid, long offset) {
        /** Under the keyspace write lock. */
        static java.util.Optional<ReplicationInfoFields> of(ReplicationContext context, long offset) {
            String replid = context.history().replid().toString();
            if (context.roles().current() instanceof MasterRole) {
                int selected = context.stream().selectedDb();
                return java.util.Optional.of(new ReplicationInfoFields(
                        selected == StreamEncoder.UNKNOWN_DB ? 0 : selected, replid, offset));
            }
            if (context.roles().current() instanceof ReplicaRole replica && replica.link().hasCachedHistory()) {
                return java.util.Optional.of(new ReplicationInfoFields(context.streamDb(), replid, offset));
            }
            return java.util.Optional.empty();
        }
    }
}
