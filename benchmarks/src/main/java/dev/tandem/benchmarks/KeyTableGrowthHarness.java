/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * SET latency while the key table grows (issue #13): N SETs of new keys into one database,
 * each timed alone, so that the writes that resize the table show in the tail. With a
 * stop-the-world rehash, the write that crosses 2^k keys moves all 2^k entries; with the
 * incremental rehash every write moves at most one bucket.
 *
 * <p>Only core's command API is used, so the same class compiled against an older core
 * measures the "before". Latencies go into a log-linear histogram (1/64 relative precision),
 * not a list, so that the harness itself does not disturb the heap it measures.
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests && java -Xmx12g -XX:+UseG1GC
 * -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.KeyTableGrowthHarness
 * [keys, default 10000000]}
 */
public final class KeyTableGrowthHarness {
    private static final int SUB_BITS = 6;
    private final long[] counts = new long[64 << SUB_BITS];
    private long max;
    private long total;

    private void record(long nanos) {
        total++;
        max = Math.max(max, nanos);
        counts[bucket(nanos)]++;
    }

    /** Values below 64 exactly; above, 32 sub-buckets per power of two (1/32 precision). */
    private static int bucket(long v) {
        if (v < (1L << SUB_BITS)) {
            return (int) v;
        }
        int exp = 64 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        int mantissa = (int) (v >>> exp); // in [32, 64)
        return (1 << SUB_BITS) + (exp - 1) * (1 << (SUB_BITS - 1)) + mantissa - (1 << (SUB_BITS - 1));
    }

    private static long upperBound(int b) {
        if (b < (1 << SUB_BITS)) {
            return b;
        }
        int half = 1 << (SUB_BITS - 1);
        int exp = (b - (1 << SUB_BITS)) / half + 1;
        long mantissa = (b - (1 << SUB_BITS)) % half + half;
        return ((mantissa + 1) << exp) - 1;
    }

    private long percentile(double p) {
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return Math.min(upperBound(b), max);
            }
        }
        return max;
    }

    private long countAbove(long nanos) {
        long n = 0;
        for (int b = 0; b < counts.length; b++) {
            if (upperBound(b) > nanos) {
                n += counts[b];
            }
        }
        return n;
    }

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        Keyspace ks = new Keyspace(1, KeyspaceClock.SYSTEM);
        ClientState client = ClientState.client();
        byte[] set = "SET".getBytes(StandardCharsets.US_ASCII);
        byte[] value = "v".repeat(16).getBytes(StandardCharsets.US_ASCII);
        // Warm the command path on another database-free key range, then drop it.
        for (int i = 0; i < 200_000; i++) {
            ks.execute(client, set, ("warm:" + i).getBytes(StandardCharsets.US_ASCII), value);
        }
        ks.execute(client, "FLUSHALL");
        KeyTableGrowthHarness h = new KeyTableGrowthHarness();
        StringBuilder crossings = new StringBuilder();
        long gcBefore = gcMillis();
        long start = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            ks.execute(client, set, key, value);
            long took = System.nanoTime() - t0;
            h.record(took);
            // The write that adds key 2^k + 1 is the one that grows a table of 2^k buckets.
            if (i >= (1 << 16) && Integer.bitCount(i) == 1) {
                crossings.append(String.format(Locale.ROOT, " 2^%d:%.1f", Integer.numberOfTrailingZeros(i),
                        took / 1e6));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long gc = gcMillis() - gcBefore;
        System.out.printf(Locale.ROOT, "SET of %,d new keys in %.1f s (%,.0f/s); dbsize %,d%n", keys, seconds,
                keys / seconds, ks.database(0).size());
        System.out.printf(Locale.ROOT, "latency us: p50 %.2f  p99 %.2f  p99.9 %.2f  p99.99 %.2f  max %.1f%n",
                h.percentile(50) / 1e3, h.percentile(99) / 1e3, h.percentile(99.9) / 1e3,
                h.percentile(99.99) / 1e3, h.max / 1e3);
        System.out.printf(Locale.ROOT, "writes slower than 1 ms: %d, than 10 ms: %d, than 100 ms: %d%n",
                h.countAbove(1_000_000), h.countAbove(10_000_000), h.countAbove(100_000_000));
        System.out.println("ms of the write that grew the table past 2^k keys:" + crossings);
        System.out.printf(Locale.ROOT, "GC time during the run: %,d ms (all collectors, from the MXBeans)%n", gc);
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
