/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ValueType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyCommandsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    @TestFactory
    Stream<DynamicTest> scripted() {
        return Scripts.load("keys.txt");
    }

    @Test
    void typeNamesEveryType() {
        for (ValueType t : ValueType.values()) {
            OtherTypeValue.put(ks.keyspace, 0, t.redisName() + "-key", t);
            ks.exec("TYPE", t.redisName() + "-key").is(Reply.simple(t.redisName()));
        }
        ks.exec("SCAN", "0", "TYPE", "zset", "COUNT", "100").is(Reply.array(List.of(
                Reply.bulk("0"), Reply.array(List.of(Reply.bulk("zset-key"))))));
    }

    @Test
    void copyDeepCopiesOtherTypesAndMoveKeepsTheValue() {
        OtherTypeValue.put(ks.keyspace, 0, "h", ValueType.HASH);
        ks.exec("COPY", "h", "h2", "DB", "4").isInteger(1).propagates("COPY h h2 DB 4");
        ks.exec("MOVE", "h", "5").isInteger(1).propagates("MOVE h 5");
        ks.keyspace.lock().readLock().lock();
        try {
            var copy = ks.keyspace.database(4).peek(Key.of("h2")).value();
            var moved = ks.keyspace.database(5).peek(Key.of("h")).value();
            assertEquals(moved, copy);
            assertNotSame(moved, copy);
            assertEquals(null, ks.keyspace.database(0).peek(Key.of("h")));
        } finally {
            ks.keyspace.lock().readLock().unlock();
        }
    }

    @Test
    void scanVisitsEveryKeyOnceAcrossGrowth() {
        for (int i = 0; i < 500; i++) {
            ks.exec("SET", "k" + i, "v");
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            Reply.ArrayReply r = (Reply.ArrayReply) ks.exec("SCAN", cursor, "COUNT", "7").reply();
            cursor = ((Reply.BulkReply) r.items().get(0)).utf8();
            for (Reply k : ((Reply.ArrayReply) r.items().get(1)).items()) {
                seen.add(((Reply.BulkReply) k).utf8());
            }
            // Grow the table in the middle of the iteration: old keys must still all be seen.
            if (calls++ == 10) {
                for (int i = 500; i < 1500; i++) {
                    ks.exec("SET", "k" + i, "v");
                }
            }
        } while (!cursor.equals("0"));
        for (int i = 0; i < 500; i++) {
            assertTrue(seen.contains("k" + i), "missed k" + i);
        }
    }

    @Test
    void scanMatchFiltersAfterSampling() {
        for (int i = 0; i < 100; i++) {
            ks.exec("SET", (i % 2 == 0 ? "even:" : "odd:") + i, "v");
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            Reply.ArrayReply r = (Reply.ArrayReply) ks.exec("SCAN", cursor, "MATCH", "even:*").reply();
            cursor = ((Reply.BulkReply) r.items().get(0)).utf8();
            for (Reply k : ((Reply.ArrayReply) r.items().get(1)).items()) {
                String key = ((Reply.BulkReply) k).utf8();
                assertTrue(key.startsWith("even:"), key);
                seen.add(key);
            }
        } while (!cursor.equals("0"));
        assertEquals(50, seen.size());
    }

    @Test
    void keysMatchesGlobs() {
        ks.exec("MSET", "hello", "1", "hallo", "2", "hxllo", "3", "world", "4");
        Reply.ArrayReply r = (Reply.ArrayReply) ks.exec("KEYS", "h[ae]llo").reply();
        Set<String> keys = new HashSet<>();
        r.items().forEach(k -> keys.add(((Reply.BulkReply) k).utf8()));
        assertEquals(Set.of("hello", "hallo"), keys);
        assertEquals(4, ((Reply.ArrayReply) ks.exec("KEYS", "*").reply()).items().size());
    }

    @Test
    void randomKeyOnlyReturnsLiveKeysAndExpiresTheRestOnAMaster() {
        for (int i = 0; i < 200; i++) {
            ks.exec("SET", "dead" + i, "v", "PX", "10");
        }
        ks.exec("SET", "live", "v");
        ks.clock.advance(11);
        for (int i = 0; i < 5; i++) {
            ks.exec("RANDOMKEY").isBulk("live");
        }
        // Every expired key met on the way was deleted with its own bare DEL.
        ks.exec("DBSIZE").isInteger(ks.keyspace.database(0).size());
        assertTrue(ks.sink.all.stream().filter(p -> p.render().startsWith("DEL dead")).count() > 0);
    }

    /** SCAN and RANDOMKEY may meet any key: Redis 7.0 sends their DELs bare (CMD_TOUCHES_ARBITRARY_KEYS). */
    @Test
    void scanDeletesTheExpiredKeysItMeetsWithBareDels() {
        ks.exec("SET", "a", "1", "PX", "10");
        ks.exec("SET", "b", "2", "PX", "10");
        ks.exec("SET", "live", "v");
        ks.clock.advance(11);
        List<String> dels = ks.exec("SCAN", "0").result.propagated().stream().map(Propagated::render).toList();
        assertEquals(Set.of("DEL a", "DEL b"), new HashSet<>(dels));
        assertEquals(2, dels.size());
        ks.exec("DBSIZE").isInteger(1);
    }

    /** EXEC after WATCH key / other client's command / MULTI SET: the EXEC reply. */
    private Reply watchThenExec(String key, int watchDb, String... otherCommand) {
        ClientState watcher = ClientState.client();
        watcher.select(watchDb);
        ks.keyspace.execute(watcher, "WATCH", key);
        ks.exec(otherCommand);
        ks.keyspace.execute(watcher, "MULTI");
        ks.keyspace.execute(watcher, "SET", "unrelated", "1");
        return ks.keyspace.execute(watcher, "EXEC").reply();
    }

    /**
     * WATCH of a key that is already expired (Redis 7.0 multi.c, checked against redis-server
     * 7.0.15; found by the keyspace differential test): the expired key counts as absent, so
     * EXEC goes ahead unless the key comes back; a key alive when watched that expires before
     * EXEC still fails it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            expired when watched                          | 10  |         | +OK
            alive when watched, expired before EXEC       | 100 |         | (nil-array)
            expired when watched, then lazily deleted     | 10  | GET k   | +OK
            expired when watched, then set again          | 10  | SET k x | (nil-array)
            expired when watched, then deleted by DEL     | 10  | DEL k   | +OK
            """)
    void watchOfAnExpiredKey(String scenario, long ttl, String between, String exec) {
        ks.exec("SET", "k", "v", "PX", Long.toString(ttl));
        ClientState watcher = ClientState.client();
        if (ttl > 50) {
            ks.keyspace.execute(watcher, "WATCH", "k");
            ks.clock.advance(ttl + 1);
        } else {
            ks.clock.advance(ttl + 1);
            ks.keyspace.execute(watcher, "WATCH", "k");
        }
        if (between != null) {
            ks.keyspace.execute(watcher, between.split(" "));
        }
        ks.keyspace.execute(watcher, "MULTI");
        ks.keyspace.execute(watcher, "SET", "u", "1");
        Reply reply = ks.keyspace.execute(watcher, "EXEC").reply();
        assertEquals(exec.equals("+OK") ? KeyspaceFixture.replies("+OK") : Reply.NULL_ARRAY, reply, scenario);
    }

    @Test
    void flushAndSwapInvalidateWatchesOfExistingKeysOnly() {
        ks.exec("SET", "a", "1");
        assertEquals(Reply.NULL_ARRAY, watchThenExec("a", 0, "FLUSHDB"));
        assertEquals(KeyspaceFixture.replies("+OK"), watchThenExec("never", 0, "FLUSHDB"));
        ks.exec("SET", "a", "1");
        assertEquals(Reply.NULL_ARRAY, watchThenExec("a", 0, "FLUSHALL"));
        ks.client.select(1);
        ks.exec("SET", "b", "1");
        ks.client.select(0);
        // b exists only in db 1: a watcher of b in db 0 sees it appear through SWAPDB.
        assertEquals(Reply.NULL_ARRAY, watchThenExec("b", 0, "SWAPDB", "0", "1"));
        assertEquals(KeyspaceFixture.replies("+OK"), watchThenExec("never", 0, "SWAPDB", "0", "1"));
        ks.exec("SET", "c", "1");
        assertEquals(Reply.NULL_ARRAY, watchThenExec("c", 0, "RENAME", "c", "d"));
        assertEquals(Reply.NULL_ARRAY, watchThenExec("d", 0, "MOVE", "d", "3"));
        ks.exec("SET", "e", "1");
        assertEquals(Reply.NULL_ARRAY, watchThenExec("d", 3, "COPY", "e", "d", "DB", "3", "REPLACE"));
    }
}
