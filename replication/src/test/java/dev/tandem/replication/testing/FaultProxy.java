/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy for fault injection: sits between a client (e.g. a replica) and a target
 * (e.g. a master) and can cut, stall, delay or truncate the link, or refuse new connections.
 *
 * <p>Everything runs on one event loop; each control method runs on it and returns after it
 * took effect, so "stall() then write" reliably stalls. Stalling stops reading from the source
 * ({@code autoRead} off, so TCP back-pressure holds the sender) and parks the at most one read
 * batch already in flight; back-pressure from a slow destination is honoured the same way, so
 * the proxy never buffers without bound.
 */
public final class FaultProxy implements AutoCloseable {

    /** Which way bytes flow. */
    public enum Direction {
        /** From the connecting client to the target. */
        UPSTREAM,
        /** From the target back to the client. */
        DOWNSTREAM
    }

    private final InetSocketAddress target;
    private final NioEventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("fault-proxy", true));
    private final EventLoop loop = group.next();
    private final Channel server;

    // State below is touched on the event loop only.
    private final List<Link> links = new ArrayList<>();
    private final Set<Direction> stalled = EnumSet.noneOf(Direction.class);
    private final Map<Direction, Long> truncateAfter = new EnumMap<>(Direction.class);
    private long delayNanos;
    private boolean refusing;

    private final Map<Direction, AtomicLong> forwarded = new EnumMap<>(Direction.class);
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    private FaultProxy(InetSocketAddress target) throws InterruptedException {
        this.target = target;
        for (Direction d : Direction.values()) {
            forwarded.put(d, new AtomicLong());
        }
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    /** Starts a proxy on an ephemeral loopback port in front of {@code target}. */
    public static FaultProxy start(InetSocketAddress target) throws InterruptedException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the fault proxy only forwards to loopback: " + target);
        }
        return new FaultProxy(target);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    // ------------------------------------------------------------------ controls

    /** Closes every current connection, both sides, now. New connections are still accepted. */
    public void cut() {
        onLoop(() -> {
            for (Link link : List.copyOf(links)) {
                link.closeNow();
            }
        });
    }

    /** Stops forwarding in the given directions (both when none given) without closing. */
    public void stall(Direction... directions) {
        Set<Direction> which = directions.length == 0 ? EnumSet.allOf(Direction.class) : EnumSet.of(directions[0], directions);
        onLoop(() -> {
            stalled.addAll(which);
            for (Link link : links) {
                link.updateReading();
            }
        });
    }

    /** Resumes forwarding in the given directions (both when none given), parked bytes first. */
    public void resume(Direction... directions) {
        Set<Direction> which = directions.length == 0 ? EnumSet.allOf(Direction.class) : EnumSet.of(directions[0], directions);
        onLoop(() -> {
            stalled.removeAll(which);
            for (Link link : links) {
                for (Direction d : which) {
                    link.flushParked(d);
                }
                link.updateReading();
            }
        });
    }

    /** Delays every forwarded chunk by {@code delay} (both directions), keeping order. */
    public void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0: " + delay);
        }
        onLoop(() -> delayNanos = delay.toNanos());
    }

    /**
     * Forwards {@code bytes} more bytes in {@code direction}, then closes that connection (both
     * sides). One-shot: once it fired, the direction forwards normally again.
     */
    public void truncateAfter(Direction direction, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
        onLoop(() -> truncateAfter.put(direction, bytes));
    }

    /** While {@code true}, new connections are accepted and reset at once. */
    public void refuse(boolean refuse) {
        onLoop(() -> refusing = refuse);
    }

    // ------------------------------------------------------------------ counters

    /** Bytes forwarded in {@code direction} so far, over all connections. */
    public long bytes(Direction direction) {
        return forwarded.get(direction).get();
    }

    /** Connections accepted and forwarded (refused ones not counted). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    public int connectionsRefused() {
        return refused.get();
    }

    /** Connections currently open through the proxy. */
    public int openConnections() {
        return open.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (!group.isShuttingDown()) {
            cut();
            server.close().sync();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    public boolean isClosed() {
        return group.isTerminated();
    }

    // ------------------------------------------------------------------ internals

    private void onLoop(Runnable action) {
        Callable<Void> call = () -> {
            action.run();
            return null;
        };
        loop.submit(call).syncUninterruptibly();
    }

    private void accept(SocketChannel client) {
        if (refusing) {
            refused.incrementAndGet();
            client.config().setOption(ChannelOption.SO_LINGER, 0); // reset rather than a polite close
            client.close();
            return;
        }
        accepted.incrementAndGet();
        Link link = new Link(client);
        new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new Relay(link, Direction.DOWNSTREAM))
                .connect(target)
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        client.close();
                        return;
                    }
                    link.attach(f.channel());
                });
        client.pipeline().addLast(new Relay(link, Direction.UPSTREAM));
    }

    /** One proxied connection: client channel plus target channel. */
    private final class Link {
        final Channel client;
        Channel upstream;
        final Map<Direction, Queue<ByteBuf>> parked = new EnumMap<>(Direction.class);
        final Map<Direction, Long> lastDueNanos = new EnumMap<>(Direction.class);
        boolean closing;

        Link(Channel client) {
            this.client = client;
            for (Direction d : Direction.values()) {
                parked.put(d, new ArrayDeque<>());
                lastDueNanos.put(d, 0L);
            }
        }

        void attach(Channel upstreamChannel) {
            if (!client.isActive()) {
                upstreamChannel.close();
                return;
            }
            upstream = upstreamChannel;
            links.add(this);
            open.incrementAndGet();
            updateReading();
        }

        Channel source(Direction d) {
            return d == Direction.UPSTREAM ? client : upstream;
        }

        Channel destination(Direction d) {
            return d == Direction.UPSTREAM ? upstream : client;
        }

        /** Reads from a source only when its direction is not stalled and its destination can take more. */
        void updateReading() {
            if (upstream == null || closing) {
                return;
            }
            for (Direction d : Direction.values()) {
                boolean read = !stalled.contains(d) && destination(d).isWritable();
                source(d).config().setAutoRead(read);
            }
        }

        void onRead(Direction d, ByteBuf data) {
            if (closing) {
                data.release();
                return;
            }
            if (stalled.contains(d)) {
                parked.get(d).add(data);
                return;
            }
            forward(d, data);
        }

        void flushParked(Direction d) {
            Queue<ByteBuf> queue = parked.get(d);
            ByteBuf data;
            while (!closing && (data = queue.poll()) != null) {
                forward(d, data);
            }
        }

        private void forward(Direction d, ByteBuf data) {
            boolean closeAfter = false;
            Long limit = truncateAfter.get(d);
            if (limit != null) {
                if (data.readableBytes() >= limit) {
                    ByteBuf head = data.readRetainedSlice((int) (long) limit);
                    data.release();
                    data = head;
                    truncateAfter.remove(d);
                    closeAfter = true;
                } else {
                    truncateAfter.put(d, limit - data.readableBytes());
                }
            }
            forwarded.get(d).addAndGet(data.readableBytes());
            Channel destination = destination(d);
            boolean close = closeAfter;
            ByteBuf payload = data;
            long now = System.nanoTime();
            long due = Math.max(now + delayNanos, lastDueNanos.get(d));
            lastDueNanos.put(d, due);
            Runnable write = () -> {
                if (!destination.isActive()) {
                    payload.release();
                    return;
                }
                destination.writeAndFlush(payload).addListener(f -> {
                    if (close) {
                        closeNow();
                    }
                });
                if (!destination.isWritable()) {
                    updateReading();
                }
            };
            if (due > now) {
                loop.schedule(write, due - now, TimeUnit.NANOSECONDS);
            } else {
                write.run();
            }
            if (close) {
                closing = true; // nothing more is forwarded on this connection
            }
        }

        /** One side went away: close the other after whatever is scheduled for it. */
        void onInactive(Direction sourceDirection) {
            long pendingNanos = Math.max(0, lastDueNanos.get(sourceDirection) - System.nanoTime());
            if (pendingNanos == 0) {
                closeNow();
            } else {
                loop.schedule(this::closeNow, pendingNanos, TimeUnit.NANOSECONDS);
            }
        }

        void closeNow() {
            closing = true;
            if (links.remove(this)) {
                open.decrementAndGet();
            }
            for (Queue<ByteBuf> queue : parked.values()) {
                ByteBuf b;
                while ((b = queue.poll()) != null) {
                    b.release();
                }
            }
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            if (upstream != null) {
                upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** Installed on a source channel; forwards what it reads in one direction. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Link link;
        private final Direction direction;

        Relay(Link link, Direction direction) {
            this.link = link;
            this.direction = direction;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf data) {
                link.onRead(direction, data);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            link.updateReading(); // this channel is the destination of the opposite direction
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            link.onInactive(direction);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            link.closeNow();
        }
    }
}
