/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.transport;

import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.PipelineDecorator;
import dev.tandem.replication.spi.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A transport decorator that injects network faults into the connections it opens: give a
 * replica a {@code FaultInjectingTransport} and its link to the master can be cut, stalled,
 * delayed or slowed down from a test, over TCP or in-JVM channels alike.
 *
 * <pre>{@code
 * FaultInjectingTransport link = FaultInjectingTransport.wrap(new LocalTransport());
 * ReplicatedKeyspace replica = ReplicatedKeyspace.builder().transport(link)
 *         .replicaOf(master.address()).start();
 * link.cut();    // the link goes down and reconnects are refused
 * link.heal();   // the replica reconnects and resumes with a partial resync
 * }</pre>
 *
 * <p>Faults apply to <em>client</em> channels only, the connections this transport opens (a
 * replica's link to its master, a Sentinel follower's connections): those are the links a test
 * means to break, and a node's listener keeps serving its own clients. Listening and accepted
 * channels are the wrapped transport's, untouched. The fault handler sits first in each client
 * pipeline, nearest the network, before any {@link PipelineDecorator} such as TLS.
 *
 * <p>Faults, as the network would produce them:
 * <ul>
 *   <li>{@link #cut()}: every open connection closes at once (bytes in flight are lost) and new
 *       connects fail with "Connection refused" until {@link #heal()}; {@link #disconnect()}
 *       closes the open connections but lets the node reconnect at once.</li>
 *   <li>{@link #stall()}: no byte moves in either direction, the connections stay open, until
 *       {@link #resume()} (or after the given time, {@link #stall(Duration)}).</li>
 *   <li>{@link #delay(Duration)}: every chunk arrives that much later, in each direction, in
 *       order.</li>
 *   <li>{@link #limitBandwidth(long)}: each direction carries at most that many bytes a
 *       second.</li>
 * </ul>
 *
 * <p>Memory stays bounded: a stalled or slowed connection stops reading from the network once
 * {@value #WINDOW_BYTES} bytes wait to be delivered (as a full TCP receive window would), so
 * the sender sees back-pressure (its output buffer grows, as a real master's would) instead of
 * this decorator buffering without bound. Over {@link LocalTransport}, whose channels have no
 * flow control, the bytes a stalled peer keeps writing wait in the channel's own queue.
 * Bytes this side writes while stalled or delayed wait in the fault handler (a replica writes
 * little: acknowledgements).
 *
 * <p>Each control method returns after it took effect on every open connection (it runs on
 * each connection's event loop and waits, at most 5 seconds each), so "stall, then write on
 * the master" reliably stalls. The wrapped transport's event loops and shutdown are this
 * transport's: {@link #close()} closes it.
 */
public final class FaultInjectingTransport implements Transport {

    /**
     * How many received bytes may wait for delivery on one connection before it stops reading:
     * the receive window of this simulated link.
     */
    public static final int WINDOW_BYTES = 1 << 20;

    private static final long CONTROL_WAIT_SECONDS = 5;

    private final Transport delegate;
    private final Set<FaultHandler> handlers = ConcurrentHashMap.newKeySet();

    // The current faults, read by every connection's handler on its own event loop.
    private volatile boolean cut;
    private volatile boolean stalled;
    private volatile long delayNanos;
    private volatile long bytesPerSecond;

    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger connectionsRefused = new AtomicInteger();
    private final AtomicInteger connectionsCut = new AtomicInteger();

    /** The pending automatic resume of {@link #stall(Duration)}; guarded by {@code this}. */
    private ScheduledFuture<?> timedResume;

    private FaultInjectingTransport(Transport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** A fault-injecting transport over {@code delegate}, with no fault active. */
    public static FaultInjectingTransport wrap(Transport delegate) {
        return new FaultInjectingTransport(delegate);
    }

    /** The transport this one decorates. */
    public Transport delegate() {
        return delegate;
    }

    // ------------------------------------------------------------------ controls

    /**
     * Takes the link down: closes every open connection now and refuses new connects until
     * {@link #heal()}. Bytes not yet delivered are lost, as on a broken network.
     */
    public void cut() {
        cut = true;
        forEachConnection(FaultHandler::closeNow);
    }

    /** Closes every open connection now (as a reset would) but lets new connects through. */
    public void disconnect() {
        forEachConnection(FaultHandler::closeNow);
    }

    /** Stops every byte in both directions, connections open, until {@link #resume()} or {@link #heal()}. */
    public void stall() {
        cancelTimedResume();
        stalled = true;
        forEachConnection(FaultHandler::reconsider);
    }

    /**
     * Stalls as {@link #stall()} and resumes by itself after {@code duration} (or earlier, on
     * {@link #resume()} or {@link #heal()}).
     */
    public void stall(Duration duration) {
        requireNonNegative(duration, "stall");
        stall();
        synchronized (this) {
            try {
                timedResume = delegate.ioGroup().next().schedule(this::resumeNoWait, duration.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The transport is shutting down: nothing left to resume.
            }
        }
    }

    /** Ends a stall: bytes held back are delivered first, in order. */
    public void resume() {
        cancelTimedResume();
        stalled = false;
        forEachConnection(FaultHandler::reconsider);
    }

    /** Delivers every chunk {@code delay} later, in each direction, order kept; zero for none. */
    public void delay(Duration delay) {
        requireNonNegative(delay, "delay");
        delayNanos = delay.toNanos();
    }

    /** Carries at most {@code bytesPerSecond} in each direction of each connection; 0 for no limit. */
    public void limitBandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 0 (0 = no limit): " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        forEachConnection(FaultHandler::reconsider);
    }

    /** Ends every fault: no cut, no stall (held bytes delivered), no delay, no bandwidth limit. */
    public void heal() {
        cancelTimedResume();
        cut = false;
        stalled = false;
        delayNanos = 0;
        bytesPerSecond = 0;
        forEachConnection(FaultHandler::reconsider);
    }

    public boolean isCut() {
        return cut;
    }

    public boolean isStalled() {
        return stalled;
    }

    // ------------------------------------------------------------------ counters

    /** Bytes received on this transport's connections so far (before any delay). */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Bytes handed to the network by this transport's connections so far (after any delay). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Connections that were established. */
    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Connects refused because the link was cut. */
    public int connectionsRefused() {
        return connectionsRefused.get();
    }

    /** Open connections closed by {@link #cut()} or {@link #disconnect()}. */
    public int connectionsCut() {
        return connectionsCut.get();
    }

    /** Connections currently open. */
    public int openConnections() {
        return handlers.size();
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public EventLoopGroup acceptorGroup() {
        return delegate.acceptorGroup();
    }

    @Override
    public EventLoopGroup ioGroup() {
        return delegate.ioGroup();
    }

    @Override
    public Class<? extends ServerChannel> serverChannelType() {
        return delegate.serverChannelType();
    }

    @Override
    public Class<? extends Channel> clientChannelType() {
        return delegate.clientChannelType();
    }

    @Override
    public List<PipelineDecorator> decorators() {
        return delegate.decorators();
    }

    @Override
    public SocketAddress toSocketAddress(NodeAddress address) {
        return delegate.toSocketAddress(address);
    }

    @Override
    public NodeAddress address(String host, int port) {
        return delegate.address(host, port);
    }

    @Override
    public NodeAddress defaultListenAddress(String nodeName) {
        return delegate.defaultListenAddress(nodeName);
    }

    @Override
    public NodeAddress toNodeAddress(SocketAddress address) {
        return delegate.toNodeAddress(address);
    }

    @Override
    public ServerBootstrap serverBootstrap(ChannelHandler childHandler) {
        return delegate.serverBootstrap(childHandler);
    }

    @Override
    public ChannelFuture bind(NodeAddress address, ChannelHandler childHandler) {
        return delegate.bind(address, childHandler);
    }

    /**
     * The wrapped transport's client bootstrap, with a fault handler put first in every pipeline
     * (after the wrapped transport's decorators ran, so that it sits nearest the network).
     */
    @Override
    public Bootstrap clientBootstrap(ChannelHandler handler) {
        return delegate.clientBootstrap(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addFirst("tandem-fault-injection", new FaultHandler());
                channel.pipeline().addLast(handler);
            }
        });
    }

    @Override
    public ChannelFuture connect(NodeAddress address, ChannelHandler handler) {
        return clientBootstrap(handler).connect(toSocketAddress(address));
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public void shutdownGracefully() {
        cancelTimedResume();
        delegate.shutdownGracefully();
    }

    @Override
    public boolean shutdownGracefully(Duration timeout) throws InterruptedException {
        cancelTimedResume();
        return delegate.shutdownGracefully(timeout);
    }

    @Override
    public String toString() {
        return "fault-injecting " + delegate;
    }

    // ------------------------------------------------------------------ internals

    private static void requireNonNegative(Duration duration, String what) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be >= 0: " + duration);
        }
    }

    private synchronized void cancelTimedResume() {
        if (timedResume != null) {
            timedResume.cancel(false);
            timedResume = null;
        }
    }

    /** The timed resume, on an event loop: it must not wait for other loops. */
    private void resumeNoWait() {
        synchronized (this) {
            timedResume = null;
        }
        stalled = false;
        for (FaultHandler handler : handlers) {
            handler.execute(handler::reconsider);
        }
    }

    /**
     * Runs {@code action} on every open connection's event loop and waits for each (inline on
     * the caller's own loop), so that a control has taken effect when it returns.
     */
    private void forEachConnection(Consumer<FaultHandler> action) {
        List<Future<?>> pending = new ArrayList<>();
        for (FaultHandler handler : handlers) {
            Future<?> done = handler.execute(() -> action.accept(handler));
            if (done != null) {
                pending.add(done);
            }
        }
        for (Future<?> done : pending) {
            done.awaitUninterruptibly(CONTROL_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static int size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return 0;
    }

    /** A chunk waiting for its time: inbound (no promise) or outbound. */
    private record Pending(Object msg, int bytes, long dueNanos, ChannelPromise promise) { }

    /**
     * One connection's faults. All its state is touched on the channel's event loop only; the
     * transport's settings are read from the volatile fields at each decision.
     */
    private final class FaultHandler extends ChannelDuplexHandler {
        private ChannelHandlerContext ctx;
        private final ArrayDeque<Pending> inbound = new ArrayDeque<>();
        private final ArrayDeque<Pending> outbound = new ArrayDeque<>();
        private long inboundQueuedBytes;
        /** When the last queued chunk of each direction has gone through the bandwidth limit. */
        private long inboundLineFreeAt;
        private long outboundLineFreeAt;
        private ScheduledFuture<?> drainTimer;
        private long drainTimerAt;
        /** Reading was turned off by this handler (not by someone else), so it turns it back on. */
        private boolean readingHeld;
        /** The peer closed while chunks were still delayed: report it after them. */
        private boolean inactiveAfterQueue;
        /** Closed by a cut: what was in flight is lost. */
        private boolean cutting;
        private boolean gone;

        /** Runs {@code task} on this connection's loop; a future to wait on, or null when run inline. */
        Future<?> execute(Runnable task) {
            ChannelHandlerContext c = ctx;
            if (c == null) {
                return null;
            }
            if (c.executor().inEventLoop()) {
                task.run();
                return null;
            }
            try {
                return c.executor().submit(task);
            } catch (RejectedExecutionException e) {
                return null; // the loop is shutting down and the connection with it
            }
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            this.ctx = context;
        }

        @Override
        public void connect(ChannelHandlerContext context, SocketAddress remote, SocketAddress local,
                ChannelPromise promise) {
            if (cut) {
                connectionsRefused.incrementAndGet();
                promise.tryFailure(new ConnectException("Connection refused (link cut by FaultInjectingTransport): " + remote));
                return;
            }
            context.connect(remote, local, promise);
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            connectionsOpened.incrementAndGet();
            handlers.add(this);
            if (cut) { // cut between the connect and now
                context.fireChannelActive();
                closeNow();
                return;
            }
            context.fireChannelActive();
            reconsider();
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            int bytes = size(msg);
            bytesReceived.addAndGet(bytes);
            if (cutting) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (inbound.isEmpty() && !stalled && delayNanos == 0 && bytesPerSecond == 0) {
                context.fireChannelRead(msg);
                return;
            }
            long due = scheduleThrough(bytes, true);
            inbound.add(new Pending(msg, bytes, due, null));
            inboundQueuedBytes += bytes;
            drain();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            if (inbound.isEmpty()) {
                context.fireChannelReadComplete();
            } // else drain() reports read-complete after it delivered the held chunks
        }

        @Override
        public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
            int bytes = size(msg);
            if (cutting) {
                ReferenceCountUtil.release(msg);
                promise.tryFailure(new ClosedChannelException());
                return;
            }
            if (outbound.isEmpty() && !stalled && delayNanos == 0 && bytesPerSecond == 0) {
                bytesSent.addAndGet(bytes);
                context.write(msg, promise);
                return;
            }
            long due = scheduleThrough(bytes, false);
            outbound.add(new Pending(msg, bytes, due, promise));
            drain();
        }

        @Override
        public void flush(ChannelHandlerContext context) {
            if (outbound.isEmpty()) {
                context.flush();
            } // else drain() flushes after it wrote the held chunks
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            handlers.remove(this);
            if (!cutting && !inbound.isEmpty()) {
                // The peer's last bytes are still on their (delayed) way: the close comes after them.
                inactiveAfterQueue = true;
                failOutbound();
                drain();
                return;
            }
            discard();
            context.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext context) {
            handlers.remove(this);
            discard();
        }

        /** When a chunk of {@code bytes} entering now is delivered, given the limit and delay. */
        private long scheduleThrough(int bytes, boolean in) {
            long now = System.nanoTime();
            long rate = bytesPerSecond;
            long start = Math.max(now, in ? inboundLineFreeAt : outboundLineFreeAt);
            long transmit = rate > 0 ? (long) ((double) bytes * 1_000_000_000L / rate) : 0;
            long free = start + transmit;
            if (in) {
                inboundLineFreeAt = free;
            } else {
                outboundLineFreeAt = free;
            }
            return free + delayNanos;
        }

        /** Applies changed settings: delivers what is due, holds or restarts reading. */
        void reconsider() {
            if (!gone) {
                drain();
            }
        }

        void closeNow() {
            if (gone || cutting) {
                return;
            }
            connectionsCut.incrementAndGet();
            cutting = true;
            discard();
            ctx.close();
        }

        /** Delivers every held chunk whose time has come (none while stalled), then plans the next. */
        private void drain() {
            if (gone) {
                return;
            }
            if (!stalled) {
                long now = System.nanoTime();
                boolean delivered = false;
                Pending p;
                while (!stalled && !gone && (p = inbound.peek()) != null && p.dueNanos() <= now) {
                    inbound.poll();
                    inboundQueuedBytes -= p.bytes();
                    ctx.fireChannelRead(p.msg());
                    delivered = true;
                }
                if (delivered && !gone) {
                    ctx.fireChannelReadComplete();
                }
                boolean wrote = false;
                while (!stalled && !gone && (p = outbound.peek()) != null && p.dueNanos() <= now) {
                    outbound.poll();
                    bytesSent.addAndGet(p.bytes());
                    ctx.write(p.msg(), p.promise());
                    wrote = true;
                }
                if (wrote && !gone) {
                    ctx.flush();
                }
                if (inactiveAfterQueue && inbound.isEmpty() && !gone) {
                    discard();
                    ctx.fireChannelInactive();
                    return;
                }
            }
            if (gone) {
                return;
            }
            planNextDrain();
            holdOrResumeReading();
        }

        private void planNextDrain() {
            if (stalled) {
                return; // resume() or heal() drains again
            }
            long next = Long.MAX_VALUE;
            if (!inbound.isEmpty()) {
                next = inbound.peek().dueNanos();
            }
            if (!outbound.isEmpty()) {
                next = Math.min(next, outbound.peek().dueNanos());
            }
            if (next == Long.MAX_VALUE || (drainTimer != null && drainTimerAt <= next)) {
                return;
            }
            if (drainTimer != null) {
                drainTimer.cancel(false);
            }
            drainTimerAt = next;
            drainTimer = ctx.executor().schedule(() -> {
                drainTimer = null;
                drain();
            }, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        /** Stops reading from the network while stalled or while a window's worth is held. */
        private void holdOrResumeReading() {
            Channel channel = ctx.channel();
            boolean hold = stalled || inboundQueuedBytes >= WINDOW_BYTES;
            if (hold && channel.config().isAutoRead()) {
                channel.config().setAutoRead(false);
                readingHeld = true;
            } else if (!hold && readingHeld) {
                readingHeld = false;
                channel.config().setAutoRead(true);
            }
        }

        private void failOutbound() {
            Pending p;
            while ((p = outbound.poll()) != null) {
                ReferenceCountUtil.release(p.msg());
                p.promise().tryFailure(new ClosedChannelException());
            }
        }

        /** Drops everything held: the connection is gone. */
        private void discard() {
            gone = gone || cutting || !ctx.channel().isActive();
            if (drainTimer != null) {
                drainTimer.cancel(false);
                drainTimer = null;
            }
            Pending p;
            while ((p = inbound.poll()) != null) {
                ReferenceCountUtil.release(p.msg());
            }
            inboundQueuedBytes = 0;
            failOutbound();
        }
    }
}
