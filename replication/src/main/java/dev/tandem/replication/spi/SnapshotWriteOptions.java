/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import dev.tandem.replication.ReplicationId;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * What a {@link SnapshotFormat} writer needs to know about the snapshot it writes.
 *
 * @param replid the replication id the snapshot belongs to (RDB aux {@code repl-id})
 * @param offset the replication offset the snapshot equals (RDB aux {@code repl-offset})
 * @param streamDb the database selected in the stream that follows (RDB aux {@code repl-stream-db})
 * @param allocator where chunks come from
 * @param chunkSize the preferred size of the chunks handed to the output
 */
public record SnapshotWriteOptions(ReplicationId replid, long offset, int streamDb, ByteBufAllocator allocator,
        int chunkSize) {

    public SnapshotWriteOptions {
        Objects.requireNonNull(replid, "replid");
        Objects.requireNonNull(allocator, "allocator");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
    }
}
