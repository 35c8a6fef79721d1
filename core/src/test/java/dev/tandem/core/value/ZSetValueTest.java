/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ZSetValueTest {

    /** The naive model: a sorted list of (score, member) with C's comparison semantics. */
    private record Pair(double score, Key member) { }

    private static final Comparator<Pair> ORDER = (a, b) -> {
        if (a.score < b.score) {
            return -1;
        }
        if (a.score > b.score) {
            return 1;
        }
        return a.member.compareTo(b.member);
    };

    private static final double[] SCORE_POOL = {
        Double.NEGATIVE_INFINITY, -1e300, -3, -2.5, -1, -0.0, 0.0, 0.5, 1, 1, 2, 2, 3, 7.25, 1e300,
        Double.POSITIVE_INFINITY,
    };

    private static Key member(SplittableRandom r) {
        // Short members from a small alphabet collide often; some bytes are >= 0x80.
        int len = r.nextInt(0, 4);
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            int c = r.nextInt(0, 5);
            b[i] = (byte) (c == 4 ? 0xC3 : 'a' + c);
        }
        return Key.of(b);
    }

    private static double score(SplittableRandom r) {
        return r.nextInt(4) == 0 ? r.nextDouble(-10, 10) : SCORE_POOL[r.nextInt(SCORE_POOL.length)];
    }

    private static ScoreRange scoreRange(SplittableRandom r) {
        double a = score(r);
        double b = score(r);
        return new ScoreRange(Math.min(a, b), r.nextBoolean(), r.nextInt(5) == 0 ? Math.min(a, b) : Math.max(a, b),
                r.nextBoolean());
    }

    private static LexRange.Bound bound(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> LexRange.Bound.NEGATIVE_INFINITY;
            case 1 -> LexRange.Bound.POSITIVE_INFINITY;
            case 2, 3 -> LexRange.Bound.inclusive(member(r).bytes());
            default -> LexRange.Bound.exclusive(member(r).bytes());
        };
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void randomOperationsMatchNaiveModel(long seed) {
        runRandomOperations(seed, false, false);
    }

    /**
     * Lexicographic ranges are only meaningful when every member has the same score (Redis
     * documents them so, and walks the skiplist as if members were ordered), so they are
     * checked on sets whose scores are all 0 or -0.
     */
    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void randomLexOperationsOnEqualScoresMatchNaiveModel(long seed) {
        runRandomOperations(seed, true, false);
    }

    /** The same on a set that starts compact (linear lex scans) and converts past 128 members. */
    @ParameterizedTest
    @ValueSource(longs = {10, 11, 12})
    void randomOperationsOnACompactSetMatchNaiveModel(long seed) {
        runRandomOperations(seed, true, true);
    }

    private static void runRandomOperations(long seed, boolean equalScores, boolean compact) {
        SplittableRandom r = new SplittableRandom(seed);
        // Skiplist mode keeps scores exactly as given; a compact set turns -0.0 into 0, so the
        // compact runs use 0 only.
        ZSetValue z = compact ? new ZSetValue() : new ZSetValue(false, 0);
        Map<Key, Double> scores = new HashMap<>();
        TreeSet<Pair> order = new TreeSet<>(ORDER);
        for (int step = 0; step < 4000; step++) {
            Key m = member(r);
            int op = r.nextInt(10);
            if (!equalScores && op == 7) {
                op = 9;
            }
            switch (op) {
                case 0, 1, 2 -> {
                    double s = equalScores ? (r.nextBoolean() || compact ? 0.0 : -0.0) : score(r);
                    boolean added = z.add(m, s);
                    assertEquals(!scores.containsKey(m), added);
                    if (added) {
                        scores.put(m, s);
                        order.add(new Pair(s, m));
                    }
                }
                case 3, 4 -> {
                    double s = equalScores ? (r.nextBoolean() || compact ? 0.0 : -0.0) : score(r);
                    boolean present = scores.containsKey(m);
                    assertEquals(present, z.updateScore(m, s));
                    if (present && scores.get(m) != s) {
                        order.remove(new Pair(scores.get(m), m));
                        scores.put(m, s);
                        order.add(new Pair(s, m));
                    }
                }
                case 5 -> {
                    boolean present = scores.containsKey(m);
                    assertEquals(present, z.remove(m));
                    if (present) {
                        order.remove(new Pair(scores.remove(m), m));
                    }
                }
                case 6 -> {
                    ScoreRange range = scoreRange(r);
                    List<Pair> expected = order.stream().filter(p -> range.contains(p.score)).toList();
                    if (r.nextBoolean()) {
                        assertEquals(expected.size(), z.count(range));
                        checkScoreRangeEnds(z, range, expected);
                    } else {
                        assertEquals(expected.size(), z.removeRange(range));
                        expected.forEach(p -> {
                            order.remove(p);
                            scores.remove(p.member);
                        });
                    }
                }
                case 7 -> {
                    LexRange range = new LexRange(bound(r), bound(r));
                    List<Pair> expected = order.stream().filter(p -> range.contains(p.member)).toList();
                    if (r.nextBoolean()) {
                        assertEquals(expected.size(), z.count(range));
                        assertSameNode(expected.isEmpty() ? null : z.node(expected.get(0).member),
                                z.firstInRange(range));
                        assertSameNode(expected.isEmpty() ? null : z.node(expected.get(expected.size() - 1).member),
                                z.lastInRange(range));
                    } else {
                        assertEquals(expected.size(), z.removeRange(range));
                        expected.forEach(p -> {
                            order.remove(p);
                            scores.remove(p.member);
                        });
                    }
                }
                case 8 -> {
                    if (!order.isEmpty()) {
                        int a = r.nextInt(order.size());
                        int b = a + r.nextInt(4);
                        List<Pair> all = new ArrayList<>(order);
                        List<Pair> doomed = all.subList(a, Math.min(b, all.size() - 1) + 1);
                        assertEquals(doomed.size(), z.removeRankRange(a, b));
                        new ArrayList<>(doomed).forEach(p -> {
                            order.remove(p);
                            scores.remove(p.member);
                        });
                    }
                }
                default -> checkRanks(z, order);
            }
            assertEquals(scores.size(), z.size());
        }
        checkRanks(z, order);
        checkIteration(z, order);
    }

    /**
     * The same member and score: a compact set hands out nodes of a per-call view of its
     * listpack, so identity is not what is promised.
     */
    private static void assertSameNode(ZSkipList.Node expected, ZSkipList.Node actual) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual);
            return;
        }
        assertEquals(expected.member(), actual.member());
        assertEquals(Double.doubleToRawLongBits(expected.score()), Double.doubleToRawLongBits(actual.score()));
    }

    private static void checkScoreRangeEnds(ZSetValue z, ScoreRange range, List<Pair> expected) {
        if (expected.isEmpty()) {
            assertNull(z.firstInRange(range));
            assertNull(z.lastInRange(range));
        } else {
            assertSameNode(z.node(expected.get(0).member), z.firstInRange(range));
            assertSameNode(z.node(expected.get(expected.size() - 1).member), z.lastInRange(range));
        }
    }

    private static void checkRanks(ZSetValue z, TreeSet<Pair> order) {
        int i = 0;
        int n = order.size();
        for (Pair p : order) {
            assertEquals(i, z.rank(p.member, false), "rank of " + p);
            assertEquals(n - 1 - i, z.rank(p.member, true), "reverse rank of " + p);
            ZSkipList.Node node = z.byRank(i);
            assertEquals(p.member, node.member());
            assertEquals(Double.doubleToRawLongBits(p.score), Double.doubleToRawLongBits(node.score()));
            i++;
        }
        assertNull(z.byRank(n));
        assertNull(z.byRank(-1));
        assertEquals(-1, z.rank(Key.of("not-a-member-at-all"), false));
    }

    private static void checkIteration(ZSetValue z, TreeSet<Pair> order) {
        List<Pair> forward = new ArrayList<>();
        z.forEach((m, s) -> forward.add(new Pair(s, m)));
        assertEquals(new ArrayList<>(order), forward);
        List<Pair> backward = new ArrayList<>();
        for (ZSkipList.Node n = z.last(); n != null; n = n.previous()) {
            backward.add(new Pair(n.score(), n.member()));
        }
        assertEquals(new ArrayList<>(order.descendingSet()), backward);
        Set<Key> scanned = new HashSet<>();
        long cursor = 0;
        do {
            cursor = z.scan(cursor, (m, s) -> scanned.add(m));
        } while (cursor != 0);
        assertEquals(order.size(), scanned.size());
    }

    @Test
    void negativeZeroIsKeptByTheSkiplistButEqualsZero() {
        ZSetValue z = new ZSetValue(false, 0);
        Key a = Key.of("a");
        z.add(a, -0.0);
        assertTrue(z.updateScore(a, 0.0));
        assertTrue(ScoreFormat.isNegativeZero(z.score(a)), "an equal score is no change, as zsetAdd");
        z.add(Key.of("b"), 0.0);
        assertEquals(0, z.rank(a, false), "-0 and 0 tie; members order them");
        assertEquals(2, z.count(ScoreRange.inclusive(0.0, 0.0)));
        assertEquals(2, z.count(ScoreRange.inclusive(-0.0, -0.0)));
    }

    @Test
    void compactSetStoresNegativeZeroAsZeroLikeAListpack() {
        ZSetValue z = new ZSetValue();
        z.add(Key.of("a"), -0.0);
        assertFalse(ScoreFormat.isNegativeZero(z.score(Key.of("a"))));
        ZSetValue s = new ZSetValue(false, 0);
        s.add(Key.of("a"), -0.0);
        assertTrue(ScoreFormat.isNegativeZero(s.score(Key.of("a"))));
        s.compactIfSmall();
        assertFalse(ScoreFormat.isNegativeZero(s.score(Key.of("a"))), "conversion writes 0");
    }

    @Test
    void nanIsRefused() {
        ZSetValue z = new ZSetValue();
        assertThrows(IllegalArgumentException.class, () -> z.add(Key.of("a"), Double.NaN));
        z.add(Key.of("a"), 1);
        assertThrows(IllegalArgumentException.class, () -> z.updateScore(Key.of("a"), Double.NaN));
        assertEquals(1.0, z.score(Key.of("a")));
    }

    @Test
    void encodingFollowsRedisConversionRules() {
        ZSetValue z = new ZSetValue();
        assertEquals("listpack", z.encoding());
        for (int i = 0; i < ZSetValue.MAX_LISTPACK_ENTRIES; i++) {
            z.add(Key.of("m" + i), i);
        }
        assertTrue(z.isCompact());
        z.updateScore(Key.of("m1"), 1000);
        assertTrue(z.isCompact(), "updates never convert");
        z.add(Key.of("one-more"), 1);
        assertEquals("skiplist", z.encoding());
        z.remove(Key.of("one-more"));
        z.remove(Key.of("m1"));
        assertFalse(z.isCompact(), "shrinking never converts back");
        z.compactIfSmall();
        assertTrue(z.isCompact());

        ZSetValue big = new ZSetValue();
        big.add(Key.of("x".repeat(ZSetValue.MAX_LISTPACK_VALUE)), 1);
        assertTrue(big.isCompact());
        big.add(Key.of("y".repeat(ZSetValue.MAX_LISTPACK_VALUE + 1)), 1);
        assertFalse(big.isCompact());
        big.compactIfSmall();
        assertFalse(big.isCompact(), "a long member keeps the skiplist");
    }

    @Test
    void loadedListpackKeepsItsEncodingUnlessTooManyMembers() {
        ZSetValue loaded = new ZSetValue(false, 2);
        loaded.add(Key.of("y".repeat(ZSetValue.MAX_LISTPACK_VALUE + 10)), 1);
        loaded.add(Key.of("a"), -0.0);
        loaded.restoreListpackEncoding();
        assertTrue(loaded.isCompact(), "member length does not matter when loading a listpack");
        assertFalse(ScoreFormat.isNegativeZero(loaded.score(Key.of("a"))));
        ZSetValue big = new ZSetValue(false, 0);
        for (int i = 0; i <= ZSetValue.MAX_LISTPACK_ENTRIES; i++) {
            big.add(Key.of("m" + i), i);
        }
        big.restoreListpackEncoding();
        assertFalse(big.isCompact());
    }

    @Test
    void deepCopyIsIndependent() {
        ZSetValue z = new ZSetValue();
        z.add(Key.of("a"), 1);
        z.add(Key.of("b"), 2);
        ZSetValue copy = z.deepCopy();
        z.updateScore(Key.of("a"), 5);
        z.remove(Key.of("b"));
        z.add(Key.of("c"), 0);
        assertEquals(2, copy.size());
        assertEquals(1.0, copy.score(Key.of("a")));
        assertEquals(0, copy.rank(Key.of("a"), false));
        assertEquals(1, copy.rank(Key.of("b"), false));
        assertNull(copy.score(Key.of("c")));
        assertEquals(z.isCompact(), copy.isCompact());
    }

    @Test
    void largeSetRanksStayLogarithmicAndCorrect() {
        ZSetValue z = new ZSetValue();
        int n = 20_000;
        for (int i = n - 1; i >= 0; i--) {
            z.add(Key.of(String.format("%06d", i)), i / 3);
        }
        for (int i = 0; i < n; i += 997) {
            assertEquals(i, z.rank(Key.of(String.format("%06d", i)), false));
            assertEquals(String.format("%06d", i), z.byRank(i).member().toString());
        }
        assertEquals(3, z.count(ScoreRange.inclusive(5, 5)));
        assertEquals(n - 3, z.removeRankRange(3, n));
        assertEquals(3, z.size());
    }
}
