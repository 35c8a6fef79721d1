/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.rdb.RdbFiles;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GC time while an RDB of mixed keys is loaded (issue #13's "G1 pause time while loading 300k
 * mixed keys"): 70% 100-byte strings, 10% integer strings, and 5% each of 5-field hashes,
 * 5-element lists, 5-member sets and 5-member sorted sets, written with {@code RdbFiles.write},
 * then loaded with {@code RdbFiles.load} into a fresh keyspace while the source is kept alive (as
 * on a node whose old dataset lives until the swap). Only core and rdb APIs that predate the
 * issue are used, so the same class measures an older build. Add {@code -Xlog:gc} for the
 * individual pauses.
 *
 * <p>Run: {@code java -Xmx4g -XX:+UseG1GC -cp benchmarks/target/tandem-benchmarks.jar
 * dev.tandem.benchmarks.LoadGcPauses [keys, default 300000] [rounds, default 3]}
 */
public final class LoadGcPauses {
    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Keyspace source = new Keyspace(16, KeyspaceClock.SYSTEM);
        ClientState c = ClientState.client();
        SplittableRandom r = new SplittableRandom(13);
        String v100 = "x".repeat(100);
        for (int i = 0; i < keys; i++) {
            int kind = r.nextInt(100);
            String k = "key:" + i;
            if (kind < 70) {
                source.execute(c, "SET", k, v100.substring(0, 90) + r.nextInt(1_000_000_000));
            } else if (kind < 80) {
                source.execute(c, "SET", k, Long.toString(r.nextLong(1_000_000_000L)));
            } else if (kind < 85) {
                source.execute(c, "HSET", k, "f1", "0123456789", "f2", "0123456789", "f3", "0123456789",
                        "f4", "0123456789", "f5", Integer.toString(i));
            } else if (kind < 90) {
                source.execute(c, "RPUSH", k, "a1", "b2", "c3", "d4", Integer.toString(i));
            } else if (kind < 95) {
                source.execute(c, "SADD", k, "a", "b", "c", "d", Integer.toString(i));
            } else {
                source.execute(c, "ZADD", k, "1", "a", "2", "b", "3", "c", "4", "d", "5", Integer.toString(i));
            }
        }
        Path file = Files.createTempFile("load-gc", ".rdb");
        try {
            RdbFiles.write(source, file);
            System.out.printf(Locale.ROOT, "%,d mixed keys, RDB %.1f MB%n", keys, Files.size(file) / 1e6);
            for (int round = 0; round < rounds; round++) {
                System.gc();
                long[] before = gc();
                long t0 = System.nanoTime();
                Keyspace target = new Keyspace(16, KeyspaceClock.SYSTEM);
                RdbFiles.load(file, target);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long[] after = gc();
                System.out.printf(Locale.ROOT, "round %d: load %.2f s, GC %d collections, %,d ms total%n",
                        round, seconds, after[0] - before[0], after[1] - before[1]);
                if (target.database(0).size() != keys) {
                    throw new AssertionError("loaded " + target.database(0).size());
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }
}
