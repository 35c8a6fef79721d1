/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * A node's TLS: the {@code tls-*} settings as they are now and the contexts built from them.
 * A reload ({@code CONFIG SET tls-...}) builds the new contexts first and swaps settings and
 * contexts together only when that succeeded, so bad material leaves the old context serving
 * (Redis's atomic {@code tlsConfigure}); connections already open keep the context they started
 * with.
 *
 * <p>A context given to the builder ({@code SslContext} in the embedded API) takes the place of
 * the one the files would give, until a {@code CONFIG SET} of a {@code tls-*} directive builds
 * contexts from the files.
 */
public final class TlsState {

    private final SslContext givenServer;
    private final SslContext givenClient;
    private volatile TlsSettings settings;
    private volatile TlsContexts contexts;

    /**
     * @param settings the directives at start
     * @param listener whether a TLS listener is wanted even with {@code tls-port 0} (an ephemeral port)
     * @param givenServer the builder's listener context, or null for the files'
     * @param givenClient the builder's replica-link context, or null for the files'
     * @throws TlsConfigException when the files are needed and cannot be used
     */
    public TlsState(TlsSettings settings, boolean listener, SslContext givenServer, SslContext givenClient) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.givenServer = givenServer;
        this.givenClient = givenClient;
        this.contexts = initial(settings, listener, givenServer, givenClient);
    }

    private static TlsContexts initial(TlsSettings settings, boolean listener, SslContext server, SslContext client) {
        boolean wantsServer = listener || settings.port() != 0;
        boolean filesNeeded = wantsServer && server == null || settings.replication() && client == null;
        TlsContexts files = filesNeeded ? TlsContextFactory.build(settings, wantsServer) : TlsContexts.NONE;
        return new TlsContexts(server != null ? server : files.server(), client != null ? client : files.client(),
                settings.preferServerCiphers());
    }

    public TlsSettings settings() {
        return settings;
    }

    public TlsContexts contexts() {
        return contexts;
    }

    /** Whether a replica link connects over TLS: {@code tls-replication yes} or a client context given to the builder. */
    public boolean replicationOverTls() {
        return settings.replication() || givenClient != null;
    }

    /**
     * The contexts {@code next} would give, built now (the check of a {@code CONFIG SET}); nothing
     * changes until {@link #commit}.
     *
     * @throws TlsConfigException with the line Redis would log
     */
    public TlsContexts prepare(TlsSettings next) {
        boolean given = givenServer != null || givenClient != null;
        // Without files, the builder's contexts stay (a CONFIG SET of tls-protocols must not drop them).
        return given && next.certFile().isEmpty() ? initial(next, false, givenServer, givenClient)
                : TlsContextFactory.build(next);
    }

    /** Swaps in settings and the contexts {@link #prepare} built for them. */
    public void commit(TlsSettings next, TlsContexts built) {
        this.contexts = built;
        this.settings = next;
    }

    /** Records the bound TLS port (an ephemeral one becomes the port {@code CONFIG GET tls-port} shows). */
    public void boundPort(int port) {
        this.settings = settings.toBuilder().port(port).build();
    }

    /**
     * The initializer of an accepted TLS connection: the handler of the context current at
     * accept time, the handshake guard, then {@code inner} (the RESP server's initializer).
     */
    public ChannelHandler serverInitializer(ChannelHandler inner) {
        Objects.requireNonNull(inner, "inner");
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                TlsContexts now = contexts;
                if (now.server() == null) {
                    ch.close(); // TLS switched off while the listener closes
                    return;
                }
                ch.pipeline().addLast("tls", now.newServerHandler(ch.alloc()));
                ch.pipeline().addLast("tls-guard", new TlsHandshakeGuard());
                ch.pipeline().addLast(inner);
            }
        };
    }

    /**
     * The initializer of a connection to a master at {@code host:port}: TLS first when the link
     * uses TLS, then {@code inner}; {@code inner} alone otherwise.
     */
    public ChannelHandler clientInitializer(ChannelHandler inner, String host, int port) {
        if (!replicationOverTls()) {
            return inner;
        }
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                TlsContexts now = contexts;
                if (now.client() == null) {
                    throw new IllegalStateException("tls-replication is on but no TLS client context is configured");
                }
                ch.pipeline().addLast("tls", now.newClientHandler(ch.alloc(), host, port));
                ch.pipeline().addLast(inner);
            }
        };
    }
}
