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
 * A consumer of a stream consumer group: its name, when it was last seen and last active,
 * and the pending entries it owns (shared with the group's PEL, as in Redis).
 */
public final class StreamConsumer {
    private final StreamConsumerGroup group;
    private final Key name;
    private long seenTime;
    private long activeTime;
    final NavigableMap<StreamId, StreamPendingEntry> pending = new TreeMap<>();

    StreamConsumer(StreamConsumerGroup group, Key name, long seenTime, long activeTime) {
        this.group = group;
        this.name = name;
        this.seenTime = seenTime;
        this.activeTime = activeTime;
    }

    public StreamConsumerGroup group() {
        return group;
    }

    public Key name() {
        return name;
    }

    /** Unix milliseconds of the last interaction (seen-time). */
    public long seenTime() {
        return seenTime;
    }

    /**
     * Unix milliseconds of the last successful read or claim (active-time, stored in RDB type
     * 21 since Redis 7.2; older RDBs give the seen-time, Redis's own best estimate), or -1
     * when the consumer never was active.
     */
    public long activeTime() {
        return activeTime;
    }

    public void setSeenTime(long seenTime) {
        this.seenTime = seenTime;
    }

    public void setActiveTime(long activeTime) {
        this.activeTime = activeTime;
    }

    /** The entries this consumer owns, by ID (read-only view). */
    public NavigableMap<StreamId, StreamPendingEntry> pending() {
        return Collections.unmodifiableNavigableMap(pending);
    }

    /**
     * Takes ownership of an entry of the group's PEL (the RDB loader's second pass: each
     * consumer lists the IDs it owns). Fails when the group has no such pending entry or it is
     * owned already (both make Redis report a corrupt RDB).
     */
    public StreamPendingEntry ownPending(StreamId id) {
        StreamPendingEntry nack = group.pending.get(id);
        if (nack == null) {
            throw new IllegalArgumentException("consumer " + name + " owns " + id
                    + ", which is not in the pending list of group " + group.name());
        }
        if (nack.consumer != null) {
            throw new IllegalArgumentException("pending entry " + id + " of group " + group.name()
                    + " is owned twice (" + nack.consumer.name + ", " + name + ")");
        }
        nack.consumer = this;
        pending.put(id, nack);
        return nack;
    }
}
