/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.snapshot.DatasetTarget;
import dev.tandem.core.Key;
import dev.tandem.core.value.RedisValue;

/**
 * Builds a complete replacement dataset off to the side — a replica loading a full sync — and
 * swaps it in atomically, so the old data keeps serving reads until the new one is complete
 * and valid (brief §5). Not thread-safe; one loader thread fills it.
 */
public final class DatasetBuilder implements DatasetTarget {
    private final Keyspace keyspace;
    private final Database.Data[] data;
    private boolean finished;
    /** The size of the payload being loaded, when known (a file, a {@code $<len>} transfer); else -1. */
    private long payloadBytes = -1;
    /** Whether any RESIZEDB hint (or a payload estimate) sized a table already. */
    private boolean sized;
    /** Keys the hints sized tables for so far, across databases. */
    private long hintedKeys;

    DatasetBuilder(Keyspace keyspace) {
        this.keyspace = keyspace;
        this.data = new Database.Data[keyspace.databaseCount()];
        for (int i = 0; i < data.length; i++) {
            data[i] = new Database.Data();
        }
    }

    @Override
    public int databaseCount() {
        return data.length;
    }

    /**
     * Adds a key; {@code expireAtMillis} -1 for none. Returns false when the key was already
     * present (the previous value is replaced; callers that must reject duplicates check it).
     */
    @Override
    public boolean put(int db, Key key, RedisValue value, long expireAtMillis) {
        ensureOpen();
        if (db < 0 || db >= data.length) {
            throw new IllegalArgumentException("database " + db + " out of range 0.."
                    + (data.length - 1));
        }
        Database.Data d = data[db];
        if (!sized) {
            // No RESIZEDB before the first key: estimate from the payload size, once.
            sized = true;
            if (payloadBytes > 0) {
                d.keys.expand(payloadBytes / ESTIMATED_BYTES_PER_KEY);
            }
        }
        Entry e = new Entry(key, value, 0);
        // A loaded value is complete: measured once here, the swap carries the sums along.
        e.lru = keyspace.eviction.initialLru();
        e.accounted = MemoryAccounting.measure(e);
        d.used += e.accounted;
        Entry prev = d.insert(e);
        if (prev != null) {
            // A duplicate (an error for an RDB, which the caller reports): the new one wins.
            if (prev.hasExpiry()) {
                d.expires.remove(key);
            }
            d.keys.remove(key);
            d.used -= prev.accounted;
            d.insert(e);
        }
        if (expireAtMillis >= 0) {
            e.expireAt(expireAtMillis);
            d.expires.put(key, e);
        }
        return prev == null;
    }

    /**
     * Pre-sizing without a hint, and the bound of hints: the smallest RDB key entry (type byte,
     * empty key, empty value) takes 3 bytes, so a payload of n bytes holds at most n/3 keys.
     */
    static final int MIN_BYTES_PER_KEY = 3;
    /**
     * Bytes per key assumed when the payload has no RESIZEDB (small strings with short keys take
     * about this much); over-estimating costs 4 bytes of table per missing key.
     */
    static final int ESTIMATED_BYTES_PER_KEY = 64;
    /**
     * The largest hint honoured when the payload size is unknown (an {@code $EOF:} transfer):
     * a hostile RESIZEDB must not allocate a huge table; larger data sets grow incrementally
     * past it.
     */
    static final long MAX_UNBOUNDED_HINT = 1 << 24;

    /**
     * Tells the builder how large the payload being loaded is; it bounds the RESIZEDB hints and
     * sizes the first database's table when the payload has no hint.
     */
    public void expectPayloadBytes(long bytes) {
        payloadBytes = bytes;
    }

    @Override
    public void sizeHint(int db, long keys, long expires) {
        ensureOpen();
        if (db < 0 || db >= data.length) {
            return; // the reader reports the bad SELECTDB itself
        }
        // The bound is for all databases together (the payload holds them all), so sixteen
        // hostile hints cannot allocate sixteen large tables.
        long bound = (payloadBytes >= 0 ? payloadBytes / MIN_BYTES_PER_KEY : MAX_UNBOUNDED_HINT) - hintedKeys;
        bound = Math.max(0, bound);
        // RESIZEDB's lengths are unsigned: a negative long is a huge claim.
        long k = keys < 0 ? bound : Math.min(keys, bound);
        long x = expires < 0 ? k : Math.min(expires, k);
        hintedKeys += k;
        data[db].keys.expand(k);
        data[db].expires.expand(x);
        sized = true;
    }

    @Override
    public long size() {
        long n = 0;
        for (Database.Data d : data) {
            n += d.keys.size();
        }
        return n;
    }

    /** The thresholds of the keyspace being replaced, which its loaded values follow. */
    @Override
    public dev.tandem.core.value.EncodingLimits encodingLimits() {
        return keyspace.encodingLimits();
    }

    /**
     * The accounted heap bytes of what was built so far (the same figure {@code used_memory}
     * will count once it is swapped in): a replica loading beside its old data set compares it
     * with its headroom while the load runs.
     */
    public long usedMemory() {
        long n = 0;
        for (Database.Data d : data) {
            n += d.used;
        }
        return n;
    }

    /** Keys the RESIZEDB hints announced so far (after bounding), across databases. */
    public long hintedKeys() {
        return hintedKeys;
    }

    /**
     * Empties the live keyspace now, before this load completes (Redis's {@code emptyData} of a
     * replica that loads without a temp db: {@code repl-diskless-load disabled/on-empty-db}, or
     * a {@code swapdb} load without the headroom for two data sets). The builder stays open and
     * is committed as usual; if the load fails the keyspace stays empty. Takes the write lock.
     */
    public void flushLiveData() {
        ensureOpen();
        Database.Data[] empty = new Database.Data[data.length];
        for (int i = 0; i < empty.length; i++) {
            empty[i] = new Database.Data();
        }
        keyspace.replaceAll(empty);
    }

    /** Replaces the whole keyspace with what was built, under the write lock. */
    public void commit() {
        ensureOpen();
        finished = true;
        keyspace.replaceAll(data);
    }

    /** Drops what was built; the keyspace is untouched. */
    public void discard() {
        finished = true;
    }

    /** The tables being built, for tests. */
    Database.Data dataForTest(int db) {
        return data[db];
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("dataset already committed or discarded");
        }
    }
}
