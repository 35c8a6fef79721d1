/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target of the glob matcher behind KEYS, SCAN MATCH, PSUBSCRIBE-style patterns
 * (docs/reliability.md). A client controls both the pattern and, through its keys, the string,
 * so the contract is: any bytes, no exception, and an answer within a bound (Redis 7.0.9 fixed
 * exponential matching, CVE-2022-36021). The target deliberately checks nothing about which
 * strings match: the algorithm is being rewritten and its unit tests own the semantics.
 *
 * <p>Input: the pattern, a NUL byte, the string (no NUL: the input is matched against itself).
 * Patterns are cut at {@link #MAX_PATTERN} bytes and strings at {@link #MAX_STRING}, the sizes a
 * KEYS pattern and key plausibly have, so that a timeout means an algorithm, not a big input.
 * {@code @Timeout} becomes libFuzzer's per-input timeout in fuzzing mode.
 */
class GlobPatternFuzzTest {

    static final int MAX_PATTERN = 256;
    static final int MAX_STRING = 1024;
    /** Far above what an O(pattern × string) match of the sizes above takes. */
    static final long BOUND_MILLIS = 2_000;

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void matches(byte[] data) {
        int nul = indexOf(data, (byte) 0);
        byte[] pattern = Arrays.copyOf(data, Math.min(MAX_PATTERN, nul < 0 ? data.length : nul));
        byte[] string = nul < 0
                ? Arrays.copyOf(data, Math.min(MAX_STRING, data.length))
                : Arrays.copyOfRange(data, nul + 1, nul + 1 + Math.min(MAX_STRING, data.length - nul - 1));
        long start = System.nanoTime();
        GlobPattern.matches(pattern, string);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis <= BOUND_MILLIS, "matching took " + millis + " ms (bound " + BOUND_MILLIS + ")");
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
