/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.core.internal.command.Args;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.replication.spi.StaleCursorException;
import dev.tandem.replication.ReplicaSyncState;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.resp.RespCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica attached to this master, from its {@code PSYNC} to its disconnection: the
 * connection's last handler after the hand-off, its {@link BacklogCursor}, its ACK state and
 * its output-buffer limit.
 *
 * <h2>States</h2>
 * {@code WAIT_BGSAVE} (waiting for a snapshot to start) → {@code SNAPSHOT} (a
 * {@link FullSyncSession} produces the snapshot: streamed to the replica when diskless, spooled
 * to disk otherwise; Redis's {@code WAIT_BGSAVE_END}) → {@code SEND_BULK} (disk form only: the
 * spooled file is being sent) → {@code WAIT_FIRST_ACK} (after an {@code $EOF:} payload nothing
 * may follow until the replica's first {@code REPLCONF ACK}) → {@code ONLINE} (the sender
 * streams from the cursor). A partial resync goes straight to {@code ONLINE}. INFO shows both
 * waiting states as {@code wait_bgsave}, as Redis does.
 *
 * <h2>Threads</h2>
 * Everything that writes stream bytes runs on the channel's event loop; the cursor is opened
 * under the keyspace write lock (at PSYNC or at the snapshot's start) and published through a
 * volatile field. ACK state is volatile so INFO can read it anywhere.
 *
 * <h2>After the hand-off</h2>
 * Only {@code REPLCONF ACK}, {@code REPLCONF GETACK} and bare newlines are accepted from a
 * replica; any other command would produce a reply, and Redis disconnects a replica that makes
 * it reply, so this does too.
 */
final class ReplicaSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSession.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** Largest slice of the backlog written at once. */
    private static final int MAX_SLICE = 64 * 1024;
    private static final byte[] NEWLINE = {'\n'};

    enum State {
        WAIT_BGSAVE(ReplicaSyncState.WAIT_BGSAVE),
        SNAPSHOT(ReplicaSyncState.WAIT_BGSAVE),
        SEND_BULK(ReplicaSyncState.SEND_BULK),
        WAIT_FIRST_ACK(ReplicaSyncState.ONLINE),
        ONLINE(ReplicaSyncState.ONLINE);

        final ReplicaSyncState infoState;

        State(ReplicaSyncState infoState) {
            this.infoState = infoState;
        }
    }

    private final MasterReplication master;
    private final ReplicationContext context;
    private final Channel channel;
    private final PsyncRequest request;
    private final ReplicaCapabilities capabilities;
    private final long id = IDS.incrementAndGet();
    private final String name;
    private final String ip;
    private final OutputBufferLimit.Tracker limitTracker;
    /**
     * What {@link #limitTracker} was last set from: the configured replica limit and the backlog
     * size, both of which {@code CONFIG SET} may change. Event loop only.
     */
    private OutputBufferLimit configuredLimit;
    private long limitBacklogSize;

    private volatile State state = State.WAIT_BGSAVE;
    private volatile long ackOffset;
    private volatile long ackTimeMillis;
    private volatile BacklogCursor cursor;
    /** The last stream offset this replica may receive; see {@link #fence}. */
    private volatile long sendLimit = Long.MAX_VALUE;
    private volatile FullSyncSession fullSync;
    private volatile String closeReason;
    /** Event loop only: whether the sender may write stream bytes. */
    private boolean streaming;
    /**
     * Event loop only: stream bytes read from the cursor but not sent yet because the
     * append-only file has not forced them ({@code appendfsync always}); sent first next time.
     */
    private ByteBuf held;
    /** Set once, on the event loop, under this object's monitor (see {@link #attachCursor}). */
    private volatile boolean cleanedUp;

    ReplicaSession(MasterReplication master, Channel channel, PsyncRequest request, ReplicaCapabilities capabilities) {
        this.master = master;
        this.context = master.context();
        this.channel = channel;
        this.request = request;
        this.capabilities = capabilities;
        this.ip = capabilities.announcedIp().orElseGet(() -> peerHost(channel));
        this.name = ip + ":" + capabilities.listeningPort();
        this.ackTimeMillis = context.nowMillis();
        this.configuredLimit = context.config().replicaOutputBufferLimit();
        this.limitBacklogSize = context.backlog().size();
        this.limitTracker = configuredLimit.effectiveForReplica(limitBacklogSize).newTracker(context.clock());
    }

    private static String peerHost(Channel channel) {
        java.net.SocketAddress remote = channel.remoteAddress();
        if (remote instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(remote);
    }

    // ------------------------------------------------------------------ identity and state

    long id() {
        return id;
    }

    /** {@code ip:listening-port}, as Redis names replicas in its logs. */
    String name() {
        return name;
    }

    Channel channel() {
        return channel;
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    ReplicaCapabilities capabilities() {
        return capabilities;
    }

    PsyncRequest request() {
        return request;
    }

    State state() {
        return state;
    }

    long ackOffset() {
        return ackOffset;
    }

    boolean isOpen() {
        return channel.isActive() && closeReason == null;
    }

    /** Online as INFO and min-replicas count it: streaming, or waiting for the first ACK after the payload. */
    boolean isOnline() {
        return state.infoState == ReplicaSyncState.ONLINE;
    }

    /** Whole seconds since the last ACK (INFO's {@code lag}). */
    long lagSeconds(long nowMillis) {
        return (nowMillis - ackTimeMillis) / 1000;
    }

    /** The INFO row ({@code slaveN:ip=...,port=...,state=...,offset=...,lag=...}). */
    ReplicationInfo.ConnectedReplica infoRow(long nowMillis) {
        long lag = (nowMillis - ackTimeMillis) / 1000;
        return new ReplicationInfo.ConnectedReplica(ip, capabilities.listeningPort(), state.infoState, ackOffset, lag);
    }

    // ------------------------------------------------------------------ set-up (any thread)

    /**
     * Gives the session its cursor; called under the keyspace write lock, at PSYNC (partial) or
     * when a snapshot starts (full), so the cursor starts exactly where the replica's data ends.
     */
    boolean attachCursor(BacklogCursor newCursor) {
        synchronized (this) {
            if (!cleanedUp) {
                this.cursor = newCursor;
                master.wakeup().register(this);
                return true;
            }
        }
        newCursor.close(); // the connection went away meanwhile
        return false;
    }

    /**
     * A {@code REPLCONF ACK} arrived while the payload was still going out as far as this
     * session knew: the completion ({@link #bulkTransferred}) is a task queued after the
     * payload's last write, and the replica's ACK can overtake it. Event loop only.
     */
    private boolean ackedBeforeTransferDone;

    void fullSync(FullSyncSession session) {
        this.fullSync = session;
        this.state = State.SNAPSHOT;
    }

    /** The disk form's spooled snapshot starts going out ({@code send_bulk} in INFO). */
    void sendingBulk() {
        this.state = State.SEND_BULK;
    }

    /** Queued on the event loop after the last payload byte was written. */
    void bulkTransferred(boolean eofMarked) {
        fullSync = null;
        if (cleanedUp) {
            return;
        }
        if (capabilities.rdbOnly()) {
            log.info("Streamed RDB transfer to replica {} succeeded (rdb-only); closing the connection", name);
            close("rdb-only transfer done");
            return;
        }
        ackTimeMillis = context.nowMillis();
        if (eofMarked && ackedBeforeTransferDone) {
            // The replica loaded the payload and acknowledged it before this task ran (it can,
            // the payload's last byte left before this was queued; on a shared event loop it
            // always does): its first ACK is in, start the stream now rather than wait for the
            // next one a second later (issue #14, defect 8).
            log.info("Synchronization with replica {} succeeded", name);
            startStreaming();
        } else if (eofMarked) {
            // Redis marks the replica online but installs its writer only on the first ACK: a
            // real replica would misread stream bytes glued to the EOF mark (reference §4.2).
            state = State.WAIT_FIRST_ACK;
            log.info("Synchronization with replica {} succeeded; waiting for its first ACK", name);
            master.ackReceived(this); // online now: min-replicas counts it
        } else {
            log.info("Synchronization with replica {} succeeded", name);
            startStreaming();
        }
    }

    /**
     * This replica must receive nothing after {@code lastOffset}: the node's replication id
     * changes there (promotion, a {@code +CONTINUE} with a new id), so later bytes belong to a
     * history the replica does not know it is following. Called under the keyspace write lock,
     * before any byte after {@code lastOffset} exists; the session closes once it sent up to
     * there. Redis frees such replicas synchronously; here the close runs on the event loop,
     * and the fence covers the time until then.
     */
    void fence(long lastOffset) {
        sendLimit = lastOffset;
        try {
            channel.eventLoop().execute(this::pump);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the channel's loop is gone: so is the connection
        }
    }

    /** On the event loop: from now on the sender writes the stream from the cursor. */
    void startStreaming() {
        if (cleanedUp || streaming) {
            return;
        }
        state = State.ONLINE;
        streaming = true;
        ackTimeMillis = context.nowMillis();
        BacklogCursor c = cursor;
        context.events().emit(new ReplicationEvent.ReplicaOnline(name, c == null ? 0 : c.position() - 1));
        pump();
        master.ackReceived(this);
    }

    // ------------------------------------------------------------------ the sender

    /**
     * On the event loop: writes committed stream bytes while the channel is writable, then
     * checks the output limit. Called by the wake-up task, on writability changes and by cron.
     */
    void pump() {
        if (cleanedUp) {
            return;
        }
        BacklogCursor c = cursor;
        if (c == null) {
            return;
        }
        if (streaming) {
            try {
                boolean wrote = false;
                boolean fenced = false;
                boolean gated = false;
                while (channel.isWritable()) {
                    ByteBuf slice = held != null ? held : c.readSlice(MAX_SLICE);
                    held = null;
                    if (slice == null) {
                        break;
                    }
                    // Read after the slice: a slice holding bytes appended after a fence (under
                    // the write lock) is guaranteed to see that fence.
                    long limit = sendLimit;
                    long end = c.position() - 1;
                    if (end > limit) {
                        int keep = (int) Math.max(0, slice.readableBytes() - (end - limit));
                        slice.writerIndex(slice.readerIndex() + keep);
                        fenced = true;
                    } else {
                        // appendfsync always: what the file has not forced stays here until the
                        // group commit's fsync passes it and wakes this sender (read after the
                        // slice, as the fence: bytes seen imply their gate is seen).
                        long durable = context.stream().sendableOffset();
                        if (end > durable) {
                            int keep = (int) Math.max(0, slice.readableBytes() - (end - durable));
                            held = slice.retainedSlice(slice.readerIndex() + keep, slice.readableBytes() - keep);
                            slice.writerIndex(slice.readerIndex() + keep);
                            gated = true;
                        }
                    }
                    if (slice.isReadable()) {
                        channel.write(slice, channel.voidPromise());
                        wrote = true;
                    } else {
                        slice.release();
                    }
                    if (fenced || gated) {
                        break;
                    }
                }
                if (wrote) {
                    channel.flush();
                }
                if (fenced) {
                    close("this node's replication id changed at offset " + sendLimit);
                    return;
                }
            } catch (StaleCursorException e) {
                close("the backlog started a new history");
                return;
            }
        }
        checkOutputLimit();
    }

    /**
     * Redis counts the replication bytes the replica has not taken: here, what the cursor still
     * owes plus what sits in the channel. During the snapshot transfer the channel holds
     * snapshot bytes, which Redis does not count (they go through a pipe), so only the cursor.
     */
    private void checkOutputLimit() {
        BacklogCursor c = cursor;
        if (c == null || closeReason != null) {
            return; // closing already: report the limit once
        }
        refreshOutputLimit();
        ByteBuf h = held;
        long used = c.pendingBytes() + (h == null ? 0 : h.readableBytes()) + (streaming ? channelPendingBytes() : 0);
        OutputBufferLimit.Verdict verdict = limitTracker.check(used);
        if (!verdict.disconnect()) {
            return;
        }
        OutputBufferLimit limit = limitTracker.limit();
        String which = verdict == OutputBufferLimit.Verdict.HARD_LIMIT_REACHED
                ? "hard limit " + limit.hardLimitBytes() + " bytes"
                : "soft limit " + limit.softLimitBytes() + " bytes for more than " + limit.softLimitSeconds() + " seconds";
        log.warn("Replica {} (id={}) closed for overcoming of output buffer limits: {} bytes pending reached the {} "
                        + "(client-output-buffer-limit replica {} {} {})",
                name, id, used, which, limit.hardLimitBytes(), limit.softLimitBytes(), limit.softLimitSeconds());
        context.events().emit(new ReplicationEvent.OutputLimitHit(name, which, used));
        close("output buffer limit reached (" + which + ")");
    }

    /** Follows {@code CONFIG SET client-output-buffer-limit} and {@code repl-backlog-size}. */
    private void refreshOutputLimit() {
        OutputBufferLimit configured = context.config().replicaOutputBufferLimit();
        long backlogSize = context.backlog().size();
        if (configured != configuredLimit || backlogSize != limitBacklogSize) {
            configuredLimit = configured;
            limitBacklogSize = backlogSize;
            limitTracker.limit(configured.effectiveForReplica(backlogSize));
        }
    }

        private long channelPendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** On the event loop, once per second: timeouts, keepalives and the soft output limit. */
    void cronCheck(long nowMillis) {
        if (cleanedUp) {
            return;
        }
        State s = state;
        if (s == State.WAIT_BGSAVE) {
            // Presync keepalive: outside the offset, allowed before +FULLRESYNC (reference §4.1).
            channel.writeAndFlush(Unpooled.wrappedBuffer(NEWLINE), channel.voidPromise());
        }
        long timeoutMillis = context.config().replTimeoutSeconds() * 1000L;
        if ((s == State.ONLINE || s == State.WAIT_FIRST_ACK) && !request.legacySync()
                && nowMillis - ackTimeMillis > timeoutMillis) {
            log.warn("Disconnecting timedout replica (streaming sync): {}", name);
            close("timeout: no ACK for more than " + context.config().replTimeoutSeconds() + " seconds");
            return;
        }
        pump();
    }

    // ------------------------------------------------------------------ inbound

    /** Requests that reach the session through the pipeline (a server that does not forward them). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RespCommand command)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        onRequest(command);
    }

    /**
     * A request from the replica after the hand-off, on the event loop: {@code REPLCONF ACK}
     * updates its acknowledged offset (the first one after an {@code $EOF:} payload starts the
     * stream), {@code REPLCONF GETACK} and a repeated {@code PSYNC} are ignored, a bare newline
     * refreshes liveness; anything else needs a reply and gets the replica disconnected.
     */
    void onRequest(RespCommand command) {
        if (command.isEmpty()) {
            ackTimeMillis = context.nowMillis(); // a bare newline refreshes the ACK time
            return;
        }
        String cmd = command.name();
        if (cmd.equals("replconf") && command.argc() >= 2) {
            if (Args.is(command.arg(1), "ack")) {
                onAck(command);
                return;
            }
            if (Args.is(command.arg(1), "getack")) {
                return;
            }
        }
        if (cmd.equals("psync") || cmd.equals("sync")) {
            return; // already a replica: silently ignored, as Redis does
        }
        log.warn("Replica {} generated a reply to command '{}', disconnecting it", name, cmd);
        close("replica sent '" + cmd + "', which would need a reply");
    }

    private void onAck(RespCommand command) {
        if (command.argc() < 3) {
            return;
        }
        Long offset = Args.parseLongStrict(command.arg(2));
        if (offset == null) {
            return; // Redis ignores an unparsable ACK
        }
        if (offset > ackOffset) {
            ackOffset = offset;
        }
        ackTimeMillis = context.nowMillis();
        master.ackReceived(this);
        State s = state;
        if (s == State.WAIT_FIRST_ACK) {
            startStreaming();
        } else if (s == State.SNAPSHOT || s == State.SEND_BULK) {
            // A replica acknowledges only once it loaded the whole payload (neither Redis nor
            // Tandem ACK during a transfer), so this ACK raced ahead of bulkTransferred.
            ackedBeforeTransferDone = true;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        FullSyncSession sync = fullSync;
        if (sync != null) {
            sync.signal();
        }
        if (channel.isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cleanUp();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanUp();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Replica {} connection error", name, cause);
        close(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    /** Closes the connection (any thread); the first reason given is the one reported. */
    void close(String reason) {
        synchronized (this) {
            if (closeReason == null) {
                closeReason = reason;
            }
        }
        channel.close();
    }

    /** Drops the bytes held for the AOF's fsync (on the event loop, which owns them). */
    private void releaseHeld() {
        if (!channel.eventLoop().inEventLoop()) {
            try {
                channel.eventLoop().execute(this::releaseHeld);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                // the loop is gone: nothing reads the buffer any more (a slice of a backlog chunk)
            }
            return;
        }
        ByteBuf h = held;
        held = null;
        if (h != null) {
            h.release();
        }
    }

    private void cleanUp() {
        BacklogCursor c;
        synchronized (this) {
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            c = cursor;
        }
        streaming = false;
        master.wakeup().unregister(this);
        if (c != null) {
            c.close();
        }
        releaseHeld();
        FullSyncSession sync = fullSync;
        if (sync != null) {
            sync.signal();
        }
        String reason;
        synchronized (this) {
            if (closeReason == null) {
                closeReason = "connection closed";
            }
            reason = closeReason;
        }
        master.detached(this, reason);
    }

    /** Bytes of text for a simple-string reply. */
    static ByteBuf line(String text) {
        return Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "ReplicaSession[" + name + ", id=" + id + ", " + state + "]";
    }
}
