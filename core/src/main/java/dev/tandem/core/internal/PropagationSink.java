/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.List;

/**
 * Where a write's propagated form goes: the replication backlog. Called under the keyspace's
 * write lock, in exactly the order the writes changed the dataset, so implementations must be
 * cheap and must not block or do I/O (brief §2).
 */
public interface PropagationSink {
    /**
     * Appends one execution unit's commands (already wrapped in MULTI/EXEC when it has more
     * than one) and returns the replication offset after them.
     */
    long propagate(List<Propagated> commands);

    /** The offset after the last propagated byte; read under the write lock. */
    long offset();

    /** Discards everything: for a keyspace that nobody replicates from. */
    PropagationSink NONE = new PropagationSink() {
        private long offset;

        @Override
        public long propagate(List<Propagated> commands) {
            return offset;
        }

        @Override
        public long offset() {
            return offset;
        }
    };
}
