package dev.tandem.replication.internal.replica;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.sync.RdbTransferHandler;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.resp.RespCommandDecoder;
import dev.tandem.resp.RespDecoderLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
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
    record PsyncTarget(String replid, long offset) { }

    private final ReplicationContext context;
    private final MasterReplication master;
    private final NodeAddress masterAddress;
    private final String masterName;
    private final ReconnectBackoff backoff;
    private final Object monitor = new Object();
    private volatile MasterConnection current;
    private volatile boolean cachedHistory;
    private volatile boolean stopped;
    private volatile long linkDownSinceMillis = -1;
    /** Why the link stopped retrying on its own (an empty unrelated master), or null. */
    private volatile String parkedReason;
    private int consecutiveFailures;
    private String lastFailureReason;
    private ScheduledFuture<?> reconnect;

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
    }

    ReplicationContext context() {
        return context;
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
        log.info("Connecting to MASTER {}", masterName);
        connect();
    }

    /**
     * Stops for good: closes the connection, cancels any pending attempt. Idempotent. Once it
     * returns, nothing of this link touches the data set any more: the flag is set under the
     * keyspace write lock, and every mutation of the link (stream units, the swap of a full
     * sync, a partial resync's set-up) checks it under that lock. The channel itself closes
     * asynchronously on its event loop, which may still be reading bytes of the old master that
     * a new link (REPLICAOF) or a promotion must never see applied.
     */
    public void stop() {
        MasterConnection conn;
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            synchronized (monitor) {
                stopped = true;
                if (reconnect != null) {
                    reconnect.cancel(false);
                }
                conn = current;
                current = null;
                monitor.notifyAll();
            }
        } finally {
            lock.unlock();
        }
        if (conn != null) {
            conn.fail("replication to " + masterName + " stopped");
        }
    }

    // ------------------------------------------------------------------ state

    /** Whether {@link #stop()} was called; read under the keyspace lock to act on it. */
    boolean isStopped() {
        return stopped;
    }

    /** The phase of the current connection, {@link LinkPhase#CONNECT} between attempts. */
    public LinkPhase phase() {
        MasterConnection conn = current;
        return conn == null ? LinkPhase.CONNECT : conn.phase();
    }

    /** Whether the stream flows ({@code master_link_status:up}). */
    public boolean isUp() {
        return phase() == LinkPhase.CONNECTED;
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
        MasterConnection conn = current;
        if (conn == null) {
            return false;
        }
        conn.fail(reason);
        return true;
    }

    /** After a protocol desync the history cannot be trusted: the next PSYNC asks for a full sync. */
    void dropCachedHistory() {
        cachedHistory = false;
    }

    int announcedPort() {
        int announced = context.config().replicaAnnouncePort();
        if (announced != 0) {
            return announced;
        }
        NodeAddress listen = context.listenAddress();
        return listen == null ? 0 : listen.port();
    }

    PsyncTarget psyncTarget() {
        if (!cachedHistory) {
            return new PsyncTarget("?", -1);
        }
        ReentrantReadWriteLock.ReadLock lock = context.keyspace().lock().readLock();
        lock.lock();
        try {
            return new PsyncTarget(context.history().replid().toString(), context.backlog().masterReplOffset() + 1);
        } finally {
            lock.unlock();
        }
    }

    void phaseChanged(MasterConnection conn) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Waits until the link is up or the timeout passes; returns whether it is up. */
    public boolean awaitUp(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (monitor) {
            while (!isUp() && !stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return isUp();
        }
    }

    /** The replica part of {@code INFO replication}. */
    public ReplicationInfo.MasterLink infoLink() {
        ReplicationConfig config = context.config();
        long now = context.nowMillis();
        MasterConnection conn = current;
        LinkPhase phase = conn == null ? LinkPhase.CONNECT : conn.phase();
        Channel channel = conn == null ? null : conn.channel();
        // Redis reports it from its master client, which exists only once the stream flows:
        // -1 during the handshake and the transfer (the transfer has its own last-io field).
        int lastIo = phase == LinkPhase.CONNECTED && channel != null && channel.isActive()
                ? (int) ((now - conn.lastIoMillis()) / 1000) : -1;
        boolean up = phase == LinkPhase.CONNECTED;
        long applied = context.backlog().masterReplOffset();
        StreamApplier applier = conn == null ? null : conn.applier();
        long replOffset = up || cachedHistory ? applied : 1;
        long readOffset = up && applier != null ? applier.readOffset() : replOffset;
        ReplicationInfo.SyncProgress progress = null;
        if (phase == LinkPhase.TRANSFER) {
            FullSyncLoader loader = conn.loader();
            progress = loader != null ? loader.progress(now) : new ReplicationInfo.SyncProgress(0, 0, 0);
        }
        long downSince = linkDownSinceMillis < 0 ? -1 : (now - linkDownSinceMillis) / 1000;
        return new ReplicationInfo.MasterLink(masterAddress.host(), masterAddress.port(), phase.reported(), lastIo,
                readOffset, replOffset, up, progress, downSince, config.replicaPriority(), config.replicaReadOnly(),
                config.replicaAnnounced());
    }

    // ------------------------------------------------------------------ connecting

    private void connect() {
        MasterConnection conn = beginAttempt();
        if (conn == null) {
            return;
        }
        ChannelFuture future;
        try {
            future = context.transport().connect(masterAddress, conn.initializer());
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
     * Registers a new attempt as the current connection (null once stopped). The caller gives
     * its {@link MasterConnection#initializer()} to a channel; tests use an embedded one.
     */
    MasterConnection beginAttempt() {
        synchronized (monitor) {
            if (stopped) {
                return null;
            }
            MasterConnection conn = new MasterConnection(this);
            current = conn;
            monitor.notifyAll();
            return conn;
        }
    }

    /** A connection ended (any thread): report it and schedule the next attempt. */
    void connectionEnded(MasterConnection conn, String reason) {
        boolean wasUp;
        boolean report;
        long delay;
        synchronized (monitor) {
            if (conn != current) {
                return; // stopped, or superseded
            }
            current = null;
            wasUp = conn.reachedStream();
            if (parkedReason != null) {
                monitor.notifyAll();
                return; // reported when it parked; no retry
            }
            if (wasUp) {
                linkDownSinceMillis = context.nowMillis();
                consecutiveFailures = 0;
                lastFailureReason = null;
                report = true;
            } else {
                consecutiveFailures++;
                // A failed transfer was reported as SyncFailed already; handshake failures are
                // reported once per distinct reason.
                report = !conn.reachedTransfer() && !reason.equals(lastFailureReason);
                if (!conn.reachedTransfer()) {
                    lastFailureReason = reason;
                }
            }
            delay = backoff.delayMillis(consecutiveFailures);
            monitor.notifyAll();
            if (stopped) {
                return;
            }
            try {
                reconnect = context.scheduler().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                return;
            }
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

    /** {@code +FULLRESYNC <replid> <offset>}: receive and load the snapshot next. */
    void fullResync(MasterConnection conn, ChannelHandlerContext ctx, ReplicationId replid, long offset) {
        FullSyncLoader loader = new FullSyncLoader(conn, replid, offset);
        conn.loader(loader);
        ctx.pipeline().addAfter(ctx.name(), MasterConnection.RDB_TRANSFER, new RdbTransferHandler(loader));
        conn.phase(LinkPhase.TRANSFER);
        context.events().emit(new ReplicationEvent.SyncStarted(masterName, SyncKind.FULL, offset));
    }

    /** The snapshot loaded completely: swap it in, adopt the master's history, start streaming. */
    void fullSyncLoaded(MasterConnection conn, FullSyncLoader loader) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        int db = loader.streamDb().orElse(0);
        if (db < 0 || db >= context.keyspace().databaseCount()) {
            db = 0;
        }
        StreamApplier applier;
        long refusedLocalKeys = -1;
        lock.lock();
        try {
            if (stopped) {
                loader.builder().discard(); // this link was replaced or the node promoted meanwhile
                return;
            }
            long localKeys = localKeys();
            if (EmptyMasterGuard.refuses(context.allowEmptyUnrelatedMaster(), localKeys, loader.builder().size(),
                    loader.replid(), context.history())) {
                refusedLocalKeys = localKeys;
                loader.builder().discard();
                applier = null;
            } else {
                loader.builder().commit();
                context.history(context.history().adoptMaster(loader.replid()));
                context.backlog().reset(loader.offset());
                applier = new StreamApplier(conn, db, loader.offset());
            }
        } finally {
            lock.unlock();
        }
        if (applier == null) {
            refuseEmptyMaster(conn, loader.replid(), refusedLocalKeys);
            return;
        }
        cachedHistory = true;
        // Sub-replicas followed the replaced data set; they must resync (Redis drops them too).
        master.disconnectAll("the data set was replaced by a full sync from the master");
        installStream(conn, applier);
        log.info("MASTER <-> REPLICA sync: Finished with success ({} keys, {} bytes)", loader.keysLoaded(), loader.bytes());
        if (loader.eofMarked()) {
            conn.sendAck(loader.offset()); // releases the stream on a real master (reference §4.2)
        }
        linkUp(conn, SyncKind.FULL, loader.offset(), loader.keysLoaded(), loader.bytes());
    }

    /** Keys in every database; under the keyspace lock. */
    private long localKeys() {
        long keys = 0;
        for (int i = 0; i < context.keyspace().databaseCount(); i++) {
            keys += context.keyspace().database(i).size();
        }
        return keys;
    }

    /**
     * The empty-master guard tripped ({@link EmptyMasterGuard}): the snapshot was discarded and
     * the data set kept. The link parks: it closes the connection and does not retry on its own,
     * because a restarted master soon holds a few new keys and a retry would then wipe this
     * replica all the same. One log line and one event per refusal; {@link #resume()} (CONFIG
     * SET of the directive) or a new REPLICAOF moves on.
     */
    private void refuseEmptyMaster(MasterConnection conn, ReplicationId masterReplid, long localKeys) {
        String reason = "refused to replace " + localKeys + " keys with the empty data set of a master whose "
                + "replication id " + masterReplid + " is unrelated to this replica's history";
        synchronized (monitor) {
            parkedReason = reason;
        }
        log.warn("MASTER <-> REPLICA sync with {}: {} (a master restarted without its data?). Keeping the data set "
                + "and not retrying. To follow this master anyway: CONFIG SET replica-allow-empty-unrelated-master "
                + "yes; to serve writes from this data set: REPLICAOF NO ONE.", masterName, reason);
        context.events().emit(new ReplicationEvent.EmptyMasterRefused(masterName, masterReplid.toString(), localKeys));
        conn.fail(reason);
    }

    /** Whether the link stopped retrying after refusing an empty unrelated master. */
    public boolean isParked() {
        return parkedReason != null;
    }

    /** Retries a parked link now (e.g. after {@code replica-allow-empty-unrelated-master} changed). */
    public void resume() {
        synchronized (monitor) {
            if (parkedReason == null || stopped || current != null) {
                return;
            }
            parkedReason = null;
        }
        log.info("Connecting to MASTER {} again", masterName);
        connect();
    }

    /** {@code +CONTINUE [<replid>]}: the stream continues after our offset. */
    void partialResync(MasterConnection conn, ChannelHandlerContext ctx, ReplicationId newReplid) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        ReplicationBacklog backlog = context.backlog();
        boolean idChanged = false;
        long offset;
        StreamApplier applier;
        lock.lock();
        try {
            offset = backlog.masterReplOffset();
            if (stopped) {
                return; // replaced or promoted meanwhile; the connection is closing
            }
            PsyncTarget asked = conn.psyncTarget();
            if (asked != null && asked.offset() != offset + 1) {
                // The master continues right after the offset we asked for; its stream applied
                // on a data set that moved since would repeat or skip bytes.
                applier = null;
            } else {
                if (!backlog.isActive()) {
                    backlog.reset(offset);
                }
                if (newReplid != null) {
                    ReplicationHistory before = context.history();
                    ReplicationHistory after = before.continueWith(newReplid, offset);
                    if (after != before) {
                        master.fenceAll(offset);
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
            conn.fail("the data set moved from offset " + (conn.psyncTarget().offset() - 1) + " to " + offset
                    + " during the handshake");
            return;
        }
        if (idChanged) {
            log.info("Master replication ID changed to {}", newReplid);
            master.disconnectAll("the master's replication id changed");
        }
        context.events().emit(new ReplicationEvent.SyncStarted(masterName, SyncKind.PARTIAL, offset));
        installStream(conn, applier);
        linkUp(conn, SyncKind.PARTIAL, offset, 0, 0);
    }

    /** Adds the stream handlers right before the last (error) handler. */
    private void installStream(MasterConnection conn, StreamApplier applier) {
        ChannelPipeline pipeline = conn.channel().pipeline();
        pipeline.addBefore(MasterConnection.ERRORS, MasterConnection.STREAM_BYTES, applier.byteCounter());
        pipeline.addBefore(MasterConnection.ERRORS, MasterConnection.STREAM_DECODER,
                new RespCommandDecoder(RespDecoderLimits.forMasterLink()));
        pipeline.addBefore(MasterConnection.ERRORS, MasterConnection.STREAM_APPLIER, applier);
        conn.applier(applier);
    }

    private void linkUp(MasterConnection conn, SyncKind kind, long offset, long keys, long bytes) {
        synchronized (monitor) {
            consecutiveFailures = 0;
            lastFailureReason = null;
        }
        conn.phase(LinkPhase.CONNECTED);
        log.info("MASTER <-> REPLICA sync with {} completed ({}); streaming from offset {}", masterName, kind, offset);
        context.events().emit(new ReplicationEvent.SyncCompleted(masterName, kind, offset, keys, bytes));
        context.events().emit(new ReplicationEvent.LinkUp(masterName));
    }

    /** Once a second on the node's timer: ACKs and timeouts of the current connection. */
    public void cronSecond() {
        MasterConnection conn = current;
        if (conn != null) {
            conn.cronSecond(context.nowMillis());
        }
    }
}
