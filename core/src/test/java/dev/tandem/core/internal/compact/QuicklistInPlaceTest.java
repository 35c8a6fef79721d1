/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pushes and pops change an end node's listpack in place (spare capacity, copy-on-write after a
 * copy): the bytes stay exactly what a freshly built listpack of the same elements holds, a copy
 * taken before the changes never sees them (on either side), and capacity follows jemalloc's
 * size classes up and is given back on the way down.
 */
class QuicklistInPlaceTest {

    @ParameterizedTest(name = "fill {0}, depth {1}")
    @CsvSource({"-2, 0", "-1, 1", "5, 0", "3, 2", "128, 1"})
    void aCopyNeverSeesLaterPushesOrPopsOnEitherSide(int fill, int depth) {
        ListValue list = list(fill, depth);
        Deque<String> model = new ArrayDeque<>();
        Random rnd = new Random(fill * 31L + depth);
        for (int i = 0; i < 600; i++) {
            pushRandom(list, model, rnd, i);
        }
        for (int round = 0; round < 20; round++) {
            ListValue copy = list.deepCopy();
            List<String> copyModel = new ArrayList<>(model);
            List<byte[]> copyNodes = nodeBytes(copy.quicklist());
            // Change the original at both ends, through every node-sharing path.
            for (int i = 0; i < 50; i++) {
                switch (rnd.nextInt(4)) {
                    case 0, 1 -> pushRandom(list, model, rnd, i);
                    case 2 -> assertEquals(model.pollFirst(), str(list.removeFirst()));
                    default -> assertEquals(model.pollLast(), str(list.removeLast()));
                }
            }
            assertElements(copyModel, copy);
            List<byte[]> after = nodeBytes(copy.quicklist());
            assertEquals(copyNodes.size(), after.size());
            for (int i = 0; i < after.size(); i++) {
                assertArrayEquals(copyNodes.get(i), after.get(i), "copy's node " + i + " changed");
            }
            // And the other way round: changing the copy leaves the original alone.
            copy.addFirst(bytes("copy-head"));
            copy.addLast(bytes("copy-tail"));
            copy.removeFirst();
            copy.removeFirst();
            copy.removeLast();
            assertElements(new ArrayList<>(model), list);
            assertNodesAreFreshListpacks(list.quicklist());
            assertNodesAreFreshListpacks(copy.quicklist());
        }
    }

    @ParameterizedTest(name = "fill {0}, depth {1}")
    @CsvSource({"-2, 0", "-1, 1", "4, 1", "1, 0"})
    void inPlaceNodesHoldTheBytesASpliceWouldHold(int fill, int depth) {
        ListValue list = list(fill, depth);
        Deque<String> model = new ArrayDeque<>();
        Random rnd = new Random(7 + fill);
        for (int step = 0; step < 3000; step++) {
            int op = rnd.nextInt(10);
            if (op < 6 || model.isEmpty()) {
                pushRandom(list, model, rnd, step);
            } else if (op < 8) {
                assertEquals(model.pollFirst(), str(list.removeFirst()));
            } else {
                assertEquals(model.pollLast(), str(list.removeLast()));
            }
            if (step % 50 == 0) {
                assertNodesAreFreshListpacks(list.quicklist());
                assertElements(new ArrayList<>(model), list);
            }
        }
    }

    @Test
    void capacityFollowsJemallocSizeClasses() {
        assertEquals(8, Quicklist.capacityFor(7));
        assertEquals(80, Quicklist.capacityFor(67));
        assertEquals(128, Quicklist.capacityFor(128));
        assertEquals(160, Quicklist.capacityFor(129));
        assertEquals(8192, Quicklist.capacityFor(8192));
        assertEquals(10240, Quicklist.capacityFor(8193));
        for (int size = 1; size < 70_000; size++) {
            int cap = Quicklist.capacityFor(size);
            assertTrue(cap >= size && cap <= size + Math.max(15, size / 4), size + " -> " + cap);
        }
    }

    @Test
    void poppingDownGivesCapacityBack() {
        ListValue list = list(-2, 0);
        for (int i = 0; i < 300; i++) {
            list.addLast(bytes("element-" + i)); // one node of ~4.5 KB
        }
        long grown = list.quicklist().heapBytes();
        while (list.size() > 2) {
            list.removeFirst();
        }
        long shrunk = list.quicklist().heapBytes();
        assertTrue(grown > 4000, "grown " + grown);
        assertTrue(shrunk < 200, "a two-element node keeps at most twice its size class: " + shrunk);
    }

    // ---------------------------------------------------------------- helpers

    private static ListValue list(int fill, int depth) {
        EncodingLimits limits = new EncodingLimits();
        limits.listMaxListpackSize(fill);
        limits.listCompressDepth(depth);
        return new ListValue(limits);
    }

    private static void pushRandom(ListValue list, Deque<String> model, Random rnd, int i) {
        String v = switch (rnd.nextInt(4)) {
            case 0 -> Integer.toString(rnd.nextInt(100_000) - 50_000); // stored as integers
            case 1 -> "v" + i;
            case 2 -> "x".repeat(rnd.nextInt(200));
            default -> "element-" + rnd.nextLong();
        };
        if (rnd.nextBoolean()) {
            list.addFirst(bytes(v));
            model.addFirst(v);
        } else {
            list.addLast(bytes(v));
            model.addLast(v);
        }
    }

    /** Every PACKED node's bytes equal a listpack built from scratch from its elements. */
    private static void assertNodesAreFreshListpacks(Quicklist ql) {
        for (int i = 0; i < ql.nodeCount(); i++) {
            Quicklist.Node node = ql.node(i);
            if (node.plain()) {
                continue;
            }
            byte[] lp = node.bytes();
            assertEquals(node.size(), lp.length);
            byte[] fresh = Listpack.empty();
            for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p)) {
                fresh = Listpack.append(fresh, Listpack.encode(Listpack.bytes(lp, p)));
            }
            assertArrayEquals(fresh, lp, "node " + i);
            assertEquals(node.entries(), Listpack.validate(lp));
        }
    }

    private static List<byte[]> nodeBytes(Quicklist ql) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < ql.nodeCount(); i++) {
            out.add(ql.node(i).bytes().clone());
        }
        return out;
    }

    private static void assertElements(List<String> expected, ListValue list) {
        List<String> actual = new ArrayList<>();
        for (byte[] e : list) {
            actual.add(str(e));
        }
        assertEquals(expected, actual);
        for (int i = 0; i < expected.size(); i += 7) {
            assertEquals(expected.get(i), str(list.get(i)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.US_ASCII);
    }
}
