/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every ListValue operation, at random, against a plain {@code ArrayList} model, for node fills
 * by size and by count, compress depths and PLAIN thresholds; after every step the quicklist's
 * structure is checked (valid listpacks whose counts add up, raw nodes within the compress depth).
 */
class QuicklistModelTest {

    @ParameterizedTest(name = "fill {0}, depth {1}, packed threshold {2}, seed {3}")
    @CsvSource({
        "-2, 0, 0, 1", "-1, 1, 0, 2", "-5, 0, 0, 3", "1, 2, 0, 4", "2, 1, 0, 5", "3, 0, 0, 6",
        "5, 2, 0, 7", "128, 0, 0, 8", "-2, 1, 5, 9", "1, 1, 3, 10", "4, 3, 20, 11", "-3, 2, 0, 12",
        "0, 1, 0, 13"
    })
    void randomOperationsMatchAModel(int fill, int depth, long threshold, long seed) {
        EncodingLimits limits = new EncodingLimits();
        limits.listMaxListpackSize(fill);
        limits.listCompressDepth(depth);
        limits.listPackedThreshold(threshold);
        ListValue list = new ListValue(limits);
        List<byte[]> model = new ArrayList<>();
        Random rnd = new Random(seed);
        for (int step = 0; step < 4000; step++) {
            int op = rnd.nextInt(14);
            switch (op) {
                case 0, 1 -> {
                    byte[] v = value(rnd);
                    list.addFirst(v);
                    model.add(0, v);
                }
                case 2, 3 -> {
                    byte[] v = value(rnd);
                    list.addLast(v);
                    model.add(v);
                }
                case 4 -> assertBytes(model.isEmpty() ? null : model.remove(0), list.removeFirst());
                case 5 -> assertBytes(model.isEmpty() ? null : model.remove(model.size() - 1), list.removeLast());
                case 6 -> {
                    if (!model.isEmpty()) {
                        int i = rnd.nextInt(model.size());
                        byte[] v = value(rnd);
                        if (rnd.nextBoolean()) {
                            list.insertAfter(i, v);
                            model.add(i + 1, v);
                        } else {
                            list.insertBefore(i, v);
                            model.add(i, v);
                        }
                    }
                }
                case 7 -> {
                    if (!model.isEmpty()) {
                        int i = rnd.nextInt(model.size());
                        byte[] v = value(rnd);
                        assertBytes(model.set(i, v), list.set(i, v));
                    }
                }
                case 8 -> {
                    if (!model.isEmpty()) {
                        int i = rnd.nextInt(model.size());
                        assertBytes(model.remove(i), list.removeAt(i));
                    }
                }
                case 9 -> {
                    int n = model.isEmpty() ? 0 : rnd.nextInt(Math.min(model.size(), 40) + 1);
                    if (rnd.nextBoolean()) {
                        list.removeFirst(n);
                        model.subList(0, n).clear();
                    } else {
                        list.removeLast(n);
                        model.subList(model.size() - n, model.size()).clear();
                    }
                }
                case 10 -> {
                    byte[] v = value(rnd);
                    long limit = rnd.nextInt(4) == 0 ? Long.MAX_VALUE : 1 + rnd.nextInt(3);
                    boolean fromTail = rnd.nextBoolean();
                    assertEquals(removeFromModel(model, v, limit, fromTail), list.removeMatching(v, limit, fromTail));
                }
                case 11 -> {
                    int i = rnd.nextInt(model.size() + 1);
                    byte[] v = value(rnd);
                    list.insert(i, v);
                    model.add(i, v);
                }
                case 12 -> {
                    // Sequential and random reads through the cursor.
                    for (int i = 0; i < model.size(); i += 1 + rnd.nextInt(3)) {
                        assertArrayEquals(model.get(i), list.get(i));
                        assertTrue(list.elementEquals(i, model.get(i)));
                    }
                    for (int i = model.size() - 1; i >= 0; i -= 1 + rnd.nextInt(2)) {
                        assertArrayEquals(model.get(i), list.get(i));
                    }
                }
                default -> {
                    ListValue copy = list.deepCopy();
                    if (!model.isEmpty()) {
                        list.removeFirst(); // the copy must not see it
                        model.remove(0);
                        copy.removeFirst(0);
                        copy = list.deepCopy();
                    }
                    assertSame(model, copy);
                }
            }
            assertEquals(model.size(), list.size());
            checkStructure(list.quicklist(), depth);
            if (step % 97 == 0) {
                assertSame(model, list);
            }
        }
        assertSame(model, list);
    }

    private static long removeFromModel(List<byte[]> model, byte[] v, long limit, boolean fromTail) {
        long removed = 0;
        if (!fromTail) {
            for (int i = 0; i < model.size() && removed < limit; ) {
                if (Arrays.equals(model.get(i), v)) {
                    model.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && removed < limit; i--) {
                if (Arrays.equals(model.get(i), v)) {
                    model.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Small integers, canonical and non-canonical numbers, short and longer strings. */
    private static byte[] value(Random rnd) {
        String s = switch (rnd.nextInt(6)) {
            case 0 -> Integer.toString(rnd.nextInt(10));
            case 1 -> Long.toString(rnd.nextLong());
            case 2 -> "0" + rnd.nextInt(5);
            case 3 -> "v" + rnd.nextInt(8);
            case 4 -> "x".repeat(rnd.nextInt(30)) + rnd.nextInt(3);
            default -> "long-" + "y".repeat(40 + rnd.nextInt(400));
        };
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertBytes(byte[] expected, byte[] actual) {
        if (expected == null) {
            assertNull(actual);
        } else {
            assertArrayEquals(expected, actual, () -> new String(expected) + " vs " + new String(actual));
        }
    }

    private static void assertSame(List<byte[]> model, ListValue list) {
        assertEquals(model.size(), list.size());
        Iterator<byte[]> it = list.iterator();
        for (byte[] e : model) {
            assertTrue(it.hasNext());
            assertArrayEquals(e, it.next());
        }
        assertFalse(it.hasNext());
    }

    static void checkStructure(Quicklist ql, int depth) {
        long total = 0;
        int n = ql.nodeCount();
        for (int i = 0; i < n; i++) {
            Quicklist.Node node = ql.node(i);
            assertTrue(node.entries() > 0, "empty node " + i);
            if (node.plain()) {
                assertEquals(1, node.entries());
            } else {
                assertEquals(node.entries(), Listpack.validate(node.bytes()));
                assertEquals(node.size(), node.bytes().length);
            }
            if (node.compressed()) {
                assertTrue(depth > 0 && i >= depth && i < n - depth, "node " + i + " of " + n + " compressed");
            }
            total += node.entries();
        }
        assertEquals(ql.count(), total);
    }
}
