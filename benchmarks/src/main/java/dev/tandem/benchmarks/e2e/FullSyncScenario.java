/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 1: a fresh replica of a master holding N keys; the time from {@code REPLICAOF}
 * until the replica serves the whole dataset ({@code DBSIZE} = N, polled over RESP every
 * millisecond on both sides; with {@code swapdb} loading the replica shows the old, empty
 * dataset until the new one is complete). Both datasets; the digests are compared afterwards.
 */
final class FullSyncScenario implements Scenario {
    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);
    private static final int WARM_UP_KEYS = 10_000;

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String title() {
        return "Full sync of a fresh replica";
    }

    @Override
    public List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception {
        List<ResultRow> rows = new ArrayList<>();
        progress.log("warming up the JIT with a %,d-key Tandem full sync", WARM_UP_KEYS);
        for (Dataset dataset : Dataset.values()) {
            tandemSync(dataset, WARM_UP_KEYS);
        }
        for (Dataset dataset : Dataset.values()) {
            String metric = String.format(java.util.Locale.ROOT, "full sync, %,d keys of %s", options.keys(),
                    dataset.description());
            List<Double> tandem = new ArrayList<>();
            List<Double> redis = new ArrayList<>();
            try {
                for (int run = 0; run < options.syncRuns(); run++) {
                    tandem.add(tandemSync(dataset, options.keys()));
                    progress.log("%s: Tandem %.3f s", metric, tandem.get(tandem.size() - 1));
                    redis.add(redisSync(dataset, options.keys()));
                    progress.log("%s: Redis %.3f s", metric, redis.get(redis.size() - 1));
                }
            } catch (Exception e) {
                rows.add(ResultRow.failed("1", metric, tandem.size() == redis.size() ? "tandem" : "redis", e));
                continue;
            }
            String runs = options.syncRuns() == 1 ? "one run" : "median of " + options.syncRuns();
            rows.add(ResultRow.of("1", metric, Stats.median(tandem), Stats.median(redis), "s", ResultRow.Better.LOWER,
                    runs + "; REPLICAOF until DBSIZE = N on the replica (RESP poll every 1 ms); digests equal"));
            if (options.launcherJar() != null) {
                rows.add(launcherRow(dataset, metric, options, Stats.median(redis), progress));
            }
        }
        return rows;
    }

    /**
     * The same sync between two fresh {@code tandem-server} processes, the master loaded over
     * RESP like Redis's: deployed like redis-server, and as cold as a just-started JVM is.
     */
    private static ResultRow launcherRow(Dataset dataset, String metric, HarnessOptions options, double redisMedian,
            Progress progress) {
        String variant = metric + ", " + Cluster.Side.TANDEM_LAUNCHER.label();
        List<Double> times = new ArrayList<>();
        try {
            for (int run = 0; run < options.syncRuns(); run++) {
                try (Cluster.Node master = Cluster.startNode(Cluster.Side.TANDEM_LAUNCHER, "s1-master",
                             options.launcherJar());
                     Cluster.Node replica = Cluster.startNode(Cluster.Side.TANDEM_LAUNCHER, "s1-replica",
                             options.launcherJar())) {
                    dataset.loadInto(master.port(), options.keys());
                    times.add(timeToServe(master.port(), replica.port(), options.keys(), true));
                    progress.log("%s: %.3f s", variant, times.get(times.size() - 1));
                }
            }
        } catch (Exception e) {
            return ResultRow.failed("1", variant, "tandem", e);
        }
        String runs = options.syncRuns() == 1 ? "one run" : "median of " + options.syncRuns();
        return ResultRow.of("1", variant, Stats.median(times), redisMedian, "s", ResultRow.Better.LOWER,
                runs + "; fresh JVMs (no warm-up), master loaded over RESP; Redis figure as above");
    }

    private static double tandemSync(Dataset dataset, int keys) throws Exception {
        try (ReplicatedKeyspace master = Nodes.tandem("s1-master");
             ReplicatedKeyspace replica = Nodes.tandem("s1-replica")) {
            dataset.loadInto(master, keys);
            return timeToServe(master.port(), replica.port(), keys, true);
        } finally {
            System.gc();
        }
    }

    private static double redisSync(Dataset dataset, int keys) throws Exception {
        try (RedisServerProcess master = Nodes.redis();
             RedisServerProcess replica = Nodes.redis()) {
            dataset.loadInto(master.port(), keys);
            return timeToServe(master.port(), replica.port(), keys, true);
        }
    }

    /**
     * The measurement both sides share: {@code REPLICAOF} sent to the replica over RESP, then
     * {@code DBSIZE} polled until it shows every key; then, if asked (no writer running), the
     * digests must match.
     */
    static double timeToServe(int masterPort, int replicaPort, long keys, boolean compareDigests)
            throws Exception {
        try (NodeClient master = NodeClient.connect(masterPort);
             NodeClient replica = NodeClient.connect(replicaPort)) {
            long start = System.nanoTime();
            replica.replicaOf(masterPort);
            long served = Poll.until("the replica to serve " + keys + " keys", SYNC_TIMEOUT,
                    () -> replica.dbsize() == keys);
            double seconds = (served - start) / 1e9;
            if (compareDigests) {
                requireSameDigest(master, replica);
            }
            return seconds;
        }
    }

    static void requireSameDigest(NodeClient master, NodeClient replica) throws IOException {
        String expected = master.digest();
        String actual = replica.digest();
        if (!expected.equals(actual)) {
            throw new IOException("replica digest " + actual + " differs from the master's " + expected);
        }
    }
}
