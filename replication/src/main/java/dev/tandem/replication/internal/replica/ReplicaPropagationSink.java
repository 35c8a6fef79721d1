/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.replication.spi.ReplicationBacklog;
import java.util.List;

/**
 * A replica's {@link PropagationSink}: discards what the keyspace propagates, because a
 * replica's stream is its master's exact bytes (the {@link StreamApplier} appends them to the
 * backlog), and writes by local clients of a writable replica are not propagated (as in Redis
 * since 4.0). Reports the backlog's offset, so snapshots and change events carry the replica's
 * position in its master's stream.
 */
public final class ReplicaPropagationSink implements PropagationSink {

    private final ReplicationBacklog backlog;

    public ReplicaPropagationSink(ReplicationBacklog backlog) {
        this.backlog = backlog;
    }

    @Override
    public long propagate(List<Propagated> commands) {
        return backlog.masterReplOffset();
    }

    @Override
    public long offset() {
        return backlog.masterReplOffset();
    }
}
