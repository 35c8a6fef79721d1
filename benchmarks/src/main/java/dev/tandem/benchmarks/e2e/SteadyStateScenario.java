/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Scenario 3: write throughput of a master with two replicas attached. Tandem through its
 * in-process API (one thread), then both sides through {@code redis-benchmark -t set -d 100
 * -c 50}, without and with pipelining (-P 16).
 *
 * <p>The figure is replicated throughput: requests divided by the time from the first request
 * until both replicas have applied the last one (their {@code master_repl_offset} over RESP
 * reaches the master's). A master that runs ahead of its replicas gains nothing by it. The
 * notes give the replicas' catch-up after the last reply (the "lag under one second"
 * condition, flagged when it is not met) and redis-benchmark's own requests per second.
 */
final class SteadyStateScenario implements Scenario {
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    private static final int PIPELINE = 16;
    private static final int KEY_RANGE = 100_000;

    /** One replicated-throughput figure, the replicas' catch-up after the last reply, the client's own rate. */
    private record Run(double perSecond, double catchUpSeconds, double clientPerSecond) {
        String note() {
            return String.format(Locale.ROOT, "%s %.0f ms after the last reply, client saw %,.0f/s",
                    catchUpSeconds < 1 ? "replicas caught up" : "replicas did NOT keep up: caught up",
                    catchUpSeconds * 1000, clientPerSecond);
        }
    }

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String title() {
        return "Steady state: master with two replicas";
    }

    @Override
    public List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception {
        int requests = options.benchmarkRequests();
        Run[] redis;
        try {
            redis = clientRuns(Cluster.Side.REDIS, requests, options, progress);
        } catch (Exception e) {
            return List.of(ResultRow.failed("3", title(), "redis", e));
        }
        List<ResultRow> rows = new ArrayList<>();
        for (Cluster.Side side : options.tandemSides()) {
            Run[] tandem;
            Run api = null;
            try {
                if (side == Cluster.Side.TANDEM) {
                    try (Cluster cluster = Cluster.start(side, "s3", 2, options.launcherJar())) {
                        apiWrites(cluster.master().tandem(), options.apiWrites() / 10);
                        api = apiRun(cluster, options.apiWrites());
                        progress.log("in-process API: %.0f writes/s, %s", api.perSecond(), api.note());
                    }
                }
                tandem = clientRuns(side, requests, options, progress);
            } catch (Exception e) {
                rows.add(ResultRow.failed("3", title() + ", " + side.label(), "tandem", e));
                continue;
            }
            String variant = side == Cluster.Side.TANDEM ? "" : ", " + side.label();
            rows.add(ResultRow.of("3", "replicated writes, 2 replicas: redis-benchmark SET -c 50, no pipelining"
                            + variant, tandem[0].perSecond(), redis[0].perSecond(), "writes/s", ResultRow.Better.HIGHER,
                    String.format(Locale.ROOT, "%,d requests, 100-byte values, %,d keys; requests / time until both "
                                    + "replicas applied the last; Tandem: %s; Redis: %s", requests, KEY_RANGE,
                            tandem[0].note(), redis[0].note())));
            rows.add(ResultRow.of("3", "replicated writes, 2 replicas: redis-benchmark SET -c 50 -P " + PIPELINE
                            + variant, tandem[1].perSecond(), redis[1].perSecond(), "writes/s", ResultRow.Better.HIGHER,
                    String.format(Locale.ROOT, "%,d requests; Tandem: %s; Redis: %s", requests * 2,
                            tandem[1].note(), redis[1].note())));
            if (api != null) {
                rows.add(ResultRow.of("3", "replicated writes, 2 replicas: Tandem in-process API (1 thread) vs Redis -P "
                                + PIPELINE, api.perSecond(), redis[1].perSecond(), "writes/s", ResultRow.Better.HIGHER,
                        String.format(Locale.ROOT, "%,d SETs through ReplicatedKeyspace.execute; Tandem: %s; the Redis "
                                + "figure is its best client mode, above", options.apiWrites(), api.note())));
            }
        }
        return rows;
    }

    /** A fresh cluster: a warm-up run, then redis-benchmark without and with pipelining. */
    private static Run[] clientRuns(Cluster.Side side, int requests, HarnessOptions options, Progress progress)
            throws Exception {
        try (Cluster cluster = Cluster.start(side, "s3", 2, options.launcherJar())) {
            RedisBenchmark.set(cluster.master().port(), requests / 10, KEY_RANGE, PIPELINE);
            RedisBenchmark.set(cluster.master().port(), requests / 10, KEY_RANGE, 1);
            Run plain = benchmarkRun(cluster, requests, 1);
            progress.log("%s redis-benchmark: %.0f writes/s, %s", side.label(), plain.perSecond(), plain.note());
            Run pipelined = benchmarkRun(cluster, requests * 2, PIPELINE);
            progress.log("%s redis-benchmark -P %d: %.0f writes/s, %s", side.label(), PIPELINE, pipelined.perSecond(),
                    pipelined.note());
            return new Run[] {plain, pipelined};
        }
    }

    private static Run benchmarkRun(Cluster cluster, int requests, int pipeline) throws Exception {
        RedisBenchmark.Result result = RedisBenchmark.set(cluster.master().port(), requests, KEY_RANGE, pipeline);
        double catchUp = cluster.awaitReplicasCaughtUp(CATCH_UP_TIMEOUT);
        return new Run(requests / (result.wallSeconds() + catchUp), catchUp, result.requestsPerSecond());
    }

    private static Run apiRun(Cluster cluster, int writes) throws Exception {
        double seconds = apiWrites(cluster.master().tandem(), writes);
        double catchUp = cluster.awaitReplicasCaughtUp(CATCH_UP_TIMEOUT);
        return new Run(writes / (seconds + catchUp), catchUp, writes / seconds);
    }

    /** {@code writes} SETs of 100-byte values through the in-process API; returns the seconds taken. */
    private static double apiWrites(ReplicatedKeyspace master, int writes) {
        byte[] set = Dataset.ascii("SET");
        byte[][] keys = new byte[KEY_RANGE][];
        for (int i = 0; i < KEY_RANGE; i++) {
            keys[i] = Dataset.stringKey(i);
        }
        byte[][] values = new byte[1024][];
        for (int i = 0; i < values.length; i++) {
            values[i] = Dataset.randomBytes(2_000_000_000L + i, 100);
        }
        SplittableRandom random = new SplittableRandom(7);
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            Reply reply = master.execute(set, keys[random.nextInt(KEY_RANGE)], values[i & 1023]);
            if (reply instanceof Reply.ErrorReply e) {
                throw new IllegalStateException("SET failed: " + e.text());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
