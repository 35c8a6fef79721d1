/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sentinel;

import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.Transport;
import dev.tandem.resp.RespArray;
import dev.tandem.resp.RespBulkString;
import dev.tandem.resp.RespDecoderLimits;
import dev.tandem.resp.RespFrame;
import dev.tandem.resp.RespFrameDecoder;
import dev.tandem.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the master of one Sentinel-monitored group, as Sentinel clients do: it asks
 * {@code SENTINEL get-master-addr-by-name <name>} of each sentinel in turn until one answers,
 * keeps a subscription to {@code +switch-master} (and the leader's earlier
 * {@code +promoted-slave}) on one sentinel (moving to the next when that
 * connection goes away), and asks again after every (re)subscription — a message published
 * while no subscription existed is not lost — and every {@code refreshMillis}, in case one was
 * missed anyway. Every answer goes to the {@link MasterSink}, which ignores repeats.
 *
 * <p>The subscription's states: {@code IDLE} (not started, or waiting to
 * retry), {@code CONNECTING} (connected, {@code SUBSCRIBE} sent),
 * {@code SUBSCRIBED}, {@code CLOSED} (for good). Questions
 * use short connections of their own: a RESP2 connection in subscribed mode cannot ask.
 */
public final class SentinelFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentinelFollower.class);
    private static final String CHANNEL = "+switch-master";
    /**
     * Published by the sentinel leading a failover as soon as the chosen replica reports the
     * master role — seconds before {@code +switch-master}, while the old master may still
     * stream (Sentinel's hellos are PUBLISHes) past the point where the new master's history
     * forked. Following then keeps a partial resync possible, as Sentinel's own
     * {@code SLAVEOF} to the announced replicas does.
     */
    private static final String PROMOTED = "+promoted-slave";
    /** Replies from a sentinel are small; a misbehaving peer must not make us allocate much. */
    private static final RespDecoderLimits LIMITS =
            new RespDecoderLimits(64 * 1024, 1024, 64 * 1024, 8, false, false);
    static final long RETRY_MILLIS = 1000;

    /** Where a sentinel says the master is. */
    public interface MasterSink {
        void masterIs(String host, int port);
    }

    enum SubscriptionState { IDLE, CONNECTING, SUBSCRIBED, CLOSED }

    private final String masterName;
    private final List<NodeAddress> sentinels;
    private final Transport transport;
    private final ScheduledExecutorService scheduler;
    private final MasterSink sink;
    private final long refreshMillis;

    private SubscriptionState state = SubscriptionState.IDLE;
    /** The sentinel the subscription uses (or tries next). */
    private int current;
    private Channel subscription;
    private ScheduledFuture<?> refresh;

    public SentinelFollower(String masterName, List<NodeAddress> sentinels, Transport transport,
            ScheduledExecutorService scheduler, MasterSink sink, long refreshMillis) {
        this.masterName = Objects.requireNonNull(masterName, "masterName");
        this.sentinels = List.copyOf(sentinels);
        if (this.sentinels.isEmpty()) {
            throw new IllegalArgumentException("at least one sentinel is needed");
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.refreshMillis = refreshMillis;
    }

    /**
     * Asks the sentinels in turn, from the first; completes with {@code [host, port]} from the
     * first that knows the master, or null when none does (all down, or the name unknown).
     */
    public CompletableFuture<String[]> ask() {
        return askFrom(0);
    }

    private CompletableFuture<String[]> askFrom(int i) {
        if (i >= sentinels.size()) {
            return CompletableFuture.completedFuture(null);
        }
        NodeAddress sentinel = sentinels.get(i);
        return query(sentinel, "SENTINEL", "get-master-addr-by-name", masterName)
                .handle((reply, error) -> {
                    String[] addr = error == null ? hostPort(reply) : null;
                    if (addr == null) {
                        log.debug("Sentinel {} does not name master {}: {}", sentinel, masterName,
                                error != null ? error.toString() : reply);
                    }
                    return addr;
                })
                .thenCompose(addr -> addr != null ? CompletableFuture.completedFuture(addr) : askFrom(i + 1));
    }

    /** Starts the subscription and the periodic question. */
    public synchronized void start() {
        if (state != SubscriptionState.IDLE) {
            return;
        }
        subscribe();
        if (refreshMillis > 0) {
            refresh = scheduler.scheduleWithFixedDelay(this::askAndTell, refreshMillis, refreshMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void askAndTell() {
        ask().thenAccept(addr -> {
            if (addr != null && !isClosed()) {
                tell(addr[0], addr[1]);
            }
        });
    }

    private void tell(String host, String port) {
        try {
            sink.masterIs(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            log.warn("Sentinel named master {} at {}:{}, not a port", masterName, host, port);
        } catch (RuntimeException e) {
            log.warn("Following master {} at {}:{} failed", masterName, host, port, e);
        }
    }

    private synchronized boolean isClosed() {
        return state == SubscriptionState.CLOSED;
    }

    private synchronized void subscribe() {
        if (state == SubscriptionState.CLOSED) {
            return;
        }
        state = SubscriptionState.CONNECTING;
        NodeAddress sentinel = sentinels.get(current);
        ChannelFuture connect = transport.connect(sentinel, initializer(new SubscriptionHandler()));
        subscription = connect.channel();
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connect.channel().writeAndFlush(command(connect.channel(), "SUBSCRIBE", CHANNEL, PROMOTED));
            } else {
                subscriptionLost("cannot connect to sentinel " + sentinel + ": " + f.cause());
            }
        });
    }

    private synchronized void subscriptionLost(String why) {
        if (state == SubscriptionState.CLOSED) {
            return;
        }
        log.info("{}; trying the next sentinel", why);
        state = SubscriptionState.IDLE;
        subscription = null;
        current = (current + 1) % sentinels.size();
        scheduler.schedule(this::subscribe, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void subscribed() {
        if (state == SubscriptionState.CONNECTING) {
            state = SubscriptionState.SUBSCRIBED;
            log.info("Following master {} through sentinel {}", masterName, sentinels.get(current));
            scheduler.execute(this::askAndTell); // a switch announced while not subscribed
        }
    }

    /** {@code <name> <old-ip> <old-port> <new-ip> <new-port>}, as Sentinel publishes it. */
    private void switchMaster(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length == 5 && parts[0].equals(masterName)) {
            log.info("+switch-master {}", payload);
            tell(parts[3], parts[4]);
        }
    }

    /** {@code slave <ip>:<port> <ip> <port> @ <name> <master-ip> <master-port>}: the leader promoted a replica. */
    private void promoted(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length == 8 && parts[0].equals("slave") && parts[4].equals("@") && parts[5].equals(masterName)) {
            log.info("+promoted-slave {}", payload);
            tell(parts[2], parts[3]);
        }
    }

    @Override
    public void close() {
        Channel ch;
        synchronized (this) {
            state = SubscriptionState.CLOSED;
            ch = subscription;
            subscription = null;
            if (refresh != null) {
                refresh.cancel(false);
            }
        }
        if (ch != null) {
            ch.close();
        }
    }

    /** One question on a short connection of its own; completes with the first reply frame. */
    private CompletableFuture<RespFrame> query(NodeAddress sentinel, String... argv) {
        CompletableFuture<RespFrame> reply = new CompletableFuture<>();
        ChannelFuture connect = transport.connect(sentinel, initializer(new SimpleChannelInboundHandler<Object>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof RespFrame frame) {
                    reply.complete(frame);
                } else {
                    reply.completeExceptionally(new IllegalStateException("unexpected reply " + msg));
                }
                ctx.close();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                reply.completeExceptionally(new IllegalStateException("connection closed"));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                reply.completeExceptionally(cause);
                ctx.close();
            }
        }));
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connect.channel().writeAndFlush(command(connect.channel(), argv));
            } else {
                reply.completeExceptionally(f.cause());
            }
        });
        return reply.orTimeout(5, TimeUnit.SECONDS).whenComplete((r, e) -> connect.channel().close());
    }

    private final class SubscriptionHandler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            List<String> items = strings(msg);
            if (items.size() == 3 && items.get(0).equalsIgnoreCase("subscribe") && items.get(2).equals("2")) {
                subscribed();
            } else if (items.size() == 3 && items.get(0).equalsIgnoreCase("message") && items.get(1).equals(CHANNEL)) {
                switchMaster(items.get(2));
            } else if (items.size() == 3 && items.get(0).equalsIgnoreCase("message") && items.get(1).equals(PROMOTED)) {
                promoted(items.get(2));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == currentSubscription()) {
                subscriptionLost("subscription to sentinel " + ctx.channel().remoteAddress() + " lost");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private synchronized Channel currentSubscription() {
        return subscription;
    }

    private static ChannelInitializer<Channel> initializer(io.netty.channel.ChannelHandler handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new RespFrameDecoder(LIMITS), handler);
            }
        };
    }

    private static ByteBuf command(Channel channel, String... argv) {
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        ByteBuf out = channel.alloc().buffer(64);
        RespWriter.writeCommand(out, args);
        return out;
    }

    /** {@code [host, port]} from a two-element array of bulk strings; else null. */
    static String[] hostPort(RespFrame reply) {
        List<String> items = strings(reply);
        return items.size() == 2 ? items.toArray(new String[0]) : null;
    }

    /** The bulk strings of an array reply (empty for anything else). */
    static List<String> strings(Object msg) {
        try {
            if (!(msg instanceof RespArray array)) {
                return List.of();
            }
            java.util.ArrayList<String> out = new java.util.ArrayList<>(array.size());
            for (RespFrame f : array.elements()) {
                if (f instanceof RespBulkString b) {
                    out.add(b.asString());
                } else if (f instanceof dev.tandem.resp.RespInteger n) {
                    out.add(Long.toString(n.value()));
                } else {
                    return List.of();
                }
            }
            return out;
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
