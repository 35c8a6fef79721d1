/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.rdb.internal.codec.ListpackBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The size model used to plan nodes agrees with the builder that makes them. */
class ListpackSizesTest {
    @Test
    void elementSizesMatchTheBuilder() {
        SplittableRandom r = new SplittableRandom(1);
        ListpackBuilder lp = new ListpackBuilder();
        assertEquals(ListpackSizes.EMPTY, lp.byteSize());
        long expected = ListpackSizes.EMPTY;
        for (int i = 0; i < 5000; i++) {
            byte[] v = switch (r.nextInt(5)) {
                case 0 -> Long.toString(r.nextLong()).getBytes(StandardCharsets.US_ASCII);
                case 1 -> Long.toString(r.nextLong(-5000, 5000)).getBytes(StandardCharsets.US_ASCII);
                case 2 -> Long.toString(r.nextLong(-(1L << 33), 1L << 33)).getBytes(StandardCharsets.US_ASCII);
                case 3 -> new byte[r.nextInt(5000)];
                default -> new byte[r.nextInt(20000)];
            };
            lp.add(v);
            expected += ListpackSizes.element(v);
            assertEquals(expected, lp.byteSize(), "after element " + i);
        }
        for (long v : new long[] {0, 127, 128, -1, -4096, 4095, 4096, -4097, 32767, -32769, 8388607, -8388608,
            8388608, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
            int before = lp.byteSize();
            lp.addInteger(v);
            assertEquals(lp.byteSize() - before, ListpackSizes.integer(v), "integer " + v);
        }
    }
}
