/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import dev.tandem.replication.spi.TransportOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A base for transports built on Netty channel types: it owns an acceptor and an I/O event loop
 * group, applies the {@link PipelineDecorator}s of its {@link TransportOptions} to every channel,
 * builds the bootstraps and shuts the groups down. A subclass names its channel types and
 * address mapping and may add channel options; {@code TcpTransport} and {@code LocalTransport}
 * are two such subclasses, and a user's transport (another channel type, a test network) is a
 * third that needs nothing from them.
 */
public abstract class NettyTransport implements Transport {

    /** No quiet period: replication links are closed explicitly before shutdown. */
    private static final long QUIET_PERIOD_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;

    private final TransportOptions options;
    private final EventLoopGroup acceptorGroup;
    private final EventLoopGroup ioGroup;

    protected NettyTransport(TransportOptions options, EventLoopGroup acceptorGroup, EventLoopGroup ioGroup) {
        this.options = options;
        this.acceptorGroup = acceptorGroup;
        this.ioGroup = ioGroup;
    }

    @Override
    public final EventLoopGroup acceptorGroup() {
        return acceptorGroup;
    }

    @Override
    public final EventLoopGroup ioGroup() {
        return ioGroup;
    }

    @Override
    public final List<PipelineDecorator> decorators() {
        return options.decorators();
    }

    protected final TransportOptions options() {
        return options;
    }

    /** Transport-specific options for accepted channels (e.g. TCP_NODELAY). */
    protected void configureChildren(ServerBootstrap bootstrap) {
    }

    /** Transport-specific options for connected channels. */
    protected void configureClient(Bootstrap bootstrap) {
    }

    @Override
    public ServerBootstrap serverBootstrap(ChannelHandler childHandler) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptorGroup, ioGroup)
                .channel(serverChannelType())
                .childHandler(decorating(PipelineDecorator.Side.SERVER, childHandler));
        configureChildren(bootstrap);
        return bootstrap;
    }

    @Override
    public Bootstrap clientBootstrap(ChannelHandler handler) {
        Bootstrap bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(clientChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(decorating(PipelineDecorator.Side.CLIENT, handler));
        configureClient(bootstrap);
        return bootstrap;
    }

    private ChannelInitializer<Channel> decorating(PipelineDecorator.Side side, ChannelHandler handler) {
        List<PipelineDecorator> decorators = options.decorators();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                for (PipelineDecorator decorator : decorators) {
                    decorator.decorate(channel, side);
                }
                channel.pipeline().addLast(handler);
            }
        };
    }

    @Override
    public void shutdownGracefully() {
        acceptorGroup.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        ioGroup.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean shutdownGracefully(Duration timeout) throws InterruptedException {
        shutdownGracefully();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean acceptorDone = acceptorGroup.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long left = Math.max(0, deadline - System.nanoTime());
        boolean ioDone = ioGroup.awaitTermination(left, TimeUnit.NANOSECONDS);
        return acceptorDone && ioDone;
    }

    @Override
    public String toString() {
        return name() + "-transport";
    }
}
