/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import dev.tandem.replication.spi.PipelineDecorator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings shared by every transport.
 *
 * @param ioThreads event loop threads for connections (0 = Netty's default, twice the cores)
 * @param threadNamePrefix prefix of the event loop threads' names, to find them in dumps
 * @param connectTimeout how long a connect attempt may take
 * @param decorators applied in order to every channel before the protocol handlers
 */
public record TransportOptions(int ioThreads, String threadNamePrefix, Duration connectTimeout,
        List<PipelineDecorator> decorators) {

    public TransportOptions {
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0: " + ioThreads);
        }
        Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be positive and below 2^31 ms: " + connectTimeout);
        }
        decorators = List.copyOf(decorators);
    }

    /** One I/O thread is plenty for a node's replication links. */
    public static TransportOptions defaults() {
        return new TransportOptions(1, "tandem", Duration.ofSeconds(10), List.of());
    }

    public TransportOptions withIoThreads(int threads) {
        return new TransportOptions(threads, threadNamePrefix, connectTimeout, decorators);
    }

    public TransportOptions withThreadNamePrefix(String prefix) {
        return new TransportOptions(ioThreads, prefix, connectTimeout, decorators);
    }

    public TransportOptions withConnectTimeout(Duration timeout) {
        return new TransportOptions(ioThreads, threadNamePrefix, timeout, decorators);
    }

    /** These options plus one more decorator, applied after the existing ones. */
    public TransportOptions withDecorator(PipelineDecorator decorator) {
        Objects.requireNonNull(decorator, "decorator");
        List<PipelineDecorator> all = new ArrayList<>(decorators);
        all.add(decorator);
        return new TransportOptions(ioThreads, threadNamePrefix, connectTimeout, all);
    }
}
