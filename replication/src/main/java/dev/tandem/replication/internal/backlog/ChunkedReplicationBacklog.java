/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.backlog;

import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.spi.BacklogRange;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.replication.spi.StaleCursorException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ReplicationBacklog} made of an append-only list of fixed-size, reference-counted
 * chunks (Redis 7's shared replication buffer; Kafka's "one log, many cursors").
 *
 * <h2>Structure</h2>
 * One <em>history</em> ({@code Log}) is a singly linked list of chunks; each chunk is a
 * {@code ByteBuf} of {@code chunkSize} bytes that holds stream offsets
 * {@code [firstOffset, firstOffset + chunkSize)}. The writer copies bytes into the tail chunk
 * and links a new chunk when it is full; a full chunk never changes again. {@link #reset} starts
 * a new {@code Log}; the old one is released and its cursors become stale.
 *
 * <h2>Memory visibility (single writer, many readers)</h2>
 * <ul>
 *   <li>The writer stores bytes into chunk memory with plain writes ({@code setBytes}, which
 *   touches neither reader nor writer index), links a new chunk through the volatile
 *   {@code next} field, and only then publishes the new end of the stream with one volatile
 *   write of {@code committed}.</li>
 *   <li>A reader first reads {@code committed} (volatile) and only reads bytes at offsets
 *   {@code <= committed}; the volatile write/read pair makes every byte and link the writer
 *   stored before publishing visible to it. Bytes above {@code committed} may be in flux but are
 *   never read. A slice is created with {@code retainedSlice(index, length)}, which checks
 *   against the fixed capacity only and increments the reference count atomically.</li>
 *   <li>Which chunks exist is changed only under the history's small lock: trimming the head,
 *   releasing a history, and cursors pinning or moving to a chunk (opening, crossing a chunk
 *   boundary, closing). A cursor holds its own reference ({@code retain}) on the chunk it is
 *   in, and the backlog never trims a pinned chunk or anything after it, so the chunk a cursor
 *   moves to next is alive. Crossing a boundary happens once per chunk, not per write.</li>
 *   <li>The writer takes that lock only when it rolls over to a new chunk, and then only with
 *   {@code tryLock}: if readers hold it, trimming waits for the next roll-over. An append is
 *   therefore a copy plus one volatile write, with no blocking and no wake-up.</li>
 * </ul>
 *
 * <h2>Retention</h2>
 * At least {@link #size()} bytes are kept (when that many were written); whole chunks are
 * dropped from the head when the rest still holds {@code size} bytes and no cursor needs them.
 * A lagging cursor therefore makes the history longer than {@code size}, visible as a larger
 * {@code repl_backlog_histlen}, exactly like Redis 7.
 */
public final class ChunkedReplicationBacklog implements ReplicationBacklog {

    /** Default chunk size: big enough that boundary crossings are rare, small enough to trim finely. */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    /** Largest chunk size accepted. */
    public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

    /** Chunks released per roll-over at most, so one append never frees an unbounded number. */
    private static final int MAX_TRIMMED_CHUNKS_PER_APPEND = 16;

    private final ByteBufAllocator allocator;
    private final int chunkSize;
    private volatile long size;
    /** The current history, or {@code null} when inactive. Written by the writer only. */
    private volatile Log log;
    /** {@code master_repl_offset} while inactive. */
    private volatile long inactiveOffset;
    private boolean closed;

    /**
     * Creates an inactive backlog (Redis: no backlog yet) with {@code master_repl_offset} 0.
     *
     * @param size {@code repl-backlog-size}; raised to {@link #MIN_SIZE} when smaller
     * @param chunkSize bytes per chunk, 1 to {@link #MAX_CHUNK_SIZE}
     * @param allocator where chunks come from (pooled in production)
     */
    public ChunkedReplicationBacklog(long size, int chunkSize, ByteBufAllocator allocator) {
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be between 1 and " + MAX_CHUNK_SIZE + ": " + chunkSize);
        }
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.chunkSize = chunkSize;
        this.size = clampSize(size);
    }

    /** An inactive backlog of {@code size} bytes with default chunks from the pooled allocator. */
    public ChunkedReplicationBacklog(long size) {
        this(size, DEFAULT_CHUNK_SIZE, PooledByteBufAllocator.DEFAULT);
    }

    private static long clampSize(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("backlog size must be positive: " + size);
        }
        return Math.max(size, MIN_SIZE);
    }

    public int chunkSize() {
        return chunkSize;
    }

    // ------------------------------------------------------------------ writer side

    @Override
    public boolean append(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        Log l = log;
        if (l == null) {
            return false;
        }
        l.append(bytes, offset, length, null);
        return true;
    }

    @Override
    public boolean append(ByteBuf bytes) {
        Log l = log;
        if (l == null) {
            return false;
        }
        l.append(null, bytes.readerIndex(), bytes.readableBytes(), bytes);
        return true;
    }

    @Override
    public void reset(long baseOffset) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must be >= 0: " + baseOffset);
        }
        ensureOpen();
        Log fresh = new Log(baseOffset); // allocates first: on failure nothing changed
        Log old = log;
        log = fresh;
        if (old != null) {
            old.release();
        }
    }

    @Override
    public void free() {
        Log old = log;
        if (old == null) {
            return;
        }
        inactiveOffset = old.committed;
        log = null;
        old.release();
    }

    @Override
    public void trim() {
        Log l = log;
        if (l != null) {
            l.lock.lock();
            try {
                l.trimHeadLocked(Integer.MAX_VALUE);
            } finally {
                l.lock.unlock();
            }
        }
    }

    @Override
    public void setSize(long size) {
        this.size = clampSize(size);
        trim();
    }

    @Override
    public void close() {
        closed = true;
        free();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("backlog is closed");
        }
    }

    // ------------------------------------------------------------------ readers

    @Override
    public long masterReplOffset() {
        Log l = log;
        return l == null ? inactiveOffset : l.committed;
    }

    @Override
    public long firstByteOffset() {
        Log l = log;
        return l == null ? 0 : l.firstByteOffset;
    }

    @Override
    public long historyLength() {
        return range().historyLength();
    }

    @Override
    public boolean isActive() {
        return log != null;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public BacklogRange range() {
        Log l = log;
        if (l == null) {
            return BacklogRange.inactive(inactiveOffset);
        }
        // First byte, then end: both only grow, so histlen computed this way is never negative.
        long first = l.firstByteOffset;
        long committed = l.committed;
        return new BacklogRange(true, first, committed - first + 1, committed);
    }

    @Override
    public Optional<BacklogCursor> openCursor(long offset) {
        Log l = log;
        return l == null ? Optional.empty() : Optional.ofNullable(l.openCursor(offset));
    }

    @Override
    public int openCursorCount() {
        Log l = log;
        if (l == null) {
            return 0;
        }
        l.lock.lock();
        try {
            return l.cursorCount;
        } finally {
            l.lock.unlock();
        }
    }

    @Override
    public String toString() {
        BacklogRange r = range();
        return "ChunkedReplicationBacklog[active=" + r.active() + ", size=" + size + ", chunkSize=" + chunkSize
                + ", first=" + r.firstByteOffset() + ", histlen=" + r.historyLength()
                + ", offset=" + r.masterReplOffset() + "]";
    }

    // ------------------------------------------------------------------ internals

    private static final class Chunk {
        final ByteBuf buf;
        /** Offset of this chunk's first byte. */
        final long firstOffset;
        /** Bytes written; touched by the writer only. */
        int used;
        volatile Chunk next;
        /** Cursors positioned in this chunk; guarded by the log's lock. */
        int pins;

        Chunk(ByteBuf buf, long firstOffset) {
            this.buf = buf;
            this.firstOffset = firstOffset;
        }
    }

    /** One history: the chunk list plus its offsets. */
    private final class Log {
        final ReentrantLock lock = new ReentrantLock();
        /** Guarded by lock for writes; volatile so that unlocked reads see a recent value. */
        volatile Chunk head;
        /** Writer only. */
        Chunk tail;
        /** master_repl_offset: offset of the last published byte. */
        volatile long committed;
        /** Offset of head's first byte; written under lock. */
        volatile long firstByteOffset;
        /** Set under lock when the backlog let go of this history. */
        volatile boolean released;
        /** Guarded by lock. */
        int cursorCount;

        Log(long baseOffset) {
            Chunk first = new Chunk(allocateChunk(), baseOffset + 1);
            head = first;
            tail = first;
            committed = baseOffset;
            firstByteOffset = baseOffset + 1;
        }

        void append(byte[] array, int srcIndex, int length, ByteBuf source) {
            if (length == 0) {
                return;
            }
            Chunk t = tail;
            int room = chunkSize - t.used;
            // Allocate every chunk this append needs before copying a byte, so that an
            // allocation failure leaves the history untouched.
            List<Chunk> fresh = null;
            if (length > room) {
                int needed = (int) ((length - room + (long) chunkSize - 1) / chunkSize);
                fresh = new ArrayList<>(needed);
                long nextFirst = t.firstOffset + chunkSize;
                try {
                    for (int i = 0; i < needed; i++) {
                        fresh.add(new Chunk(allocateChunk(), nextFirst));
                        nextFirst += chunkSize;
                    }
                } catch (RuntimeException | Error e) {
                    for (Chunk c : fresh) {
                        c.buf.release();
                    }
                    throw e;
                }
            }
            int remaining = length;
            int freshIndex = 0;
            while (remaining > 0) {
                if (t.used == chunkSize) {
                    Chunk n = fresh.get(freshIndex++);
                    t.next = n;
                    t = n;
                }
                int n = Math.min(chunkSize - t.used, remaining);
                if (source == null) {
                    t.buf.setBytes(t.used, array, srcIndex, n);
                } else {
                    source.getBytes(srcIndex, t.buf, t.used, n);
                }
                t.used += n;
                srcIndex += n;
                remaining -= n;
            }
            tail = t;
            committed = committed + length; // the publication point for readers
            if (fresh != null && lock.tryLock()) {
                try {
                    trimHeadLocked(MAX_TRIMMED_CHUNKS_PER_APPEND);
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Drops head chunks while what remains still holds {@code size} bytes. */
        void trimHeadLocked(int maxChunks) {
            if (released) {
                return;
            }
            long keep = size;
            long end = committed;
            Chunk h = head;
            int dropped = 0;
            while (dropped < maxChunks && h.next != null && h.pins == 0) {
                Chunk next = h.next;
                long heldWithoutHead = end - next.firstOffset + 1;
                if (heldWithoutHead < keep) {
                    break;
                }
                h.buf.release();
                head = next;
                firstByteOffset = next.firstOffset;
                h = next;
                dropped++;
            }
        }

        BacklogCursor openCursor(long offset) {
            lock.lock();
            try {
                if (released) {
                    return null;
                }
                long first = firstByteOffset;
                long end = committed;
                if (offset < first || offset > end + 1) {
                    return null;
                }
                Chunk c = head;
                // A cursor may sit just past the end of a full chunk; the link to the next
                // chunk exists whenever a committed byte lies beyond it.
                while (offset > c.firstOffset + chunkSize) {
                    c = c.next;
                }
                c.buf.retain();
                c.pins++;
                cursorCount++;
                return new Cursor(this, c, offset);
            } finally {
                lock.unlock();
            }
        }

        void release() {
            lock.lock();
            try {
                if (released) {
                    return;
                }
                released = true;
                for (Chunk c = head; c != null; c = c.next) {
                    c.buf.release();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private ByteBuf allocateChunk() {
        return allocator.buffer(chunkSize, chunkSize);
    }

    private final class Cursor implements BacklogCursor {
        private final Log log;
        /** The pinned chunk; owner thread only. */
        private Chunk chunk;
        private volatile long position;
        private boolean closed;

        Cursor(Log log, Chunk chunk, long position) {
            this.log = log;
            this.chunk = chunk;
            this.position = position;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public long pendingBytes() {
            return Math.max(0, log.committed - position + 1);
        }

        @Override
        public boolean isValid() {
            return !log.released;
        }

        @Override
        public ByteBuf readSlice(int maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
            }
            if (closed) {
                throw new IllegalStateException("cursor is closed");
            }
            long end = log.committed; // volatile read: everything at or below end is visible
            long pos = position;
            if (log.released) {
                throw new StaleCursorException(pos);
            }
            if (pos > end) {
                return null;
            }
            Chunk c = chunk;
            if (pos == c.firstOffset + chunkSize) {
                c = moveToNext(c, pos);
            }
            long chunkEnd = c.firstOffset + chunkSize; // exclusive
            long available = Math.min(end + 1, chunkEnd) - pos;
            int n = (int) Math.min(available, maxBytes);
            ByteBuf slice = c.buf.retainedSlice((int) (pos - c.firstOffset), n);
            position = pos + n;
            return slice;
        }

        private Chunk moveToNext(Chunk current, long pos) {
            Chunk next = current.next; // linked before any byte in it was published
            log.lock.lock();
            try {
                if (log.released) {
                    throw new StaleCursorException(pos);
                }
                next.buf.retain();
                next.pins++;
                current.pins--;
                current.buf.release();
                chunk = next;
                return next;
            } finally {
                log.lock.unlock();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            log.lock.lock();
            try {
                chunk.pins--;
                log.cursorCount--;
                chunk.buf.release();
            } finally {
                log.lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "BacklogCursor[position=" + position + ", pending=" + pendingBytes() + ", valid=" + isValid() + "]";
        }
    }
}
