/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.Key;
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.ZSetValue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * The hot operations of {@link CompactEncodingBenchmark} (ZADD of a new score for an existing
 * member) and {@link ListBenchmark} (push at one end, pop at the other) timed in the thread's CPU
 * time rather than wall time: on a shared machine whose load is many times its core count, JMH's
 * wall-clock scores swing by 10x between iterations, while the CPU time a thread spends on an
 * operation stays comparable between builds run one after the other. Best of 4 rounds of 400k
 * operations after 2 warm-up rounds.
 *
 * <p>Command: {@code java -cp benchmarks/target/tandem-benchmarks.jar
 * dev.tandem.benchmarks.CompactCpuTime}; for a before/after pair, run the same class against the
 * other build's jar.
 */
public final class CompactCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int POOL = 1024;
    private static final long OPS = 400_000;

    private CompactCpuTime() {
    }

    public static void main(String[] args) {
        for (int size : new int[] {5, 32}) {
            for (String encoding : new String[] {"compact", "big"}) {
                System.out.printf("zadd %-7s size %5d: %8.1f ns CPU/op%n", encoding, size, zadd(encoding, size));
            }
        }
        for (int size : new int[] {5, 100, 10_000}) {
            System.out.printf("list lpushRpop size %5d: %8.1f ns CPU/op%n", size, list(size, true));
            System.out.printf("list rpushLpop size %5d: %8.1f ns CPU/op%n", size, list(size, false));
        }
    }

    private static double zadd(String encoding, int size) {
        EncodingLimits limits = new EncodingLimits();
        if (encoding.equals("big")) {
            limits.zsetMaxListpackEntries(0);
        }
        Key[] members = new Key[size];
        for (int i = 0; i < size; i++) {
            members[i] = Key.of(("field:" + i).getBytes(StandardCharsets.US_ASCII));
        }
        ZSetValue[] zsets = new ZSetValue[POOL];
        for (int k = 0; k < POOL; k++) {
            zsets[k] = new ZSetValue();
            for (int i = 0; i < size; i++) {
                zsets[k].add(members[i], i * 1.5, limits);
            }
        }
        int[] state = new int[2]; // next, calls
        return best(() -> {
            int k = state[0] = (state[0] + 1) & (POOL - 1);
            int i = k % size;
            boolean alt = (state[1]++ & POOL) != 0;
            zsets[k].updateScore(members[i], alt ? i * 1.5 + 0.25 : i * 1.5);
        });
    }

    private static double list(int size, boolean headPush) {
        ListValue list = new ListValue();
        for (int i = 0; i < size; i++) {
            list.addLast(String.format("e%09d", i).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] element = "x123456789".getBytes(StandardCharsets.US_ASCII);
        return best(() -> {
            if (headPush) {
                list.addFirst(element);
                list.removeLast();
            } else {
                list.addLast(element);
                list.removeFirst();
            }
        });
    }

    private static double best(Runnable op) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 6; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (long n = 0; n < OPS; n++) {
                op.run();
            }
            double ns = (THREADS.getCurrentThreadCpuTime() - start) / (double) OPS;
            if (round >= 2) {
                best = Math.min(best, ns);
            }
        }
        return best;
    }
}
