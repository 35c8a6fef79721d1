/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import io.netty.buffer.ByteBuf;

/**
 * A replica's read position in a {@link ReplicationBacklog}: the sender of one replica link reads
 * the stream through it as retained slices of the backlog's own chunks (no copies), so N
 * replicas cost no N copies of the stream.
 *
 * <p>A cursor keeps alive every byte it has not read yet: the backlog cannot trim past it. That
 * is why a slow replica must be cut off by its {@link dev.tandem.replication.OutputBufferLimit} using
 * {@link #pendingBytes()}.
 *
 * <p>A cursor is used by one thread at a time (its channel's event loop);
 * {@link #position()} and {@link #pendingBytes()} may be read from any thread.
 */
public interface BacklogCursor extends AutoCloseable {

    /** Offset of the next byte this cursor returns. */
    long position();

    /**
     * Committed bytes not yet read: {@code masterReplOffset - position + 1}. This is what the
     * replica still owes to the backlog; add the bytes queued in the channel for the Redis
     * notion of output-buffer usage.
     */
    long pendingBytes();

    /**
     * Returns the next committed bytes as a retained slice (the caller owns one reference and
     * must release it, typically by writing it to a channel), at most {@code maxBytes} long and
     * never spanning two chunks; or {@code null} when the cursor has read everything committed.
     *
     * @throws StaleCursorException when the backlog was reset or freed since this cursor opened
     * @throws IllegalStateException when the cursor is closed
     */
    ByteBuf readSlice(int maxBytes);

    /** Whether the history this cursor reads is still the backlog's current one. */
    boolean isValid();

    /** Releases the chunk this cursor pins. Idempotent. */
    @Override
    void close();
}
