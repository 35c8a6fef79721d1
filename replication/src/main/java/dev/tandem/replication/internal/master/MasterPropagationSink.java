package dev.tandem.replication.internal.master;

import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.replication.internal.stream.StreamEncoder;
import java.util.List;

/**
 * A master's {@link PropagationSink}: under the keyspace write lock, encodes each execution unit
 * with the node's one {@link StreamEncoder} ({@code SELECT} injected on a db change), appends it
 * to the backlog, and wakes the replica senders (a flag, at most one task per event loop). No
 * I/O and no per-write task happen here (brief §2).
 */
public final class MasterPropagationSink implements PropagationSink {

    private final ReplicationContext context;

    public MasterPropagationSink(ReplicationContext context) {
        this.context = context;
    }

    @Override
    public long propagate(List<Propagated> commands) {
        StreamEncoder encoder = context.encoder();
        ReplicationBacklog backlog = context.backlog();
        encoder.encode(commands);
        if (backlog.append(encoder.bytes(), 0, encoder.length())) {
            context.streamAppended();
        }
        return backlog.masterReplOffset();
    }

    @Override
    public long offset() {
        return context.backlog().masterReplOffset();
    }
}
