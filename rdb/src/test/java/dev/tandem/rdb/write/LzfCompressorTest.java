/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.rdb.internal.codec.Lzf;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reusable compressor's output decodes with the reference decoder, call after call. */
class LzfCompressorTest {
    @Test
    void manyCallsOnOneInstanceAllDecode() {
        LzfCompressor lzf = new LzfCompressor();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            byte[] in = sample(r, 1 + r.nextInt(i % 100 == 0 ? 100_000 : 600));
            int offset = r.nextInt(5);
            byte[] padded = new byte[in.length + offset + 3];
            System.arraycopy(in, 0, padded, offset, in.length);
            byte[] out = new byte[in.length + in.length / 32 + 16];
            int n = lzf.compress(padded, offset, in.length, out, 0, out.length);
            assertTrue(n > 0, "unbounded output always fits");
            assertArrayEquals(in, Lzf.decompress(out, 0, n, in.length), "call " + i);
        }
    }

    @Test
    void reportsZeroWhenTheOutputDoesNotFit() {
        LzfCompressor lzf = new LzfCompressor();
        byte[] random = new byte[200];
        new SplittableRandom(5).nextBytes(random);
        assertEquals(0, lzf.compress(random, 0, random.length, new byte[196], 0, 196));
        byte[] runs = new byte[200];
        int n = lzf.compress(runs, 0, runs.length, new byte[196], 0, 196);
        assertTrue(n > 0 && n < 20, "200 zero bytes compress well: " + n);
    }

    @Test
    void staleTableEntriesFromEarlierInputsAreNeverUsed() {
        LzfCompressor lzf = new LzfCompressor();
        byte[] first = "abcabcabcabcabcabcabcabcabcabcabcabcabc".repeat(50).getBytes();
        byte[] out = new byte[first.length * 2];
        lzf.compress(first, 0, first.length, out, 0, out.length);
        // The same 3-byte prefixes appear in a short second input: a stale position would point
        // past its end or into bytes that do not match.
        byte[] second = "xyzabcabc".getBytes();
        int n = lzf.compress(second, 0, second.length, out, 0, out.length);
        assertArrayEquals(second, Lzf.decompress(out, 0, n, second.length));
    }

    @Test
    void positionsWrapAroundSafely() {
        LzfCompressor lzf = new LzfCompressor(Integer.MAX_VALUE - 1000);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 20; i++) {
            byte[] in = sample(r, 300 + r.nextInt(300));
            byte[] out = new byte[in.length * 2 + 16];
            int n = lzf.compress(in, 0, in.length, out, 0, out.length);
            assertArrayEquals(in, Lzf.decompress(out, 0, n, in.length), "call " + i);
        }
    }

    /** Data with a mix of literals, short and long repeats. */
    private static byte[] sample(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        int alphabet = 2 + r.nextInt(255);
        for (int i = 0; i < n; i++) {
            if (i > 10 && r.nextInt(4) == 0) {
                int back = 1 + r.nextInt(Math.min(i, 9000));
                int len = Math.min(n - i, 1 + r.nextInt(300));
                for (int j = 0; j < len; j++) {
                    b[i + j] = b[i + j - back];
                }
                i += len - 1;
            } else {
                b[i] = (byte) r.nextInt(alphabet);
            }
        }
        return Arrays.copyOf(b, n);
    }
}
