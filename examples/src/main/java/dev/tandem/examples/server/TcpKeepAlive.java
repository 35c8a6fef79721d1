/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.spi.PipelineDecorator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;

/**
 * {@code tcp-keepalive <seconds>}: TCP keepalive on every connection, accepted and outgoing (the
 * replica's link to its master too), with Redis's {@code anetKeepAlive} timings: the first probe
 * after {@code seconds} idle, then every {@code seconds / 3} (at least 1), dropping the
 * connection after 3 unanswered probes. Where the platform cannot set the timings, only
 * {@code SO_KEEPALIVE} is set and the operating system's timings apply.
 */
final class TcpKeepAlive implements PipelineDecorator {

    private final int idleSeconds;

    TcpKeepAlive(int idleSeconds) {
        if (idleSeconds <= 0) {
            throw new IllegalArgumentException("tcp-keepalive must be positive here (0 installs no decorator): "
                    + idleSeconds);
        }
        this.idleSeconds = idleSeconds;
    }

    int idleSeconds() {
        return idleSeconds;
    }

    int intervalSeconds() {
        return Math.max(1, idleSeconds / 3);
    }

    @Override
    public void decorate(Channel channel, Side side) {
        if (!(channel instanceof SocketChannel)) {
            return;
        }
        ChannelConfig config = channel.config();
        config.setOption(ChannelOption.SO_KEEPALIVE, true);
        if (channel instanceof EpollSocketChannel) {
            config.setOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds);
            config.setOption(EpollChannelOption.TCP_KEEPINTVL, intervalSeconds());
            config.setOption(EpollChannelOption.TCP_KEEPCNT, 3);
        } else {
            // NIO: through the JDK's extended options; setOption returns false where they are missing.
            config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idleSeconds);
            config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), intervalSeconds());
            config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), 3);
        }
    }
}
