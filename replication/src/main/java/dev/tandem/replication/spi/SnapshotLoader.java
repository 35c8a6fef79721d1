/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import io.netty.buffer.ByteBuf;
import java.util.OptionalInt;

/**
 * Reads one snapshot into a {@link dev.tandem.core.snapshot.DatasetTarget} as its bytes arrive (replica
 * side). The caller commits or discards the builder; a loader never touches the live dataset.
 * Used by one thread at a time.
 */
public interface SnapshotLoader {

    /**
     * Consumes the readable bytes of {@code chunk} (advancing its reader index, not releasing it).
     *
     * @throws RuntimeException when the bytes are not a valid snapshot (the message says why)
     */
    void feed(ByteBuf chunk);

    /**
     * The payload ended: verifies that the snapshot is complete and valid.
     *
     * @throws RuntimeException when it is truncated or invalid
     */
    void finish();

    /** The load was abandoned (transfer failed): release whatever the loader holds. Idempotent. */
    default void discard() {
    }

    /** Keys loaded so far. */
    long keysLoaded();

    /**
     * The database the master's stream had selected when the snapshot was taken (RDB's
     * {@code repl-stream-db}), if the snapshot says.
     */
    OptionalInt streamDb();
}
