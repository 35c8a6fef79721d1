/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import io.netty.buffer.ByteBufAllocator;

/**
 * Makes a node's {@link ReplicationBacklog}: the one plug for another backlog (one that spills to
 * disk, one that records for a test) in place of the built-in chunked in-memory one. The node
 * calls it once, while it is built, and owns the result: it appends to it only through its
 * replication stream under the keyspace write lock, resizes it on {@code CONFIG SET
 * repl-backlog-size} ({@link ReplicationBacklog#setSize}) and closes it when the node closes.
 */
@FunctionalInterface
public interface BacklogFactory {

    /**
     * A new, inactive backlog.
     *
     * @param size      {@code repl-backlog-size}: the history it keeps for partial resyncs, in bytes
     * @param allocator where its buffers should come from
     */
    ReplicationBacklog create(long size, ByteBufAllocator allocator);
}
