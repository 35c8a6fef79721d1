/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal;

import dev.tandem.replication.Role;
import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.internal.role.NodeRoles;
import dev.tandem.replication.internal.stream.ReplicationStream;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.Transport;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The replication state of one node that its master side and replica side share: the keyspace,
 * the backlog (the replication log), the replication stream that appends to it, the replication
 * history and the role.
 * Internal: built by {@link dev.tandem.replication.ReplicatedKeyspace}, public only because the {@code master} and
 * {@code replica} packages use it.
 *
 * <h2>Consistency</h2>
 * The history, the backlog's history and the encoder change only under the keyspace write lock,
 * together with the dataset, so that a PSYNC decision or a snapshot start (both taken under that
 * lock) sees all of them at one point of the stream. {@link #history()} and {@link #role()} are
 * volatile and may be read anywhere.
 */
public final class ReplicationContext {

    private final String nodeName;
    private final Keyspace keyspace;
    /** The current settings: replaced whole by {@code CONFIG SET}, so every read sees one consistent set. */
    private volatile ReplicationConfig config;
    private final java.util.concurrent.atomic.AtomicLong propagationErrors = new java.util.concurrent.atomic.AtomicLong();
    private final ReplicationBacklog backlog;
    private final ReplicationStream stream;
    private final Transport transport;
    private final SnapshotFormat snapshotFormat;
    private final ByteBufAllocator allocator;
    private final LongSupplier clockMillis;
    private final EventBus events;
    private final ScheduledExecutorService scheduler;
    private final NodeRuntime runtime;
    private volatile ReplicationHistory history;
    private volatile boolean loadingFromDisk;
    /** Where a replica spools a full sync's payload ({@code dir}); the JVM's temp directory without persistence. */
    private volatile java.util.function.Supplier<java.nio.file.Path> syncDirectory =
            () -> java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    private volatile NodeRoles roles;
    private volatile NodeAddress listenAddress;
    /** The node's TLS (null: none, the link to a master is plain). */
    private volatile dev.tandem.replication.internal.tls.TlsState tls;
    private volatile int streamDb;
    private final dev.tandem.replication.internal.replica.delay.DelayController delay;
    private final FatalErrorGuard fatalErrors;

    public ReplicationContext(String nodeName, Keyspace keyspace, ReplicationConfig config, ReplicationBacklog backlog,
            ReplicationHistory history, Transport transport, SnapshotFormat snapshotFormat, ByteBufAllocator allocator,
            LongSupplier clockMillis, EventBus events, ScheduledExecutorService scheduler) {
        this(nodeName, keyspace, config, backlog, history, transport, snapshotFormat, allocator, clockMillis, events,
                scheduler, NodeRuntime.threads(nodeName));
    }

    /** With the node's runtime: where its snapshot driver and random ids come from. */
    public ReplicationContext(String nodeName, Keyspace keyspace, ReplicationConfig config, ReplicationBacklog backlog,
            ReplicationHistory history, Transport transport, SnapshotFormat snapshotFormat, ByteBufAllocator allocator,
            LongSupplier clockMillis, EventBus events, ScheduledExecutorService scheduler, NodeRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
        this.config = Objects.requireNonNull(config, "config");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.stream = new ReplicationStream(backlog);
        this.history = Objects.requireNonNull(history, "history");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.snapshotFormat = Objects.requireNonNull(snapshotFormat, "snapshotFormat");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.events = Objects.requireNonNull(events, "events");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.delay = new dev.tandem.replication.internal.replica.delay.DelayController(this);
        this.fatalErrors = new FatalErrorGuard(nodeName, events);
    }

    /** Stops the node after an OutOfMemoryError (or another VirtualMachineError) in one of its paths. */
    public FatalErrorGuard fatalErrors() {
        return fatalErrors;
    }

    /**
     * The node's delayed replication ({@code replica-delay}): the pending stream a replica
     * received and has not applied yet, and the operator's controls ({@code REPLDELAY}).
     */
    public dev.tandem.replication.internal.replica.delay.DelayController delay() {
        return delay;
    }

    /**
     * The db selected in the replication stream at this node's current offset: what the master
     * client of a replica has selected (Redis keeps it in the cached master, so a partial resync
     * with another master of the same history continues in the right db). It belongs to the node,
     * not to one link: {@code REPLICAOF} another node continues the same stream.
     */
    public int streamDb() {
        return streamDb;
    }

    /** Changes the stream's db; the caller holds the keyspace write lock (or is the link applying). */
    public void streamDb(int db) {
        this.streamDb = db;
    }

    /**
     * {@code replica-allow-empty-unrelated-master} as it is now (starts as configured; changes
     * with {@code CONFIG SET}); see {@link dev.tandem.replication.internal.replica.EmptyMasterGuard}.
     */
    public boolean allowEmptyUnrelatedMaster() {
        return config.replicaAllowEmptyUnrelatedMaster();
    }

    /** A name for logs and thread names. */
    public String nodeName() {
        return nodeName;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /**
     * The settings as they are now. Code that acts on a setting reads it here each time it acts
     * (cron, timeouts, limits, the next handshake) instead of keeping a copy, so that
     * {@code CONFIG SET} takes effect as it does in Redis.
     */
    public ReplicationConfig config() {
        return config;
    }

    /**
     * Replaces the settings ({@code CONFIG SET}); the node serializes the callers and applies
     * the side effects a directive has (a backlog resize, the min-replicas check).
     */
    public void config(ReplicationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** {@code tandem_propagation_errors}: commands of a master's stream that failed on this node. */
    public long propagationErrors() {
        return propagationErrors.get();
    }

    public void countPropagationError() {
        propagationErrors.incrementAndGet();
    }

    public ReplicationBacklog backlog() {
        return backlog;
    }

    /**
     * The node's replication stream: the only way into the backlog (read the backlog itself for
     * cursors and ranges). Changed only under the keyspace write lock.
     */
    public ReplicationStream stream() {
        return stream;
    }

    public Transport transport() {
        return transport;
    }

    public SnapshotFormat snapshotFormat() {
        return snapshotFormat;
    }

    public ByteBufAllocator allocator() {
        return allocator;
    }

    /** Monotonic milliseconds for timeouts and lags (not wall-clock time). */
    public long nowMillis() {
        return clockMillis.getAsLong();
    }

    public LongSupplier clock() {
        return clockMillis;
    }

    public EventBus events() {
        return events;
    }

    /** The node's timer thread (cron). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The node's runtime (snapshot driver, random sources); its clock is {@link #clock()}. */
    public NodeRuntime runtime() {
        return runtime;
    }

    /** A fresh replication id from the runtime's random source (seeded in a simulation). */
    public ReplicationId newReplicationId() {
        return ReplicationId.parse(runtime.randomHex(ReplicationId.LENGTH));
    }

    /** Whether the node is loading its data set from disk at start (commands get {@code -LOADING}). */
    public java.nio.file.Path syncDirectory() {
        return syncDirectory.get();
    }

    /** The directory a replica's temp file of a full sync goes to (the node's {@code dir}). */
    public void syncDirectory(java.util.function.Supplier<java.nio.file.Path> directory) {
        this.syncDirectory = java.util.Objects.requireNonNull(directory, "directory");
    }

    public boolean loadingFromDisk() {
        return loadingFromDisk;
    }

    public void loadingFromDisk(boolean value) {
        this.loadingFromDisk = value;
    }

    public ReplicationHistory history() {
        return history;
    }

    /** Changes the history; the caller holds the keyspace write lock. */
    public void history(ReplicationHistory history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    /** The role's kind; see {@link #roles()} for the role itself. */
    public Role role() {
        return roles().current().kind();
    }

    /** The node's role and its checked transition. */
    public NodeRoles roles() {
        NodeRoles r = roles;
        if (r == null) {
            throw new IllegalStateException("the node's roles are not installed yet (ReplicationContext.roles(...))");
        }
        return r;
    }

    /** Installs the role holder once, while the node is built (it needs the context's sinks). */
    public void roles(NodeRoles roles) {
        if (this.roles != null) {
            throw new IllegalStateException("roles are installed once");
        }
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /** Where this node listens (bound address), or null before it listens. */
    public NodeAddress listenAddress() {
        return listenAddress;
    }

    public void listenAddress(NodeAddress address) {
        this.listenAddress = address;
    }

    /** The node's TLS, or null when it has none (a link to a master is then plain). */
    public dev.tandem.replication.internal.tls.TlsState tls() {
        return tls;
    }

    public void tls(dev.tandem.replication.internal.tls.TlsState value) {
        this.tls = value;
    }
}
