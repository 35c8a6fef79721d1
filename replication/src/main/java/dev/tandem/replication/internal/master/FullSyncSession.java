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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full sync: one forkless snapshot served to every replica that was waiting when it
 * started (brief §4, reference §3.2 and §4). Runs on the coordinator's driver thread.
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
 * with a bounded timeout, never a sleep; a replica whose channel stays unwritable for longer
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
    /** Bytes read from the spool file per write. */
    private static final int FILE_CHUNK = 64 * 1024;
    private static final long WAIT_SLICE_MILLIS = 100;
    private static final long KEEPALIVE_MILLIS = 1000;

    private final MasterReplication master;
    private final ReplicationContext context;
    private final List<ReplicaSession> members;
    private final boolean diskless;
    /** REPLCONF rdb-filter-only: the snapshot carries its AUX fields and no keys. */
    private final boolean excludeData;
    private final ByteBufAllocator allocator;
    private final ConcurrentLinkedQueue<ByteBuf> produced = new ConcurrentLinkedQueue<>();
    private final AtomicLong producedBytes = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<ReplicaSession, Long> lastWritableMillis = new HashMap<>();
    private volatile boolean cancelled;
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
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Snapshot bytes produced so far (the size of the payload once done). */
    long producedBytes() {
        return producedBytes.get();
    }

    void run() {
        for (ReplicaSession m : members) {
            m.fullSync(this);
        }
        Snapshot snapshot = context.keyspace().startSnapshot(new Sink());
        try {
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
                streamDiskless(snapshot);
            } else {
                spoolThenSend(snapshot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll("full sync interrupted: the node is closing");
        } catch (CancelledException e) {
            closeAll("full sync cancelled: the node is closing");
        } finally {
            if (!snapshot.isDone()) {
                snapshot.abort();
            }
            releaseProduced();
            closeWriterQuietly();
        }
    }

    // ------------------------------------------------------------------ diskless

    private void streamDiskless(Snapshot snapshot) throws InterruptedException {
        RdbPayloadFramer framer = RdbPayloadFramer.eofMarked();
        writeToAll(framer.header(allocator));
        boolean more = true;
        while (more) {
            checkCancelled();
            if (members.isEmpty()) {
                log.info("Full sync abandoned: every replica of it disconnected");
                return;
            }
            more = snapshot.step(STEP_KEYS);
            ByteBuf chunk;
            while ((chunk = produced.poll()) != null) {
                payloadBytes += chunk.readableBytes();
                writeToAll(framer.frame(chunk));
            }
            awaitWritable();
        }
        writeToAll(framer.trailer(allocator));
        log.info("Diskless snapshot transfer done: {} bytes to {} replica(s)", payloadBytes, members.size());
        finishMembers(true);
    }

    // ------------------------------------------------------------------ disk ($<len>)

    private void spoolThenSend(Snapshot snapshot) throws InterruptedException {
        Path file;
        try {
            file = Files.createTempFile("tandem-sync-", ".rdb");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the full sync spool file", e);
        }
        try {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long lastKeepalive = context.nowMillis();
                boolean more = true;
                while (more) {
                    checkCancelled();
                    if (members.isEmpty()) {
                        log.info("Full sync abandoned: every replica of it disconnected");
                        return;
                    }
                    more = snapshot.step(STEP_KEYS);
                    ByteBuf chunk;
                    while ((chunk = produced.poll()) != null) {
                        try {
                            payloadBytes += chunk.readableBytes();
                            while (chunk.isReadable()) {
                                chunk.readBytes(out, chunk.readableBytes());
                            }
                        } finally {
                            chunk.release();
                        }
                    }
                    long now = context.nowMillis();
                    if (now - lastKeepalive >= KEEPALIVE_MILLIS) {
                        lastKeepalive = now;
                        // Between +FULLRESYNC and $<len> a bare newline is a keepalive (reference §4.1).
                        writeToAll(allocator.buffer(1).writeByte('\n'));
                        members.removeIf(m -> !m.isOpen());
                    }
                }
            }
            long length = Files.size(file);
            log.info("Snapshot spooled to disk: {} bytes; sending it to {} replica(s)", length, members.size());
            RdbPayloadFramer framer = RdbPayloadFramer.withLength(length);
            for (ReplicaSession m : members) {
                m.sendingBulk();
            }
            writeToAll(framer.header(allocator));
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                long position = 0;
                while (position < length) {
                    checkCancelled();
                    if (members.isEmpty()) {
                        return;
                    }
                    int n = (int) Math.min(FILE_CHUNK, length - position);
                    ByteBuf buf = allocator.buffer(n);
                    try {
                        while (buf.writerIndex() < n) {
                            int read = buf.writeBytes(in, position + buf.writerIndex(), n - buf.writerIndex());
                            if (read < 0) {
                                throw new IOException("spool file shrank at " + (position + buf.writerIndex()));
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        buf.release();
                        throw e;
                    }
                    position += n;
                    writeToAll(framer.frame(buf));
                    awaitWritable();
                }
            }
            framer.trailer(allocator).release(); // the $<len> form has no trailer
            finishMembers(false);
        } catch (IOException e) {
            throw new UncheckedIOException("full sync spool file failed", e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete the full sync spool file {}", file, e);
            }
        }
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
     * Waits until every live member's channel is writable again; drops members whose channel
     * stayed unwritable for longer than {@code repl-timeout} and members that disconnected.
     */
    private void awaitWritable() throws InterruptedException {
        long timeoutMillis = context.config().replTimeoutSeconds() * 1000L;
        lock.lock();
        try {
            while (true) {
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
                if (!blocked) {
                    return;
                }
                changed.await(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
            }
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

    private void releaseProduced() {
        ByteBuf chunk;
        while ((chunk = produced.poll()) != null) {
            chunk.release();
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
            writer = context.snapshotFormat().newWriter(options, chunk -> {
                producedBytes.addAndGet(chunk.readableBytes());
                produced.add(chunk);
            });
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
