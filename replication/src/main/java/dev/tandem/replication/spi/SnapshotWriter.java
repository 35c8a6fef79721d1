/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import dev.tandem.core.snapshot.SnapshotSink;

/**
 * A {@link SnapshotFormat}'s writer for one snapshot: a {@link SnapshotSink} that can also give
 * back what it holds when the snapshot is abandoned.
 */
public interface SnapshotWriter extends SnapshotSink {

    /**
     * Releases the chunk being filled, for a snapshot that was aborted before
     * {@link #end()}; no more calls follow. Idempotent, and a no-op after {@code end()}.
     */
    void discard();
}
