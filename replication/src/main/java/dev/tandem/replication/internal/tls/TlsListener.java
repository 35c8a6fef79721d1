/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's TLS listener ({@code tls-port}): a second listening channel on the node's transport
 * and host whose connections get TLS before the RESP server's handlers. It serves the same
 * server as the plain port: clients and replicas alike ({@code PSYNC} over TLS). It can move at
 * run time ({@code CONFIG SET tls-port}): the new port is bound before the old one closes, so a
 * port that cannot be bound leaves the listener where it was.
 */
public final class TlsListener {

    private static final Logger log = LoggerFactory.getLogger(TlsListener.class);

    private final String nodeName;
    private final Transport transport;
    private final String host;
    private final TlsState state;
    private final ChannelHandler inner;
    private Channel channel;
    private NodeAddress bound;

    /**
     * @param host where to listen (the node's listen host)
     * @param inner the RESP server's channel initializer
     */
    public TlsListener(String nodeName, Transport transport, String host, TlsState state, ChannelHandler inner) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.host = Objects.requireNonNull(host, "host");
        this.state = Objects.requireNonNull(state, "state");
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /**
     * Listens on {@code port} (0 = an ephemeral port, for the embedded API) instead of the
     * current port.
     *
     * @return the bound address
     * @throws IllegalStateException when the port cannot be bound (the old listener stays)
     */
    public synchronized NodeAddress bind(int port) {
        NodeAddress address = transport.address(host, port);
        ChannelFuture future = transport.bind(address, state.serverInitializer(inner)).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IllegalStateException("cannot listen for TLS on " + address + ": " + future.cause().getMessage(),
                    future.cause());
        }
        Channel old = channel;
        channel = future.channel();
        bound = transport.toNodeAddress(channel.localAddress());
        if (old != null) {
            old.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        log.info("Tandem node {} accepting TLS connections on {}", nodeName, bound);
        return bound;
    }

    /**
     * Whether {@code port} can be bound now, checked before a {@code CONFIG SET tls-port} changes
     * anything (so a port in use refuses the command with Redis's error rather than failing half
     * way). A TCP check only; another process may still take the port before {@link #bind}.
     *
     * @throws IllegalStateException when it cannot
     */
    public void checkBindable(int port) {
        NodeAddress address = transport.address(host, port);
        if (port == 0 || !(address instanceof NodeAddress.Tcp tcp) || bound != null && bound.port() == port) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(tcp.host(), tcp.port()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot listen for TLS on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The bound address, or null when not listening. */
    public synchronized NodeAddress address() {
        return bound;
    }

    /** Stops listening (connections already accepted stay). */
    public synchronized void close() {
        Channel old = channel;
        channel = null;
        bound = null;
        if (old != null) {
            old.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
