package dev.tandem.replication.internal.replica;

import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.nio.charset.StandardCharsets;

/**
 * One connection attempt of a {@link ReplicaLink} to its master, from connect to close: the
 * channel, the phase it reached, the time of its last received byte (for Redis's handshake,
 * transfer and link timeouts), and why it ended. Its pipeline is
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
    private volatile Channel channel;
    private volatile LinkPhase phase = LinkPhase.CONNECTING;
    private volatile long lastIoMillis;
    private volatile String closeReason;
    private volatile boolean reachedStream;
    private volatile boolean reachedTransfer;
    private volatile StreamApplier applier;
    private volatile FullSyncLoader loader;
    private volatile ReplicaLink.PsyncTarget psyncTarget;
    private boolean ended;

    MasterConnection(ReplicaLink link) {
        this.link = link;
        this.context = link.context();
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

    LinkPhase phase() {
        return phase;
    }

    void phase(LinkPhase next) {
        this.phase = next;
        if (next == LinkPhase.CONNECTED) {
            reachedStream = true;
        } else if (next == LinkPhase.TRANSFER) {
            reachedTransfer = true;
        }
        link.phaseChanged(this);
    }

    boolean reachedStream() {
        return reachedStream;
    }

    /** Whether the handshake succeeded and a full sync's transfer began (its failure is a SyncFailed). */
    boolean reachedTransfer() {
        return reachedTransfer;
    }

    long lastIoMillis() {
        return lastIoMillis;
    }

    StreamApplier applier() {
        return applier;
    }

    void applier(StreamApplier applier) {
        this.applier = applier;
    }

    /** What this connection's PSYNC asked for (null before it was sent). */
    ReplicaLink.PsyncTarget psyncTarget() {
        return psyncTarget;
    }

    void psyncTarget(ReplicaLink.PsyncTarget target) {
        this.psyncTarget = target;
    }

    FullSyncLoader loader() {
        return loader;
    }

    void loader(FullSyncLoader loader) {
        this.loader = loader;
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
        FullSyncLoader l = loader;
        if (l != null) {
            l.connectionClosed(reason);
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

    /** Once a second on the timer thread: ACKs and Redis's three replica-side timeouts (§10). */
    void cronSecond(long nowMillis) {
        LinkPhase p = phase;
        long timeoutMillis = context.config().replTimeoutSeconds() * 1000L;
        boolean silent = nowMillis - lastIoMillis > timeoutMillis;
        if (p == LinkPhase.CONNECTED) {
            if (silent) {
                fail("MASTER timeout: no data nor PING received...");
                return;
            }
            sendAck(context.backlog().masterReplOffset());
        } else if (p == LinkPhase.TRANSFER) {
            if (silent) {
                fail("Timeout receiving bulk data from MASTER... If the problem persists try to set the "
                        + "'repl-timeout' parameter in redis.conf to a larger value.");
            }
        } else if (silent) {
            fail("Timeout connecting to the MASTER...");
        }
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
            fail(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
    }
}
