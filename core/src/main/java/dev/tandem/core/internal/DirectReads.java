/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ValueType;
import java.util.concurrent.locks.Lock;

/**
 * The embedded API's typed reads (GET, EXISTS, HGET) straight to the keyspace: no argv, no
 * command lookup, no {@link ExecutionContext}, no reply object — the read lock, one table
 * lookup, the expiry check and the access touch that the command form also makes.
 *
 * <p>Only the plain case is answered here. Whenever the command form would do more than read —
 * a logically expired key (which a master deletes and propagates as {@code DEL}, and a replica
 * hides), or a value of another type ({@code WRONGTYPE}) — the method returns
 * {@link #FALLBACK} and the caller runs the command form, so both forms always agree and lazy
 * expiry keeps exactly one implementation.
 */
public final class DirectReads {

    /** Returned when the caller must run the command form instead (see the class comment). */
    public static final byte[] FALLBACK = new byte[0];

    private final Keyspace keyspace;

    public DirectReads(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** {@code GET key} in database {@code db}: the value, null when missing, or {@link #FALLBACK}. */
    public byte[] get(int db, byte[] key) {
        Lock lock = keyspace.lock.readLock();
        lock.lock();
        try {
            Entry e = live(db, key);
            if (e == null) {
                return null;
            }
            if (e == EXPIRED) {
                return FALLBACK;
            }
            RedisValue v = e.value();
            return v.type() == ValueType.STRING ? ((StringValue) v).bytes() : FALLBACK;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code EXISTS key} in database {@code db}: 1 or 0, or -1 when the caller must run the
     * command form (an expired key to delete).
     */
    public int exists(int db, byte[] key) {
        Lock lock = keyspace.lock.readLock();
        lock.lock();
        try {
            Entry e = live(db, key);
            return e == null ? 0 : e == EXPIRED ? -1 : 1;
        } finally {
            lock.unlock();
        }
    }

    /** {@code HGET key field}: the value, null when the key or field is missing, or {@link #FALLBACK}. */
    public byte[] hget(int db, byte[] key, byte[] field) {
        Lock lock = keyspace.lock.readLock();
        lock.lock();
        try {
            Entry e = live(db, key);
            if (e == null) {
                return null;
            }
            if (e == EXPIRED) {
                return FALLBACK;
            }
            RedisValue v = e.value();
            return v.type() == ValueType.HASH ? ((HashValue) v).get(Key.of(field)) : FALLBACK;
        } finally {
            lock.unlock();
        }
    }

    /** Marks a logically expired entry, which only the command form may handle. */
    private static final Entry EXPIRED = new Entry(Key.of(new byte[0]), null, 0);

    /**
     * The entry at {@code key}, touched as an access (Redis's lookupKey: LRU clock or LFU
     * counter), null when absent, or {@link #EXPIRED} when the command form must answer. The API's client is never the master's
     * link, so an entry past its time is always logically expired (ExecutionContext.lookupRead).
     */
    private Entry live(int db, byte[] key) {
        Entry e = keyspace.databases()[db].peek(Key.of(key));
        if (e == null) {
            // A miss is Redis's "keymiss" event when notify-keyspace-events has 'm': the
            // command form owns notifications, so it answers then.
            return (keyspace.notifyFlags() & NotifyFlags.KEY_MISS) != 0 ? EXPIRED : null;
        }
        long now = keyspace.clock().nowMillis();
        if (e.hasExpiry() && e.isExpiredAt(now)) {
            return EXPIRED;
        }
        keyspace.eviction.touch(e, now);
        return e;
    }
}
