/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a client's replies wait for before they leave the server: with {@code appendfsync always}
 * the append-only file must be on disk up to everything appended when the replies were made
 * (Redis's {@code beforeSleep}: {@code flushAppendOnlyFile} runs before
 * {@code handleClientsWithPendingWrites}). Connections ask {@link #pending()} before they flush,
 * and flush when {@link #whenReached(long)} completes, so one fsync releases the replies of every
 * connection that waited for it (group commit) and no keyspace lock is held while it runs.
 *
 * <p>A write made on a thread that is not inside {@link #deferring()} (the Java API, a replica's
 * link, the cron) is not covered by any reply gate, so the file forces it before that write
 * returns, as before group commit.
 */
public interface ReplyBarrier {

    /** The position replies made now must wait for, or -1 when they may go out at once. */
    long pending();

    /**
     * Completes (on any thread) once {@code position} is durable; exceptionally when it never
     * will be (the file could not be written or forced).
     */
    CompletionStage<Void> whenReached(long position);

    /**
     * Makes the registered waits come true (the fsync, on the calling thread). Connections call it
     * from a task at the end of their event loop's round, so every connection served in that round
     * has registered first and one fsync covers them all (as Redis's one fsync per event-loop
     * iteration).
     */
    default void sync() {
    }

    /** No barrier: replies go out at once. */
    ReplyBarrier NONE = new ReplyBarrier() {
        @Override
        public long pending() {
            return -1;
        }

        @Override
        public CompletionStage<Void> whenReached(long position) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /** Whether the calling thread runs a client command whose reply goes through a barrier. */
    static boolean deferring() {
        return Deferring.ON.get() != null;
    }

    /** Marks the calling thread as running a gated client's command (the RESP connection handler). */
    static void enterDeferring() {
        Deferring.ON.set(Boolean.TRUE);
    }

    static void exitDeferring() {
        Deferring.ON.set(null); // not remove(): set() would then allocate a map entry per command
    }

    /** Holder of the thread flag (an interface cannot have private fields). */
    final class Deferring {
        private static final ThreadLocal<Boolean> ON = new ThreadLocal<>();

        private Deferring() {
        }
    }
}
