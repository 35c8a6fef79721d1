/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.StringValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A forkless snapshot must deliver the dataset exactly as it was when it started, while the
 * string and key commands (RENAME, DEL, MOVE, COPY, FLUSHDB, SWAPDB, expiry...) change it.
 */
class SnapshotUnderKeyCommandsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    /** One delivered key: its value's bytes (copied) and its TTL. */
    record Item(String value, long expireAt) { }

    /** Records the snapshot; fails on a key delivered twice. */
    static final class RecordingSnapshotSink implements SnapshotSink {
        final Map<Integer, Map<String, Item>> dbs = new HashMap<>();
        final List<String> duplicates = new ArrayList<>();
        SnapshotInfo info;
        boolean ended;

        @Override
        public void begin(SnapshotInfo info) {
            this.info = info;
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            String v = value instanceof StringValue s
                    ? new String(s.bytes().clone(), StandardCharsets.UTF_8) : value.toString();
            Item prev = dbs.computeIfAbsent(db, d -> new HashMap<>())
                    .put(key.toString(), new Item(v, expireAtMillis));
            if (prev != null) {
                duplicates.add(db + ":" + key);
            }
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    private Map<Integer, Map<String, Item>> currentDataset() {
        Map<Integer, Map<String, Item>> out = new HashMap<>();
        ks.keyspace.lock().readLock().lock();
        try {
            for (int db = 0; db < ks.keyspace.databaseCount(); db++) {
                int d = db;
                ks.keyspace.database(db).forEachEntry(e -> out.computeIfAbsent(d, x -> new HashMap<>())
                        .put(e.key().toString(), new Item(e.value().toString(), e.expireAt())));
            }
        } finally {
            ks.keyspace.lock().readLock().unlock();
        }
        return out;
    }

    private void populate() {
        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) {
                ks.exec("SET", "k" + i, "v" + i, "PX", Integer.toString(100 + i));
            } else {
                ks.exec("SET", "k" + i, "v" + i);
            }
        }
        ks.client.select(1);
        for (int i = 0; i < 50; i++) {
            ks.exec("SET", "one" + i, "w" + i);
        }
        ks.client.select(0);
    }

    @Test
    void snapshotSeesTheDatasetAsOfItsStart() {
        populate();
        Map<Integer, Map<String, Item>> expected = currentDataset();
        RecordingSnapshotSink sink = new RecordingSnapshotSink();
        Snapshot snap = ks.keyspace.startSnapshot(sink);
        assertEquals(300, sink.info.keysPerDb()[0]);
        assertEquals(100, sink.info.expiresPerDb()[0]);
        assertTrue(snap.step(20));

        ks.exec("RENAME", "k1", "k1-renamed").isOk();
        ks.exec("RENAME", "k2", "k4").isOk();
        ks.exec("DEL", "k5", "k7").isInteger(2);
        ks.exec("SET", "k8", "overwritten", "EX", "5").isOk();
        ks.exec("APPEND", "k10", "-appended").isInteger(12);
        ks.exec("SET", "n11", "1.5");
        ks.exec("INCRBYFLOAT", "k11", "1").isError("ERR value is not a valid float");
        ks.exec("EXPIRE", "k13", "1000").isInteger(1);
        ks.exec("PERSIST", "k12").isInteger(1);
        ks.exec("MOVE", "k14", "2").isInteger(1);
        ks.exec("COPY", "k16", "k17", "REPLACE").isInteger(1);
        ks.exec("COPY", "k19", "one3", "DB", "1", "REPLACE").isInteger(1);
        ks.exec("GETDEL", "k20").isBulk("v20");
        ks.exec("GETSET", "k22", "x").isBulk("v22");
        assertTrue(snap.step(20));
        ks.exec("SWAPDB", "0", "1").isOk();
        ks.exec("SET", "k23", "in-new-db0").isOk();
        ks.client.select(1);
        ks.exec("DEL", "k25").isInteger(1);
        assertTrue(snap.step(20));
        ks.clock.advance(250); // k0, k3, ... k147 expire
        ks.exec("GET", "k30").isNull();
        new ActiveExpiry(ks.keyspace).runCycle(Long.MAX_VALUE / 1000);
        ks.exec("FLUSHDB").isOk();
        ks.client.select(0);
        ks.exec("FLUSHALL").isOk();
        ks.exec("SET", "after", "flush").isOk();

        while (snap.step(13)) {
            ks.exec("SET", "k26", "late");
        }
        assertTrue(sink.ended);
        assertTrue(sink.duplicates.isEmpty(), "delivered twice: " + sink.duplicates);
        assertEquals(expected, sink.dbs);
    }

    /** Random interleavings of commands and snapshot steps, replayed from seeds. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomCommandsDuringSnapshot(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        populate();
        for (int i = 0; i < 60; i++) {
            ks.client.select(random.nextInt(4));
            ks.exec("SET", "r" + i, "x" + i, "PX", Integer.toString(50 + random.nextInt(500)));
        }
        ks.client.select(0);
        Map<Integer, Map<String, Item>> expected = currentDataset();
        RecordingSnapshotSink sink = new RecordingSnapshotSink();
        Snapshot snap = ks.keyspace.startSnapshot(sink);
        ActiveExpiry expiry = new ActiveExpiry(ks.keyspace);
        boolean more = true;
        while (more) {
            for (int n = random.nextInt(6); n > 0; n--) {
                randomCommand(random, expiry);
            }
            more = snap.step(1 + random.nextInt(30));
        }
        assertTrue(sink.duplicates.isEmpty(), "delivered twice: " + sink.duplicates);
        assertEquals(expected, sink.dbs);
        assertFalse(ks.keyspace.snapshotInProgress());
    }

    private void randomCommand(SplittableRandom r, ActiveExpiry expiry) {
        ks.client.select(r.nextInt(4));
        String a = "k" + r.nextInt(320);
        String b = "k" + r.nextInt(320);
        String db = Integer.toString(r.nextInt(4));
        switch (r.nextInt(17)) {
            case 0 -> ks.exec("RENAME", a, b);
            case 1 -> ks.exec("RENAMENX", a, b);
            case 2 -> ks.exec("DEL", a, b);
            case 3 -> ks.exec("MOVE", a, db);
            case 4 -> ks.exec("COPY", a, b, "DB", db, "REPLACE");
            case 5 -> ks.exec("SET", a, "s" + r.nextInt(), "KEEPTTL");
            case 6 -> ks.exec("APPEND", a, "+");
            case 7 -> ks.exec("INCR", "n" + r.nextInt(5));
            case 8 -> ks.exec("EXPIRE", a, Integer.toString(r.nextInt(3) - 1));
            case 9 -> ks.exec("PERSIST", a);
            case 10 -> ks.exec("GETDEL", a);
            case 11 -> ks.exec("SETRANGE", a, Integer.toString(r.nextInt(4)), "zz");
            case 12 -> ks.exec("SWAPDB", db, Integer.toString(r.nextInt(4)));
            case 13 -> {
                if (r.nextInt(8) == 0) {
                    ks.exec("FLUSHDB");
                }
            }
            case 14 -> {
                ks.clock.advance(r.nextInt(40));
                expiry.runCycle(Long.MAX_VALUE / 1000);
            }
            case 15 -> ks.exec("GET", a);
            default -> ks.exec("MSET", a, "m", b, "m");
        }
    }
}
