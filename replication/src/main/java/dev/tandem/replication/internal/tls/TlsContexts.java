/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The node's TLS contexts at one moment: the listener's (server side) and the replica link's
 * (client side), either of which may be absent. Immutable: a reload builds a new one and swaps
 * it in, so connections already open keep the context they started with, as in Redis.
 *
 * @param server the TLS listener's context, or null
 * @param client the context a replica connects to its master with, or null
 * @param preferServerCiphers {@code tls-prefer-server-ciphers}: the server's cipher order wins
 */
public record TlsContexts(SslContext server, SslContext client, boolean preferServerCiphers) {

    /** No TLS at all. */
    public static final TlsContexts NONE = new TlsContexts(null, null, false);

    /** A handler for an accepted connection; only when {@link #server()} is set. */
    public SslHandler newServerHandler(ByteBufAllocator alloc) {
        if (server == null) {
            throw new IllegalStateException("no TLS server context");
        }
        SSLEngine engine = server.newEngine(alloc);
        if (preferServerCiphers) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setUseCipherSuitesOrder(true);
            engine.setSSLParameters(parameters);
        }
        return new SslHandler(engine);
    }

    /**
     * A handler for a connection to a master; only when {@link #client()} is set. The peer's
     * host and port are given to the engine for session resumption and SNI; the certificate is
     * checked against the CA but the host name is not, as Redis does not check it.
     */
    public SslHandler newClientHandler(ByteBufAllocator alloc, String host, int port) {
        if (client == null) {
            throw new IllegalStateException("no TLS client context");
        }
        return client.newHandler(alloc, host, port);
    }
}
