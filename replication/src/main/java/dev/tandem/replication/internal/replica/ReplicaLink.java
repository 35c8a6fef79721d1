/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.tls.TlsState;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.replica.LinkState.AttemptState;
import dev.tandem.replication.internal.sync.RdbTransferHandler;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.resp.RespCommandDecoder;
import dev.tandem.resp.RespDecoderLimits;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's link to its master: connects, runs the handshake, the full or partial resync and
 * then the stream, and reconnects when the link breaks — at once after losing an established
 * link, with a bounded backoff after failed attempts ({@link ReconnectBackoff}). One
 * {@link MasterConnection} exists at a time.
 *
 * <p>Where the link is is one {@link LinkState} (Backoff, Connecting, Handshake, Transfer,
 * Streaming, Parked, Stopped); what {@code INFO} and {@code ROLE} say about the link is derived
 * from it. Every change goes through {@link #transition}, which checks it against
 * {@link LinkState#isLegal}, logs it at DEBUG and throws {@link IllegalStateException} on an
 * illegal one.
 *
 * <p><b>Threads.</b> Transitions happen under the link's monitor, from any thread: an attempt's
 * own steps on its channel's event loop, {@link #start()}, {@link #stop()} and {@link #resume()}
 * on the caller's thread, a reconnect on the node's scheduler. {@link #stop()} holds the
 * keyspace write lock as well (always taken before the monitor), so code that reads the state
 * under that lock — the stream applier, the swap of a full sync, a partial resync's set-up —
 * sees {@link LinkState.Stopped} consistently and never changes the data set after
 * {@code stop()} returned. An event of an attempt that is no longer current (the link stopped or
 * parked while the event loop was still reading) is ignored, not an illegal transition.
 *
 * <p>The PSYNC it sends is {@code PSYNC <replid> <offset+1>} when this node has a history of the
 * master's stream (after any successful sync, or when it was a master itself — Redis's
 * "cached master"), {@code PSYNC ? -1} otherwise.
 *
 * <p>Failures are reported once per distinct reason (log line and
 * {@link ReplicationEvent.HandshakeFailed}) while they repeat, so a refused {@code AUTH} or an
 * unreachable master does not flood logs or listeners.
 */
public final class ReplicaLink {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLink.class);

    /** What the next PSYNC asks for. */
    record PsyncTarget(String replid, long offset) {
        static final PsyncTarget FULL_SYNC = new PsyncTarget("?", -1);

        /** {@code PSYNC ? -1}: no history to continue. */
        boolean asksFullSync() {
            return replid.equals("?");
        }
    }

    private final ReplicationContext context;
    private final MasterReplication master;
    private final NodeAddress masterAddress;
    private final String masterName;
    private final ReconnectBackoff backoff;
    /** Guards {@link #state}'s transitions; {@link #awaitUp} waits on it. */
    private final Object monitor = new Object();
    private volatile LinkState state;
    private volatile boolean cachedHistory;
    /** A {@code FAILOVER} hand-off this link carries out (the old master's side), or null. */
    private volatile dev.tandem.replication.internal.failover.FailoverHandshake failover;
    /** Links broken in a row over a command that failed to apply (under the monitor). */
    private int divergences;
    /** When an established link was last lost ({@code master_link_down_since_seconds}); -1: never. */
    private volatile long linkLostAtMillis = -1;
    /** Applies the master's units for every connection of this link (at once, or held when delayed). */
    private final UnitApplier unitApplier;

    /**
     * @param cachedHistory whether this node's history continues its master's (it was a master,
     *     or synced before): PSYNC then asks to continue
     */
    public ReplicaLink(ReplicationContext context, MasterReplication master, NodeAddress masterAddress,
            boolean cachedHistory, ReconnectBackoff backoff) {
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.masterAddress = Objects.requireNonNull(masterAddress, "masterAddress");
        this.masterName = masterAddress instanceof NodeAddress.Tcp ? masterAddress.toString() : masterAddress.host();
        this.cachedHistory = cachedHistory;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.state = LinkState.Backoff.notStarted(context.nowMillis());
        this.unitApplier = new UnitApplier(this);
    }

    UnitApplier unitApplier() {
        return unitApplier;
    }

    /** The current attempt's connection, or null between attempts. */
    MasterConnection currentConnection() {
        return state instanceof AttemptState attempt ? attempt.connection() : null;
    }

    ReplicationContext context() {
        return context;
    }

    /** Set before {@link #start()} by a {@code FAILOVER} hand-off; null otherwise. */
    public void failoverHandshake(dev.tandem.replication.internal.failover.FailoverHandshake handshake) {
        this.failover = handshake;
    }

    /** The hand-off whose {@code PSYNC} must carry {@code FAILOVER}, while it is pending; else null. */
    dev.tandem.replication.internal.failover.FailoverHandshake pendingFailover() {
        dev.tandem.replication.internal.failover.FailoverHandshake f = failover;
        return f != null && f.pending() ? f : null;
    }

    public NodeAddress masterAddress() {
        return masterAddress;
    }

    /** {@code host:port} (or the local endpoint's name), as events and logs name the master. */
    public String masterName() {
        return masterName;
    }

    /** Starts connecting. */
    public void start() {
        context.delay().install(unitApplier);
        log.info("Connecting to MASTER {}", masterName);
        connect();
    }

    /**
     * Stops for good: closes the connection, cancels any pending attempt. Idempotent. Once it
     * returns, nothing of this link touches the data set any more: {@link LinkState.Stopped} is
     * entered under the keyspace write lock, and every mutation of the link (stream units, the
     * swap of a full sync, a partial resync's set-up) checks the state under that lock. The
     * channel itself closes asynchronously on its event loop, which may still be reading bytes
     * of the old master that a new link (REPLICAOF) or a promotion must never see applied.
     */
    public void stop() {
        LinkState before;
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            synchronized (monitor) {
                before = state;
                if (before instanceof LinkState.Stopped) {
                    return;
                }
                transition(new LinkState.Stopped());
            }
            // A delayed replica's pending units belong to this master's history: a promotion
            // starts a history of its own from the applied offset, another master continues
            // from it (docs/delayed-replicas.md: APPLY-UNTIL before REPLICAOF NO ONE).
            context.delay().linkStopped("replication from " + masterName + " stopped (REPLICAOF, promotion or close)");
            context.delay().uninstall(unitApplier);
        } finally {
            lock.unlock();
        }
        if (before instanceof LinkState.Backoff pending) {
            pending.timer().cancel(false);
        } else if (before instanceof AttemptState attempt) {
            attempt.connection().fail("replication to " + masterName + " stopped");
        }
    }

    // ------------------------------------------------------------------ state

    /** The link's state now. */
    LinkState state() {
        return state;
    }

    /** Whether {@link #stop()} was called; read under the keyspace lock to act on it. */
    boolean isStopped() {
        return state instanceof LinkState.Stopped;
    }

    /** Whether the stream flows ({@code master_link_status:up}). */
    public boolean isUp() {
        return state instanceof LinkState.Streaming;
    }

    /**
     * The one place the state changes. The caller holds {@link #monitor} (and may hold the
     * keyspace write lock, taken first).
     *
     * @throws IllegalStateException if {@code next} may not follow the current state
     */
    private void transition(LinkState next) {
        assert Thread.holdsLock(monitor);
        LinkState from = state;
        if (!LinkState.isLegal(from, next)) {
            throw new IllegalStateException("link to " + masterName + ": illegal transition " + from + " -> " + next);
        }
        log.debug("link to {}: {} -> {}", masterName, from, next);
        state = next;
        monitor.notifyAll();
    }

    /**
     * A step of the attempt {@code connection}: transitions to {@code next} if the attempt is
     * still current; returns false (and changes nothing) if the link stopped, parked or moved on
     * meanwhile, which events still in flight on the attempt's event loop may find.
     */
    boolean advance(MasterConnection connection, LinkState next) {
        synchronized (monitor) {
            if (!isCurrent(connection)) {
                log.debug("link to {}: {} ignored, the attempt ended ({})", masterName, next, state);
                return false;
            }
            transition(next);
            return true;
        }
    }

    private boolean isCurrent(MasterConnection connection) {
        return state instanceof AttemptState attempt && attempt.connection() == connection;
    }

    /** The step of {@code connection}'s handshake; empty when it is not in the handshake (any more). */
    Optional<HandshakeStep> handshakeStep(MasterConnection connection) {
        return state instanceof LinkState.Handshake handshake && handshake.connection() == connection
                ? Optional.of(handshake.step()) : Optional.empty();
    }

    /** The db the master's stream has selected (kept across partial resyncs). */
    public int streamDb() {
        return context.streamDb();
    }

    void streamDb(int db) {
        context.streamDb(db);
    }

    /** Whether the next PSYNC asks to continue this node's history (else {@code PSYNC ? -1}). */
    public boolean hasCachedHistory() {
        return cachedHistory;
    }

    /**
     * Closes the current connection (it reconnects as after a lost link); returns whether there
     * was one.
     */
    public boolean dropConnection(String reason) {
        if (state instanceof AttemptState attempt) {
            attempt.connection().fail(reason);
            return true;
        }
        return false;
    }

    /** After a protocol desync the history cannot be trusted: the next PSYNC asks for a full sync. */
    void dropCachedHistory() {
        cachedHistory = false;
    }

    /**
     * A command of {@code conn}'s stream failed on this replica and {@code propagation-error-behavior}
     * says not to go on: the data set may differ from the master's, so the history is dropped
     * (the next PSYNC asks for a full sync) and the connection closed. {@code halt}
     * ({@code panic}): the link parks, no retries, until a {@code REPLICAOF}; otherwise it
     * reconnects after the reconnect backoff for {@link #divergences} breaks in a row, so a
     * master that keeps sending what this replica cannot apply costs a full sync at most every
     * backoff maximum (2 s by default), not a tight loop of full syncs.
     */
    void diverged(MasterConnection conn, String reason, boolean halt) {
        synchronized (monitor) {
            if (conn == null && !isStopped()) {
                // A delayed unit failed while no connection is up: the next sync is a full one,
                // and panic parks the link (its reconnect timer is cancelled).
                cachedHistory = false;
                LinkState before = state;
                if (halt && before instanceof LinkState.Backoff waiting) {
                    transition(new LinkState.Parked(reason));
                    waiting.timer().cancel(false);
                }
                return;
            }
            if (!isCurrent(conn)) {
                return;
            }
            cachedHistory = false;
            divergences++;
            if (halt) {
                transition(new LinkState.Parked(reason));
            } else {
                conn.markDiverged();
            }
        }
        conn.fail(reason);
        if (halt) {
            context.events().emit(new ReplicationEvent.LinkDown(masterName, reason));
        }
    }

    int announcedPort() {
        int announced = context.config().replicaAnnouncePort();
        if (announced != 0) {
            return announced;
        }
        TlsState tls = context.tls();
        if (tls != null && tls.replicationOverTls() && tls.settings().port() != 0) {
            return tls.settings().port(); // Redis announces its tls-port when it replicates over TLS
        }
        NodeAddress listen = context.listenAddress();
        return listen == null ? 0 : listen.port();
    }

    PsyncTarget psyncTarget() {
        if (!cachedHistory) {
            return PsyncTarget.FULL_SYNC;
        }
        ReentrantReadWriteLock.ReadLock lock = context.keyspace().lock().readLock();
        lock.lock();
        try {
            // A delayed replica continues after what it received and kept, not what it applied.
            return new PsyncTarget(context.history().replid().toString(), context.delay().receivedOffset() + 1);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the link is up or the timeout passes; returns whether it is up. */
    public boolean awaitUp(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (monitor) {
            while (!isUp() && !isStopped()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return isUp();
        }
    }

    /** The replica part of {@code INFO replication}, derived from the state. */
    public ReplicationInfo.MasterLink infoLink() {
        ReplicationConfig config = context.config();
        long now = context.nowMillis();
        LinkState s = state;
        boolean up = s instanceof LinkState.Streaming;
        // Redis reports it from its master client, which exists only once the stream flows:
        // -1 during the handshake and the transfer (the transfer has its own last-io field).
        int lastIo = s instanceof LinkState.Streaming streaming && streaming.connection().isActive()
                ? (int) ((now - streaming.connection().lastIoMillis()) / 1000) : -1;
        long received = context.delay().receivedOffset();
        long replOffset = up || cachedHistory ? received : 1;
        long readOffset = s instanceof LinkState.Streaming streaming ? streaming.applier().readOffset() : replOffset;
        ReplicationInfo.SyncProgress progress = s instanceof LinkState.Transfer transfer
                ? transfer.loader().progress(now) : null;
        long lostAt = linkLostAtMillis;
        long downSince = lostAt < 0 ? -1 : (now - lostAt) / 1000;
        var delay = context.delay();
        ReplicationInfo.Delay delayed = delay.inUse()
                ? new ReplicationInfo.Delay(context.backlog().masterReplOffset(), delay.delayMillis(),
                        delay.pendingUnits(), delay.pendingBytes(), delay.applyLagSeconds(), delay.paused(),
                        delay.spilledBytes(), delay.fullSyncsLoadedAtOnce())
                : null;
        return new ReplicationInfo.MasterLink(masterAddress.host(), masterAddress.port(), s.reported(), lastIo,
                readOffset, replOffset, up, progress, downSince, config.replicaPriority(), config.replicaReadOnly(),
                config.replicaAnnounced(), delayed);
    }

    // ------------------------------------------------------------------ connecting

    private void connect() {
        MasterConnection conn = beginAttempt();
        if (conn == null) {
            return;
        }
        ChannelFuture future;
        try {
            TlsState tls = context.tls();
            future = context.transport().connect(masterAddress, tls == null ? conn.initializer()
                    : tls.clientInitializer(conn.initializer(), masterAddress.host(), masterAddress.port()));
        } catch (RuntimeException e) {
            conn.ended("Error condition on socket for SYNC: " + e.getMessage());
            return;
        }
        future.addListener(f -> {
            if (!f.isSuccess()) {
                Throwable cause = f.cause();
                conn.ended("Error condition on socket for SYNC: "
                        + (cause == null ? "cancelled" : cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            }
        });
    }

    /**
     * Backoff (or Parked) → Connecting with a new attempt; null when the link stopped, or when
     * another caller left the state first (two {@link #resume()}s). The caller gives the
     * attempt's {@link MasterConnection#initializer()} to a channel; tests use an embedded one.
     */
    MasterConnection beginAttempt() {
        synchronized (monitor) {
            LinkState s = state;
            FailureStreak streak;
            if (s instanceof LinkState.Backoff waiting) {
                streak = waiting.streak();
            } else if (s instanceof LinkState.Parked) {
                streak = FailureStreak.NONE;
            } else {
                return null;
            }
            MasterConnection conn = new MasterConnection(this, streak);
            transition(new LinkState.Connecting(conn));
            return conn;
        }
    }

    /** A connection ended (any thread): Backoff, report it, and schedule the next attempt. */
    void connectionEnded(MasterConnection conn, String reason) {
        boolean wasUp;
        boolean report;
        long delay;
        synchronized (monitor) {
            if (!isCurrent(conn)) {
                return; // stopped, superseded, or parked (reported when it parked; no retry)
            }
            LinkState ended = state;
            long now = context.nowMillis();
            FailureStreak streak;
            if (ended instanceof LinkState.Streaming) {
                wasUp = true;
                linkLostAtMillis = now;
                if (conn.diverged()) {
                    streak = new FailureStreak(divergences, Optional.empty());
                } else {
                    divergences = 0;
                    streak = FailureStreak.NONE;
                }
                report = true;
            } else if (ended instanceof LinkState.Transfer) {
                wasUp = false;
                streak = conn.streak().transferFailed();
                report = false; // reported as SyncFailed by the loader
            } else {
                wasUp = false;
                report = !conn.streak().repeats(reason);
                streak = conn.streak().handshakeFailed(reason);
            }
            delay = backoff.delayMillis(streak.failures());
            Future<?> timer;
            try {
                timer = context.scheduler().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                transition(LinkState.Backoff.withoutTimer(now, streak));
                return;
            }
            transition(new LinkState.Backoff(now + delay, streak, timer));
        }
        if (wasUp) {
            log.warn("Connection with master {} lost: {}", masterName, reason);
            context.events().emit(new ReplicationEvent.LinkDown(masterName, reason));
        } else if (report) {
            log.warn("MASTER <-> REPLICA sync with {} failed: {} (retrying in {} ms; repeats of this failure are "
                    + "logged at debug level)", masterName, reason, delay);
            context.events().emit(new ReplicationEvent.HandshakeFailed(masterName, reason));
        } else {
            log.debug("MASTER <-> REPLICA sync with {} failed: {} (retrying in {} ms)", masterName, reason, delay);
        }
    }

    // ------------------------------------------------------------------ sync outcomes (event loop)

    /** {@code +FULLRESYNC <replid> <offset>}: Handshake → Transfer; receive and load the snapshot next. */
    void fullResync(MasterConnection conn, ChannelHandlerContext ctx, ReplicationId replid, long offset) {
        FullSyncLoader loader = new FullSyncLoader(conn, replid, offset);
        if (!advance(conn, new LinkState.Transfer(conn, loader))) {
            return;
        }
        ctx.pipeline().addAfter(ctx.name(), MasterConnection.RDB_TRANSFER, new RdbTransferHandler(loader));
        context.events().emit(new ReplicationEvent.SyncStarted(masterName, SyncKind.FULL, offset));
    }

    /**
     * The snapshot loaded completely: swap it in, adopt the master's history, start streaming
     * (Transfer → Streaming); or, when the empty-master guard refuses it, Transfer → Parked.
     */
    void fullSyncLoaded(MasterConnection conn, FullSyncLoader loader) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        FullSyncLoader.Installation installed;
        String parkedReason = null;
        lock.lock();
        try {
            if (!(state instanceof LinkState.Transfer transfer && transfer.loader() == loader)) {
                loader.abandon(); // this link was replaced or the node promoted meanwhile
                return;
            }
            installed = loader.install();
            if (installed instanceof FullSyncLoader.Installation.Committed) {
                // The pending units of a delayed replica belong to the replaced history.
                context.delay().fullSyncLoaded(loader.offset());
            }
            if (installed instanceof FullSyncLoader.Installation.Refused refused) {
                parkedReason = "refused to replace " + refused.localKeys() + " keys with the empty data set of a "
                        + "master whose replication id " + loader.replid() + " is unrelated to this replica's history";
                synchronized (monitor) {
                    transition(new LinkState.Parked(parkedReason));
                }
            }
        } finally {
            lock.unlock();
        }
        if (installed instanceof FullSyncLoader.Installation.Refused refused) {
            refuseEmptyMaster(conn, loader.replid(), refused.localKeys(), parkedReason);
            return;
        }
        int db = ((FullSyncLoader.Installation.Committed) installed).streamDb();
        StreamApplier applier = new StreamApplier(conn, db, loader.offset());
        cachedHistory = true;
        // Sub-replicas followed the replaced data set; they must resync (Redis drops them too).
        master.disconnectAll("the data set was replaced by a full sync from the master");
        installStream(conn, applier);
        log.info("MASTER <-> REPLICA sync: Finished with success ({} keys, {} bytes)", loader.keysLoaded(), loader.bytes());
        if (loader.eofMarked()) {
            conn.sendAck(loader.offset()); // releases the stream on a real master (reference §4.2)
        }
        linkUp(conn, applier, SyncKind.FULL, loader.offset(), loader.keysLoaded(), loader.bytes());
    }

    /**
     * A load that does not keep the old data set beside the new one is about to start on
     * {@code loader}'s behalf: under the keyspace write lock, and only while {@code loader} is this
     * link's current transfer (so a link that stopped or a node that was promoted meanwhile never
     * loses its data), empties the live data set, marks the node loading ({@code -LOADING}), drops
     * the cached history and gives the node a new replication id (nobody may continue the history
     * of the data just dropped: Redis's {@code replicationAttachToNewMaster}) and disconnects the
     * sub-replicas. Returns false when {@code loader} is no longer current.
     */
    boolean flushForLoad(FullSyncLoader loader) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            if (!(state instanceof LinkState.Transfer transfer && transfer.loader() == loader)) {
                return false;
            }
            loader.emptyLiveData();
            context.loadingFromDisk(true);
            cachedHistory = false;
            context.history(context.history().withNewReplid(context.newReplicationId()));
        } finally {
            lock.unlock();
        }
        master.disconnectAll("the data set was flushed to load a full sync from the master");
        return true;
    }

    /**
     * The empty-master guard tripped ({@link EmptyMasterGuard}): the snapshot was discarded and
     * the data set kept, and the link is {@link LinkState.Parked}: it closes the connection and
     * does not retry on its own, because a restarted master soon holds a few new keys and a
     * retry would then wipe this replica all the same. One log line and one event per refusal;
     * {@link #resume()} (CONFIG SET of the directive) or a new REPLICAOF moves on.
     */
    private void refuseEmptyMaster(MasterConnection conn, ReplicationId masterReplid, long localKeys, String reason) {
        log.warn("MASTER <-> REPLICA sync with {}: {} (a master restarted without its data?). Keeping the data set "
                + "and not retrying. To follow this master anyway: CONFIG SET replica-allow-empty-unrelated-master "
                + "yes; to serve writes from this data set: REPLICAOF NO ONE.", masterName, reason);
        context.events().emit(new ReplicationEvent.EmptyMasterRefused(masterName, masterReplid.toString(), localKeys));
        conn.fail(reason);
    }

    /**
     * Retries a parked link now, Parked → Connecting (after {@code replica-allow-empty-unrelated-master}
     * changed, or a {@code REPLICAOF} of this same master); false when the link was not parked.
     */
    public boolean resume() {
        if (!(state instanceof LinkState.Parked)) {
            return false;
        }
        log.info("Connecting to MASTER {} again", masterName);
        connect(); // does nothing if another thread left Parked first
        return true;
    }

    /**
     * {@code +CONTINUE [<replid>]}: the stream continues after our offset (Handshake →
     * Streaming), if {@code asked} — what this attempt's PSYNC asked for — still is the offset.
     */
    void partialResync(MasterConnection conn, ChannelHandlerContext ctx, ReplicationId newReplid, PsyncTarget asked) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        ReplicationBacklog backlog = context.backlog();
        boolean idChanged = false;
        long offset;
        StreamApplier applier;
        lock.lock();
        try {
            // The received offset: a delayed replica's pending units continue as they are.
            offset = context.delay().receivedOffset();
            long applied = backlog.masterReplOffset();
            if (!isCurrent(conn)) {
                return; // replaced or promoted meanwhile; the connection is closing
            }
            if (!asked.asksFullSync() && asked.offset() != offset + 1) {
                // The master continues right after the offset we asked for; its stream applied
                // on a data set that moved since would repeat or skip bytes.
                applier = null;
            } else {
                if (!backlog.isActive()) {
                    backlog.reset(applied);
                }
                if (newReplid != null) {
                    ReplicationHistory before = context.history();
                    ReplicationHistory after = before.continueWith(newReplid, offset);
                    if (after != before) {
                        master.fenceAll(applied);
                        context.history(after);
                        idChanged = true;
                    }
                }
                applier = new StreamApplier(conn, context.streamDb(), offset);
            }
        } finally {
            lock.unlock();
        }
        if (applier == null) {
            conn.fail("the data set moved from offset " + (asked.offset() - 1) + " to " + offset
                    + " during the handshake");
            return;
        }
        if (idChanged) {
            log.info("Master replication ID changed to {}", newReplid);
            master.disconnectAll("the master's replication id changed");
        }
        context.events().emit(new ReplicationEvent.SyncStarted(masterName, SyncKind.PARTIAL, offset));
        installStream(conn, applier);
        linkUp(conn, applier, SyncKind.PARTIAL, offset, 0, 0);
    }

    /** Adds the stream handlers right before the last (error) handler. */
    private static void installStream(MasterConnection conn, StreamApplier applier) {
        ChannelPipeline pipeline = conn.channel().pipeline();
        pipeline.addBefore(MasterConnection.ERRORS, MasterConnection.STREAM_BYTES, applier.byteCounter());
        pipeline.addBefore(MasterConnection.ERRORS, MasterConnection.STREAM_DECODER,
                new RespCommandDecoder(RespDecoderLimits.forMasterLink()));
        pipeline.addBefore(MasterConnection.ERRORS, MasterConnection.STREAM_APPLIER, applier);
    }

    private void linkUp(MasterConnection conn, StreamApplier applier, SyncKind kind, long offset, long keys, long bytes) {
        if (!advance(conn, new LinkState.Streaming(conn, applier))) {
            return; // stopped while the sync completed: nothing to announce
        }
        log.info("MASTER <-> REPLICA sync with {} completed ({}); streaming from offset {}", masterName, kind, offset);
        context.events().emit(new ReplicationEvent.SyncCompleted(masterName, kind, offset, keys, bytes));
        context.events().emit(new ReplicationEvent.LinkUp(masterName));
    }

    /** What this replica received and kept (applied plus pending); exact under the keyspace lock. */
    private long receivedOffset() {
        ReentrantReadWriteLock.ReadLock lock = context.keyspace().lock().readLock();
        lock.lock();
        try {
            return context.delay().receivedOffset();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code REPLDELAY SKIP} dropped a pending unit: this node's history is its own from its
     * applied offset. It takes a new replication id there (as a promotion does: the old id stays
     * valid as replid2 up to that offset), fences and drops its sub-replicas so they learn it, and
     * the link parks — no retries — until a {@code REPLICAOF}. Emits {@code LinkDown}.
     */
    void detach(String reason) {
        LinkState before;
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            long applied = context.backlog().masterReplOffset();
            master.fenceAll(applied);
            context.history(context.history().shiftReplicationId(applied, context::newReplicationId));
            if (!context.backlog().isActive()) {
                context.backlog().reset(applied);
            }
            synchronized (monitor) {
                before = state;
                if (before instanceof LinkState.Stopped || before instanceof LinkState.Parked) {
                    before = null;
                } else {
                    transition(new LinkState.Parked(reason));
                }
            }
        } finally {
            lock.unlock();
        }
        master.disconnectAll("the replica's history became its own (REPLDELAY SKIP): new replication id");
        log.warn("Detached from MASTER {}: {}; new replication id {}", masterName, reason, context.history().replid());
        if (before instanceof LinkState.Backoff pending) {
            pending.timer().cancel(false);
        } else if (before instanceof AttemptState attempt) {
            attempt.connection().fail(reason);
        }
        if (before != null) {
            context.events().emit(new ReplicationEvent.LinkDown(masterName, reason));
        }
    }

    /** Once a second on the node's timer: ACKs, and Redis's three replica-side timeouts (§10). */
    public void cronSecond() {
        if (!(state instanceof AttemptState attempt)) {
            return;
        }
        MasterConnection conn = attempt.connection();
        long timeoutMillis = context.config().replTimeoutSeconds() * 1000L;
        boolean silent = context.nowMillis() - conn.lastIoMillis() > timeoutMillis;
        if (attempt instanceof LinkState.Streaming) {
            if (silent) {
                conn.fail("MASTER timeout: no data nor PING received...");
                return;
            }
            conn.sendAck(receivedOffset());
        } else if (attempt instanceof LinkState.Transfer) {
            if (silent) {
                conn.fail("Timeout receiving bulk data from MASTER... If the problem persists try to set the "
                        + "'repl-timeout' parameter in redis.conf to a larger value.");
            }
        } else if (silent) {
            conn.fail("Timeout connecting to the MASTER...");
        }
    }
}
