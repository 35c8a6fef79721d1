/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.replication.internal.server.ReplyBarrier;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for {@code appendfsync always}: positions count the bytes appended to the AOF
 * (across incremental files); connections register the position their replies wait for, and a
 * task at the end of their event loop's round ({@link #sync()}) forces the file up to what was
 * appended by then and releases every waiter at or below it. Many connections' replies (and a
 * whole pipeline of one) share one {@code fdatasync}, which runs without the keyspace lock, as
 * Redis's single fsync per event-loop iteration ({@code beforeSleep} → {@code flushAppendOnlyFile}).
 *
 * <p>Redis exits when the fsync of {@code always} fails ("Can't persist AOF for fsync error when
 * the AOF fsync policy is 'always'"); an embedded node cannot, so the waiters fail instead (their
 * connections close without the replies) and so does every later wait: no client is told a write
 * is done that is not on disk.
 *
 * <p>Replicas, too, get nothing the file has not forced (Redis's {@code beforeSleep} runs
 * {@code flushAppendOnlyFile}, with the fsync of {@code always}, before
 * {@code handleClientsWithPendingWrites} sends the replicas' output buffers): each unit appended
 * and not yet forced leaves a gate, the stream offset just before it, and the replica senders
 * stop at {@link #sendableOffset()} until the fsync passes the gate (then they are woken).
 *
 * <p>{@code no-appendfsync-on-rewrite yes} (Redis's {@code flushAppendOnlyFile}: no fsync while a
 * child does I/O): while {@code skipFsync} says so, a round's "fsync" releases its waiters
 * without forcing anything; the bytes are written, and the next real fsync covers them.
 */
final class AofGroupCommit implements ReplyBarrier, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AofGroupCommit.class);

    private record Waiter(long position, CompletableFuture<Void> done) {
    }

    private final Supplier<FileChannel> channel;
    /** {@code no-appendfsync-on-rewrite yes} while a snapshot (BGSAVE, rewrite, full sync) runs. */
    private final BooleanSupplier skipFsync;
    /** Wakes the replica senders once gates were passed. */
    private final Runnable onDurable;
    private final AtomicLong appended = new AtomicLong();
    private volatile long synced;
    private volatile IOException failure;
    private final AtomicLong fsyncs = new AtomicLong();
    private final Object monitor = new Object();
    /** Guarded by monitor. */
    private final List<Waiter> waiters = new ArrayList<>();
    /** Guarded by monitor. */
    private boolean closed;
    /**
     * Guarded by monitor: {AOF position after a unit, stream offset before it} of the units not
     * yet forced, oldest first.
     */
    private final ArrayDeque<long[]> gates = new ArrayDeque<>();
    /** The stream offset the replica senders may send up to: the oldest gate's, or no limit. */
    private volatile long sendable = Long.MAX_VALUE;

    AofGroupCommit(Supplier<FileChannel> channel) {
        this(channel, () -> false, () -> { });
    }

    AofGroupCommit(Supplier<FileChannel> channel, BooleanSupplier skipFsync, Runnable onDurable) {
        this.channel = channel;
        this.skipFsync = skipFsync;
        this.onDurable = onDurable;
    }

    /**
     * Under the keyspace write lock, after a unit's bytes were appended and before the stream
     * appends the unit: unless those bytes are already forced, the replicas may be sent only
     * up to {@code streamOffsetBefore} until they are. Set before the stream bytes exist, so a
     * sender that sees the bytes sees the gate.
     */
    void gate(long streamOffsetBefore) {
        long position = appended.get();
        if (position <= synced) {
            return;
        }
        synchronized (monitor) {
            if (gates.isEmpty()) {
                sendable = streamOffsetBefore;
            }
            gates.addLast(new long[] {position, streamOffsetBefore});
        }
    }

    /** The last stream offset the replicas may be sent now ({@link Long#MAX_VALUE}: no limit). */
    long sendableOffset() {
        return sendable;
    }

    /** The writer (under the keyspace write lock) appended {@code bytes} to the current file. */
    void appended(long bytes) {
        appended.addAndGet(bytes);
    }

    long appendedPosition() {
        return appended.get();
    }

    long syncedPosition() {
        return synced;
    }

    long fsyncs() {
        return fsyncs.get();
    }

    /**
     * Forces the current file at once, for a write no reply gate covers (under the keyspace write
     * lock: nothing is appended meanwhile, so everything appended is covered).
     */
    void syncNow(FileChannel ch) throws IOException {
        long target = appended.get();
        if (target <= synced) {
            return;
        }
        if (skipFsync.getAsBoolean()) {
            advance(target);
            return;
        }
        try {
            ch.force(false);
        } catch (IOException e) {
            fail(e);
            throw e;
        }
        fsyncs.incrementAndGet();
        advance(target);
    }

    /** A write or an fsync failed: nothing appended from now on counts as durable. */
    void fail(IOException e) {
        if (failure == null) {
            log.warn("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}. "
                    + "Replies waiting for it are dropped and their connections closed", e.getMessage());
        }
        failure = e;
        List<Waiter> failed;
        synchronized (monitor) {
            failed = new ArrayList<>(waiters);
            waiters.clear();
        }
        failed.forEach(w -> w.done().completeExceptionally(e));
    }

    /** A write succeeded after a failure (Redis: "AOF write error looks solved"). */
    boolean failed() {
        return failure != null;
    }

    @Override
    public long pending() {
        long a = appended.get();
        return a > synced || failure != null ? a : -1;
    }

    @Override
    public CompletionStage<Void> whenReached(long position) {
        IOException f = failure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        if (position <= synced) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (monitor) {
            if (closed) {
                // Closing forced the file: everything appended before it is on disk.
                return CompletableFuture.completedFuture(null);
            }
            // No fsync here: the caller's sync() comes at the end of its event-loop round, so the
            // connections served after it in the same round join that one fsync.
            waiters.add(new Waiter(position, done));
        }
        return done;
    }

    /**
     * The fsync itself, on the calling event loop at the end of its round (Redis fsyncs in
     * {@code beforeSleep}, on its event loop, too): everything appended so far is covered, so
     * every waiter registered before this call is released. No keyspace lock is held here; the
     * loop's other connections wait, and their requests join the next round's fsync.
     */
    @Override
    public void sync() {
        for (int attempt = 0; attempt < 2; attempt++) {
            long target = appended.get();
            if (target <= synced || failure != null) {
                return;
            }
            FileChannel ch = channel.get();
            if (ch == null) {
                return; // closed: close() forced the file and released every waiter
            }
            if (skipFsync.getAsBoolean()) {
                advance(target); // written, not forced: as Redis with no-appendfsync-on-rewrite yes
                return;
            }
            try {
                ch.force(false);
                fsyncs.incrementAndGet();
                advance(target);
                return;
            } catch (ClosedChannelException switched) {
                // A rewrite moved the writes to a new file and forced the old one first: force the new one.
            } catch (IOException e) {
                fail(e);
                return;
            }
        }
    }

    /** Everything up to {@code target} is on disk. */
    void advance(long target) {
        List<Waiter> done = new ArrayList<>();
        boolean passedGates = false;
        synchronized (monitor) {
            if (target > synced) {
                synced = target;
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.position() <= synced) {
                    done.add(w);
                    it.remove();
                }
            }
            while (!gates.isEmpty() && gates.peekFirst()[0] <= synced) {
                gates.removeFirst();
                passedGates = true;
            }
            if (passedGates) {
                sendable = gates.isEmpty() ? Long.MAX_VALUE : gates.peekFirst()[1];
            }
        }
        done.forEach(w -> w.done().complete(null));
        if (passedGates) {
            onDurable.run();
        }
    }

    /** The file was forced and closed: everything appended is durable. */
    @Override
    public void close() {
        advance(appended.get());
        List<Waiter> rest;
        synchronized (monitor) {
            closed = true;
            rest = new ArrayList<>(waiters);
            waiters.clear();
            monitor.notifyAll();
        }
        rest.forEach(w -> w.done().complete(null));
    }
}
