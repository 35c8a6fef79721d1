/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting.internal;

/**
 * Redis's {@code redisLrand48} (rand.c): the 48-bit linear congruential generator of POSIX
 * {@code lrand48}, which Redis uses for Lua's {@code math.random} so that every platform gives the
 * same sequence for a seed. As in Redis 7.0 the state is not reset before each script (effects
 * replication made that unnecessary); it starts from rand.c's initial state.
 */
final class Rand48 {
    static final long MAX = Integer.MAX_VALUE;
    private static final long A = 0x5DEECE66DL;
    private static final long C = 0xB;
    private static final long MASK = (1L << 48) - 1;
    private long x = 0x1234ABCD330EL;

    /** The next value in [0, 2^31). */
    long next() {
        x = (A * x + C) & MASK;
        return x >>> 17;
    }

    /** {@code redisSrand48}: the high 32 bits from the seed, the low 16 bits 0x330E. */
    void seed(int seed) {
        x = (((long) seed & 0xffffffffL) << 16 | 0x330E) & MASK;
    }
}
