/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

/**
 * An entry of a consumer group's pending entries list (Redis's streamNACK): delivered to a
 * consumer and not acknowledged yet. The owning consumer is null only while an RDB is being
 * loaded (the group PEL comes before the consumers that own its entries).
 */
public final class StreamPendingEntry {
    private final StreamId id;
    private long deliveryTime;
    private long deliveryCount;
    StreamConsumer consumer;

    StreamPendingEntry(StreamId id, long deliveryTime, long deliveryCount) {
        this.id = id;
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
    }

    public StreamId id() {
        return id;
    }

    /** Unix milliseconds of the last delivery. */
    public long deliveryTime() {
        return deliveryTime;
    }

    /** How many times the entry was delivered. */
    public long deliveryCount() {
        return deliveryCount;
    }

    /** The consumer that owns it; null only in a group still being loaded. */
    public StreamConsumer consumer() {
        return consumer;
    }

    public void setDelivery(long deliveryTime, long deliveryCount) {
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
    }
}
