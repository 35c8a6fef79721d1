/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Quicklist and stream node boundaries as Redis 7.0 draws them. */
class NodePlanningTest {
    /**
     * The real sample v10_large.rdb (a test resource): Redis 7.0.15 split 2000 elements
     * "item-0000".."item-1999" into nodes of 743, 743 and 514 entries (listpacks of 8180, 8180
     * and 5661 bytes).
     */
    @Test
    void quicklistNodesMatchRedis() {
        ListValue list = new ListValue();
        for (int i = 0; i < 2000; i++) {
            list.addLast(String.format("item-%04d", i).getBytes(StandardCharsets.US_ASCII));
        }
        assertArrayEquals(new int[] {743, 743, 514}, nodeEntries(list));
        int[] bytes = new int[3];
        for (int i = 0; i < 3; i++) {
            bytes[i] = list.quicklist().node(i).bytes().length;
        }
        assertArrayEquals(new int[] {8180, 8180, 5661}, bytes);
    }

    private static int[] nodeEntries(ListValue list) {
        int[] out = new int[list.quicklist().nodeCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.quicklist().node(i).entries();
        }
        return out;
    }

    @Test
    void aLargeElementFillsANodeOfItsOwn() {
        ListValue list = new ListValue();
        list.addLast(new byte[10]);
        list.addLast(new byte[20_000]);
        list.addLast(new byte[10]);
        list.addLast(new byte[10]);
        assertArrayEquals(new int[] {1, 1, 2}, nodeEntries(list));
    }

    @Test
    void streamNodesHoldAtMostOneHundredEntries() {
        StreamValue s = new StreamValue();
        for (int i = 0; i < 250; i++) {
            s.appendEntry(new StreamId(1000, i), new byte[][] {b("f"), b("v")});
        }
        assertArrayEquals(new int[] {100, 100, 50}, StreamSerializer.planNodes(s));
    }

    @Test
    void streamNodesCloseBeforeReachingFourKilobytes() {
        StreamValue s = new StreamValue();
        for (int i = 0; i < 10; i++) {
            s.appendEntry(new StreamId(1000, i), new byte[][] {b("field"), new byte[1500]});
        }
        // 7-byte header and master entry ~12 bytes; each entry adds ~1.5 KB: a third would reach 4096.
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, StreamSerializer.planNodes(s));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
