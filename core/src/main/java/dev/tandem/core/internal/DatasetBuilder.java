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
        Entry e = new Entry(key, value, 0);
        Entry prev = d.keys.put(key, e);
        if (prev != null && prev.hasExpiry()) {
            d.expires.remove(key);
        }
        if (expireAtMillis >= 0) {
            e.expireAt(expireAtMillis);
            d.expires.put(key, e);
        }
        return prev == null;
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

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("dataset already committed or discarded");
        }
    }
}
