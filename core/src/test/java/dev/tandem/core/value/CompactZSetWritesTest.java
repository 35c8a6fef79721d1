/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ZADD's writes on a compact sorted set (binary search over the pairs' offsets, a score rewritten
 * in place when the rank stays, a pair moved in one copy otherwise) leave exactly the listpack a
 * delete-and-reinsert leaves: after every step the bytes equal those of the same members rebuilt
 * in (score, member) order, and the scores (text parsed by the short-decimal fast path or the
 * general parser) read back as the model's.
 */
class CompactZSetWritesTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void updatesAndAddsKeepTheListpackARebuildWouldHold(long seed) {
        Random rnd = new Random(seed);
        EncodingLimits limits = new EncodingLimits();
        limits.zsetMaxListpackEntries(1000);
        ZSetValue z = new ZSetValue();
        Map<String, Double> model = new TreeMap<>();
        int universe = 5 + rnd.nextInt(120);
        for (int step = 0; step < 1000; step++) {
            String m = member(rnd, universe);
            double score = score(rnd);
            Key key = Key.of(m);
            if (model.containsKey(m)) {
                boolean changed = model.get(m) != score;
                assertTrue(z.updateScore(key, score));
                model.put(m, score == 0.0 ? 0.0 : score); // a compact set keeps -0.0 as 0
                if (!changed) {
                    continue;
                }
            } else {
                assertTrue(z.add(key, score, limits));
                model.put(m, score == 0.0 ? 0.0 : score);
            }
            assertTrue(z.isCompact());
            if (step % 7 == 0 || model.size() < 10) {
                check(z, model);
            }
        }
        check(z, model);
    }

    private static void check(ZSetValue z, Map<String, Double> model) {
        assertEquals(model.size(), z.size());
        for (Map.Entry<String, Double> e : model.entrySet()) {
            assertEquals(e.getValue(), z.score(Key.of(e.getKey())), e.getKey());
        }
        ZSetValue rebuilt = z.deepCopy();
        rebuilt.convertToSkiplist();
        rebuilt.restoreListpackEncoding();
        assertArrayEquals(rebuilt.listpackBytes(), z.listpackBytes());
        double previous = Double.NEGATIVE_INFINITY;
        for (ZSkipList.Node n : z) {
            assertTrue(n.score() >= previous);
            previous = n.score();
        }
    }

    /** Members that are strings or canonical integers (stored as listpack integers). */
    private static String member(Random rnd, int universe) {
        int i = rnd.nextInt(universe);
        return i % 4 == 0 ? Integer.toString(i * 37 - 500) : "m" + i;
    }

    /** Integral, short decimal, long %.17g-style and infinite scores, with many ties. */
    private static double score(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> rnd.nextInt(10);
            case 1 -> rnd.nextInt(40) * 0.25 - 3;
            case 2 -> rnd.nextInt(1000) / 7.0;
            case 3 -> rnd.nextDouble() * 1e-5;
            case 4 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 5 -> -0.0;
            case 6 -> (rnd.nextLong() >> 8) * 1.5;
            default -> rnd.nextInt(3) + 0.1;
        };
    }
}
