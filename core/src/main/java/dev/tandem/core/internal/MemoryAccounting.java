/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Incremental accounting of a keyspace's data set (issue #14): every key counts for its
 * {@link Entry}, key, and value ({@link dev.tandem.core.value.RedisValue#memoryUsage}), kept in
 * {@link Entry#accounted} and summed per database ({@code Database.Data.used}); the tables'
 * arrays are added when the figure is read. No scan ever: a write marks the entries it touches
 * (the same hook that side-saves them into a snapshot, so no mutation can slip past), and the
 * unit's end re-measures those entries once each, O(samples) per entry. Deletions subtract at
 * once; a flush or a full-sync swap replaces the per-database holders, counters included.
 *
 * <p>Guarded by the keyspace's write lock, except the reads of the figure, which are racy
 * sums of longs (INFO may see a figure mid-update, never a torn one on a 64-bit JVM).
 */
final class MemoryAccounting {
    private final Keyspace keyspace;
    /** Entries changed by the running unit, with the tables holding them, to re-measure. */
    private final List<Database.Data> pendingData = new ArrayList<>();
    private final List<Entry> pendingEntries = new ArrayList<>();
    private volatile long peak;

    MemoryAccounting(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Bytes of one key: its entry object, its key and its value. */
    static long measure(Entry e) {
        return MemoryLayout.shallow(Entry.class) + MemoryLayout.key(e.key())
                + e.value().memoryUsage(MemoryLayout.DEFAULT_SAMPLES);
    }

    /** Called before an entry of {@code data} changes (or right after it was added). */
    void changed(Database.Data data, Entry e) {
        if (!e.sizingPending) {
            e.sizingPending = true;
            pendingData.add(data);
            pendingEntries.add(e);
        }
    }

    /** Re-measures the entries changed since the last call that are still in their table. */
    void settle() {
        int n = pendingEntries.size();
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            Entry e = pendingEntries.get(i);
            Database.Data d = pendingData.get(i);
            e.sizingPending = false;
            if (d.entry(e.key()) == e) {
                d.remeasure(e);
            }
        }
        pendingEntries.clear();
        pendingData.clear();
        long used = usedMemory();
        if (used > peak) {
            peak = used;
        }
    }

    /** The data set's bytes: every database's entries and tables. */
    long usedMemory() {
        long total = 0;
        for (Database db : keyspace.databases()) {
            total += db.data.memoryUsage();
        }
        return total;
    }

    long peak() {
        return Math.max(peak, usedMemory());
    }

    /** A new peak starts from the current figure (MEMORY STATS / CONFIG RESETSTAT). */
    void resetPeak() {
        peak = usedMemory();
    }
}
