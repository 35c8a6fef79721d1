/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.Key;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A stream consumer group (Redis's streamCG): the last delivered ID, the entries-read counter
 * (Redis 7's lag tracking; {@link #ENTRIES_READ_UNKNOWN} when it cannot be known), the pending
 * entries list (PEL) and the consumers, both ordered as Redis's radix trees order them (IDs
 * numerically, names by unsigned bytes).
 */
public final class StreamConsumerGroup {
    /** SCG_INVALID_ENTRIES_READ. */
    public static final long ENTRIES_READ_UNKNOWN = -1;

    private final Key name;
    private StreamId lastDeliveredId;
    private long entriesRead;
    final NavigableMap<StreamId, StreamPendingEntry> pending = new TreeMap<>();
    private final NavigableMap<Key, StreamConsumer> consumers = new TreeMap<>();

    StreamConsumerGroup(Key name, StreamId lastDeliveredId, long entriesRead) {
        this.name = name;
        this.lastDeliveredId = lastDeliveredId;
        this.entriesRead = entriesRead;
    }

    public Key name() {
        return name;
    }

    public StreamId lastDeliveredId() {
        return lastDeliveredId;
    }

    public long entriesRead() {
        return entriesRead;
    }

    public void setLastDeliveredId(StreamId id) {
        this.lastDeliveredId = id;
    }

    public void setEntriesRead(long entriesRead) {
        this.entriesRead = entriesRead;
    }

    /** The group's PEL by ID (read-only view). */
    public NavigableMap<StreamId, StreamPendingEntry> pending() {
        return Collections.unmodifiableNavigableMap(pending);
    }

    /** Consumers by name (read-only view). */
    public NavigableMap<Key, StreamConsumer> consumers() {
        return Collections.unmodifiableNavigableMap(consumers);
    }

    public StreamConsumer consumer(Key name) {
        return consumers.get(name);
    }

    /**
     * Adds a pending entry with no owner yet (the RDB loader's first pass); a consumer must
     * then {@link StreamConsumer#ownPending own} it. Fails on a duplicate ID.
     */
    public StreamPendingEntry addPending(StreamId id, long deliveryTime, long deliveryCount) {
        StreamPendingEntry nack = new StreamPendingEntry(id, deliveryTime, deliveryCount);
        if (pending.putIfAbsent(id, nack) != null) {
            throw new IllegalArgumentException("duplicate pending entry " + id + " in group " + name);
        }
        return nack;
    }

    /** Adds a consumer; fails when the name exists. */
    public StreamConsumer addConsumer(Key consumerName, long seenTime, long activeTime) {
        StreamConsumer c = new StreamConsumer(this, consumerName, seenTime, activeTime);
        if (consumers.putIfAbsent(consumerName, c) != null) {
            throw new IllegalArgumentException("duplicate consumer " + consumerName + " in group " + name);
        }
        return c;
    }

    /**
     * Creates a consumer as streamCreateConsumer does (seen now, never active yet); null when
     * the name exists.
     */
    public StreamConsumer createConsumer(Key consumerName, long now) {
        if (consumers.containsKey(consumerName)) {
            return null;
        }
        return addConsumer(consumerName, now, -1);
    }

    /**
     * streamDelConsumer: removes the consumer and its pending entries from the group's PEL.
     * Returns how many it owned, or -1 when there is no such consumer.
     */
    public long deleteConsumer(Key consumerName) {
        StreamConsumer c = consumers.remove(consumerName);
        if (c == null) {
            return -1;
        }
        for (StreamId id : c.pending.keySet()) {
            pending.remove(id);
        }
        return c.pending.size();
    }

    /** XACK of one ID: removes it from the group's and its owner's PEL. */
    public boolean acknowledge(StreamId id) {
        StreamPendingEntry nack = pending.remove(id);
        if (nack == null) {
            return false;
        }
        if (nack.consumer != null) {
            nack.consumer.pending.remove(id);
        }
        return true;
    }

    /**
     * An entry delivered by XREADGROUP (streamReplyWithRange): a new pending entry of
     * {@code consumer}, or an existing one (the group's ID was moved back) handed to it with
     * its delivery count reset to 1.
     */
    public StreamPendingEntry deliver(StreamId id, StreamConsumer consumer, long now) {
        StreamPendingEntry nack = pending.get(id);
        if (nack == null) {
            nack = new StreamPendingEntry(id, now, 1);
            pending.put(id, nack);
        } else {
            nack.setDelivery(now, 1);
        }
        assign(nack, consumer);
        return nack;
    }

    /** XCLAIM FORCE: a pending entry with no owner yet, to be {@link #assign assigned}. */
    public StreamPendingEntry createUnowned(StreamId id, long now) {
        StreamPendingEntry nack = new StreamPendingEntry(id, now, 1);
        pending.put(id, nack);
        return nack;
    }

    /** Moves a pending entry of this group to {@code consumer}'s PEL. */
    public void assign(StreamPendingEntry nack, StreamConsumer consumer) {
        if (nack.consumer == consumer) {
            return;
        }
        if (nack.consumer != null) {
            nack.consumer.pending.remove(nack.id());
        }
        nack.consumer = consumer;
        consumer.pending.put(nack.id(), nack);
    }

    /** How many pending entries have no owner (a complete group has none). */
    public long unownedPendingCount() {
        long n = 0;
        for (StreamPendingEntry e : pending.values()) {
            if (e.consumer == null) {
                n++;
            }
        }
        return n;
    }

    StreamConsumerGroup deepCopy() {
        StreamConsumerGroup copy = new StreamConsumerGroup(name, lastDeliveredId, entriesRead);
        for (StreamPendingEntry e : pending.values()) {
            copy.addPending(e.id(), e.deliveryTime(), e.deliveryCount());
        }
        for (StreamConsumer c : consumers.values()) {
            StreamConsumer cc = copy.addConsumer(c.name(), c.seenTime(), c.activeTime());
            for (StreamId id : c.pending.keySet()) {
                cc.ownPending(id);
            }
        }
        return copy;
    }
}
