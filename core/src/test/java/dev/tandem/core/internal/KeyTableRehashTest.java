/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.StringValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: the key table's incremental rehash under the keyspace — the forkless snapshot walk
 * (a SCAN of the captured tables) delivers exactly the point-in-time dataset while the table is
 * mid-rehash and writers grow and shrink it, and the cron step finishes a quiet table's rehash.
 */
class KeyTableRehashTest {

    private static final class Capture implements SnapshotSink {
        final Map<String, String> entries = new HashMap<>();
        boolean ended;

        @Override
        public void begin(SnapshotInfo info) {
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            String v = new String(((StringValue) value).bytes(), StandardCharsets.UTF_8);
            if (entries.put(db + "/" + key, v) != null) {
                throw new AssertionError("delivered twice: " + key);
            }
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    private static Map<String, String> contents(Keyspace ks) {
        Map<String, String> out = new HashMap<>();
        ks.database(0).forEachEntry(e -> out.put("0/" + e.key(),
                new String(((StringValue) e.value()).bytes(), StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void snapshotWalkIsExactAcrossRehashesInProgress() {
        Keyspace ks = new Keyspace(1, KeyspaceClock.SYSTEM);
        ClientState c = ClientState.client();
        for (int i = 0; i < 4097; i++) {
            ks.execute(c, "SET", "k" + i, "v" + i);
        }
        Dict<Key, RedisValue> keys = ks.database(0).data.keys;
        assertTrue(keys.isRehashing(), "the 4097th key started a grow");
        Map<String, String> atStart = contents(ks);

        Capture sink = new Capture();
        Snapshot snapshot = ks.startSnapshot(sink);
        SplittableRandom r = new SplittableRandom(13);
        int fresh = 0;
        int walkedDuringRehash = 0;
        int step = 0;
        while (true) {
            if (keys.isRehashing()) {
                walkedDuringRehash++;
            }
            if (!snapshot.step(1 + r.nextInt(20))) {
                break;
            }
            step++;
            // First grow the table past the next power of two, then delete back down past the
            // shrink threshold, rewriting and deleting original keys along the way.
            for (int i = 0; i < 40; i++) {
                if (step < 120) {
                    ks.execute(c, "SET", "fresh" + fresh++, "x");
                } else if (fresh > 0) {
                    ks.execute(c, "DEL", "fresh" + --fresh);
                }
            }
            ks.execute(c, "SET", "k" + r.nextInt(4097), "rewritten");
            ks.execute(c, "DEL", "k" + r.nextInt(4097));
        }
        assertTrue(sink.ended);
        assertTrue(walkedDuringRehash > 10, "walk steps taken mid-rehash: " + walkedDuringRehash);
        assertEquals(atStart, sink.entries);
    }

    @Test
    void theCronStepFinishesAQuietTablesRehash() {
        Keyspace ks = new Keyspace(2, KeyspaceClock.SYSTEM);
        ClientState c = ClientState.client();
        c.select(1);
        for (int i = 0; i < 2049; i++) {
            ks.execute(c, "SET", "k" + i, "v");
            ks.execute(c, "PEXPIRE", "k" + i, "100000");
        }
        Database db = ks.database(1);
        assertTrue(db.data.keys.isRehashing());
        assertTrue(db.data.expires.isRehashing());
        // A zero budget still moves one batch per call; the calls end when both tables are done.
        int calls = 0;
        while (ks.rehashStep(0, System::nanoTime)) {
            calls++;
        }
        assertTrue(calls >= 2, "keys then expires: " + calls);
        assertFalse(db.data.keys.isRehashing());
        assertFalse(db.data.expires.isRehashing());
        assertEquals(2049, db.size());
        assertEquals(2049, db.expiresSize());
        assertFalse(ks.rehashStep(Keyspace.CRON_REHASH_BUDGET_NANOS, System::nanoTime));
    }
}
