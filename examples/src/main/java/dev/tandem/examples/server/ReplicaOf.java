/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.util.Objects;

/**
 * The master named by {@code replicaof <host> <port>} (or {@code slaveof}).
 *
 * @param host as written; not resolved here
 * @param port 0..65535, as Redis accepts it
 */
public record ReplicaOf(String host, int port) {

    public ReplicaOf {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }

    @Override
    public String toString() {
        return host + " " + port;
    }
}
