/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.value.RedisValue;
import dev.tandem.replication.internal.EventBus;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.master.MasterPropagationSink;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.replica.ReplicaPropagationSink;
import dev.tandem.replication.internal.role.MasterRole;
import dev.tandem.replication.internal.role.NodeRoles;
import dev.tandem.replication.internal.role.ReplicaRole;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.replication.spi.SnapshotWriteOptions;
import dev.tandem.replication.spi.SnapshotWriter;
import dev.tandem.replication.internal.backlog.ChunkedReplicationBacklog;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.internal.server.ServerKeyspaceCommands;
import dev.tandem.replication.transport.LocalTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** A {@link ReplicationContext} with its parts, for unit tests of the master and replica sides. */
public final class TestContexts implements AutoCloseable {

    public final Keyspace keyspace;
    public final ChunkedReplicationBacklog backlog;
    public final ReplicationContext context;
    public final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
    /** The context's clock (milliseconds); tests move it forward to pass timeouts. */
    public final java.util.concurrent.atomic.AtomicLong clockMillis = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    private final EventBus bus;
    private final ScheduledThreadPoolExecutor scheduler;
    private final LocalTransport transport;

    private TestContexts(ReplicationConfig config, SnapshotFormat format) {
        keyspace = new Keyspace(config.databases(), KeyspaceClock.SYSTEM, ServerKeyspaceCommands.standardTable());
        backlog = new ChunkedReplicationBacklog(config.replBacklogSize(), 4096, ByteBufAllocator.DEFAULT);
        backlog.reset(0);
        bus = new EventBus("test-events");
        bus.addListener(events::add);
        scheduler = new ScheduledThreadPoolExecutor(1);
        transport = new LocalTransport();
        context = new ReplicationContext("test", keyspace, config, backlog, ReplicationHistory.fresh(), transport, format,
                ByteBufAllocator.DEFAULT, clockMillis::get, bus, scheduler);
        context.roles(new NodeRoles("test", keyspace, new MasterRole(new MasterPropagationSink(context))));
    }

    /** Makes the context a replica following {@code link}, as {@code REPLICAOF} does. */
    public void becomeReplica(ReplicaLink link) {
        keyspace.lock().writeLock().lock();
        try {
            context.roles().transition(new ReplicaRole(link, new ReplicaPropagationSink(backlog)));
        } finally {
            keyspace.lock().writeLock().unlock();
        }
    }

    public static TestContexts create(ReplicationConfig config) {
        return new TestContexts(config, RdbSnapshotFormat.defaults());
    }

    public static TestContexts create() {
        return create(ReplicationConfig.defaults());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        bus.close();
        backlog.close();
        transport.close();
    }

    /** The snapshot of {@code source} in {@code format}, as one array (tests build payloads with it). */
    public static byte[] snapshotBytes(Keyspace source, SnapshotFormat format, ReplicationId replid, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriteOptions options = new SnapshotWriteOptions(replid, offset, 0, UnpooledByteBufAllocator.DEFAULT, 4096);
        SnapshotWriter writer = format.newWriter(options, chunk -> {
            try {
                byte[] b = new byte[chunk.readableBytes()];
                chunk.readBytes(b);
                out.writeBytes(b);
            } finally {
                chunk.release();
            }
        });
        Snapshot snapshot = source.startSnapshot(new dev.tandem.core.snapshot.SnapshotSink() {
            @Override
            public void begin(SnapshotInfo info) {
                writer.begin(info);
            }

            @Override
            public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
                writer.entry(db, key, value, expireAtMillis);
            }

            @Override
            public void end() {
                writer.end();
            }
        });
        while (snapshot.step(1000)) {
            // walk to the end
        }
        return out.toByteArray();
    }

    /** The readable bytes of {@code buf} as ISO-8859-1 text; releases it. */
    public static String text(ByteBuf buf) {
        try {
            return buf.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }
}
