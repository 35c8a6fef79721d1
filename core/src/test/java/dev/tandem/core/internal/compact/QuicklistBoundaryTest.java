/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * quicklist.c's node limits at their exact thresholds: byte fills (-1..-5 with the 8-byte
 * estimate per entry), entry fills with the 8 KB safety limit, PLAIN nodes from
 * {@code packed_threshold}, compression depth, the split and merge of LINSERT into a full node,
 * and the clamping of out-of-range options.
 */
class QuicklistBoundaryTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static ListValue list(int fill, int depth, long threshold) {
        EncodingLimits l = new EncodingLimits();
        l.listMaxListpackSize(fill);
        l.listCompressDepth(depth);
        l.listPackedThreshold(threshold);
        return new ListValue(l);
    }

    private static int[] entries(ListValue list) {
        Quicklist ql = list.quicklist();
        int[] out = new int[ql.nodeCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ql.node(i).entries();
        }
        return out;
    }

    @Test
    void entryFillCountsEntries() {
        ListValue l = list(3, 0, 0);
        for (int i = 0; i < 7; i++) {
            l.addLast(b("e" + i));
        }
        assertArrayEquals(new int[] {3, 3, 1}, entries(l));
        l.addFirst(b("h"));
        assertArrayEquals(new int[] {1, 3, 3, 1}, entries(l));
    }

    @Test
    void byteFillUsesTheEstimateOfEightBytesPerEntry() {
        // fill -1: a node may grow while lpBytes + element + 8 <= 4096. A 100-byte string entry
        // takes 100 + 2 (header) + 1 (back-length) = 103 bytes; the empty listpack is 7 bytes.
        ListValue l = list(-1, 0, 0);
        byte[] v = new byte[100];
        java.util.Arrays.fill(v, (byte) 'x');
        int n = 0;
        while (l.quicklist().nodeCount() < 2) {
            l.addLast(v);
            n++;
        }
        // k entries fit while 7 + 103 (k - 1) + 100 + 8 <= 4096, i.e. k - 1 <= 38.7: 39 entries.
        assertEquals(40, n);
        assertArrayEquals(new int[] {39, 1}, entries(l));
        assertEquals(7 + 39 * 103, l.quicklist().node(0).size());
    }

    @Test
    void entryFillStopsAtTheSafetyLimit() {
        ListValue l = list(1000, 0, 0);
        byte[] v = new byte[1000];
        for (int i = 0; i < 20; i++) {
            l.addLast(v);
        }
        // 1000-byte entries are 1000 + 2 + 2 = 1004 bytes: a node of k entries takes one more
        // while 7 + 1004 k + 1000 + 8 <= 8192, i.e. up to k = 7: 8 entries, not 1000.
        assertEquals(8, l.quicklist().node(0).entries());
    }

    @Test
    void elementsFromThePackedThresholdGetPlainNodes() {
        ListValue l = list(-2, 0, 5);
        l.addLast(b("1234"));
        l.addLast(b("12345"));
        l.addLast(b("abcd"));
        l.addFirst(b("hello world"));
        Quicklist ql = l.quicklist();
        assertEquals(4, ql.nodeCount());
        assertTrue(ql.node(0).plain());
        assertFalse(ql.node(1).plain());
        assertTrue(ql.node(2).plain());
        assertArrayEquals(b("12345"), ql.node(2).bytes());
        // LSET of a small value over a PLAIN element packs it again; a large one goes PLAIN.
        l.set(2, b("x"));
        l.set(1, b("large-now"));
        assertEquals("ListValue[hello world, large-now, x, abcd]", l.toString());
        for (int i = 0; i < ql.nodeCount(); i++) {
            assertEquals(i < 2, ql.node(i).plain(), "node " + i);
        }
    }

    @Test
    void innerNodesAreCompressedBeyondTheDepth() {
        ListValue l = list(2, 1, 0);
        byte[] v = b("a-compressible-value-".repeat(4));
        for (int i = 0; i < 10; i++) {
            l.addLast(v);
        }
        Quicklist ql = l.quicklist();
        assertEquals(5, ql.nodeCount());
        assertFalse(ql.node(0).compressed());
        for (int i = 1; i < 4; i++) {
            assertTrue(ql.node(i).compressed(), "node " + i);
        }
        assertFalse(ql.node(4).compressed());
        assertArrayEquals(v, l.get(5));
        // Popping the head brings node 1 within the depth: it is decompressed.
        l.removeFirst(2);
        assertFalse(ql.node(0).compressed());
        assertTrue(ql.node(1).compressed());
        // A small node (under 48 bytes) is never compressed.
        ListValue small = list(1, 1, 0);
        for (int i = 0; i < 5; i++) {
            small.addLast(b("s" + i));
        }
        for (int i = 0; i < 5; i++) {
            assertFalse(small.quicklist().node(i).compressed());
        }
    }

    @Test
    void insertIntoAFullNodeSplitsItAndMergesNeighbours() {
        ListValue l = list(2, 0, 0);
        for (String s : new String[] {"a", "b", "c", "d"}) {
            l.addLast(b(s));
        }
        assertArrayEquals(new int[] {2, 2}, entries(l));
        l.insertAfter(0, b("x")); // full node, mid-node: split into [a] [x b]
        assertArrayEquals(new int[] {1, 2, 2}, entries(l));
        assertEquals("ListValue[a, x, b, c, d]", l.toString());
        l.insertAfter(1, b("y")); // mid-node again: [a] [x] [y b], then [a] and [x] merge (1 + 1 <= 2)
        assertArrayEquals(new int[] {2, 2, 2}, entries(l));
        assertEquals("ListValue[a, x, y, b, c, d]", l.toString());
        l.insertBefore(0, b("z")); // at the head of a full node without a previous one: a new node
        assertArrayEquals(new int[] {1, 2, 2, 2}, entries(l));
        l.insertAfter(4, b("w")); // at the tail of a full node whose next node is full: a new node
        assertArrayEquals(new int[] {1, 2, 2, 1, 2}, entries(l));
        l.insertAfter(0, b("u")); // [z] has room
        assertArrayEquals(new int[] {2, 2, 2, 1, 2}, entries(l));
        l.insertBefore(5, b("v")); // mid [y b]: split to [y v] [b], then [b] merges with [w]
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, entries(l));
        assertEquals("ListValue[z, u, a, x, y, v, b, w, c, d]", l.toString());
    }

    @Test
    void optionsAreClampedAsQuicklistSetOptions() {
        assertEquals(-5, list(-100, 0, 0).quicklist().fill());
        assertEquals(Quicklist.FILL_MAX, list(1 << 20, 0, 0).quicklist().fill());
        assertEquals(0, list(0, 0, 0).quicklist().compressDepth());
        EncodingLimits l = new EncodingLimits();
        assertFalse(l.listPackedThreshold((1L << 32) - (1 << 20) + 1));
        assertTrue(l.listPackedThreshold(7));
        assertEquals(7, l.listPackedThreshold());
        assertTrue(l.listPackedThreshold(0));
        assertEquals(1L << 30, l.listPackedThreshold());
    }

    @Test
    void aFillOfZeroStillHoldsOneEntryPerNode() {
        ListValue l = list(0, 0, 0);
        l.addLast(b("a"));
        l.addLast(b("b"));
        assertArrayEquals(new int[] {1, 1}, entries(l));
    }

    /** Reads share the keyspace's read lock: concurrent get() calls must not corrupt the cursor. */
    @Test
    void concurrentReadersGetTheRightElements() throws Exception {
        ListValue l = list(4, 1, 0);
        for (int i = 0; i < 2000; i++) {
            l.addLast(b("element-" + i + "-padding-padding"));
        }
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread[] readers = new Thread[4];
        for (int t = 0; t < readers.length; t++) {
            long seed = t;
            readers[t] = new Thread(() -> {
                Random rnd = new Random(seed);
                try {
                    for (int n = 0; n < 20_000; n++) {
                        int i = rnd.nextBoolean() ? rnd.nextInt(2000) : (n % 2000);
                        byte[] expected = b("element-" + i + "-padding-padding");
                        if (!java.util.Arrays.equals(expected, l.get(i))) {
                            throw new AssertionError("index " + i + ": " + new String(l.get(i)));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            readers[t].start();
        }
        for (Thread r : readers) {
            r.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void lzfRoundTrips() {
        Random rnd = new Random(7);
        for (int n : new int[] {1, 2, 3, 31, 32, 33, 100, 4096, 9000}) {
            byte[] text = new byte[n];
            for (int i = 0; i < n; i++) {
                text[i] = (byte) ("the quick brown fox ".charAt((i * 7 + i / 13) % 20));
            }
            byte[] random = new byte[n];
            rnd.nextBytes(random);
            for (byte[] in : new byte[][] {text, random}) {
                byte[] out = new byte[n + n / 16 + 64];
                int len = Lzf.compress(in, 0, n, out, 0, out.length);
                assertTrue(len > 0);
                byte[] back = new byte[n];
                Lzf.decompress(out, 0, len, back);
                assertArrayEquals(in, back);
            }
        }
        byte[] incompressible = new byte[200];
        rnd.nextBytes(incompressible);
        assertEquals(0, Lzf.compress(incompressible, 0, 200, new byte[200], 0, 190));
        assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(new byte[] {(byte) 0x20, 5}, 0, 2, new byte[4]));
    }
}
