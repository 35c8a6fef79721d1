/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.ChangeEvent;
import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ActiveExpiryTest {
    private final ManualClock clock = new ManualClock(KeyspaceFixture.START);
    private final Keyspace keyspace = new Keyspace(16, clock);
    private final UnitRecordingSink sink = new UnitRecordingSink();
    private final ClientState client = ClientState.client();
    /** A budget clock that only moves when a test moves it. */
    private final AtomicLong nanos = new AtomicLong();
    private final ActiveExpiry expiry = new ActiveExpiry(keyspace, nanos::get);

    ActiveExpiryTest() {
        keyspace.propagationSink(sink);
    }

    private void exec(int db, String... argv) {
        client.select(db);
        CommandResult r = keyspace.execute(client, argv);
        assertFalse(r.isError(), () -> String.join(" ", argv) + " -> " + r.reply());
    }

    private int size(int db) {
        keyspace.lock().readLock().lock();
        try {
            return keyspace.database(db).size();
        } finally {
            keyspace.lock().readLock().unlock();
        }
    }

    @Test
    void deletesExpiredKeysEachAsOneBareDel() {
        for (int i = 0; i < 100; i++) {
            exec(0, "SET", "e" + i, "v", "PX", "100");
            exec(0, "SET", "p" + i, "v");
            exec(0, "SET", "later" + i, "v", "PX", "100000");
        }
        exec(7, "SET", "x", "v", "PX", "100");
        sink.units.clear();
        clock.advance(101);

        ActiveExpiry.CycleStats stats = expiry.runCycle(Long.MAX_VALUE / 1000);

        assertEquals(101, stats.expired());
        assertEquals(200, size(0));
        assertEquals(0, size(7));
        Set<String> deleted = new HashSet<>();
        for (List<String> unit : sink.units) {
            assertEquals(1, unit.size(), "never wrapped: " + unit);
            assertTrue(unit.get(0).matches("db[07]:DEL (e\\d+|x)"), unit.get(0));
            deleted.add(unit.get(0));
        }
        assertEquals(101, deleted.size());
        assertEquals(101, keyspace.stats().expiredKeys());
    }

    @Test
    void stopsSamplingADatabaseWhenFewKeysAreExpired() {
        for (int i = 0; i < 1000; i++) {
            exec(0, "SET", "later" + i, "v", "PX", "100000");
        }
        ActiveExpiry.CycleStats stats = expiry.runCycle();
        // One sample of 20 keys, none expired: no reason to look further this cycle.
        assertEquals(20, stats.sampled(), 10);
        assertEquals(0, stats.expired());
        assertFalse(stats.timeLimitHit());
    }

    @Test
    void cursorCoversTheWholeTableAcrossCycles() {
        for (int i = 0; i < 1000; i++) {
            exec(0, "SET", "later" + i, "v", "PX", "100000");
        }
        for (int i = 0; i < 10; i++) {
            exec(0, "SET", "soon" + i, "v", "PX", "10");
        }
        clock.advance(11);
        int cycles = 0;
        long expired = 0;
        while (expired < 10 && cycles < 500) {
            expired += expiry.runCycle().expired();
            cycles++;
        }
        assertEquals(10, expired, "all found within " + cycles + " cycles");
        assertEquals(1000, size(0));
    }

    @Test
    void timeBudgetStopsTheCycleAndTheNextVisitsEveryDb() {
        // A fake clock that advances 1 ms whenever it is read.
        ActiveExpiry slow = new ActiveExpiry(keyspace, () -> nanos.addAndGet(1_000_000));
        for (int i = 0; i < 2000; i++) {
            exec(0, "SET", "e" + i, "v", "PX", "10");
        }
        clock.advance(11);
        ActiveExpiry.CycleStats first = slow.runCycle(1);
        assertTrue(first.timeLimitHit());
        assertTrue(slow.lastCycleHitTimeLimit());
        // The budget is checked every 16 steps of 20 keys (a step finishes its last bucket).
        assertTrue(first.expired() >= 16 * 20 && first.expired() < 16 * 30, "" + first);
        ActiveExpiry.CycleStats second = slow.runCycle(Long.MAX_VALUE / 1000);
        assertFalse(second.timeLimitHit());
        assertEquals(2000 - first.expired(), second.expired());
        assertEquals(0, size(0));
    }

    @Test
    void fastCycleRunsOnlyWhenWorkWasLeftOver() {
        exec(0, "SET", "later", "v", "PX", "100000");
        expiry.runCycle();
        assertNull(expiry.runFastCycle(), "nothing stale, last cycle finished");
    }

    @Test
    void replicaModeNeverDeletes() {
        exec(0, "SET", "e", "v", "PX", "10");
        clock.advance(11);
        keyspace.expiryMode(ExpiryMode.REPLICA);
        sink.units.clear();
        assertEquals(0, expiry.runCycle().sampled());
        assertEquals(1, size(0));
        assertTrue(sink.units.isEmpty());
    }

    @Test
    void expiryInvalidatesWatchAndEmitsEventsOutsideTheLock() {
        exec(0, "SET", "w", "v", "PX", "10");
        List<ChangeEvent> events = new ArrayList<>();
        List<Boolean> lockHeld = new ArrayList<>();
        keyspace.addListener(e -> {
            events.add(e);
            lockHeld.add(keyspace.lock().isWriteLocked());
        });
        ClientState watcher = ClientState.client();
        keyspace.execute(watcher, "WATCH", "w");
        clock.advance(11);
        expiry.runCycle();
        assertEquals(List.of(new ChangeEvent(0, Key.of("w"), ChangeEvent.EXPIRED, sink.offset())),
                events);
        assertEquals(List.of(false), lockHeld);
        keyspace.execute(watcher, "MULTI");
        keyspace.execute(watcher, "SET", "w", "x");
        assertEquals(Reply.NULL_ARRAY, keyspace.execute(watcher, "EXEC").reply());
    }
}
