/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A consumer's header.
 *
 * @param name         consumer name
 * @param seenTimeMs   last time the consumer was seen
 * @param activeTimeMs last successful read (type 21 only; equal to {@code seenTimeMs} for older
 *                     types, as Redis 7.2 loads them)
 * @param pendingCount number of IDs the consumer owns, which follow as
 *                     {@link RdbVisitor#onStreamConsumerPending} batches
 */
public record StreamConsumerInfo(byte[] name, long seenTimeMs, long activeTimeMs, long pendingCount) {
    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamConsumerInfo c && Arrays.equals(name, c.name) && seenTimeMs == c.seenTimeMs
                && activeTimeMs == c.activeTimeMs && pendingCount == c.pendingCount;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "Consumer[" + Printable.of(name) + ", seen=" + seenTimeMs + ", active=" + activeTimeMs
                + ", pending=" + pendingCount + "]";
    }
}
