/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.snapshot;

/**
 * A forkless point-in-time snapshot in progress (brief §4). The caller drives the walk with
 * {@link #step} from a thread of its choice, pausing between steps for back-pressure; writers
 * meanwhile side-save entries they are about to change.
 */
public interface Snapshot {
    /** The replication offset the snapshot corresponds to. */
    long offset();

    /**
     * Walks up to {@code maxEntries} more keys into the sink. Returns {@code true} while more
     * remain; on {@code false} the sink has received {@code end()}.
     */
    boolean step(int maxEntries);

    /** Whether the sink has received {@code end()} or the snapshot was aborted. */
    boolean isDone();

    /** Stops the snapshot; no more sink calls follow. Idempotent. */
    void abort();
}
