/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How nodes reach each other: which channel types, event loop groups and pipeline decorations
 * to use. The replication protocol is a set of Netty handlers that never look below this
 * interface, so the same handlers run over TCP ({@link dev.tandem.replication.transport.TcpTransport}) and in-JVM channels
 * ({@link dev.tandem.replication.transport.LocalTransport}); TLS and similar concerns plug in as {@link PipelineDecorator}s.
 *
 * <p>A transport owns its event loop groups: {@link #close()} shuts them down.
 */
public interface Transport extends AutoCloseable {

    /** A short name for logs: {@code tcp-nio}, {@code tcp-epoll}, {@code local}. */
    String name();

    /** The group that accepts connections on listening channels. */
    EventLoopGroup acceptorGroup();

    /** The group that runs connections, both accepted and connected out. */
    EventLoopGroup ioGroup();

    Class<? extends ServerChannel> serverChannelType();

    Class<? extends Channel> clientChannelType();

    /** The decorations applied to every channel, in order, before the protocol handlers. */
    List<PipelineDecorator> decorators();

    /**
     * The Netty address for {@code address}.
     *
     * @throws IllegalArgumentException when this transport cannot reach that kind of address
     */
    SocketAddress toSocketAddress(NodeAddress address);

    /**
     * The address a user means by {@code host port} ({@code REPLICAOF host port}, the builder's
     * {@code replicaOf(host, port)}): a TCP endpoint by default; a transport with addresses of
     * its own maps the pair onto them (the in-JVM transport takes {@code host} as the endpoint
     * name and ignores the port).
     */
    default NodeAddress address(String host, int port) {
        return NodeAddress.tcp(host, port);
    }

    /**
     * Where a node named {@code nodeName} listens when its builder names no address: an
     * ephemeral loopback port by default.
     */
    default NodeAddress defaultListenAddress(String nodeName) {
        return NodeAddress.tcp("127.0.0.1", 0);
    }

    /** The node address of a channel's local or remote address (for logs, INFO, ROLE). */
    NodeAddress toNodeAddress(SocketAddress address);

    /**
     * A server bootstrap ready to bind: groups, channel type, the transport's options and, for
     * every accepted channel, the decorations followed by {@code childHandler}. The handler is
     * added to many channels, so it must be a {@link io.netty.channel.ChannelInitializer} or
     * otherwise {@link ChannelHandler.Sharable}.
     */
    ServerBootstrap serverBootstrap(ChannelHandler childHandler);

    /** A client bootstrap ready to connect, adding the decorations then {@code handler}. */
    Bootstrap clientBootstrap(ChannelHandler handler);

    /** Binds a listening channel; the future's channel is the server channel. */
    default ChannelFuture bind(NodeAddress address, ChannelHandler childHandler) {
        return serverBootstrap(childHandler).bind(toSocketAddress(address));
    }

    /** Connects out; the future's channel is the new connection. */
    default ChannelFuture connect(NodeAddress address, ChannelHandler handler) {
        return clientBootstrap(handler).connect(toSocketAddress(address));
    }

    /** Whether both groups have terminated. */
    default boolean isTerminated() {
        return acceptorGroup().isTerminated() && ioGroup().isTerminated();
    }

    /** Starts a graceful shutdown of both groups; returns at once. */
    void shutdownGracefully();

    /**
     * Shuts both groups down and waits for them.
     *
     * @return whether they terminated within {@code timeout}
     */
    boolean shutdownGracefully(Duration timeout) throws InterruptedException;

    /** Shuts down and waits up to 10 seconds; interruption is restored, not thrown. */
    @Override
    default void close() {
        try {
            shutdownGracefully(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
