/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #22: {@link Dict}'s random pick, shared by every command and sampler that chooses at
 * random, is uniform over the elements whatever the shape of the table. Seeded, so each figure
 * is reproducible; the bound is {@link ChiSquare#bound} (Redis's 40 for 10 bins).
 */
class DictRandomTest {
    private static final long SEED = 22;

    /** A key whose hash is chosen by the test, to build chains of any length. */
    private record Colliding(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Colliding c && c.id == id;
        }
    }

    private static <K> void assertUniformPicks(Dict<K, Integer> d, List<K> elements, int draws,
                                               String what) {
        SplittableRandom random = new SplittableRandom(SEED);
        ChiSquare.Histogram<K> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < draws; i++) {
            h.add(d.randomNode(random).key());
        }
        h.assertUniform(elements, what);
    }

    private static Dict<Key, Integer> dictOf(List<Key> keys) {
        Dict<Key, Integer> d = new Dict<>();
        for (int i = 0; i < keys.size(); i++) {
            d.put(keys.get(i), i);
        }
        return d;
    }

    private static List<Key> keys(String prefix, int n) {
        List<Key> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(Key.of(prefix + i));
        }
        return keys;
    }

    @ParameterizedTest(name = "{0} elements")
    @ValueSource(ints = {1, 2, 3, 10, 100, 1000, 20_000})
    void randomNodeIsUniform(int n) {
        List<Key> keys = keys("", n);
        assertUniformPicks(dictOf(keys), keys, Math.max(10_000, 50 * n), "randomNode, " + n);
    }

    @Test
    void randomNodeIsUniformOnTheIssuesSets() {
        List<Key> letters = new ArrayList<>();
        for (char c = 'a'; c <= 'j'; c++) {
            letters.add(Key.of(String.valueOf(c)));
        }
        assertUniformPicks(dictOf(letters), letters, 10_000, "randomNode, a-j");
    }

    @Test
    void randomNodeIsUniformWithLongChains() {
        // Half the elements share one bucket: a chain of 50 beside 50 chains of one.
        List<Colliding> keys = new ArrayList<>();
        Dict<Colliding, Integer> d = new Dict<>();
        for (int i = 0; i < 100; i++) {
            Colliding k = new Colliding(i, i < 50 ? 7 : i * 64 + 1);
            keys.add(k);
            d.put(k, i);
        }
        assertUniformPicks(d, keys, 20_000, "randomNode, a chain of 50 and 50 of 1");
    }

    @Test
    void randomNodeIsUniformAfterRemovalsAndShrinking() {
        List<Key> all = keys("k", 5000);
        Dict<Key, Integer> d = dictOf(all);
        List<Key> left = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i % 7 == 0) {
                left.add(all.get(i));
            } else {
                d.remove(all.get(i));
            }
        }
        assertUniformPicks(d, left, 100 * left.size(), "randomNode, 715 left of 5000");
    }

    /**
     * Count 2 and 3 of 10 take the pick-and-skip-repeats path, 4 and 9 the shuffled copy; the
     * pairs drawn are checked too, not only each element's share.
     */
    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {2, 3, 4, 9})
    void randomDistinctNodesDrawsEverySubsetAlike(int count) {
        List<Key> keys = keys("", 10);
        Dict<Key, Integer> d = dictOf(keys);
        SplittableRandom random = new SplittableRandom(SEED);
        ChiSquare.Histogram<Key> elements = new ChiSquare.Histogram<>();
        ChiSquare.Histogram<List<Key>> firstTwo = new ChiSquare.Histogram<>();
        for (int i = 0; i < 20_000; i++) {
            List<Dict.Node<Key, Integer>> picked = d.randomDistinctNodes(count, random);
            assertEquals(count, picked.size());
            List<Key> got = picked.stream().map(Dict.Node::key).toList();
            assertEquals(count, new HashSet<>(got).size(), "distinct: " + got);
            got.forEach(elements::add);
            firstTwo.add(got.subList(0, 2));
        }
        elements.assertUniform(keys, "randomDistinctNodes " + count + " of 10, elements");
        List<List<Key>> pairs = new ArrayList<>();
        for (Key a : keys) {
            for (Key b : keys) {
                if (!a.equals(b)) {
                    pairs.add(List.of(a, b));
                }
            }
        }
        firstTwo.assertUniform(pairs, "randomDistinctNodes " + count + " of 10, ordered pairs");
    }

    @Test
    void randomDistinctNodesOnALargeTable() {
        List<Key> keys = keys("m", 2000);
        Dict<Key, Integer> d = dictOf(keys);
        SplittableRandom random = new SplittableRandom(SEED);
        ChiSquare.Histogram<Key> h = new ChiSquare.Histogram<>();
        for (int i = 0; i < 5000; i++) {
            List<Dict.Node<Key, Integer>> picked = d.randomDistinctNodes(20, random);
            assertEquals(20, new HashSet<>(picked).size());
            picked.forEach(n -> h.add(n.key()));
        }
        h.assertUniform(keys, "randomDistinctNodes 20 of 2000");
        assertEquals(2000, d.randomDistinctNodes(2000, random).size());
        assertEquals(2000, d.randomDistinctNodes(5000, random).size());
        assertEquals(0, d.randomDistinctNodes(0, random).size());
    }

    /** The pick's exactness rests on the longest-chain figure staying exact through every change. */
    @Test
    void longestChainStaysExactThroughInsertsRemovalsAndResizes() {
        SplittableRandom random = new SplittableRandom(SEED);
        Dict<Colliding, Integer> d = new Dict<>();
        Map<Integer, Colliding> present = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            int id = random.nextInt(3000);
            // A few hashes shared by many ids make long chains that come and go.
            Colliding k = new Colliding(id, id % 5 == 0 ? id % 7 : id * 31);
            if (random.nextInt(100) < (step < 25_000 ? 60 : 35)) {
                d.put(k, id);
                present.put(id, k);
            } else {
                d.remove(k);
                present.remove(id);
            }
            if (step % 97 == 0) {
                assertEquals(bruteForceLongestChain(d), d.longestChain(), "step " + step);
                assertEquals(present.size(), d.size());
            }
        }
        d.clear();
        assertEquals(0, d.longestChain());
    }

    private static int bruteForceLongestChain(Dict<Colliding, Integer> d) {
        // Walked from the tables themselves (both while a rehash is in progress).
        return d.chainLengths().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
