/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.transport;

import dev.tandem.replication.spi.NettyTransport;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.TransportOptions;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * In-JVM channels ({@link LocalChannel}): nodes in one process talk without ports or sockets,
 * addressed by name ({@link NodeAddress.Local}). Byte streams behave like TCP's (ordered,
 * split arbitrarily), which makes integration tests fast and free of port clashes.
 *
 * <h2>Deterministic mode</h2>
 * {@link #onSharedLoop} puts every channel of the transport on one given event loop that the
 * transport does not own: the deterministic simulation gives all its nodes transports on its one
 * loop with a virtual clock ({@code internal.sim.SimulatedNetwork}), so that every byte moves in
 * an order that is a function of the simulation's seed.
 */
public final class LocalTransport extends NettyTransport {

    /** Whether the event loops are this transport's to shut down. */
    private final boolean ownsLoops;

    public LocalTransport(TransportOptions options) {
        super(options, new DefaultEventLoopGroup(1, new DefaultThreadFactory(options.threadNamePrefix() + "-local-accept", true)),
                new DefaultEventLoopGroup(options.ioThreads(),
                        new DefaultThreadFactory(options.threadNamePrefix() + "-local-io", true)));
        this.ownsLoops = true;
    }

    private LocalTransport(TransportOptions options, EventLoop sharedLoop) {
        super(options, sharedLoop, sharedLoop);
        this.ownsLoops = false;
    }

    /**
     * A transport whose listeners and connections all run on {@code loop}, which it does not
     * shut down (its owner does, after every node on it closed). Channels of several such
     * transports on one loop, each with its own {@code options} (decorators, names), talk to each
     * other as usual.
     */
    public static LocalTransport onSharedLoop(EventLoop loop, TransportOptions options) {
        return new LocalTransport(options, java.util.Objects.requireNonNull(loop, "loop"));
    }

    public LocalTransport() {
        this(TransportOptions.defaults());
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void shutdownGracefully() {
        if (ownsLoops) {
            super.shutdownGracefully();
        }
    }

    @Override
    public boolean shutdownGracefully(Duration timeout) throws InterruptedException {
        return !ownsLoops || super.shutdownGracefully(timeout);
    }

    @Override
    public Class<? extends ServerChannel> serverChannelType() {
        return LocalServerChannel.class;
    }

    @Override
    public Class<? extends Channel> clientChannelType() {
        return LocalChannel.class;
    }

    /** The in-JVM endpoint named {@code host}; the port means nothing here. */
    @Override
    public NodeAddress address(String host, int port) {
        return NodeAddress.local(host);
    }

    @Override
    public NodeAddress defaultListenAddress(String nodeName) {
        return NodeAddress.local(nodeName);
    }

    @Override
    public SocketAddress toSocketAddress(NodeAddress address) {
        if (address instanceof NodeAddress.Local local) {
            return new LocalAddress(local.name());
        }
        throw new IllegalArgumentException("local transport cannot reach " + address);
    }

    @Override
    public NodeAddress toNodeAddress(SocketAddress address) {
        if (address instanceof LocalAddress local) {
            return NodeAddress.local(local.id());
        }
        throw new IllegalArgumentException("not a local address: " + address);
    }
}
