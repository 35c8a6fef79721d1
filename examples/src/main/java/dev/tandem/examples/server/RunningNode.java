/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.spi.Transport;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node started by {@link NodeLauncher}: the node, the listeners for its further {@code bind}
 * addresses, and the transport the launcher created for it. Closing stops all three, in that
 * order reversed: extra listeners, the node, then the transport's event loops.
 */
final class RunningNode implements AutoCloseable {

    private final ReplicatedKeyspace node;
    private final List<Channel> extraListeners;
    private final Transport transport;

    RunningNode(ReplicatedKeyspace node, List<Channel> extraListeners, Transport transport) {
        this.node = node;
        this.extraListeners = List.copyOf(extraListeners);
        this.transport = transport;
    }

    ReplicatedKeyspace node() {
        return node;
    }

    /** The listeners beyond the node's own (one per further {@code bind} address that could be bound). */
    List<Channel> extraListeners() {
        return extraListeners;
    }

    @Override
    public void close() {
        for (Channel listener : extraListeners) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        try {
            node.close();
        } finally {
            transport.close();
        }
    }
}
