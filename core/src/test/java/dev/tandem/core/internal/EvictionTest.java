/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.EvictionPolicy;
import dev.tandem.core.Key;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** maxmemory and every maxmemory-policy, as Redis 7.0.15's evict.c and processCommand. */
class EvictionTest {
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    private static final String VALUE = "v".repeat(200);

    private static KeyspaceFixture fixture(EvictionPolicy policy, int keys) {
        KeyspaceFixture f = new KeyspaceFixture();
        for (int i = 0; i < keys; i++) {
            f.exec("SET", "key:" + i, VALUE);
        }
        f.keyspace.eviction().policy(policy);
        return f;
    }

    private static boolean exists(KeyspaceFixture f, String key) {
        return f.keyspace.database(0).peek(Key.of(key)) != null;
    }

    private static List<String> evictedDels(KeyspaceFixture f) {
        return f.sink.all.stream().map(Propagated::render).filter(s -> s.startsWith("DEL") || s.startsWith("UNLINK"))
                .collect(Collectors.toList());
    }

    @Test
    void noevictionRefusesDenyoomCommandsOnly() {
        KeyspaceFixture f = fixture(EvictionPolicy.NOEVICTION, 10);
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        f.exec("SET", "x", "y").isError(OOM);
        f.exec("RPUSH", "l", "a").isError(OOM);
        f.exec("INCR", "n").isError(OOM);
        f.exec("GET", "key:1").isBulk(VALUE);
        f.exec("EXPIRE", "key:2", "100").isInteger(1); // a write without denyoom runs
        f.exec("DEL", "key:1").isInteger(1);          // and frees memory
        f.exec("SET", "x", "y").isOk();
        assertEquals(0, f.keyspace.eviction().evictedKeys());
        MemoryRecount.assertAccounted(f.keyspace);
    }

    @Test
    void transactionsUnderOomAreRefusedAsRedisDoes() {
        KeyspaceFixture f = fixture(EvictionPolicy.NOEVICTION, 10);
        f.exec("MULTI").isOk();
        f.exec("SET", "a", "b").is(dev.tandem.core.reply.Reply.QUEUED);
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        f.exec("GET", "a").isError(OOM); // queuing anything while out of memory is refused
        f.exec("EXEC").isError("EXECABORT Transaction discarded because of previous errors.");
        f.keyspace.eviction().maxmemory(0);
        f.exec("MULTI").isOk();
        f.exec("SET", "a", "b");
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        // EXEC itself holds a denyoom command: Redis aborts it with the OOM reason.
        f.exec("EXEC").isError("EXECABORT Transaction discarded because of: " + OOM);
        f.keyspace.eviction().maxmemory(0);
        f.exec("MULTI").isOk();
        f.exec("GET", "key:1");
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        f.exec("EXEC").is(dev.tandem.core.reply.Reply.array(List.of(dev.tandem.core.reply.Reply.bulk(VALUE))));
    }

    @Test
    void allkeysRandomEvictsUntilBelowTheLimitAndPropagatesDels() {
        KeyspaceFixture f = fixture(EvictionPolicy.ALLKEYS_RANDOM, 0);
        f.keyspace.eviction().maxmemory(200_000);
        for (int i = 0; i < 2000; i++) {
            f.exec("SET", "key:" + i, VALUE).isOk();
            assertTrue(f.keyspace.usedMemory() <= 200_000 + 1000, "used " + f.keyspace.usedMemory());
        }
        long evicted = f.keyspace.eviction().evictedKeys();
        assertTrue(evicted > 1000, "evicted " + evicted);
        assertEquals(evicted, evictedDels(f).size());
        assertEquals(2000 - evicted, f.keyspace.database(0).size());
        MemoryRecount.assertAccounted(f.keyspace);
    }

    @Test
    void lazyfreeLazyEvictionPropagatesUnlink() {
        KeyspaceFixture f = fixture(EvictionPolicy.ALLKEYS_RANDOM, 100);
        f.keyspace.eviction().lazyfreeLazyEviction(true);
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        f.exec("SET", "x", "y").isOk();
        assertEquals(1, f.keyspace.eviction().evictedKeys());
        assertTrue(evictedDels(f).get(0).startsWith("UNLINK"), evictedDels(f).toString());
    }

    @Test
    void volatilePoliciesOnlyTouchKeysWithATtlAndThenRefuse() {
        for (EvictionPolicy p : List.of(EvictionPolicy.VOLATILE_LRU, EvictionPolicy.VOLATILE_LFU,
                EvictionPolicy.VOLATILE_RANDOM, EvictionPolicy.VOLATILE_TTL)) {
            KeyspaceFixture f = fixture(p, 100);
            for (int i = 0; i < 100; i += 2) {
                f.exec("EXPIRE", "key:" + i, Integer.toString(1000 + i)).isInteger(1);
            }
            f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
            int refusedAt = -1;
            for (int i = 0; i < 200 && refusedAt < 0; i++) {
                if (f.exec("SET", "new:" + i, VALUE).reply() instanceof dev.tandem.core.reply.Reply.ErrorReply) {
                    refusedAt = i;
                }
            }
            assertTrue(refusedAt > 0, p + ": refused once nothing volatile is left");
            assertEquals(0, f.keyspace.database(0).expiresSize(), p.configName());
            for (int i = 1; i < 100; i += 2) {
                assertTrue(exists(f, "key:" + i), p + " evicted key:" + i + " which has no TTL");
            }
            assertEquals(50, f.keyspace.eviction().evictedKeys(), p.configName());
        }
    }

    @Test
    void volatileTtlEvictsTheSoonestToExpireFirst() {
        KeyspaceFixture f = fixture(EvictionPolicy.VOLATILE_TTL, 100);
        for (int i = 0; i < 100; i++) {
            f.exec("EXPIRE", "key:" + i, Integer.toString(1000 + i));
        }
        f.keyspace.eviction().samples(10);
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        for (int i = 0; i < 20; i++) {
            f.exec("SET", "key:" + i, VALUE); // overwriting drops the TTL; ~one eviction each
        }
        // The 20 longest-lived keys all survive: the pool sends the short TTLs first.
        for (int i = 80; i < 100; i++) {
            assertTrue(exists(f, "key:" + i), "key:" + i);
        }
    }

    @Test
    void allkeysLruKeepsRecentlyUsedKeys() {
        KeyspaceFixture f = fixture(EvictionPolicy.ALLKEYS_LRU, 0);
        for (int i = 0; i < 200; i++) {
            f.exec("SET", "key:" + i, VALUE);
            f.clock.advance(1000);
        }
        f.clock.advance(100_000);
        for (int i = 0; i < 20; i++) {
            f.exec("GET", "hot:" + i);
            f.exec("GET", "key:" + (i * 10)); // every tenth key is used now
        }
        f.keyspace.eviction().samples(10);
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        for (int i = 0; i < 100; i++) {
            f.exec("SET", "new:" + i, VALUE).isOk();
            f.exec("GET", "new:" + i);
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(exists(f, "key:" + (i * 10)), "recently used key:" + (i * 10) + " was evicted");
        }
        assertTrue(f.keyspace.eviction().evictedKeys() >= 90, "evicted " + f.keyspace.eviction().evictedKeys());
    }

    @Test
    void allkeysLfuKeepsFrequentlyUsedKeys() {
        KeyspaceFixture f = fixture(EvictionPolicy.ALLKEYS_LFU, 0);
        for (int i = 0; i < 200; i++) {
            f.exec("SET", "key:" + i, VALUE);
        }
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 200; i += 10) {
                f.exec("GET", "key:" + i);
            }
        }
        f.keyspace.eviction().samples(10);
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        for (int i = 0; i < 100; i++) {
            f.exec("SET", "new:" + i, VALUE).isOk();
            for (int j = 0; j < 10; j++) {
                f.exec("GET", "new:" + i); // new keys become frequent too, so the cold old ones go
            }
        }
        for (int i = 0; i < 200; i += 10) {
            assertTrue(exists(f, "key:" + i), "frequently used key:" + i + " was evicted");
        }
    }

    @Test
    void objectIdletimeAndFreqFollowThePolicy() {
        KeyspaceFixture f = new KeyspaceFixture();
        f.exec("SET", "k", "v");
        f.clock.advance(5_000);
        f.exec("OBJECT", "IDLETIME", "k").isInteger(5);
        f.exec("OBJECT", "IDLETIME", "k").isInteger(5); // OBJECT itself is no access
        f.exec("OBJECT", "FREQ", "k").isError("ERR An LFU maxmemory policy is not selected, access frequency not "
                + "tracked. Please note that when switching between policies at runtime LRU and LFU data will take "
                + "some time to adjust.");
        f.exec("GET", "k");
        f.exec("OBJECT", "IDLETIME", "k").isInteger(0);
        f.exec("OBJECT", "IDLETIME", "missing").isNull();
        f.keyspace.eviction().policy(EvictionPolicy.ALLKEYS_LFU);
        f.exec("OBJECT", "IDLETIME", "k").isError("ERR An LFU maxmemory policy is selected, idle time not tracked. "
                + "Please note that when switching between policies at runtime LRU and LFU data will take some time "
                + "to adjust.");
        f.exec("SET", "fresh", "v");
        f.exec("OBJECT", "FREQ", "fresh").isInteger(Eviction.LFU_INIT_VAL);
        for (int i = 0; i < 100; i++) {
            f.exec("GET", "fresh");
        }
        long freq = ((dev.tandem.core.reply.Reply.IntegerReply) f.exec("OBJECT", "FREQ", "fresh").reply()).value();
        assertTrue(freq > Eviction.LFU_INIT_VAL, "freq " + freq);
        f.clock.advance(freq * 60_000); // lfu-decay-time 1: one point per minute
        f.exec("OBJECT", "FREQ", "fresh").isInteger(0);
    }

    @Test
    void replicasFollowTheirMasterInsteadOfEvicting() {
        KeyspaceFixture f = fixture(EvictionPolicy.ALLKEYS_RANDOM, 50);
        f.keyspace.expiryMode(ExpiryMode.REPLICA);
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() - 1);
        f.exec("SET", "x", "y").isOk(); // a writable replica client: neither eviction nor OOM
        f.exec(ClientState.master(), "SET", "z", "y").isOk();
        assertEquals(0, f.keyspace.eviction().evictedKeys());
        f.keyspace.eviction().replicaIgnoreMaxmemory(false);
        f.exec("SET", "x", "y").isOk();
        assertTrue(f.keyspace.eviction().evictedKeys() > 0);
    }

    @Test
    void tenacityBoundsOnePassAndTheCronFinishesIt() {
        KeyspaceFixture f = fixture(EvictionPolicy.ALLKEYS_RANDOM, 500);
        long[] nanos = {0};
        f.keyspace.eviction().nanoTime(() -> nanos[0] += 1_000_000); // every look at the clock: 1 ms later
        f.keyspace.eviction().tenacity(10); // 500 µs
        f.keyspace.eviction().maxmemory(f.keyspace.usedMemory() / 2);
        f.exec("SET", "x", "y").isOk(); // RUNNING is no refusal
        assertEquals(16, f.keyspace.eviction().evictedKeys(), "one batch of 16 before the time check");
        while (f.keyspace.evictionCron()) {
            assertTrue(f.keyspace.eviction().evictedKeys() < 500);
        }
        assertTrue(f.keyspace.usedMemory() <= f.keyspace.eviction().maxmemory());
        assertEquals(0, f.keyspace.eviction().currentExceededMillis());
    }

    @Test
    void evictedKeysInvalidateWatches() {
        KeyspaceFixture f = fixture(EvictionPolicy.ALLKEYS_RANDOM, 1);
        ClientState other = ClientState.client();
        f.exec(other, "WATCH", "key:0").isOk();
        f.keyspace.eviction().maxmemory(1);
        f.exec("SET", "x", "y");
        assertNull(f.keyspace.database(0).peek(Key.of("key:0")));
        f.keyspace.eviction().maxmemory(0);
        f.exec(other, "MULTI");
        f.exec(other, "GET", "x");
        f.exec(other, "EXEC").is(dev.tandem.core.reply.Reply.NULL_ARRAY);
    }

    @Test
    void smallIntegersAreNotSharedUnderAnLruOrLfuLimit() {
        KeyspaceFixture f = new KeyspaceFixture();
        f.exec("SET", "a", "1");
        f.exec("OBJECT", "REFCOUNT", "a").isInteger(Integer.MAX_VALUE);
        f.keyspace.eviction().maxmemory(1L << 30);
        f.keyspace.eviction().policy(EvictionPolicy.ALLKEYS_RANDOM);
        f.exec("SET", "a", "1");
        f.exec("OBJECT", "REFCOUNT", "a").isInteger(Integer.MAX_VALUE);
        f.keyspace.eviction().policy(EvictionPolicy.ALLKEYS_LRU);
        f.exec("SET", "a", "1");
        f.keyspace.eviction().policy(EvictionPolicy.VOLATILE_LRU);
        f.exec("SET", "b", "1");
        f.exec("OBJECT", "REFCOUNT", "a").isInteger(1);
        f.exec("OBJECT", "REFCOUNT", "b").isInteger(1);
        f.exec("GET", "a").isBulk("1");
    }
}
