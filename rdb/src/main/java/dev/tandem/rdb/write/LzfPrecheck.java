/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

/**
 * Decides, more cheaply than compressing, that LZF cannot shrink a string, so the writer skips
 * the attempt (issue #13: random values made LZF attempts most of a snapshot's CPU time).
 *
 * <p>LZF only shrinks a string through back-references, and a back-reference needs a 3-byte
 * sequence that occurred earlier in the string. For strings up to {@link #EXACT_LIMIT} bytes
 * every 3-byte sequence is hashed into a table; when no two share a slot, all are distinct, no
 * back-reference is possible, the literal-only output is longer than the input, and LZF would
 * have failed: skipping it writes exactly the bytes Redis writes. A shared slot (a repeat, or
 * a hash collision) means "try LZF". Longer strings are judged by their first
 * {@link #EXACT_LIMIT} bytes: a prefix without any repeat is taken as incompressible data
 * (random tokens, already compressed blobs), and the string is written raw even if a later part
 * could have been compressed; the file stays a valid RDB that Redis loads, a few bytes larger
 * than Redis's in that case.
 *
 * <p>Slots are stamped with a per-call generation so the table is never cleared between calls.
 * Not thread-safe.
 */
final class LzfPrecheck {
    /** Strings up to this length are checked whole (exact); longer ones by this prefix. */
    static final int EXACT_LIMIT = 512;
    private static final int TABLE_BITS = 16;

    private final int[] stamps = new int[1 << TABLE_BITS];
    private int generation;

    /**
     * Whether LZF might compress {@code s[off, off+len)}; false only when no 3-byte sequence
     * of the checked part repeats.
     */
    boolean mightCompress(byte[] s, int off, int len) {
        if (++generation == 0) {
            java.util.Arrays.fill(stamps, 0);
            generation = 1;
        }
        int gen = generation;
        int end = off + Math.min(len, EXACT_LIMIT) - 2;
        for (int p = off; p < end; p++) {
            int gram = (s[p] & 0xFF) << 16 | (s[p + 1] & 0xFF) << 8 | (s[p + 2] & 0xFF);
            int slot = (gram * 0x9E3779B1) >>> (32 - TABLE_BITS);
            if (stamps[slot] == gen) {
                return true;
            }
            stamps[slot] = gen;
        }
        return false;
    }
}
