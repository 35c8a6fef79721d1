/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #13: {@link Dict} resizes incrementally, and what rests on the table's shape — lookups,
 * the SCAN cursor's guarantee, iteration, the uniform random pick — holds while two tables are
 * live.
 */
class DictRehashTest {

    private static Key key(int i) {
        return Key.of("key:" + i);
    }

    /** A dict that has just crossed a power of two: the grow has started, no bucket moved yet. */
    private static Dict<Key, Integer> growing(int n) {
        Dict<Key, Integer> d = new Dict<>();
        for (int i = 0; i < n; i++) {
            d.put(key(i), i);
        }
        return d;
    }

    @Test
    void aGrowIsSpreadOverLaterWritesNotPaidByOne() {
        Dict<Key, Integer> d = growing(1025);
        assertTrue(d.isRehashing(), "the put past 1024 elements starts a rehash, it does not finish it");
        assertEquals(2048, d.capacity());
        for (int i = 0; i < 1025; i++) {
            assertEquals(i, d.get(key(i)), "found in either table");
        }
        // Each write moves at most one (non-empty) bucket and advances past at least one.
        int nonEmptyBuckets = d.chainLengths().size();
        int writes = 0;
        while (d.isRehashing()) {
            d.put(key(1025 + writes), 1025 + writes);
            writes++;
        }
        assertTrue(writes >= nonEmptyBuckets && writes <= 1024,
                "moved one bucket per write: " + writes + " writes, " + nonEmptyBuckets + " buckets");
        for (int i = 0; i < 1025 + writes; i++) {
            assertEquals(i, d.get(key(i)));
        }
        assertEquals(1025 + writes, d.size());
    }

    @Test
    void smallTablesAreNeverLeftWithTwoArrays() {
        // A five-field hash grows from 4 to 8 buckets: moved at once, not kept mid-rehash.
        Dict<Key, Integer> d = new Dict<>();
        for (int i = 0; i < 128; i++) {
            d.put(key(i), i);
            assertFalse(d.isRehashing(), "after " + (i + 1) + " elements");
        }
        d.put(key(128), 128);
        assertFalse(d.isRehashing(), "128 buckets are still moved at once");
        Dict<Key, Integer> small = new Dict<>();
        for (int i = 0; i < 100; i++) {
            small.put(key(i), i);
        }
        for (int i = 0; i < 100; i++) {
            small.remove(key(i));
            assertFalse(small.isRehashing(), "shrinking a small table, " + i + " removed");
        }
    }

    @Test
    void readsNeverMoveBuckets() {
        Dict<Key, Integer> d = growing(513);
        List<Integer> before = d.chainLengths();
        for (int i = 0; i < 10_000; i++) {
            d.get(key(i % 600));
            d.containsKey(key(i));
        }
        assertTrue(d.isRehashing());
        assertEquals(before, d.chainLengths());
    }

    @Test
    void aShrinkIsIncrementalToo() {
        Dict<Key, Integer> d = growing(4096);
        d.rehashFor(Long.MAX_VALUE, System::nanoTime);
        for (int i = 0; i < 4096 - 400; i++) {
            d.remove(key(i));
        }
        assertTrue(d.isRehashing(), "below 10% fill the shrink starts");
        for (int i = 4096 - 400; i < 4096; i++) {
            assertEquals(i, d.get(key(i)));
        }
        assertFalse(d.rehashFor(Long.MAX_VALUE, System::nanoTime));
        assertEquals(512, d.capacity());
        assertEquals(400, d.size());
    }

    @Test
    void rehashStepsAreBoundedOnASparseTable() {
        Dict<Key, Integer> d = growing(100_000);
        d.rehashFor(Long.MAX_VALUE, System::nanoTime);
        for (int i = 0; i < 100_000 - 1000; i++) {
            d.remove(key(i));
        }
        assertTrue(d.isRehashing());
        // One call of one bucket visits at most ten empty ones before it yields.
        List<Integer> before = d.chainLengths();
        d.rehash(1);
        List<Integer> after = d.chainLengths();
        int moved = before.stream().mapToInt(Integer::intValue).sum()
                - after.stream().mapToInt(Integer::intValue).sum();
        assertEquals(0, moved, "chain lengths only regroup, elements are never lost");
        assertEquals(1000, d.size());
    }

    @Test
    void iterationAndForEachCoverBothTables() {
        Dict<Key, Integer> d = growing(2049);
        for (int i = 0; i < 300; i++) {
            d.put(key(5000 + i), 5000 + i);
        }
        assertTrue(d.isRehashing());
        Set<Key> iterated = new HashSet<>();
        for (Dict.Node<Key, Integer> n : d) {
            assertTrue(iterated.add(n.key()), "once each");
        }
        Set<Key> visited = new HashSet<>();
        d.forEach((k, v) -> assertTrue(visited.add(k)));
        assertEquals(d.size(), iterated.size());
        assertEquals(iterated, visited);
    }

    /**
     * Redis's guarantee: an element present from the first to the last call of a full scan is
     * returned at least once, whatever grows, shrinks and partial rehashes happen between calls.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void scanReturnsEveryStableElementAcrossRehashes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Dict<Key, Integer> d = new Dict<>();
        int stable = 200 + r.nextInt(800);
        for (int i = 0; i < stable; i++) {
            d.put(key(i), i);
        }
        Set<Key> seen = new HashSet<>();
        long cursor = 0;
        int churn = 1_000_000;
        int rehashingCalls = 0;
        int calls = 0;
        do {
            if (d.isRehashing()) {
                rehashingCalls++;
            }
            cursor = d.scan(cursor, (k, v) -> seen.add(k));
            calls++;
            // Between calls: bursts that grow the table several times over, or empty it back
            // down (shrinks), leaving a rehash half done most of the time.
            int phase = (calls / 40) % 2;
            int ops = r.nextInt(60);
            for (int i = 0; i < ops; i++) {
                if (phase == 0) {
                    d.put(key(churn++), -1);
                } else if (churn > 1_000_000) {
                    d.remove(key(--churn));
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < stable; i++) {
            assertTrue(seen.contains(key(i)), "stable element " + i + " missed");
        }
        assertTrue(rehashingCalls > 0, "some scan calls ran with a rehash in progress");
    }

    @Test
    void aFullScanOfAQuietTableInMidRehashReturnsEachElementOnce() {
        Dict<Key, Integer> d = growing(4097);
        for (int i = 0; i < 500; i++) {
            d.put(key(10_000 + i), i);
        }
        assertTrue(d.isRehashing());
        Map<Key, Integer> times = new HashMap<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, (k, v) -> times.merge(k, 1, Integer::sum));
        } while (cursor != 0);
        assertEquals(d.size(), times.size());
        assertTrue(times.values().stream().allMatch(n -> n == 1), "no repeats without a resize");
    }

    @ParameterizedTest(name = "{0} buckets moved")
    @ValueSource(ints = {0, 1, 100, 400, 600})
    void randomNodeIsUniformWhileRehashing(int moved) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 1025; i++) {
            keys.add(key(i));
        }
        Dict<Key, Integer> d = growing(1025);
        d.rehash(moved);
        assertTrue(d.isRehashing());
        SplittableRandom random = new SplittableRandom(13);
        ChiSquare.Histogram<Key> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 60 * keys.size(); i++) {
            h.add(d.randomNode(random).key());
        }
        h.assertUniform(keys, "randomNode with " + moved + " buckets moved");
    }

    @Test
    void randomNodeIsUniformWhileShrinking() {
        Dict<Key, Integer> d = growing(8192);
        d.rehashFor(Long.MAX_VALUE, System::nanoTime);
        List<Key> left = new ArrayList<>();
        for (int i = 0; i < 8192; i++) {
            if (i % 16 == 0) {
                left.add(key(i));
            } else {
                d.remove(key(i));
            }
        }
        assertTrue(d.isRehashing());
        SplittableRandom random = new SplittableRandom(17);
        ChiSquare.Histogram<Key> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 100 * left.size(); i++) {
            h.add(d.randomNode(random).key());
        }
        h.assertUniform(left, "randomNode while shrinking");
    }

    @Test
    void removeAndReplaceFindTheKeyInEitherTable() {
        Dict<Key, Integer> d = growing(1025);
        d.rehash(200);
        assertTrue(d.isRehashing());
        for (int i = 0; i < 1025; i += 2) {
            assertEquals(i, d.put(key(i), -i), "replace returns the old value");
        }
        for (int i = 1; i < 1025; i += 2) {
            assertEquals(i, d.remove(key(i)));
            assertNull(d.remove(key(i)));
        }
        for (int i = 0; i < 1025; i += 2) {
            assertEquals(-i, d.get(key(i)));
        }
        assertEquals(513, d.size());
    }

    @Test
    void expandPreSizesAnEmptyTableOnly() {
        Dict<Key, Integer> d = new Dict<>();
        d.expand(3_000_000);
        assertEquals(1 << 22, d.capacity(), "beyond the untrusted pre-size cap: a trusted hint");
        for (int i = 0; i < 3_000; i++) {
            d.put(key(i), i);
        }
        assertFalse(d.isRehashing());
        d.expand(10_000_000);
        assertEquals(1 << 22, d.capacity(), "ignored on a table that holds elements");
    }
}
