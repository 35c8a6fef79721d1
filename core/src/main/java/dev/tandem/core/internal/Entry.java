/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.value.RedisValue;

/**
 * One key of a database: its value, its expiry and the snapshot epoch at which it was last
 * serialized (architecture brief §4). It is the key table's own node (issue #13: one object per
 * key for table link, key, value, TTL and epoch, where a node and an entry cost two).
 *
 * <p>Mutated only under the keyspace's write lock, except {@link #epoch}, which the snapshot
 * walker also stamps under the read lock (writers and the walker exclude each other).
 */
public final class Entry extends Dict.Node<Key, RedisValue> {
    /** Absolute unix milliseconds, or {@link #NO_EXPIRY}. */
    private long expireAt = NO_EXPIRY;
    long epoch;
    /**
     * The bytes this key counts for in its database's {@code used} figure (memory accounting,
     * issue #14); re-measured when a unit that changed the entry finishes.
     */
    long accounted;
    /** Whether the entry waits in the keyspace's list of entries to re-measure. */
    boolean sizingPending;
    /**
     * Redis's 24-bit {@code robj.lru}: the LRU clock of the last access, or under an LFU policy
     * the minutes of the last decrement (16 bits) and the logarithmic counter (8 bits). Written
     * racily by concurrent readers, as Redis's field is by its threads: a lost update only ages
     * one access.
     */
    int lru;

    public static final long NO_EXPIRY = -1;

    Entry(Key key, RedisValue value, long epoch) {
        super(key, key.hashCode(), value, null);
        this.epoch = epoch;
    }

    /** Replaces the value in place (keeps the TTL); only on an entry obtained for writing. */
    @Override
    public void setValue(RedisValue value) {
        super.setValue(value);
    }

    public long expireAt() {
        return expireAt;
    }

    public boolean hasExpiry() {
        return expireAt != NO_EXPIRY;
    }

    /** Whether the key is logically expired at {@code nowMillis}. */
    public boolean isExpiredAt(long nowMillis) {
        // Redis (db.c keyIsExpired): expired when now > when.
        return expireAt != NO_EXPIRY && nowMillis > expireAt;
    }

    /** The bytes this key is accounted for (its entry, key, value and TTL node). */
    public long accountedBytes() {
        return accounted;
    }

    /** The raw LRU/LFU field (see {@link Eviction}). */
    public int lru() {
        return lru;
    }

    void expireAt(long at) {
        this.expireAt = at;
    }
}
