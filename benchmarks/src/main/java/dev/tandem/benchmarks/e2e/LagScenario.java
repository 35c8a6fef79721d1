/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4: replication lag under a fixed write rate, measured identically on both sides.
 *
 * <p>A paced writer sends {@code SET}s to the master at the configured rate (one pipelined RESP
 * connection, a batch every millisecond). Meanwhile a probe, once per millisecond, sends
 * {@code SET lag:probe <n>} to the master and, without waiting for the reply, polls
 * {@code GET lag:probe} on the replica until it reads {@code n}: the probe's lag is the time
 * from sending the write to seeing it on the replica, with a resolution of one loopback round
 * trip. Both sides: one master, one replica, everything over RESP.
 */
final class LagScenario implements Scenario {
    private static final byte[] PROBE_KEY = Dataset.ascii("lag:probe");
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int KEY_RANGE = 100_000;

    private record Lags(long[] micros, int count, double achievedRate) {
        double percentileMillis(double p) {
            return Stats.percentile(micros, count, p) / 1000.0;
        }
    }

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String title() {
        return "Replication lag at a fixed write rate";
    }

    @Override
    public List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception {
        List<ResultRow> rows = new ArrayList<>();
        for (int rate : options.lagRates()) {
            rows.addAll(atRate(rate, options, progress));
        }
        return rows;
    }

    private List<ResultRow> atRate(int rate, HarnessOptions options, Progress progress) {
        String load = String.format(Locale.ROOT, "at %,d writes/s", rate);
        Lags redis;
        try {
            redis = measure(Cluster.Side.REDIS, rate, options);
            log(progress, Cluster.Side.REDIS, load, redis);
        } catch (Exception e) {
            return List.of(ResultRow.failed("4", "replication lag " + load, "redis", e));
        }
        List<ResultRow> rows = new ArrayList<>();
        for (Cluster.Side side : options.tandemSides()) {
            String variant = side == Cluster.Side.TANDEM ? "" : ", " + side.label();
            Lags tandem;
            try {
                tandem = measure(side, rate, options);
                log(progress, side, load, tandem);
            } catch (Exception e) {
                rows.add(ResultRow.failed("4", "replication lag " + load + variant, "tandem", e));
                continue;
            }
            String notes = String.format(Locale.ROOT, "%d s; write sent to master → GET on replica sees it (RESP, "
                            + "both sides); probes: Tandem %,d, Redis %,d; writer achieved Tandem %,.0f/s, "
                            + "Redis %,.0f/s", options.lagSeconds(), tandem.count(), redis.count(),
                    tandem.achievedRate(), redis.achievedRate());
            rows.add(ResultRow.of("4", "replication lag p50 " + load + variant, tandem.percentileMillis(50),
                    redis.percentileMillis(50), "ms", ResultRow.Better.LOWER, notes));
            rows.add(ResultRow.of("4", "replication lag p99 " + load + variant, tandem.percentileMillis(99),
                    redis.percentileMillis(99), "ms", ResultRow.Better.LOWER, ""));
            rows.add(ResultRow.of("4", "replication lag p99.9 " + load + variant, tandem.percentileMillis(99.9),
                    redis.percentileMillis(99.9), "ms", ResultRow.Better.LOWER, ""));
        }
        return rows;
    }

    private static void log(Progress progress, Cluster.Side side, String load, Lags lags) {
        progress.log("%s %s: %d probes, p50 %.3f ms, p99 %.3f ms, writer %.0f/s", side.label(), load, lags.count(),
                lags.percentileMillis(50), lags.percentileMillis(99), lags.achievedRate());
    }

    private static Lags measure(Cluster.Side side, int rate, HarnessOptions options) throws Exception {
        try (Cluster cluster = Cluster.start(side, "s4", 1, options.launcherJar());
             RespClient master = RespClient.connect("127.0.0.1", cluster.master().port());
             RespClient replica = RespClient.connect("127.0.0.1", cluster.replicas().get(0).port());
             LoadWriter writer = LoadWriter.fixedRate(cluster.master().port(), KEY_RANGE, rate)) {
            // One second of the same load, discarded: JIT, connection buffers, the replica's first batches.
            probe(master, replica, 1);
            Lags lags = probe(master, replica, options.lagSeconds());
            double achieved = writer.achievedRate();
            writer.stop();
            return new Lags(lags.micros(), lags.count(), achieved);
        }
    }

    private static Lags probe(RespClient master, RespClient replica, int seconds) throws IOException {
        long[] micros = new long[seconds * 1000 + 16];
        int count = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sequence = System.nanoTime();
        long nextProbe = start;
        while (count < micros.length) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            if (now - nextProbe < 0) {
                LockSupport.parkNanos(nextProbe - now);
                continue;
            }
            nextProbe += TimeUnit.MILLISECONDS.toNanos(1);
            if (System.nanoTime() - nextProbe > 0) {
                nextProbe = System.nanoTime();
            }
            byte[] value = Long.toString(++sequence).getBytes(StandardCharsets.US_ASCII);
            long sent = System.nanoTime();
            master.send(Dataset.ascii("SET"), PROBE_KEY, value);
            while (true) {
                Object seen = replica.call(Dataset.ascii("GET"), PROBE_KEY);
                if (seen instanceof byte[] b && Arrays.equals(b, value)) {
                    break;
                }
                if (seen instanceof RespClient.ErrorReply e) {
                    throw new IOException("GET on the replica failed: " + e.text());
                }
                if (System.nanoTime() - sent > PROBE_TIMEOUT_NANOS) {
                    throw new IOException("probe write " + sequence + " not visible on the replica after 30 s");
                }
            }
            micros[count++] = (System.nanoTime() - sent) / 1000;
            Object reply = master.read();
            if (!"OK".equals(reply)) {
                throw new IOException("probe SET on the master answered " + RespClient.describe(reply));
            }
        }
        return new Lags(micros, count, 0);
    }
}
