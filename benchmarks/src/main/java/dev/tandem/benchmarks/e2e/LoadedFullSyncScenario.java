/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 2: the full sync of scenario 1 (strings dataset) while a writer rewrites random keys
 * of the master as fast as it answers: the time to sync, the writes served meanwhile, and the
 * master's extra memory.
 *
 * <p>Memory, each side as its platform allows:
 * <ul>
 *   <li>Tandem (master in the harness JVM, replica in a child JVM so that its heap is not
 *   counted): the largest heap-after-GC during the sync minus the live heap before it (two full
 *   GCs, writer already running), plus the growth of Netty's pooled direct memory (backlog and
 *   snapshot chunks) sampled every 10 ms.</li>
 *   <li>Redis: the PSS of the master plus that of its fork child, sampled every 10 ms, minus the
 *   master's PSS before the sync — the copy-on-write pages and the replica's output buffer
 *   included, shared pages counted once.</li>
 * </ul>
 */
final class LoadedFullSyncScenario implements Scenario {
    private static final long MB = 1024 * 1024;
    /**
     * The paced variant's rate: each side's writer at full speed gets a different rate (and so a
     * different amount of work during the sync); at one fixed rate both do the same.
     */
    private static final int FIXED_RATE = 50_000;

    private record Outcome(double seconds, double writesPerSecond, double extraMemoryMb, String memoryNote) { }

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String title() {
        return "Full sync under write load";
    }

    @Override
    public List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception {
        int keys = options.keys();
        List<ResultRow> rows = new ArrayList<>();
        rows.addAll(withWriter(keys, 0, progress));
        rows.addAll(withWriter(keys, FIXED_RATE, progress));
        return rows;
    }

    /** The three rows for one writer: as fast as the master answers ({@code rate} 0) or paced. */
    private List<ResultRow> withWriter(int keys, int rate, Progress progress) {
        String load = rate == 0 ? "writer at full speed"
                : String.format(Locale.ROOT, "writer at %,d writes/s", rate);
        String metric = String.format(Locale.ROOT, "full sync of %,d keys of %s, %s", keys,
                Dataset.STRINGS.description(), load);
        Outcome tandem;
        Outcome redis;
        try {
            tandem = tandem(keys, rate);
            progress.log("%s: Tandem %s", metric, tandem);
        } catch (Exception e) {
            return List.of(ResultRow.failed("2", metric, "tandem", e));
        }
        try {
            redis = redis(keys, rate);
            progress.log("%s: Redis %s", metric, redis);
        } catch (Exception e) {
            return List.of(ResultRow.failed("2", metric, "redis", e));
        }
        List<ResultRow> rows = new ArrayList<>();
        rows.add(ResultRow.of("2", metric, tandem.seconds(), redis.seconds(), "s", ResultRow.Better.LOWER,
                "one run; REPLICAOF until DBSIZE = N on the replica (which held a 20k-key warm-up dataset before); "
                        + "Tandem replica in a child JVM; digests equal after the writer stops"));
        rows.add(ResultRow.of("2", "writes served by the master during that sync (" + load + ")",
                tandem.writesPerSecond(), redis.writesPerSecond(), "writes/s", ResultRow.Better.HIGHER,
                "one RESP connection, SETs of 100 bytes to random keys of the dataset"
                        + (rate == 0 ? ", 64 in flight" : ", a batch every millisecond")));
        rows.add(ResultRow.of("2", "master's extra memory during that sync (" + load + ")", tandem.extraMemoryMb(),
                redis.extraMemoryMb(), "MiB", ResultRow.Better.LOWER,
                "Tandem: " + tandem.memoryNote() + "; Redis: " + redis.memoryNote()));
        return rows;
    }

    private static LoadWriter writer(int port, int keys, int rate) {
        return rate == 0 ? LoadWriter.maxSpeed(port, keys) : LoadWriter.fixedRate(port, keys, rate);
    }

    private static Outcome tandem(int keys, int rate) throws Exception {
        try (ReplicatedKeyspace master = Nodes.tandem("s2-master");
             ReplicatedKeyspace warmUpMaster = Nodes.tandem("s2-warm-up");
             TandemProcess replica = TandemProcess.childNode("s2-replica", "4g")) {
            Dataset.STRINGS.loadInto(warmUpMaster, warmUpKeys(keys));
            warmUpReplica(warmUpMaster.port(), replica.port(), warmUpKeys(keys));
            Dataset.STRINGS.loadInto(master, keys);
            try (LoadWriter writer = writer(master.port(), keys, rate)) {
                warmUp(writer, keys);
                long heapBefore = HeapAfterGcMonitor.liveHeapNow();
                long directBefore = directMemory();
                long writesBefore = writer.writes();
                double seconds;
                long heapPeak;
                long heapUsedPeak;
                int collections;
                long directPeak;
                try (HeapAfterGcMonitor heap = new HeapAfterGcMonitor();
                     PeakSampler heapUsed = PeakSampler.every(10, LoadedFullSyncScenario::heapUsed);
                     PeakSampler direct = PeakSampler.every(10, LoadedFullSyncScenario::directMemory)) {
                    seconds = FullSyncScenario.timeToServe(master.port(), replica.port(), keys, false);
                    heapPeak = heap.peakAfterGc();
                    collections = heap.collections();
                    heapUsedPeak = heapUsed.stop();
                    directPeak = direct.stop();
                }
                double writes = (writer.writes() - writesBefore) / seconds;
                writer.stop();
                requireCaughtUpAndEqual(master.port(), replica.port());
                long directExtra = Math.max(0, directPeak - directBefore);
                long heapExtra;
                String note;
                if (collections > 0) {
                    heapExtra = Math.max(0, heapPeak - heapBefore);
                    note = String.format(Locale.ROOT, "heap after GC +%.1f MiB (peak over %d GCs), direct +%.1f MiB",
                            heapExtra / (double) MB, collections, directExtra / (double) MB);
                } else {
                    // No collection ran: the growth of raw heap use bounds the live growth from above.
                    heapExtra = Math.max(0, heapUsedPeak - heapBefore);
                    note = String.format(Locale.ROOT, "no GC ran during the sync: heap used +%.1f MiB (upper bound, "
                            + "garbage included), direct +%.1f MiB", heapExtra / (double) MB, directExtra / (double) MB);
                }
                return new Outcome(seconds, writes, (heapExtra + directExtra) / (double) MB, note);
            }
        } finally {
            System.gc();
        }
    }

    private static Outcome redis(int keys, int rate) throws Exception {
        try (RedisServerProcess master = Nodes.redis();
             RedisServerProcess warmUpMaster = Nodes.redis();
             RedisServerProcess replica = Nodes.redis()) {
            Dataset.STRINGS.loadInto(warmUpMaster.port(), warmUpKeys(keys));
            warmUpReplica(warmUpMaster.port(), replica.port(), warmUpKeys(keys));
            Dataset.STRINGS.loadInto(master.port(), keys);
            try (LoadWriter writer = writer(master.port(), keys, rate)) {
                warmUp(writer, keys);
                long pid = master.pid();
                long before = ProcessMemory.pssBytes(pid);
                long writesBefore = writer.writes();
                double seconds;
                long peak;
                long children;
                try (PeakSampler pss = PeakSampler.every(10, () -> ProcessMemory.pssWithChildren(pid));
                     PeakSampler forks = PeakSampler.every(10, () -> ProcessMemory.childCount(pid))) {
                    seconds = FullSyncScenario.timeToServe(master.port(), replica.port(), keys, false);
                    peak = pss.stop();
                    children = forks.stop();
                }
                double writes = (writer.writes() - writesBefore) / seconds;
                writer.stop();
                requireCaughtUpAndEqual(master.port(), replica.port());
                if (!ProcessMemory.supported()) {
                    return new Outcome(seconds, writes, Double.NaN, "not measured (no /proc/<pid>/smaps_rollup here)");
                }
                String note = String.format(Locale.ROOT, "PSS of master + fork child (child %s)",
                        children > 0 ? "seen" : "exited before the first sample");
                return new Outcome(seconds, writes, Math.max(0, peak - before) / (double) MB, note);
            }
        }
    }

    private static int warmUpKeys(int keys) {
        return Math.min(20_000, keys / 2);
    }

    /**
     * The replica first syncs a small dataset from another master: a fresh JVM would otherwise
     * run the measured sync in the interpreter. Redis gets the same sequence, so both replicas
     * replace a small old dataset (swapdb) with the measured one.
     */
    private static void warmUpReplica(int warmUpMasterPort, int replicaPort, int warmUpKeys) throws Exception {
        try (NodeClient replica = NodeClient.connect(replicaPort)) {
            replica.replicaOf(warmUpMasterPort);
            Poll.until("the warm-up sync", FullSyncScenario.SYNC_TIMEOUT, Duration.ofMillis(5),
                    () -> replica.dbsize() == warmUpKeys && replica.linkUp());
        }
    }

    /** Lets the writer reach its pace before the baseline is taken. */
    private static void warmUp(LoadWriter writer, int keys) throws Exception {
        long target = Math.min(keys / 4, 50_000);
        Poll.until("the writer's first " + target + " writes", Duration.ofSeconds(60), Duration.ofMillis(5),
                () -> writer.writes() >= target);
    }

    /** After the writer stopped: the replica reaches the master's offset and holds the same data. */
    static void requireCaughtUpAndEqual(int masterPort, int replicaPort) throws Exception {
        try (NodeClient master = NodeClient.connect(masterPort);
             NodeClient replica = NodeClient.connect(replicaPort)) {
            long target = master.replOffset();
            Poll.until("the replica to reach offset " + target, Duration.ofSeconds(60), Duration.ofMillis(5),
                    () -> replica.replOffset() >= target);
            FullSyncScenario.requireSameDigest(master, replica);
        }
    }

    private static long heapUsed() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long directMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }
}
