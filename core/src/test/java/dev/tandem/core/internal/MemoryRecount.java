/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The accounting's reference: a full recount of a keyspace's memory from scratch (every entry
 * measured anew, every table's arrays), which the incremental figure must equal after any
 * sequence of commands.
 */
final class MemoryRecount {
    private MemoryRecount() {
    }

    static long recount(Keyspace ks) {
        long total = 0;
        for (int i = 0; i < ks.databaseCount(); i++) {
            Database.Data d = ks.database(i).data;
            long[] sum = {0};
            ks.database(i).forEachEntry(e -> sum[0] += MemoryAccounting.measure(e));
            total += sum[0] + d.keys.tableBytes() + d.expires.tableBytes()
                    + (long) d.expires.size() * MemoryLayout.shallow(Dict.Node.class);
        }
        return total;
    }

    /** Asserts the incremental figure and every entry's share against a recount. */
    static void assertAccounted(Keyspace ks) {
        ks.lock().writeLock().lock();
        try {
            for (int i = 0; i < ks.databaseCount(); i++) {
                int db = i;
                ks.database(i).forEachEntry(e -> assertEquals(MemoryAccounting.measure(e), e.accounted,
                        () -> "db " + db + " key " + e.key() + " (" + e.value().type() + ")"));
            }
            assertEquals(recount(ks), ks.usedMemory(), "incremental used memory against a recount");
        } finally {
            ks.lock().writeLock().unlock();
        }
    }
}
