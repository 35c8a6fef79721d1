/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BGSAVE of N string keys ({@code key:<i>} → {@code value:<i>}, what {@code DEBUG POPULATE}
 * makes), Tandem's forkless snapshot vs redis-server 7.0's fork, in one run: wall time from
 * {@code BGSAVE} to the file renamed into place, file size, and extra memory (Tandem: the peak of
 * live heap over the data set's, sampled after a forced GC every 100 ms; Redis: its reported
 * copy-on-write size, {@code rdb_last_cow_size}).
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx4g -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.BgsaveHarness 1000000
 * java -Xmx4g -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.BgsaveHarness 1000000 time
 * </pre>
 * The second form measures time only: the heap sampler's forced GCs compete with the save for the CPU.
 */
public final class BgsaveHarness {

    private BgsaveHarness() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // "time": no heap sampling (its forced GCs compete with the save for the CPU).
        boolean sample = args.length < 2 || !args[1].equals("time");
        tandem(keys, sample);
        redis(keys);
    }

    private static void tandem(int keys, boolean sample) throws Exception {
        Path dir = Files.createTempDirectory("tandem-bgsave");
        CompletableFuture<ReplicationEvent.SaveFinished> finished = new CompletableFuture<>();
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir))
                .listener(e -> {
                    if (e instanceof ReplicationEvent.SaveFinished f && f.background()) {
                        finished.complete(f);
                    }
                }).start()) {
            for (int i = 0; i < keys; i++) {
                node.set("key:" + i, "value:" + i);
            }
            // A first save warms the JIT up (the writer's paths); the second is the one measured.
            long warmStart = System.nanoTime();
            node.save();
            System.out.printf(Locale.ROOT, "tandem: first SAVE (cold JIT) %d ms%n", (System.nanoTime() - warmStart) / 1_000_000);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean sampling = new AtomicBoolean(sample);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    System.gc();
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        TimeUnit.MILLISECONDS.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.start();
            long start = System.nanoTime();
            node.bgsave();
            ReplicationEvent.SaveFinished f = finished.get(10, TimeUnit.MINUTES);
            long millis = (System.nanoTime() - start) / 1_000_000;
            sampling.set(false);
            sampler.join();
            System.out.printf(Locale.ROOT, "tandem: %d keys, BGSAVE %d ms (save thread %d ms), file %.1f MB, "
                            + "data set heap %.1f MB, extra heap peak %.1f MB (%.1f%%)%n",
                    keys, millis, f.millis(), Files.size(dir.resolve("dump.rdb")) / 1e6, baseline / 1e6,
                    (peak.get() - baseline) / 1e6, 100.0 * (peak.get() - baseline) / baseline);
        } finally {
            Files.deleteIfExists(dir.resolve("dump.rdb"));
            Files.deleteIfExists(dir);
        }
    }

    private static void redis(int keys) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(); RespClient c = redis.client()) {
            c.call("DEBUG", "POPULATE", Integer.toString(keys));
            long used = info(c, "memory", "used_memory");
            long start = System.nanoTime();
            c.call("BGSAVE");
            while (info(c, "persistence", "rdb_bgsave_in_progress") != 0) {
                TimeUnit.MILLISECONDS.sleep(2);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(Locale.ROOT, "redis:  %d keys, BGSAVE %d ms, file %.1f MB, used_memory %.1f MB, "
                            + "copy-on-write %.1f MB, fork %d us%n",
                    keys, millis, Files.size(redis.rdbFile()) / 1e6, used / 1e6,
                    info(c, "persistence", "rdb_last_cow_size") / 1e6, info(c, "stats", "latest_fork_usec"));
        }
    }

    private static long info(RespClient c, String section, String field) throws Exception {
        Object reply = c.call("INFO", section);
        String text = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new IllegalStateException(field + " not in INFO " + section);
    }
}
