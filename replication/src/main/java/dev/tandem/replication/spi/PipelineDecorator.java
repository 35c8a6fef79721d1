/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import io.netty.channel.Channel;

/**
 * Adds transport-level handlers (TLS, traffic shaping, logging, byte counting) to a channel's
 * pipeline before the protocol handlers are added, so the protocol never knows about them.
 */
@FunctionalInterface
public interface PipelineDecorator {

    /** Which end of a connection a channel is. */
    enum Side {
        /** A channel accepted by a listening server. */
        SERVER,
        /** A channel that connected out. */
        CLIENT
    }

    /** Called once per channel on its event loop, with an empty pipeline. */
    void decorate(Channel channel, Side side);
}
