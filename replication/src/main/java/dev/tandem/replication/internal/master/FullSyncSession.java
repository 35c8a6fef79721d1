/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.core.Key;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.spi.SnapshotWriteOptions;
import dev.tandem.replication.spi.SnapshotWriter;
import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.internal.sync.RdbPayloadFramer;
import dev.tandem.replication.internal.sync.RdbPayloadParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full sync: one forkless snapshot served to every replica that was waiting when it
 * started (brief §4, reference §3.2 and §4), as a state machine that advances one
 * {@link #step()} at a time on the coordinator's driver.
 *
 * <h2>States</h2>
 * <pre>
 * NEW ──step──▶ STREAMING (diskless) ───────────────────────────────▶ DONE
 *     └─step──▶ SPOOLING (disk) ──walk done──▶ SENDING ($&lt;len&gt;) ──▶ DONE
 * </pre>
 * Every state goes to DONE on cancellation, when every replica of it disconnected, or on a
 * failure; DONE has released the snapshot, its chunks, the writer and the spool file. A step
 * returns {@link Progress#MORE} (call again), {@link Progress#BLOCKED} (a replica's channel is
 * not writable: call again once {@link #signal()} fired, or after {@link #WAIT_SLICE_MILLIS}) or
 * {@link Progress#DONE}. A driver thread of its own runs it with {@link #run()}, which waits on
 * a condition while blocked; the deterministic simulation's shared loop cannot wait, so its
 * coordinator resumes the session from a task instead (see {@link FullSyncCoordinator}).
 *
 * <h2>Start (under the keyspace write lock)</h2>
 * {@link dev.tandem.core.internal.Keyspace#startSnapshot} calls {@link Sink#begin} under the write lock:
 * there the session records the offset {@code O}, resets the stream encoder's selected db (so
 * the stream after the snapshot begins with {@code SELECT}) and opens each replica's backlog
 * cursor at {@code O + 1}. The cursor pins every stream byte written from then on, so nothing
 * between the snapshot and the stream can be lost. Then {@code +FULLRESYNC <replid> <O>} goes
 * out.
 *
 * <h2>Transfer</h2>
 * The driver walks the snapshot in steps; the format's writer hands finished chunks to a queue
 * (writers side-saving entries add to it too, under the lock). Diskless ({@code $EOF:<mark>},
 * for replicas with {@code capa eof} when {@code repl-diskless-sync yes}) writes each chunk to
 * every replica's channel (a retained duplicate each, no copies) and, after each step, waits
 * while any channel is not writable: back-pressure from the slowest replica instead of
 * unbounded buffering. The wait is a condition signalled by the channels' writability changes,
 * with a bounded timeout, never a sleep (or, on a shared loop, a resumption on that signal);
 * a replica whose channel stays unwritable for longer
 * than {@code repl-timeout} is dropped. Otherwise the snapshot is spooled to a temporary file
 * (with {@code \n} keepalives once a second) and then sent as {@code $<len>}.
 *
 * <h2>End</h2>
 * After the payload each replica's stream starts from its cursor: at once after {@code $<len>},
 * after the replica's first {@code REPLCONF ACK} after {@code $EOF:} (nothing may follow the
 * mark before that, reference §4.2).
 */
final class FullSyncSession {

    private static final Logger log = LoggerFactory.getLogger(FullSyncSession.class);

    /** Keys serialized per step of the walk; the driver checks back-pressure between steps. */
    static final int STEP_KEYS = 256;
    /** How long a blocked session waits for a writability signal before it looks again. */
    static final long WAIT_SLICE_MILLIS = 100;
    /** Bytes read from the spool file per write. */
    private static final int FILE_CHUNK = 64 * 1024;
    private static final long KEEPALIVE_MILLIS = 1000;

    /** What the driver does after a step. */
    enum Progress {
        /** Call {@link #step()} again. */
        MORE,
        /** A replica's channel is not writable: step again after a signal or a wait slice. */
        BLOCKED,
        /** Finished, abandoned or cancelled; everything is released. */
        DONE
    }

    private enum Phase { NEW, STREAMING, SPOOLING, SENDING, DONE }

    private final MasterReplication master;
    private final ReplicationContext context;
    private final List<ReplicaSession> members;
    private final boolean diskless;
    /** REPLCONF rdb-filter-only: the snapshot carries its AUX fields and no keys. */
    private final boolean excludeData;
    private final ByteBufAllocator allocator;
    private final ConcurrentLinkedQueue<ByteBuf> produced = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** A signal came since the last writability check. Guarded by lock. */
    private boolean signalled;
    private final Map<ReplicaSession, Long> lastWritableMillis = new HashMap<>();
    private volatile boolean cancelled;
    private volatile Runnable onSignal = () -> { };
    private final AtomicBoolean released = new AtomicBoolean();
    // The state below belongs to the driver (one step at a time).
    private Phase phase = Phase.NEW;
    private Snapshot snapshot;
    private RdbPayloadFramer framer;
    /** The last snapshot step or payload write is out; it must drain before the next. */
    private boolean awaitingWritability;
    private boolean walkDone;
    private Path spoolFile;
    private FileChannel spoolOut;
    private FileChannel spoolIn;
    private long spoolLength;
    private long sendPosition;
    private long lastKeepaliveMillis;
    private long offset;
    private ReplicationId replid;
    private SnapshotWriter writer;
    private long payloadBytes;

    FullSyncSession(MasterReplication master, List<ReplicaSession> members) {
        this.master = master;
        this.context = master.context();
        this.members = new ArrayList<>(members);
        this.allocator = context.allocator();
        boolean allEof = members.stream().allMatch(m -> m.capabilities().eof());
        // The coordinator groups members by filter, so they all want the same content.
        this.excludeData = !members.isEmpty() && members.get(0).capabilities().rdbExcludeData();
        this.diskless = (context.config().replDisklessSync() || excludeData) && allEof;
    }

    /** Stops the session as soon as the driver notices (node closing). */
    void cancel() {
        cancelled = true;
        signal();
    }

    /** A member's channel changed writability or closed: wake the waiting driver. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onSignal.run();
    }

    /** What {@link #signal()} does besides waking {@link #run()}: a stepping driver resumes the session. */
    void onSignal(Runnable action) {
        this.onSignal = action;
    }

    /** Whether the session finished and released everything. */
    boolean isDone() {
        return phase == Phase.DONE;
    }

    /**
     * Runs the whole session on the calling thread (a driver thread of its own): steps, and
     * waits on the writability condition, at most {@link #WAIT_SLICE_MILLIS} at a time, while
     * blocked.
     */
    void run() {
        try {
            Progress progress;
            while ((progress = step()) != Progress.DONE) {
                if (progress == Progress.BLOCKED) {
                    awaitSignal();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon("full sync interrupted: the node is closing");
        }
    }

    /**
     * One step: start the snapshot, walk {@link #STEP_KEYS} keys, or send one spool chunk.
     * A failure releases everything and propagates (the coordinator closes the members).
     */
    Progress step() {
        try {
            Progress progress = switch (phase) {
                case NEW -> begin();
                case STREAMING -> streamStep();
                case SPOOLING -> spoolStep();
                case SENDING -> sendStep();
                case DONE -> Progress.DONE;
            };
            if (progress == Progress.DONE) {
                release();
            }
            return progress;
        } catch (CancelledException e) {
            abandon("full sync cancelled: the node is closing");
            return Progress.DONE;
        } catch (IOException e) {
            release();
            throw new UncheckedIOException("full sync spool file failed", e);
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    /** Ends the session now, closing its members: the node is closing. Idempotent. */
    void abandon(String reason) {
        if (phase != Phase.DONE) {
            closeAll(reason);
        }
        release();
    }

    private void awaitSignal() throws InterruptedException {
        lock.lock();
        try {
            if (!signalled) {
                changed.await(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ NEW

    private Progress begin() throws IOException {
        for (ReplicaSession m : members) {
            m.fullSync(this);
        }
        snapshot = context.keyspace().startSnapshot(new Sink());
        members.removeIf(m -> !m.isOpen());
        log.info("Starting forkless snapshot for SYNC with target: {} ({} replica(s), offset {})",
                diskless ? "replicas sockets" : "disk", members.size(), offset);
        long now = context.nowMillis();
        for (ReplicaSession m : members) {
            lastWritableMillis.put(m, now);
            if (!m.request().legacySync()) {
                m.channel().writeAndFlush(ReplicaSession.line("+FULLRESYNC " + replid + " " + offset),
                        m.channel().voidPromise());
            }
        }
        if (diskless) {
            // The mark is the node's random source's, so a simulation replays it.
            framer = RdbPayloadFramer.eofMarked(
                    context.runtime().randomHex(RdbPayloadParser.MARK_LENGTH).getBytes(StandardCharsets.US_ASCII));
            writeToAll(framer.header(allocator));
            phase = Phase.STREAMING;
        } else {
            spoolFile = Files.createTempFile("tandem-sync-", ".rdb");
            spoolOut = FileChannel.open(spoolFile, StandardOpenOption.WRITE);
            lastKeepaliveMillis = context.nowMillis();
            phase = Phase.SPOOLING;
        }
        return Progress.MORE;
    }

    // ------------------------------------------------------------------ STREAMING (diskless)

    private Progress streamStep() {
        if (awaitingWritability) {
            if (blocked()) {
                return Progress.BLOCKED;
            }
            awaitingWritability = false;
        }
        if (walkDone) {
            writeToAll(framer.trailer(allocator));
            log.info("Diskless snapshot transfer done: {} bytes to {} replica(s)", payloadBytes, members.size());
            finishMembers(true);
            return Progress.DONE;
        }
        checkCancelled();
        if (members.isEmpty()) {
            log.info("Full sync abandoned: every replica of it disconnected");
            return Progress.DONE;
        }
        walkDone = !snapshot.step(STEP_KEYS);
        ByteBuf chunk;
        while ((chunk = produced.poll()) != null) {
            payloadBytes += chunk.readableBytes();
            writeToAll(framer.frame(chunk));
        }
        awaitingWritability = true;
        return Progress.MORE;
    }

    // ------------------------------------------------------------------ SPOOLING, SENDING (disk, $<len>)

    private Progress spoolStep() throws IOException {
        checkCancelled();
        if (members.isEmpty()) {
            log.info("Full sync abandoned: every replica of it disconnected");
            return Progress.DONE;
        }
        boolean more = snapshot.step(STEP_KEYS);
        ByteBuf chunk;
        while ((chunk = produced.poll()) != null) {
            try {
                payloadBytes += chunk.readableBytes();
                while (chunk.isReadable()) {
                    chunk.readBytes(spoolOut, chunk.readableBytes());
                }
            } finally {
                chunk.release();
            }
        }
        long now = context.nowMillis();
        if (now - lastKeepaliveMillis >= KEEPALIVE_MILLIS) {
            lastKeepaliveMillis = now;
            // Between +FULLRESYNC and $<len> a bare newline is a keepalive (reference §4.1).
            writeToAll(allocator.buffer(1).writeByte('\n'));
            members.removeIf(m -> !m.isOpen());
        }
        if (more) {
            return Progress.MORE;
        }
        spoolOut.close();
        spoolOut = null;
        spoolLength = Files.size(spoolFile);
        log.info("Snapshot spooled to disk: {} bytes; sending it to {} replica(s)", spoolLength, members.size());
        framer = RdbPayloadFramer.withLength(spoolLength);
        for (ReplicaSession m : members) {
            m.sendingBulk();
        }
        writeToAll(framer.header(allocator));
        spoolIn = FileChannel.open(spoolFile, StandardOpenOption.READ);
        phase = Phase.SENDING;
        return Progress.MORE;
    }

    private Progress sendStep() throws IOException {
        if (awaitingWritability) {
            if (blocked()) {
                return Progress.BLOCKED;
            }
            awaitingWritability = false;
        }
        if (sendPosition >= spoolLength) {
            framer.trailer(allocator).release(); // the $<len> form has no trailer
            finishMembers(false);
            return Progress.DONE;
        }
        checkCancelled();
        if (members.isEmpty()) {
            return Progress.DONE;
        }
        int n = (int) Math.min(FILE_CHUNK, spoolLength - sendPosition);
        ByteBuf buf = allocator.buffer(n);
        try {
            while (buf.writerIndex() < n) {
                int read = buf.writeBytes(spoolIn, sendPosition + buf.writerIndex(), n - buf.writerIndex());
                if (read < 0) {
                    throw new IOException("spool file shrank at " + (sendPosition + buf.writerIndex()));
                }
            }
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        sendPosition += n;
        writeToAll(framer.frame(buf));
        awaitingWritability = true;
        return Progress.MORE;
    }

    // ------------------------------------------------------------------ helpers

    private void finishMembers(boolean eofMarked) {
        for (ReplicaSession m : members) {
            m.eventLoop().execute(() -> m.bulkTransferred(eofMarked));
        }
    }

    /** Writes {@code buf} to every live member (a retained duplicate each) and releases it. */
    private void writeToAll(ByteBuf buf) {
        try {
            for (ReplicaSession m : members) {
                if (m.isOpen()) {
                    m.channel().writeAndFlush(buf.retainedDuplicate(), m.channel().voidPromise());
                }
            }
        } finally {
            buf.release();
        }
    }

    /**
     * Whether a live member's channel is still unwritable; drops members whose channel stayed
     * unwritable for longer than {@code repl-timeout} and members that disconnected. Clears the
     * signal under the same lock, so a writability change after this check is not missed.
     */
    private boolean blocked() {
        long timeoutMillis = context.config().replTimeoutSeconds() * 1000L;
        lock.lock();
        try {
            signalled = false;
            checkCancelled();
            long now = context.nowMillis();
            boolean blocked = false;
            for (Iterator<ReplicaSession> it = members.iterator(); it.hasNext(); ) {
                ReplicaSession m = it.next();
                if (!m.isOpen()) {
                    it.remove();
                } else if (m.channel().isWritable()) {
                    lastWritableMillis.put(m, now);
                } else if (now - lastWritableMillis.getOrDefault(m, now) > timeoutMillis) {
                    log.warn("Disconnecting timedout replica (full sync): {}", m.name());
                    m.close("timeout during the full sync transfer");
                    it.remove();
                } else {
                    blocked = true;
                }
            }
            return blocked;
        } finally {
            lock.unlock();
        }
    }

    private void checkCancelled() {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new CancelledException();
        }
    }

    private void closeAll(String reason) {
        for (ReplicaSession m : members) {
            m.close(reason);
        }
    }

    /** DONE: aborts an unfinished snapshot and frees chunks, writer and spool file. Idempotent. */
    private void release() {
        phase = Phase.DONE;
        if (!released.compareAndSet(false, true)) {
            return;
        }
        if (snapshot != null && !snapshot.isDone()) {
            snapshot.abort();
        }
        ByteBuf chunk;
        while ((chunk = produced.poll()) != null) {
            chunk.release();
        }
        closeWriterQuietly();
        closeQuietly(spoolOut);
        closeQuietly(spoolIn);
        if (spoolFile != null) {
            try {
                Files.deleteIfExists(spoolFile);
            } catch (IOException e) {
                log.warn("Could not delete the full sync spool file {}", spoolFile, e);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing the spool file failed", e);
            }
        }
    }

    private void closeWriterQuietly() {
        SnapshotWriter w = writer;
        if (w != null) {
            try {
                w.discard();
            } catch (RuntimeException e) {
                log.debug("Discarding the snapshot writer failed", e);
            }
        }
    }

    private static final class CancelledException extends RuntimeException {
        CancelledException() {
            super(null, null, false, false);
        }
    }

    /**
     * The snapshot's sink: opens the cursors at the snapshot's offset and forwards entries to
     * the format's writer. Called under the keyspace lock (write lock for begin and side-saves).
     */
    private final class Sink implements SnapshotSink {

        @Override
        public void begin(SnapshotInfo info) {
            offset = info.offset();
            replid = context.history().replid();
            context.stream().resetSelectedDb();
            for (ReplicaSession m : members) {
                Optional<BacklogCursor> cursor = context.backlog().openCursor(offset + 1);
                if (cursor.isEmpty()) {
                    m.close("the backlog cannot serve offset " + (offset + 1));
                } else {
                    m.attachCursor(cursor.get());
                }
            }
            SnapshotWriteOptions options = new SnapshotWriteOptions(replid, offset, master.streamDbForSnapshot(),
                    allocator, master.snapshotChunkSize());
            writer = context.snapshotFormat().newWriter(options, produced::add);
            writer.begin(info);
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            if (excludeData) {
                return;
            }
            writer.entry(db, key, value, expireAtMillis);
        }

        @Override
        public void end() {
            writer.end();
        }
    }
}
