/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.stream.ReplicationStream;
import java.util.List;

/**
 * A master's {@link PropagationSink}: under the keyspace write lock, hands each execution unit
 * to the node's {@link ReplicationStream} ({@code SELECT} injected on a db change), which appends
 * it to the backlog and wakes the replica senders (a flag, at most one task per event loop). No
 * I/O and no per-write task happen here (brief §2).
 */
public final class MasterPropagationSink implements PropagationSink {

    private final ReplicationContext context;

    public MasterPropagationSink(ReplicationContext context) {
        this.context = context;
    }

    @Override
    public long propagate(List<Propagated> commands) {
        return context.stream().appendUnit(commands);
    }

    @Override
    public long offset() {
        return context.backlog().masterReplOffset();
    }
}
