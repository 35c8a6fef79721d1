/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * The replication log of one node: every byte of the replication stream, numbered with Redis's
 * offsets, kept for partial resynchronization and read by replica senders through
 * {@link BacklogCursor cursors}.
 *
 * <h2>Offsets (Redis semantics)</h2>
 * Bytes of a history are numbered from 1. {@link #masterReplOffset()} is the offset of the last
 * byte appended ({@code master_repl_offset}); a backlog that starts a history at base offset
 * {@code B} holds no bytes and reports {@code first byte offset = B + 1}, {@code histlen = 0}.
 * The invariant {@code firstByteOffset == masterReplOffset - historyLength + 1} holds whenever the
 * backlog is {@linkplain #isActive() active}. An inactive backlog (Redis: "no backlog") reports
 * {@code 0} for both first byte offset and history length, exactly as {@code INFO replication}
 * does, while {@link #masterReplOffset()} keeps its value.
 *
 * <h2>Threads</h2>
 * Mutating methods ({@link #append}, {@link #reset}, {@link #free}, {@link #trim},
 * {@link #setSize}, {@link #close}) belong to a single writer: the caller serializes them (in
 * Tandem, the keyspace write lock). Everything else, including opening and reading cursors, is
 * safe from any thread.
 */
public interface ReplicationBacklog extends AutoCloseable {

    /** Redis's {@code CONFIG_REPL_BACKLOG_MIN_SIZE}: a smaller {@code repl-backlog-size} is raised to this. */
    long MIN_SIZE = 16 * 1024;

    /**
     * Appends bytes to the stream and publishes them to cursors.
     *
     * @return {@code false} (and nothing changes, not even the offset) when the backlog is
     *     inactive: like Redis 7.0, a node without backlog does not propagate
     */
    boolean append(byte[] bytes, int offset, int length);

    /** Appends all of {@code bytes}; see {@link #append(byte[], int, int)}. */
    default boolean append(byte[] bytes) {
        return append(bytes, 0, bytes.length);
    }

    /**
     * Appends the readable bytes of {@code bytes} (copying them) without changing its reader or
     * writer index and without releasing it; see {@link #append(byte[], int, int)}.
     */
    boolean append(ByteBuf bytes);

    /** {@code master_repl_offset}: the offset of the last byte ever appended to this history. */
    long masterReplOffset();

    /** {@code repl_backlog_first_byte_offset}: offset of the first byte held; 0 when inactive. */
    long firstByteOffset();

    /** {@code repl_backlog_histlen}: number of bytes held; 0 when inactive. */
    long historyLength();

    /** {@code repl_backlog_active}. */
    boolean isActive();

    /** {@code repl_backlog_size}: the configured minimum number of bytes kept. */
    long size();

    /**
     * Changes {@code repl-backlog-size}; values below {@link #MIN_SIZE} are raised to it, as Redis
     * does. Shrinking trims at once (as far as cursors allow).
     */
    void setSize(long size);

    /** A consistent view of the offsets, for the pure PSYNC decision. */
    BacklogRange range();

    /**
     * Whether a replica asking for {@code offset} (the first byte it lacks, as sent in
     * {@code PSYNC <replid> <offset>}) can be served from here: the backlog is active and
     * {@code firstByteOffset <= offset <= masterReplOffset + 1}.
     */
    default boolean canServe(long offset) {
        return range().canServe(offset);
    }

    /**
     * Opens a cursor whose first byte read is the byte at {@code offset}. The check and the
     * pinning happen atomically with respect to trimming, so a cursor obtained here can always
     * read its bytes; an empty result means the offset could not be served at that instant (the
     * caller then falls back to a full resync, even if an earlier {@link #canServe} said yes).
     */
    Optional<BacklogCursor> openCursor(long offset);

    /** Number of cursors currently open on the active history. */
    int openCursorCount();

    /**
     * Starts a new, empty history whose next byte has offset {@code baseOffset + 1} (for a
     * replica after {@code +FULLRESYNC <id> baseOffset}, or for a master creating its backlog
     * with {@code baseOffset = masterReplOffset()}). Activates an inactive backlog. Cursors on
     * the previous history become stale (their next read throws {@link StaleCursorException}).
     */
    void reset(long baseOffset);

    /**
     * Frees all bytes and deactivates the backlog ({@code repl_backlog_active:0}); the offset
     * is kept. Open cursors become stale.
     */
    void free();

    /**
     * Drops whole chunks from the head that are beyond {@link #size()} and needed by no cursor.
     * Appends trim on their own; this is for the cron after cursors moved on or closed.
     */
    void trim();

    /** Frees everything; the backlog cannot be used afterwards. */
    @Override
    void close();
}
