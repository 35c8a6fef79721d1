/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.internal.Propagated;
import dev.tandem.replication.AppendFsync;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.server.ReplyBarrier;
import dev.tandem.replication.internal.stream.StreamEncoder;
import dev.tandem.replication.internal.stream.StreamTap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of Redis 7.0's multi-part append-only file: the manifest, the base and the
 * incremental file the node appends to. The incremental file receives what the node appends to
 * its replication stream ({@link StreamTap}, under the keyspace write lock, in stream order)
 * minus the heartbeat {@code PING} and {@code REPLCONF}, with a {@code SELECT} wherever the db
 * changes (the file's own, so every file starts with one, as Redis's).
 *
 * <p>{@code appendfsync}: {@code always} writes the bytes in the tap and lets {@link AofGroupCommit}
 * force them once for every connection whose replies wait for them (outside the write lock; a
 * write no reply gate covers is forced in the tap itself); {@code everysec} forces
 * them from the persistence thread once a second ({@link #fsyncIfDirty()}); {@code no} leaves it
 * to the operating system.
 */
final class AppendOnlyFile implements StreamTap, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppendOnlyFile.class);
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLCONF = "replconf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELECT = "select".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MULTI = "multi".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "exec".getBytes(StandardCharsets.US_ASCII);

    private final ReplicationContext context;
    private volatile Persistence settings;
    private final StreamEncoder encoder = new StreamEncoder();
    /** The incremental file, null until opened; set and used under the keyspace write lock. */
    private volatile FileChannel incr;
    private AofManifest manifest;
    /** The db of the master's stream a replica forwards (SELECTs are re-injected by the encoder). */
    private int forwardDb;
    private volatile boolean dirty;
    private volatile boolean lastWriteOk = true;
    private final AtomicLong baseSize = new AtomicLong();
    private final AtomicLong currentSize = new AtomicLong();
    private final AtomicLong delayedFsync = new AtomicLong();
    private final AofGroupCommit groupCommit;
    private final java.util.function.BooleanSupplier skipFsync;
    /** {@code aof-timestamp-enabled}. */
    private final java.util.function.BooleanSupplier timestamps;
    /** Redis's {@code aof_cur_timestamp}: the second of the last {@code #TS:} annotation written. */
    private long lastTimestamp;
    /** Closed ({@code appendonly no}, the node stops): a rewrite still running must not reopen writes. */
    private boolean closed;

    /** How a rewrite relates to the file being appended to (Redis's {@code aof_state}). */
    enum RewriteMode {
        /** {@code appendonly yes}: a new incremental file takes the writes at the snapshot point. */
        ON,
        /**
         * {@code CONFIG SET appendonly yes} (Redis's {@code AOF_WAIT_REWRITE}): the writes go to a
         * temp incremental file from the snapshot point, named in the manifest only with the new base.
         */
        STARTING,
        /** {@code BGREWRITEAOF} with {@code appendonly no}: a base alone; every old file becomes history. */
        OFF
    }

    AppendOnlyFile(ReplicationContext context, Persistence settings) {
        this(context, settings, () -> false, () -> false);
    }

    /**
     * @param skipFsync {@code no-appendfsync-on-rewrite yes} while a snapshot runs: no fsync of
     *                  either policy then (Redis's {@code flushAppendOnlyFile} with a child active)
     */
    AppendOnlyFile(ReplicationContext context, Persistence settings, java.util.function.BooleanSupplier timestamps,
                   java.util.function.BooleanSupplier skipFsync) {
        this.context = context;
        this.settings = settings;
        this.timestamps = timestamps;
        this.skipFsync = skipFsync;
        this.groupCommit = new AofGroupCommit(() -> incr, skipFsync, () -> context.stream().wakeSenders());
    }

    /** The base file's name for sequence {@code seq}: {@code .base.rdb}, or {@code .base.aof} of commands. */
    private static String baseName(Persistence s, long seq) {
        return s.appendFilename() + "." + seq + ".base." + (s.aofUseRdbPreamble() ? "rdb" : "aof");
    }

    /** A job writing a base file: RDB with {@code aof-base 1}, or commands with {@code aof-use-rdb-preamble no}. */
    private RdbSaveJob baseJob(RdbPersistence owner, Persistence s, Path target) {
        RdbSaveJob job = new RdbSaveJob(context, s, owner.incrementalFsync(), target, true);
        return s.aofUseRdbPreamble() ? job : job.asCommands(timestamps.getAsBoolean());
    }

    /** {@code appendfsync always}'s reply barrier. */
    AofGroupCommit groupCommit() {
        return groupCommit;
    }

    void settings(Persistence value) {
        settings = value;
    }

    Path manifestFile() {
        return manifestFile(settings);
    }

    static Path manifestFile(Persistence s) {
        return s.aofDirectory().resolve(s.appendFilename() + ".manifest");
    }

    /** Reads the manifest, empty when there is none (no AOF yet). */
    static Optional<AofManifest> readManifest(Persistence s) throws IOException {
        try {
            return Optional.of(AofManifest.parse(Files.readString(manifestFile(s), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens the AOF for appending once the data set is loaded, as Redis's
     * {@code aofOpenIfNeededOnServerStart}: an existing manifest's last incremental file is
     * appended to; without an AOF a base of the current data set is written first, then an
     * empty incremental file, then the manifest naming both.
     */
    void open(RdbPersistence owner) throws IOException {
        Persistence s = settings;
        Path dir = s.aofDirectory();
        Files.createDirectories(dir);
        AofManifest m = readManifest(s).orElse(null);
        if (m == null || (m.base().isEmpty() && m.incrs().isEmpty())) {
            String baseName = baseName(s, 1);
            String incrName = s.appendFilename() + ".1.incr.aof";
            FileChannel channel = FileChannel.open(dir.resolve(incrName), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            // The incremental file takes over exactly at the base's snapshot point (under the
            // write lock): every write is in the base or in the incremental file, never both.
            RdbSaveJob job = baseJob(owner, s, dir.resolve(baseName))
                    .atSnapshotPoint(() -> {
                        encoder.resetSelectedDb();
                        forwardDb = context.streamDb();
                        incr = channel;
                    });
            RdbSaveJob.Result r;
            try {
                r = job.run();
            } catch (IOException | RuntimeException e) {
                incr = null;
                channel.close();
                throw e;
            }
            log.info("Creating AOF base file {} on server start ({} keys)", baseName, r.keys());
            log.info("Creating AOF incr file {} on server start", incrName);
            m = new AofManifest(Optional.of(new AofManifest.Entry(baseName, 1, AofManifest.Type.BASE)), List.of(),
                    List.of(new AofManifest.Entry(incrName, 1, AofManifest.Type.INCR)));
            writeManifest(s, m);
            manifest = m;
            baseSize.set(sizeOf(dir.resolve(baseName)));
            currentSize.addAndGet(baseSize.get());
            return;
        } else if (m.incrs().isEmpty()) {
            long seq = m.lastIncrSeq() + 1;
            String incrName = s.appendFilename() + "." + seq + ".incr.aof";
            Files.createFile(dir.resolve(incrName));
            List<AofManifest.Entry> incrs = new ArrayList<>(m.incrs());
            incrs.add(new AofManifest.Entry(incrName, seq, AofManifest.Type.INCR));
            m = new AofManifest(m.base(), m.history(), incrs);
            writeManifest(s, m);
        }
        manifest = m;
        Path last = dir.resolve(m.incrs().get(m.incrs().size() - 1).name());
        FileChannel channel = FileChannel.open(last, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        baseSize.set(m.base().map(b -> sizeOf(dir.resolve(b.name()))).orElse(0L));
        long total = baseSize.get();
        for (AofManifest.Entry e : m.incrs()) {
            total += sizeOf(dir.resolve(e.name()));
        }
        currentSize.set(total);
        var lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            // The file may end in any db: the first command appended selects its own.
            encoder.resetSelectedDb();
            forwardDb = context.streamDb();
            incr = channel;
        } finally {
            lock.unlock();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Redis's {@code writeAofManifestFile}: a temp file, fsynced, renamed over the manifest, the directory fsynced. */
    static void writeManifest(Persistence s, AofManifest m) throws IOException {
        Path target = manifestFile(s);
        Path temp = target.resolveSibling("temp-" + target.getFileName());
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(m.format().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // a platform that cannot open a directory: the rename is as durable as it makes it
        }
    }

    /**
     * A forkless rewrite ({@code BGREWRITEAOF}), on the calling (persistence) thread, as Redis
     * 7.0's multi-part rewrite: a new incremental file is added to the manifest first (so the
     * manifest is valid at every step), the writes move to it exactly at the snapshot point of
     * the new base, and once the base is on disk the manifest names the new base and the new
     * incremental file, the old files become history ({@code type h}) and are deleted.
     * {@link RewriteMode#STARTING} (turning the AOF on at run time) writes to a temp incremental
     * file instead, renamed and named in the manifest with the base; {@link RewriteMode#OFF}
     * writes a base alone ({@code BGREWRITEAOF} with {@code appendonly no}, as Redis 7.0).
     *
     * @throws IOException when the rewrite failed (the AOF stays valid: old base, old and new incrs)
     */
    void rewrite(RdbPersistence owner, RewriteMode mode) throws IOException {
        Persistence s = settings;
        Path dir = s.aofDirectory();
        Files.createDirectories(dir);
        AofManifest old = mode == RewriteMode.ON ? manifest
                : readManifest(s).orElse(new AofManifest(Optional.empty(), List.of(), List.of()));
        long baseSeq = old.base().map(AofManifest.Entry::seq).orElse(0L) + 1;
        long incrSeq = old.lastIncrSeq() + 1;
        String incrName = s.appendFilename() + "." + incrSeq + ".incr.aof";
        String baseName = baseName(s, baseSeq);
        AofManifest.Entry newIncr = mode == RewriteMode.OFF ? null
                : new AofManifest.Entry(incrName, incrSeq, AofManifest.Type.INCR);
        // Redis's getTempIncrAofName: temp-<appendfilename>.incr.
        Path incrPath = dir.resolve(mode == RewriteMode.STARTING ? "temp-" + s.appendFilename() + ".incr" : incrName);
        FileChannel channel = newIncr == null ? null : FileChannel.open(incrPath, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        if (mode == RewriteMode.ON) {
            List<AofManifest.Entry> incrs = new ArrayList<>(old.incrs());
            incrs.add(newIncr);
            AofManifest opened = new AofManifest(old.base(), old.history(), incrs);
            try {
                writeManifest(s, opened);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            manifest = opened;
            log.info("Creating AOF incr file {} on background rewrite", incrName);
        }
        FileChannel[] previous = new FileChannel[1];
        boolean[] switched = new boolean[1];
        RdbSaveJob job = baseJob(owner, s, dir.resolve(baseName))
                .atSnapshotPoint(() -> {
                    if (channel == null || closed) {
                        return; // appendonly no meanwhile (or a base alone): nothing switches
                    }
                    previous[0] = incr;
                    forceBeforeSwitch(previous[0]);
                    encoder.resetSelectedDb();
                    forwardDb = context.streamDb();
                    incr = channel;
                    switched[0] = true;
                });
        boolean ok = false;
        try {
            job.run();
            ok = true;
        } finally {
            if (previous[0] != null) {
                previous[0].force(false);
                previous[0].close();
            }
            if (channel != null && !switched[0]) {
                // The snapshot never started (or the AOF was turned off): writes go on where they were.
                channel.close();
            }
            if (!ok && mode == RewriteMode.STARTING) {
                closeQuietly();
                Files.deleteIfExists(incrPath);
            }
        }
        if (mode == RewriteMode.STARTING) {
            try {
                Files.move(incrPath, dir.resolve(incrName), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                closeQuietly();
                Files.deleteIfExists(incrPath);
                throw e;
            }
        }
        List<AofManifest.Entry> history = new ArrayList<>(old.history());
        old.base().ifPresent(b -> history.add(new AofManifest.Entry(b.name(), b.seq(), AofManifest.Type.HISTORY)));
        for (AofManifest.Entry e : old.incrs()) {
            history.add(new AofManifest.Entry(e.name(), e.seq(), AofManifest.Type.HISTORY));
        }
        AofManifest rewritten = new AofManifest(Optional.of(new AofManifest.Entry(baseName, baseSeq,
                AofManifest.Type.BASE)), history, newIncr == null ? List.of() : List.of(newIncr));
        writeManifest(s, rewritten);
        manifest = rewritten;
        // Redis's aofDelHistoryFiles: delete, then a manifest without the history lines.
        for (AofManifest.Entry h : history) {
            log.info("Removing the history file {} in the background", h.name());
            Files.deleteIfExists(dir.resolve(h.name()));
        }
        AofManifest clean = new AofManifest(rewritten.base(), List.of(), rewritten.incrs());
        writeManifest(s, clean);
        manifest = clean;
        // Redis's aof_rewrite_base_size: the whole AOF as the rewrite ended (base + the new incr so far).
        long size = sizeOf(dir.resolve(baseName)) + (newIncr == null ? 0 : sizeOf(dir.resolve(incrName)));
        currentSize.set(size);
        baseSize.set(size);
    }

    private void closeQuietly() {
        var lock = context.keyspace().lock().writeLock();
        lock.lock();
        FileChannel ch;
        try {
            ch = incr;
            incr = null;
        } finally {
            lock.unlock();
        }
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // a failed start: the temp file is deleted next
            }
        }
    }

    /**
     * Under the write lock, before the writes move to a new file: with {@code always} the old
     * file is forced here, so the group commit's positions (which count bytes, not files) stay
     * true whichever file its thread forces next.
     */
    private void forceBeforeSwitch(FileChannel old) {
        if (old == null || settings.appendFsync() != AppendFsync.ALWAYS) {
            return;
        }
        try {
            groupCommit.syncNow(old);
        } catch (IOException e) {
            lastWriteOk = false;
        }
    }

    // ------------------------------------------------------------------ the tap (under the keyspace write lock)

    @Override
    public void unit(List<Propagated> unit) {
        if (incr == null) {
            return;
        }
        // The stream calls the tap before it appends the unit: this is the offset before it.
        long streamBefore = context.stream().offset();
        timestampIfNeeded();
        encoder.encode(unit);
        write(encoder.bytes(), encoder.length());
        gate(streamBefore);
    }

    /** {@code always}: the replicas get the unit only once the file is forced past it. */
    private void gate(long streamBefore) {
        if (settings.appendFsync() == AppendFsync.ALWAYS) {
            groupCommit.gate(streamBefore);
        }
    }

    @Override
    public long sendableOffset() {
        return settings.appendFsync() == AppendFsync.ALWAYS ? groupCommit.sendableOffset() : Long.MAX_VALUE;
    }

    /**
     * {@code aof-timestamp-enabled}: Redis's {@code genAofTimestampAnnotationIfNeeded}, a
     * {@code #TS:<unix seconds>} line before the first command of each new second.
     */
    private void timestampIfNeeded() {
        if (!timestamps.getAsBoolean()) {
            return;
        }
        long now = context.keyspace().clock().nowMillis() / 1000;
        if (lastTimestamp < now) {
            lastTimestamp = now;
            byte[] line = ("#TS:" + now + "\r\n").getBytes(StandardCharsets.US_ASCII);
            write(line, line.length);
        }
    }

    @Override
    public void forwarded(byte[][] argv) {
        if (incr == null || argv.length == 0) {
            return;
        }
        byte[] name = argv[0];
        if (is(name, PING) || is(name, REPLCONF)) {
            return; // the link's heartbeat and acks: not data (Redis's replica never feeds them to its AOF)
        }
        if (is(name, SELECT)) {
            if (argv.length == 2) {
                try {
                    forwardDb = Integer.parseInt(new String(argv[1], StandardCharsets.US_ASCII));
                } catch (NumberFormatException ignored) {
                    // the applier reported it; the file keeps its db
                }
            }
            return; // re-injected by the encoder before the next command of another db
        }
        int db = is(name, MULTI) || is(name, EXEC) ? Propagated.NO_DB : forwardDb;
        long streamBefore = context.stream().offset();
        timestampIfNeeded();
        encoder.encode(List.of(new Propagated(db, argv)));
        write(encoder.bytes(), encoder.length());
        gate(streamBefore);
    }

    private static boolean is(byte[] name, byte[] lower) {
        if (name.length != lower.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (Character.toLowerCase(name[i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private void write(byte[] bytes, int length) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
            while (b.hasRemaining()) {
                incr.write(b);
            }
            currentSize.addAndGet(length);
            groupCommit.appended(length);
            if (settings.appendFsync() == AppendFsync.ALWAYS) {
                if (!ReplyBarrier.deferring()) {
                    // No reply gate covers this write (the Java API, a replica's link, the cron):
                    // it is forced before the lock is released, as before group commit.
                    groupCommit.syncNow(incr);
                }
                // Else the client's connection holds the reply until the group commit's fsync covers it.
            } else {
                dirty = true;
            }
            if (!lastWriteOk) {
                log.warn("AOF write error looks solved, Tandem can write again.");
            }
            lastWriteOk = true;
        } catch (IOException e) {
            if (lastWriteOk) {
                log.warn("Error writing to the AOF file: {}", e.getMessage());
            }
            lastWriteOk = false;
            if (settings.appendFsync() == AppendFsync.ALWAYS) {
                groupCommit.fail(e); // the write is applied in memory but not on disk: no reply may say so
            }
        }
    }

    /** {@code everysec}: the persistence thread forces what was written since the last second. */
    void fsyncIfDirty() {
        if (settings.appendFsync() == AppendFsync.ALWAYS) {
            // A client write whose connection never asked for the group commit (no reply to
            // send: CLIENT REPLY OFF, a connection closed at once) would otherwise stay unforced,
            // and hold the replicas' gate, until the next client's fsync.
            groupCommit.sync();
            return;
        }
        FileChannel ch = incr;
        if (ch == null || !dirty || settings.appendFsync() != AppendFsync.EVERYSEC) {
            return;
        }
        if (skipFsync.getAsBoolean()) {
            return; // no-appendfsync-on-rewrite yes during a snapshot: still dirty, forced after it
        }
        dirty = false;
        try {
            ch.force(false);
        } catch (IOException e) {
            log.warn("Error syncing the AOF file: {}", e.getMessage());
            lastWriteOk = false;
        }
    }

    boolean lastWriteOk() {
        return lastWriteOk;
    }

    long currentSize() {
        return currentSize.get();
    }

    long baseSize() {
        return baseSize.get();
    }

    long delayedFsync() {
        return delayedFsync.get();
    }

    AofManifest manifest() {
        return manifest;
    }

    /** Flushes and closes the incremental file (under the keyspace write lock, so no write is cut). */
    @Override
    public void close() {
        FileChannel ch;
        var lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            ch = incr;
            incr = null;
            closed = true;
        } finally {
            lock.unlock();
        }
        if (ch != null) {
            try {
                ch.force(false);
                ch.close();
            } catch (IOException e) {
                log.warn("Error closing the AOF file: {}", e.getMessage());
            }
        }
        groupCommit.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AppendOnlyFile[%s]", manifestFile());
    }
}
