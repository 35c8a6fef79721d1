/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

/**
 * One {@code save <seconds> <changes>} pair: Redis writes an RDB file when at least
 * {@code changes} writes happened within {@code seconds}; the node's save rules
 * ({@link dev.tandem.replication.SaveRule}).
 */
public record SavePoint(long seconds, long changes) {

    @Override
    public String toString() {
        return seconds + " " + changes;
    }
}
