/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a node listens or connects, independent of the transport: a TCP host and port
 * ({@link Tcp}), the name of an in-JVM endpoint ({@link Local}), or an address type of a
 * user's own {@link Transport}. The protocol handlers only ever see this type, so the same
 * handlers run over every transport; a transport says which kinds it reaches in
 * {@link Transport#toSocketAddress} and how a user's {@code host port} pair maps to one in
 * {@link Transport#address(String, int)}.
 */
public interface NodeAddress {

    /** A TCP endpoint; port 0 binds an ephemeral port. */
    static NodeAddress tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /** An in-JVM endpoint named {@code name}. */
    static NodeAddress local(String name) {
        return new Local(name);
    }

    /** The host (for TCP) or the endpoint name (for local), as {@code INFO} shows {@code master_host}. */
    String host();

    /** The TCP port; 0 for local endpoints. */
    int port();

    /** A TCP endpoint. */
    record Tcp(String host, int port) implements NodeAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
        }

        @Override
        public String toString() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * An in-JVM endpoint. Names are trimmed and lower-cased (Netty's {@code LocalAddress} does
     * the same), so an address survives the round trip through a channel unchanged.
     */
    record Local(String name) implements NodeAddress {
        public Local {
            Objects.requireNonNull(name, "name");
            name = name.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("local endpoint name must not be empty");
            }
        }

        @Override
        public String host() {
            return name;
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public String toString() {
            return "local:" + name;
        }
    }
}
