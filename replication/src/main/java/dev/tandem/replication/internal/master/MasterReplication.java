/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.Role;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.internal.backlog.BacklogExpiry;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.replication.internal.history.PsyncDecision;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.resp.RespCommand;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master side of a node: takes over connections whose {@code PSYNC}/{@code SYNC} was
 * accepted ({@link #acceptReplica}), decides partial or full resync exactly as Redis does, runs
 * full syncs through the {@link FullSyncCoordinator}, and keeps every attached replica's
 * {@link ReplicaSession} (ACKs, timeouts, output limits, heartbeat {@code ping}s, INFO rows).
 *
 * <p>A node serves replicas in both roles: a replica forwards its master's exact bytes to its
 * own replicas (chained replication) through the same backlog, so sub-replicas share the top
 * master's replid and offsets; only a master generates {@code ping}s.
 *
 * <p><b>Deviation from Redis:</b> Redis creates the backlog (with a new replid) when the first
 * replica attaches; a Tandem node keeps an active backlog from its start (offset 0) so an
 * embedded master never changes its replid under a waiting replica. {@code repl-backlog-ttl}
 * still frees it after the last replica left; the next full sync then recreates it with a new
 * replid, as Redis does.
 */
public final class MasterReplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MasterReplication.class);

    /** Snapshot chunk size handed to the format (one write to the channels each). */
    private static final int SNAPSHOT_CHUNK_SIZE = 64 * 1024;
    /** Outbound watermarks of replica connections: room for a few backlog slices. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    private static final byte[][] PING = {{'p', 'i', 'n', 'g'}};
    private static final byte[][] GETACK = {"REPLCONF".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "GETACK".getBytes(java.nio.charset.StandardCharsets.US_ASCII), {'*'}};

    private final ReplicationContext context;
    private final SenderWakeup wakeup = new SenderWakeup();
    private final FullSyncCoordinator fullSyncs;
    private final List<ReplicaSession> sessions = new CopyOnWriteArrayList<>();
    private final BacklogExpiry backlogExpiry;
    private final List<AckWaiter> ackWaiters = new CopyOnWriteArrayList<>();
    private final AtomicLong syncFull = new AtomicLong();
    private final AtomicLong syncPartialOk = new AtomicLong();
    private final AtomicLong syncPartialErr = new AtomicLong();
    private final MinReplicas minReplicas;
    private final AtomicBoolean getackRequested = new AtomicBoolean();
    private long cronSeconds;
    private int lastReplicaCount;

    public MasterReplication(ReplicationContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.fullSyncs = new FullSyncCoordinator(this);
        this.backlogExpiry = new BacklogExpiry(context.config().replBacklogTtl(), context.clock());
        this.minReplicas = new MinReplicas(context.config().minReplicasToWrite(),
                context.config().minReplicasMaxLagSeconds());
        context.stream().onAppended(wakeup::wake);
    }

    public ReplicationContext context() {
        return context;
    }

    SenderWakeup wakeup() {
        return wakeup;
    }

    /**
     * The db the stream has selected when a snapshot starts, written into the snapshot
     * ({@code repl-stream-db}): a master resets its encoder at that point (0 is then right), a
     * replica reports the db its master's stream has selected.
     */
    int streamDbForSnapshot() {
        return context.role() == Role.REPLICA ? context.streamDb() : 0;
    }

    int snapshotChunkSize() {
        return SNAPSHOT_CHUNK_SIZE;
    }

    // ------------------------------------------------------------------ hand-off

    /**
     * Why this node refuses {@code PSYNC}/{@code SYNC} right now, as the error reply text: while
     * it is a replica whose own link is down, {@code NOMASTERLINK ...} (reference §3); empty when
     * it accepts.
     */
    public Optional<String> syncRefusal() {
        if (!context.roles().current().servesSubReplicas()) {
            return Optional.of("NOMASTERLINK Can't SYNC while not connected with my master");
        }
        return Optional.empty();
    }

    /**
     * Takes over {@code channel} for a replica whose {@code PSYNC}/{@code SYNC} was read (check
     * {@link #syncRefusal()} first). Call it on the channel's event loop, after every earlier
     * reply was written; from then on the caller never writes to the channel, and passes the
     * requests that arrive on it ({@code REPLCONF ACK}/{@code GETACK}, bare newlines) to the
     * returned handler, on the event loop. The session also joins the channel's pipeline as its
     * last handler, to follow writability and the channel's closing.
     *
     * <p>Writes {@code +CONTINUE} (then streams the backlog) or queues a full sync, which writes
     * {@code +FULLRESYNC} when its snapshot starts.
     */
    public Consumer<RespCommand> acceptReplica(Channel channel, PsyncRequest request, ReplicaCapabilities capabilities) {
        if (!channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("acceptReplica must run on the channel's event loop");
        }
        channel.config().setWriteBufferWaterMark(WATER_MARK);
        ReplicaSession session = new ReplicaSession(this, channel, request, capabilities);
        channel.pipeline().addLast("replica-session", session);
        sessions.add(session);
        log.info("Replica {} asks for synchronization ({})", session.name(), request);

        ReplicationBacklog backlog = context.backlog();
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        PsyncDecision decision = null;
        BacklogCursor cursor = null;
        ReplicationHistory history;
        lock.lock();
        try {
            history = context.history();
            if (!request.legacySync()) {
                decision = history.decide(request.replid(), request.offset(), backlog.range());
                if (decision.isContinue()) {
                    Optional<BacklogCursor> opened = backlog.openCursor(request.offset());
                    if (opened.isPresent()) {
                        cursor = opened.get();
                    }
                }
            }
            if (cursor == null && !backlog.isActive()) {
                // Redis creates the backlog with a new history for the first replica (§3.2).
                history = history.withNewReplid(context.newReplicationId()).withoutReplid2();
                context.history(history);
                backlog.reset(backlog.masterReplOffset());
                context.stream().resetSelectedDb();
            }
            if (cursor != null && !session.attachCursor(cursor)) {
                return session::onRequest; // the connection went away already; it is cleaned up
            }
        } finally {
            lock.unlock();
        }

        if (cursor != null) {
            channel.write(ReplicaSession.line(capabilities.psync2() ? "+CONTINUE " + history.replid() : "+CONTINUE"));
            log.info("{} Replica {}.", decision.message(), session.name());
            context.events().emit(new ReplicationEvent.ReplicaAttached(session.name(), SyncKind.PARTIAL));
            syncPartialOk.incrementAndGet();
            session.startStreaming();
            channel.flush();
            return session::onRequest;
        }
        if (decision == null) {
            log.info("Replica {} asks for a full synchronization with the legacy SYNC", session.name());
        } else if (decision.reason() == PsyncDecision.Reason.FULL_RESYNC_REQUESTED) {
            log.info("Full resync requested by replica {}", session.name());
        } else {
            log.info("{} Full resync for replica {}.", decision.message(), session.name());
        }
        syncFull.incrementAndGet();
        if (decision != null && decision.countsAsPartialSyncError()) {
            syncPartialErr.incrementAndGet();
        }
        context.events().emit(new ReplicationEvent.ReplicaAttached(session.name(), SyncKind.FULL));
        fullSyncs.enqueue(session);
        return session::onRequest;
    }

    /** {@code sync_full}: full syncs served. */
    public long syncFullCount() {
        return syncFull.get();
    }

    /** Snapshots produced for full syncs (replicas arriving within the diskless delay share one). */
    public long snapshotsStarted() {
        return fullSyncs.snapshotsStarted();
    }

    /** {@code sync_partial_ok}: partial resyncs accepted. */
    public long syncPartialOkCount() {
        return syncPartialOk.get();
    }

    /** {@code sync_partial_err}: partial resyncs refused (not counting {@code PSYNC ? -1}). */
    public long syncPartialErrCount() {
        return syncPartialErr.get();
    }

    void detached(ReplicaSession session, String reason) {
        if (sessions.remove(session)) {
            log.info("Connection with replica {} lost: {}", session.name(), reason);
            context.events().emit(new ReplicationEvent.ReplicaDetached(session.name(), reason));
            refreshGoodReplicas();
            notifyAckWaiters();
        }
    }

    /** An ACK arrived, or the replica went online (its ACK time was reset then). */
    void ackReceived(ReplicaSession session) {
        refreshGoodReplicas();
        notifyAckWaiters();
    }

    // ------------------------------------------------------------------ min-replicas

    /** {@code min-replicas-to-write} / {@code min-replicas-max-lag} and the good-replica count. */
    public MinReplicas minReplicas() {
        return minReplicas;
    }

    /** {@code CONFIG SET min-replicas-*}: new settings, counted again at once. */
    public void minReplicas(int toWrite, int maxLagSeconds) {
        minReplicas.settings(toWrite, maxLagSeconds);
        refreshGoodReplicas();
    }

    /**
     * Whether writes must be refused with {@code -NOREPLICAS}: this node is a master, the check
     * is on and fewer replicas than {@code min-replicas-to-write} are good. A replica never
     * refuses (its master's stream must always apply), as in Redis.
     */
    public boolean refusesWrites() {
        return minReplicas.tooFewGoodReplicas() && context.role() == Role.MASTER;
    }

    /**
     * Redis's {@code refreshGoodSlavesCount}: online replicas whose last ACK is at most
     * {@code min-replicas-max-lag} seconds old. Synchronized so that two refreshes on different
     * threads cannot publish their counts out of order.
     */
    synchronized void refreshGoodReplicas() {
        long now = context.nowMillis();
        int good = 0;
        for (ReplicaSession s : sessions) {
            if (s.isOnline() && minReplicas.isGoodLag(s.lagSeconds(now))) {
                good++;
            }
        }
        minReplicas.goodReplicas(good);
    }

    private void notifyAckWaiters() {
        for (AckWaiter w : ackWaiters) {
            int acked = ackedReplicas(w.offset());
            if (acked >= w.replicas() && ackWaiters.remove(w)) {
                w.future().complete(acked);
            }
        }
    }

    /** A {@code WAIT} (or {@link #awaitAcks}) in progress. */
    private record AckWaiter(long offset, int replicas, CompletableFuture<Integer> future) { }

    /**
     * Completes with the number of online replicas that acknowledged {@code offset}, once
     * {@code replicas} have or {@code timeoutMillis} passed (0 = no timeout). Like Redis's
     * {@code WAIT}, asks the replicas for an ACK at once ({@code REPLCONF GETACK *} in the stream)
     * rather than waiting for their next periodic one.
     */
    public CompletableFuture<Integer> waitForAcks(long offset, int replicas, long timeoutMillis) {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        int acked = ackedReplicas(offset);
        if (acked >= replicas) {
            future.complete(acked);
            return future;
        }
        AckWaiter waiter = new AckWaiter(offset, replicas, future);
        ackWaiters.add(waiter);
        // However it completes (satisfied, timed out, or cancelled by a caller that went away).
        future.whenComplete((count, error) -> ackWaiters.remove(waiter));
        if (timeoutMillis > 0) {
            try {
                context.scheduler().schedule(() -> {
                    if (ackWaiters.remove(waiter)) {
                        future.complete(ackedReplicas(offset));
                    }
                }, timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                ackWaiters.remove(waiter);
                future.complete(ackedReplicas(offset));
                return future;
            }
        }
        requestGetack();
        notifyAckWaiters(); // an ACK may have landed between the first count and the registration
        return future;
    }

    /**
     * Asks the replicas for an ACK with one {@code REPLCONF GETACK *} for every waiter that
     * registered before it goes out, as Redis sends one per event-loop iteration in which
     * clients blocked in WAIT (reference §6.5): a flag, and one task on the timer thread when
     * it flips.
     */
    private void requestGetack() {
        if (context.role() != Role.MASTER || !getackRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            context.scheduler().execute(this::sendGetack);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            getackRequested.set(false);
        }
    }

    private void sendGetack() {
        // Cleared first: a waiter registering after this point gets a GETACK of its own, one
        // registering before it is covered by this one (appended after its write).
        getackRequested.set(false);
        if (context.role() == Role.MASTER && !ackWaiters.isEmpty()) {
            appendToStream(GETACK);
        }
    }

    // ------------------------------------------------------------------ cron

    /**
     * The once-a-second replication cron of the master side (reference §10): heartbeat
     * {@code ping} every {@code repl-ping-replica-period} seconds while replicas are attached
     * (masters only), per-replica timeouts, keepalives and output limits on each replica's event
     * loop, and {@code repl-backlog-ttl}. Runs on the node's timer thread.
     */
    public void cronSecond() {
        cronSeconds++;
        int replicas = sessions.size();
        if (replicas != lastReplicaCount) {
            backlogExpiry.replicaCountChanged(replicas);
            lastReplicaCount = replicas;
        }
        if (context.role() == Role.MASTER && replicas > 0
                && cronSeconds % context.config().replPingReplicaPeriodSeconds() == 0) {
            appendPing();
        }
        refreshGoodReplicas();
        long now = context.nowMillis();
        for (ReplicaSession s : sessions) {
            try {
                s.eventLoop().execute(() -> s.cronCheck(now));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                return;
            }
        }
        backlogExpiry.setTtl(context.config().replBacklogTtl()); // CONFIG SET repl-backlog-ttl
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            if (backlogExpiry.freeIfExpired(context.backlog(), context.role() == Role.MASTER, sessions.size())) {
                context.history(context.history().withNewReplid(context.newReplicationId()).withoutReplid2());
                log.info("Replication backlog freed after {} seconds without connected replicas.",
                        context.config().replBacklogTtlSeconds());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The heartbeat: a lowercase {@code ping} in the stream, never preceded by SELECT (§6.5). */
    void appendPing() {
        appendToStream(PING);
    }

    /** Appends a command that needs no SELECT ({@code ping}, {@code REPLCONF GETACK *}). */
    private void appendToStream(byte[]... argv) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            context.stream().appendWithoutSelect(argv);
        } finally {
            lock.unlock();
        }
    }

    /** On promotion: restart the backlog TTL clock, as Redis does. */
    public void restartBacklogClock() {
        backlogExpiry.restartClock();
    }

    // ------------------------------------------------------------------ observation

    /** Every replica connection, syncing ones included ({@code connected_slaves}). */
    public int connectedReplicas() {
        return sessions.size();
    }

    /** The {@code slaveN} rows of INFO, in attach order. */
    public List<ReplicationInfo.ConnectedReplica> infoRows() {
        long now = context.nowMillis();
        List<ReplicationInfo.ConnectedReplica> rows = new ArrayList<>();
        for (ReplicaSession s : sessions) {
            rows.add(s.infoRow(now));
        }
        return rows;
    }

    /**
     * Waits until at least {@code replicas} replicas are online and have acknowledged
     * {@code offset}, or the timeout passes; returns how many have.
     */
    public int awaitAcks(int replicas, long offset, long timeoutMillis) throws InterruptedException {
        CompletableFuture<Integer> acks = waitForAcks(offset, replicas, Math.max(1, timeoutMillis));
        try {
            return acks.get();
        } catch (InterruptedException e) {
            acks.cancel(false);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Online replicas whose last ACK is at least {@code offset}. */
    public int ackedReplicas(long offset) {
        int n = 0;
        for (ReplicaSession s : sessions) {
            if (s.state() == ReplicaSession.State.ONLINE && s.ackOffset() >= offset) {
                n++;
            }
        }
        return n;
    }

    /**
     * Under the keyspace write lock, where this node's replication id changes at offset
     * {@code lastOffset}: no attached replica is sent a byte after it (each is disconnected
     * once it got up to there, and reconnects to learn the new id). Call
     * {@link #disconnectAll} after releasing the lock.
     */
    public void fenceAll(long lastOffset) {
        for (ReplicaSession s : sessions) {
            s.fence(lastOffset);
        }
    }

    /** Disconnects every replica (promotion, a new history, closing). */
    public void disconnectAll(String reason) {
        for (ReplicaSession s : sessions) {
            s.close(reason);
        }
    }

    @Override
    public void close() {
        fullSyncs.close();
        disconnectAll("the node is closing");
    }
}
