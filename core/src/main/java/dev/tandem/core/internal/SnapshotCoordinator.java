/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;

/**
 * Versioned forkless snapshots (brief §4). At most one snapshot is active at a time, as in
 * Redis, where a replica arriving during a transfer waits for the next one.
 *
 * <p>Invariant: while a snapshot with epoch {@code E} is active, an entry with
 * {@code epoch < E} has not been delivered to its sink and holds its value as of the
 * snapshot's start; an entry with {@code epoch >= E} either was delivered or was created after
 * the start (and so belongs to the stream, not the snapshot).
 */
final class SnapshotCoordinator {
    private final Keyspace keyspace;
    /** The epoch of the latest snapshot; entries created now are stamped with it. */
    private long epoch;
    private Active active;

    SnapshotCoordinator(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    long epochForNewEntries() {
        return epoch;
    }

    boolean isActive() {
        return active != null;
    }

    /** Under the write lock: a writer is about to change or delete {@code entry} of {@code data}. */
    void beforeChange(Database.Data data, Entry entry) {
        Active a = active;
        if (a != null && entry.epoch < a.epoch && data.snapshotDb >= 0) {
            a.deliver(data.snapshotDb, entry);
        }
    }

    /** Under the write lock. */
    Snapshot start(SnapshotSink sink, long offset) {
        if (active != null) {
            throw new IllegalStateException("a snapshot is already in progress");
        }
        Database[] dbs = keyspace.databases();
        Database.Data[] captured = new Database.Data[dbs.length];
        long[] keys = new long[dbs.length];
        long[] expires = new long[dbs.length];
        for (int i = 0; i < dbs.length; i++) {
            captured[i] = dbs[i].data;
            captured[i].snapshotDb = i;
            keys[i] = captured[i].keys.size();
            expires[i] = captured[i].expires.size();
        }
        epoch++;
        Active a = new Active(epoch, sink, captured, offset);
        active = a;
        sink.begin(new SnapshotInfo(offset, dbs.length, keys, expires));
        return a;
    }

    /** Under the write lock. */
    private void finish(Active a, boolean completed) {
        if (active != a) {
            return;
        }
        active = null;
        for (Database.Data d : a.captured) {
            d.snapshotDb = -1;
        }
        // Data holders swapped in after the start (SWAPDB keeps the captured ones) carry -1.
        for (Database db : keyspace.databases()) {
            db.data.snapshotDb = -1;
        }
        a.done = true;
        if (completed) {
            a.sink.end();
        }
    }

    private final class Active implements Snapshot {
        final long epoch;
        final SnapshotSink sink;
        final Database.Data[] captured;
        final long offset;
        private int db;
        private long cursor;
        private int budget;
        volatile boolean done;

        Active(long epoch, SnapshotSink sink, Database.Data[] captured, long offset) {
            this.epoch = epoch;
            this.sink = sink;
            this.captured = captured;
            this.offset = offset;
        }

        void deliver(int snapshotDb, Entry e) {
            sink.entry(snapshotDb, e.key(), e.value(), e.expireAt());
            e.epoch = epoch;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public boolean step(int maxEntries) {
            if (done) {
                return false;
            }
            boolean walked;
            // The read lock excludes writers (and so side-saves) but not plain readers; the
            // walker is the only reader that stamps epochs, which writers read under the
            // write lock, so the lock hand-off orders those accesses.
            keyspace.lock.readLock().lock();
            try {
                if (done) {
                    return false;
                }
                budget = maxEntries;
                while (budget > 0 && db < captured.length) {
                    cursor = captured[db].keys.scanNodes(cursor, n -> {
                        Entry e = (Entry) n;
                        if (e.epoch < epoch) {
                            deliver(db, e);
                            budget--;
                        }
                    });
                    if (cursor == 0) {
                        db++;
                    }
                }
                walked = db >= captured.length;
            } finally {
                keyspace.lock.readLock().unlock();
            }
            if (walked) {
                keyspace.lock.writeLock().lock();
                try {
                    finish(this, true);
                } finally {
                    keyspace.lock.writeLock().unlock();
                }
                return false;
            }
            return true;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public void abort() {
            keyspace.lock.writeLock().lock();
            try {
                finish(this, false);
            } finally {
                keyspace.lock.writeLock().unlock();
            }
        }
    }
}
