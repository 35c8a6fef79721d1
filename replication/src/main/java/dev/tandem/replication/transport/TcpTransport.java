/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.transport;

import dev.tandem.replication.spi.NettyTransport;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.TransportOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * TCP over Netty's native epoll transport when it is available ({@link Epoll#isAvailable()}),
 * over NIO otherwise. Connections get {@code TCP_NODELAY}: the replication stream is latency
 * sensitive and already batched by the senders (Redis masters set it too unless
 * {@code repl-disable-tcp-nodelay yes}).
 */
public final class TcpTransport extends NettyTransport {

    private final boolean epoll;

    private TcpTransport(TransportOptions options, boolean epoll) {
        super(options, newGroup(1, options.threadNamePrefix() + "-accept", epoll),
                newGroup(options.ioThreads(), options.threadNamePrefix() + "-io", epoll));
        this.epoll = epoll;
    }

    /** Native epoll when available, NIO otherwise. */
    public static TcpTransport create(TransportOptions options) {
        return new TcpTransport(options, Epoll.isAvailable());
    }

    /** {@link #create(TransportOptions)} with {@link TransportOptions#defaults()}. */
    public static TcpTransport create() {
        return create(TransportOptions.defaults());
    }

    /** Always NIO, for portability tests and for platforms where native transports misbehave. */
    public static TcpTransport nio(TransportOptions options) {
        return new TcpTransport(options, false);
    }

    /**
     * Always epoll.
     *
     * @throws IllegalStateException when the native transport is not available here
     */
    public static TcpTransport epoll(TransportOptions options) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("native epoll transport unavailable", Epoll.unavailabilityCause());
        }
        return new TcpTransport(options, true);
    }

    private static EventLoopGroup newGroup(int threads, String name, boolean epoll) {
        DefaultThreadFactory threadFactory = new DefaultThreadFactory(name, true);
        return epoll ? new EpollEventLoopGroup(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
    }

    public boolean isNative() {
        return epoll;
    }

    @Override
    public String name() {
        return epoll ? "tcp-epoll" : "tcp-nio";
    }

    @Override
    public Class<? extends ServerChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    @Override
    public Class<? extends Channel> clientChannelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public SocketAddress toSocketAddress(NodeAddress address) {
        if (address instanceof NodeAddress.Tcp tcp) {
            return new InetSocketAddress(tcp.host(), tcp.port());
        }
        throw new IllegalArgumentException("TCP transport cannot reach " + address);
    }

    @Override
    public NodeAddress toNodeAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return NodeAddress.tcp(inet.getHostString(), inet.getPort());
        }
        throw new IllegalArgumentException("not a TCP address: " + address);
    }

    @Override
    protected void configureChildren(ServerBootstrap bootstrap) {
        bootstrap.childOption(ChannelOption.TCP_NODELAY, true).childOption(ChannelOption.SO_KEEPALIVE, true);
    }

    @Override
    protected void configureClient(Bootstrap bootstrap) {
        bootstrap.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true);
    }
}
