/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection attempt of a {@link ReplicaLink} to its master, from connect to close: the
 * channel, the time of its last received byte (for Redis's handshake, transfer and link
 * timeouts), the failure streak it started with, and why it ended. How far the attempt got is
 * not kept here: it is the link's {@link LinkState} while the attempt is current. Its pipeline is
 * {@code [transport decorations] io → handshake}, later {@code io → rdb-transfer}, and finally
 * {@code io → stream-bytes → stream-decoder → stream-applier}.
 */
final class MasterConnection {

    /** Pipeline names. Protocol handlers are added before {@link #ERRORS}, which stays last. */
    static final String HANDSHAKE = "handshake";
    static final String RDB_TRANSFER = "rdb-transfer";
    static final String STREAM_BYTES = "stream-bytes";
    static final String STREAM_DECODER = "stream-decoder";
    static final String STREAM_APPLIER = "stream-applier";
    static final String ERRORS = "errors";

    private final ReplicaLink link;
    private final ReplicationContext context;
    private final FailureStreak streak;
    /** Set once by the transport when the channel exists (connecting may fail before that). */
    private volatile Channel channel;
    private volatile long lastIoMillis;
    /** The first reason given to end this attempt; kept for the report of its end. */
    private volatile String closeReason;
    private boolean ended;

    MasterConnection(ReplicaLink link, FailureStreak streak) {
        this.link = link;
        this.context = link.context();
        this.streak = Objects.requireNonNull(streak, "streak");
        this.lastIoMillis = context.nowMillis();
    }

    ReplicaLink link() {
        return link;
    }

    ReplicationContext context() {
        return context;
    }

    Channel channel() {
        return channel;
    }

    /** Whether the channel exists and is open. */
    boolean isActive() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** The attempts that had failed in a row when this one began. */
    /** Set when the stream applier broke this connection over a command it could not apply. */
    private volatile boolean diverged;

    void markDiverged() {
        diverged = true;
    }

    boolean diverged() {
        return diverged;
    }

    FailureStreak streak() {
        return streak;
    }

    long lastIoMillis() {
        return lastIoMillis;
    }

    /** Why this attempt is ending, once {@link #fail} was called or the channel closed. */
    Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /** The pipeline set-up for a new connection. */
    ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                channel = ch;
                ch.pipeline().addLast("io", new IoTracker());
                ch.pipeline().addLast(HANDSHAKE, new HandshakeHandler(MasterConnection.this));
                ch.pipeline().addLast(ERRORS, new ErrorHandler());
            }
        };
    }

    /** Ends the connection for {@code reason} (any thread); the first reason given is kept. */
    void fail(String reason) {
        synchronized (this) {
            if (closeReason == null) {
                closeReason = reason;
            }
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        } else {
            ended(reason);
        }
    }

    /** The connection attempt failed before a channel existed, or the channel closed. */
    void ended(String fallbackReason) {
        String reason;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (closeReason == null) {
                closeReason = fallbackReason;
            }
            reason = closeReason;
        }
        link.connectionEnded(this, reason);
    }

    /** Writes {@code REPLCONF ACK <offset>} (any thread). */
    void sendAck(long offset) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return;
        }
        ByteBuf out = ch.alloc().buffer(64);
        RespWriter.writeCommand(out, "REPLCONF".getBytes(StandardCharsets.US_ASCII), "ACK".getBytes(StandardCharsets.US_ASCII),
                Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
        ch.writeAndFlush(out, ch.voidPromise());
    }

    /** First handler: notes when bytes arrive and reports the end of the connection. */
    private final class IoTracker extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            lastIoMillis = context.nowMillis();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended("connection closed by the master");
            ctx.fireChannelInactive();
        }
    }

    /** Last handler: any error of the protocol handlers ends the connection. */
    private final class ErrorHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg); // nothing is expected to get here
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Out of memory while loading or applying the master's data: retrying would run out
            // again (a full-sync loop), and what was half applied is unknown, so the node stops.
            context.fatalErrors().report(cause);
            fail(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
    }
}
