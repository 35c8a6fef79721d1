/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.KeyspaceClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The forkless snapshot (brief §4) must equal the dataset exactly as it was at the snapshot's
 * offset while writers keep rewriting, deleting, creating and flushing keys. The expected
 * dataset is rebuilt independently by replaying the propagated stream up to that offset.
 */
class SnapshotConsistencyTest {

    static List<Long> seeds() {
        List<Long> s = new ArrayList<>();
        for (long i = 1; i <= 25; i++) {
            s.add(i * 7919);
        }
        return s;
    }

    /** Records every propagated command; the offset is the number of commands so far. */
    static final class StreamLog implements PropagationSink {
        final List<Propagated> commands = new ArrayList<>();

        @Override
        public long propagate(List<Propagated> unit) {
            commands.addAll(unit);
            return commands.size();
        }

        @Override
        public long offset() {
            return commands.size();
        }
    }

    /** Captures entries; StringValue is immutable so keeping the reference is a copy. */
    static final class CapturingSink implements SnapshotSink {
        final Map<String, String> entries = new HashMap<>();
        final AtomicReference<String> duplicate = new AtomicReference<>();
        volatile boolean ended;
        volatile SnapshotInfo info;

        @Override
        public void begin(SnapshotInfo info) {
            this.info = info;
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            String k = db + "/" + key;
            String v = new String(((StringValue) value).bytes(), StandardCharsets.UTF_8);
            if (entries.put(k, v) != null) {
                duplicate.set(k);
            }
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void snapshotEqualsDatasetAtItsOffset(long seed) throws Exception {
        Keyspace ks = new Keyspace(4, KeyspaceClock.SYSTEM);
        StreamLog log = new StreamLog();
        ks.propagationSink(log);
        SplittableRandom seedRandom = new SplittableRandom(seed);
        ClientState setup = ClientState.client();
        for (int i = 0; i < 3000; i++) {
            setup.select(seedRandom.nextInt(4));
            ks.execute(setup, "SET", "k" + seedRandom.nextInt(2000), "init" + i);
        }

        int writers = 4;
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < writers; w++) {
            SplittableRandom r = seedRandom.split();
            int id = w;
            Thread t = new Thread(() -> {
                ClientState c = ClientState.client();
                started.countDown();
                try {
                    for (int n = 0; n < 200_000 && !stop.get(); n++) {
                        c.select(r.nextInt(4));
                        String key = "k" + r.nextInt(2000);
                        int op = r.nextInt(100);
                        if (op < 60) {
                            ks.execute(c, "SET", key, "w" + id + "-" + n);
                        } else if (op < 95) {
                            ks.execute(c, "DEL", key);
                        } else if (op < 99) {
                            ks.execute(c, "MULTI");
                            ks.execute(c, "SET", key, "m" + n);
                            ks.execute(c, "DEL", "k" + r.nextInt(2000));
                            ks.execute(c, "EXEC");
                        } else {
                            ks.execute(c, "SET", "fresh" + id + "-" + n, "x");
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            threads.add(t);
        }
        started.await();

        CapturingSink sink = new CapturingSink();
        Snapshot snapshot = ks.startSnapshot(sink);
        while (snapshot.step(1 + seedRandom.nextInt(64))) {
            Thread.onSpinWait();
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertNull(failure.get());
        assertTrue(sink.ended);
        assertNull(sink.duplicate.get(), "a key was delivered twice");

        // Replay the stream up to the snapshot's offset into a fresh keyspace.
        Keyspace expected = new Keyspace(4, KeyspaceClock.SYSTEM);
        ClientState replay = ClientState.master();
        List<Propagated> prefix = log.commands.subList(0, (int) snapshot.offset());
        for (Propagated p : prefix) {
            String name = new String(p.argv()[0], StandardCharsets.US_ASCII);
            if (name.equals("MULTI") || name.equals("EXEC")) {
                continue;
            }
            replay.select(p.db());
            expected.execute(replay, p.argv());
        }
        Map<String, String> want = new HashMap<>();
        for (int db = 0; db < 4; db++) {
            int d = db;
            expected.database(db).forEachEntry(e -> want.put(d + "/" + e.key(),
                    new String(((StringValue) e.value()).bytes(), StandardCharsets.UTF_8)));
        }
        assertEquals(want.size(), sink.entries.size(), "key count at offset " + snapshot.offset());
        assertEquals(want, sink.entries);
        long hinted = 0;
        for (long n : sink.info.keysPerDb()) {
            hinted += n;
        }
        assertEquals(want.size(), hinted, "resize hints are the counts at the start");
    }
}
