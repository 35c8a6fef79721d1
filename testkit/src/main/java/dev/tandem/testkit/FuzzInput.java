/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fuzz target's raw input read as one control byte followed by the payload. The control byte
 * chooses how the payload is split into reads and a small variant number the target interprets
 * (limits, flags); the payload is what the code under test receives. Keeping the payload a plain
 * suffix of the input is what makes a corpus readable and writable by hand: a seed file is one
 * byte and then, say, a real RESP command or RDB file (docs/reliability.md).
 *
 * <p>Control byte bits: {@code 0-1} the split ({@link #chunkLengths()}), {@code 2-4} the
 * variant ({@link #variant()}), {@code 5-7} the seed of a random split.
 */
public final class FuzzInput {

    private final int control;
    private final byte[] payload;

    private FuzzInput(int control, byte[] payload) {
        this.control = control;
        this.payload = payload;
    }

    /** Reads {@code data}; an empty input is control 0 (whole) with an empty payload. */
    public static FuzzInput of(byte[] data) {
        if (data.length == 0) {
            return new FuzzInput(0, data);
        }
        return new FuzzInput(data[0] & 0xff, Arrays.copyOfRange(data, 1, data.length));
    }

    /** The bytes for the code under test. */
    public byte[] payload() {
        return payload;
    }

    /** A number from 0 to 7 that the target maps to one of its configurations. */
    public int variant() {
        return (control >>> 2) & 7;
    }

    /**
     * How the payload is cut into reads, in order, summing to its length: split 0 is one read,
     * 1 is one byte per read, 2 and 3 are pseudo-random reads of 1 to 16 and 1 to 4096 bytes.
     * Streaming decoders keep state between reads; this is what exercises it.
     */
    public int[] chunkLengths() {
        int mode = control & 3;
        int n = payload.length;
        if (n == 0) {
            return new int[0];
        }
        if (mode == 0) {
            return new int[] {n};
        }
        if (mode == 1) {
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            return ones;
        }
        int max = mode == 2 ? 16 : 4096;
        SplittableRandom random = new SplittableRandom(control >>> 5);
        int[] lengths = new int[n];
        int count = 0;
        for (int left = n; left > 0; ) {
            int len = Math.min(left, 1 + random.nextInt(max));
            lengths[count++] = len;
            left -= len;
        }
        return Arrays.copyOf(lengths, count);
    }
}
