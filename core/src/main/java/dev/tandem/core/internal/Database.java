/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.value.RedisValue;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * One numbered database: keys and the subset of them that carry a TTL.
 *
 * <p>The tables live in a {@link Data} holder so that SWAPDB can exchange two databases'
 * contents and FLUSHDB can detach them in O(1); a snapshot in progress keeps walking the holders
 * it captured at its start (brief §4), which is why a flushed holder is replaced, not cleared.
 *
 * <p>Every mutation goes through this class, which first lets the keyspace side-save the entry
 * into an active snapshot.
 */
public final class Database {
    /**
     * The tables of one database's contents, swappable as a unit. Every node of {@code keys} is
     * an {@link Entry} (inserted only through {@link #insert}); {@code expires} maps the keys
     * that have a TTL to their entries.
     */
    static final class Data {
        final Dict<Key, RedisValue> keys = new Dict<>();
        final Dict<Key, Entry> expires = new Dict<>();
        /** The db index this data had when the active snapshot started; -1 if not captured. */
        int snapshotDb = -1;
        /**
         * The sum of the entries' {@link Entry#accounted} bytes (memory accounting): kept with the
         * tables, so a SWAPDB or a full-sync swap moves it with them and a flush drops it in O(1).
         */
        long used;

        /** The heap bytes of this database: its entries plus both tables' arrays. */
        long memoryUsage() {
            return used + keys.tableBytes() + expires.tableBytes()
                    + (long) expires.size() * Dict.NODE_BYTES;
        }

        /** Sets {@code e}'s accounted size to a fresh measurement. */
        void remeasure(Entry e) {
            long now = MemoryAccounting.measure(e);
            used += now - e.accounted;
            e.accounted = now;
        }

        Entry entry(Key key) {
            return (Entry) keys.node(key);
        }

        /** Inserts {@code e} unless its key is present; returns the present entry or null. */
        Entry insert(Entry e) {
            return (Entry) keys.putNodeIfAbsent(e);
        }
    }

    private final int index;
    private final Keyspace keyspace;
    Data data = new Data();

    Database(int index, Keyspace keyspace) {
        this.index = index;
        this.keyspace = keyspace;
    }

    public int index() {
        return index;
    }

    public int size() {
        return data.keys.size();
    }

    /** Heap bytes of this database's keys, values and tables (memory accounting). */
    public long memoryUsage() {
        return data.memoryUsage();
    }

    /** Heap bytes of the key table's arrays (MEMORY STATS overhead.hashtable.main). */
    public long keyTableBytes() {
        return data.keys.tableBytes();
    }

    /** Heap bytes of both tables and the TTL table's nodes (MEMORY STATS overhead). */
    public long tableBytes() {
        return data.memoryUsage() - data.used;
    }

    public int expiresSize() {
        return data.expires.size();
    }

    /** Buckets of the key table (the new table's while a rehash is in progress), for memory accounting and tests. */
    public int keyTableBuckets() {
        return data.keys.capacity();
    }

    /** Whether the key table is mid-rehash. */
    public boolean keyTableRehashing() {
        return data.keys.isRehashing();
    }

    /** The raw entry, expired or not; no side effects. */
    public Entry peek(Key key) {
        return data.entry(key);
    }

    /**
     * Prepares an existing entry for modification: side-saves it into an active snapshot that
     * has not serialized it yet. Call before mutating a collection value in place.
     */
    public void beforeModify(Entry entry) {
        keyspace.snapshots.beforeChange(data, entry);
        keyspace.memory.changed(data, entry);
    }

    /** Adds a key that must not exist. */
    public Entry add(Key key, RedisValue value) {
        Entry e = new Entry(key, keyspace.eviction.maybeUnshare(value), keyspace.snapshots.epochForNewEntries());
        Entry prev = data.insert(e);
        if (prev != null) {
            throw new IllegalStateException("key already exists: " + key);
        }
        // Measured when the unit finishes: the caller fills a new collection after adding it.
        keyspace.memory.changed(data, e);
        e.lru = keyspace.eviction.initialLru();
        ExecutionContext unit = keyspace.writingUnit;
        if (unit != null) {
            unit.notify(NotifyFlags.NEW, "new", key, index);
        }
        keyspace.blocking.signal(index, key, value.type());
        return e;
    }

    /**
     * SET semantics (Redis setKey): creates the key or overwrites its value; the TTL is removed
     * unless {@code keepTtl}. Returns the entry.
     */
    public Entry set(Key key, RedisValue value, boolean keepTtl) {
        Entry e = data.entry(key);
        if (e == null) {
            return add(key, value);
        }
        beforeModify(e);
        if (e.value().type() == dev.tandem.core.value.ValueType.STREAM) {
            keyspace.blocking.signalStreamGone(index, key); // dbSetValue: XREADGROUP clients are told
        }
        e.setValue(keyspace.eviction.maybeUnshare(value));
        if (!keepTtl && e.hasExpiry()) {
            data.expires.remove(key);
            e.expireAt(Entry.NO_EXPIRY);
        }
        return e;
    }

    /** Deletes a key; returns the removed entry or null. */
    public Entry delete(Key key) {
        Entry e = data.entry(key);
        if (e == null) {
            return null;
        }
        beforeModify(e);
        if (e.value().type() == dev.tandem.core.value.ValueType.STREAM) {
            keyspace.blocking.signalStreamGone(index, key); // dbGenericDelete: XREADGROUP clients are told
        }
        data.keys.remove(key);
        if (e.hasExpiry()) {
            data.expires.remove(key);
        }
        data.used -= e.accounted;
        e.accounted = 0;
        return e;
    }

    /** Sets an absolute expiry in unix ms on an existing entry. */
    public void setExpire(Entry e, long atMillis) {
        beforeModify(e);
        if (!e.hasExpiry()) {
            data.expires.put(e.key(), e);
        }
        e.expireAt(atMillis);
    }

    /** Removes the TTL; returns whether there was one. */
    public boolean persist(Entry e) {
        if (!e.hasExpiry()) {
            return false;
        }
        beforeModify(e);
        data.expires.remove(e.key());
        e.expireAt(Entry.NO_EXPIRY);
        return true;
    }

    /** Detaches all contents (an active snapshot keeps the old ones); returns the count removed. */
    public int flush() {
        int n = data.keys.size();
        data = new Data();
        return n;
    }

    /** One SCAN step over the keys; returns the next cursor (0 when done). */
    public long scan(long cursor, BiConsumer<Key, Entry> visitor) {
        return data.keys.scanNodes(cursor, n -> visitor.accept(n.key(), (Entry) n));
    }

    /** One step over the keys that have a TTL (active expiry). */
    public long scanExpires(long cursor, BiConsumer<Key, Entry> visitor) {
        return data.expires.scan(cursor, visitor);
    }

    public Entry randomEntry(RandomGenerator random) {
        return (Entry) data.keys.randomNode(random);
    }

    public Entry randomExpiring(RandomGenerator random) {
        Dict.Node<Key, Entry> n = data.expires.randomNode(random);
        return n == null ? null : n.value();
    }

    /** All entries, for digests and tests; must not mutate during the walk. */
    public void forEachEntry(java.util.function.Consumer<Entry> action) {
        for (Dict.Node<Key, RedisValue> n : data.keys) {
            action.accept((Entry) n);
        }
    }

    static void swapContents(Database a, Database b) {
        Data tmp = a.data;
        a.data = b.data;
        b.data = tmp;
    }
}
