/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.ChangeEvent;
import dev.tandem.core.Key;
import dev.tandem.core.KeyspaceListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();
    private final List<ChangeEvent> events = Collections.synchronizedList(new ArrayList<>());

    ChangeEventsTest() {
        ks.keyspace.addListener(events::add);
    }

    private ChangeEvent event(int db, String key, String command) {
        return new ChangeEvent(db, key == null ? null : Key.of(key), command, ks.sink.offset());
    }

    @Test
    void oneEventPerChangedKeyWithTheUnitsOffset() {
        ks.exec("SET", "a", "1");
        assertEquals(List.of(event(0, "a", "set")), events);
        events.clear();
        ks.exec("MSET", "b", "1", "c", "2");
        assertEquals(List.of(event(0, "b", "mset"), event(0, "c", "mset")), events);
        events.clear();
        ks.exec("RENAME", "b", "d");
        assertEquals(List.of(event(0, "b", "rename"), event(0, "d", "rename")), events);
    }

    @Test
    void noOpsAndReadsProduceNoEvents() {
        ks.exec("DEL", "missing");
        ks.exec("GET", "missing");
        ks.exec("SET", "a", "1", "NX");
        events.clear();
        ks.exec("SET", "a", "2", "NX");
        ks.exec("EXPIRE", "a", "10", "XX");
        ks.exec("SET", "a", "1", "BAD");
        assertEquals(List.of(), events);
    }

    @Test
    void lazyAndExplicitExpiry() {
        ks.exec("SET", "a", "1", "PX", "10");
        ks.clock.advance(11);
        events.clear();
        ks.exec("GET", "a");
        assertEquals(List.of(event(0, "a", ChangeEvent.EXPIRED)), events);
        events.clear();
        ks.exec("SET", "b", "1");
        ks.exec("SET", "b", "1", "PX", "10");
        ks.clock.advance(11);
        events.clear();
        ks.exec("INCR", "b");
        assertEquals(List.of(event(0, "b", ChangeEvent.EXPIRED), event(0, "b", "incr")), events);
    }

    @Test
    void wholeDatabaseEvents() {
        ks.exec("SET", "a", "1");
        events.clear();
        ks.client.select(3);
        ks.exec("flushdb");
        assertEquals(List.of(event(3, null, "flushdb")), events);
        assertTrue(events.get(0).isWholeDatabase());
        events.clear();
        ks.exec("SWAPDB", "0", "3");
        assertEquals(List.of(event(0, null, "swapdb"), event(3, null, "swapdb")), events);
        events.clear();
        ks.exec("FLUSHALL");
        assertEquals(16, events.size());
        assertEquals(event(15, null, "flushall"), events.get(15));
    }

    @Test
    void transactionEventsShareTheExecOffset() {
        ks.exec("MULTI");
        ks.exec("SET", "a", "1");
        ks.exec("INCR", "n");
        assertEquals(List.of(), events);
        ks.exec("EXEC");
        assertEquals(List.of(event(0, "a", "set"), event(0, "n", "incr")), events);
    }

    @Test
    void removedListenerHearsNothing() {
        List<ChangeEvent> other = new ArrayList<>();
        KeyspaceListener l = other::add;
        ks.keyspace.addListener(l);
        ks.exec("SET", "a", "1");
        ks.keyspace.removeListener(l);
        ks.exec("SET", "a", "2");
        assertEquals(1, other.size());
    }

    @Test
    void failingListenerIsLoggedAndBreaksNeitherTheWriterNorOtherListeners() {
        KeyspaceListener failing = new KeyspaceListener() {
            @Override
            public void onChange(ChangeEvent e) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public String toString() {
                return "failing-listener";
            }
        };
        ks.keyspace.addListener(failing);
        List<ChangeEvent> after = new ArrayList<>();
        ks.keyspace.addListener(after::add);
        // Core logs through System.Logger, which the JDK backs with java.util.logging here.
        Logger keyspaceLog = Logger.getLogger(Keyspace.class.getName());
        List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        keyspaceLog.addHandler(capture);
        try {
            ks.exec("SET", "a", "1").isOk();
        } finally {
            keyspaceLog.removeHandler(capture);
        }
        assertEquals(1, after.size());
        assertEquals(1, events.size());
        assertEquals(1, logged.size());
        LogRecord r = logged.get(0);
        assertEquals(Level.WARNING, r.getLevel());
        assertTrue(r.getMessage().contains("failing-listener"), r.getMessage());
        assertTrue(r.getMessage().contains(event(0, "a", "set").toString()), r.getMessage());
        assertEquals("listener bug", r.getThrown().getMessage());
    }

    @Test
    void concurrentWritersDeliverEveryEventInStrictlyIncreasingOffsetOrder() throws Exception {
        int threads = 4;
        int perThread = 3000;
        AtomicInteger inListener = new AtomicInteger();
        AtomicBoolean overlapOrLocked = new AtomicBoolean();
        List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
        ks.keyspace.addListener(e -> {
            if (inListener.incrementAndGet() != 1 || ks.keyspace.lock().isWriteLockedByCurrentThread()
                    || ks.keyspace.lock().getReadHoldCount() > 0) {
                overlapOrLocked.set(true);
            }
            offsets.add(e.offset());
            inListener.decrementAndGet();
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                ClientState c = ClientState.client();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    ks.keyspace.execute(c, "SET", "k" + id + ":" + (i % 50), Integer.toString(i));
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(w.isAlive());
        }
        // Every writer returned, so every event was delivered (by it or by the dispatcher
        // that was active when it finished).
        assertEquals(threads * perThread, offsets.size());
        for (int i = 1; i < offsets.size(); i++) {
            assertTrue(offsets.get(i) > offsets.get(i - 1),
                    "offset " + offsets.get(i) + " after " + offsets.get(i - 1));
        }
        assertFalse(overlapOrLocked.get(), "listeners ran concurrently or under the lock");
    }

    @Test
    void aListenerThatWritesDoesNotReorderEventsForLaterListeners() {
        ks.keyspace.addListener(e -> {
            if (e.key() != null && e.key().toString().equals("a")) {
                ks.keyspace.execute(ClientState.client(), "SET", "b", "from-listener");
            }
        });
        List<String> seenLast = new ArrayList<>();
        ks.keyspace.addListener(e -> seenLast.add(e.key().toString()));
        ks.exec("SET", "a", "1");
        assertEquals(List.of("a", "b"), seenLast);
        ks.exec("GET", "b").isBulk("from-listener");
    }
}
