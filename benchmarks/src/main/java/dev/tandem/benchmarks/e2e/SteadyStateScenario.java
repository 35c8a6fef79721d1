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
 * -c 50}, without and with pipelining (-P 16). After every run the harness measures how long the
 * replicas take to reach the master's offset: a figure counts as "replicas keep up" only if that
 * is under one second, and the notes say so.
 */
final class SteadyStateScenario implements Scenario {
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    private static final int PIPELINE = 16;
    private static final int KEY_RANGE = 100_000;

    /** One throughput figure and the replicas' catch-up after it. */
    private record Run(double perSecond, double catchUpSeconds) {
        String note() {
            return String.format(Locale.ROOT, "%s caught up %.0f ms after the last reply",
                    catchUpSeconds < 1 ? "replicas" : "replicas did NOT keep up:", catchUpSeconds * 1000);
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
        Run api;
        Run tandemPlain;
        Run tandemPipelined;
        try (Cluster tandem = Cluster.start(Cluster.Side.TANDEM, "s3", 2)) {
            apiWrites(tandem.master().tandem(), options.apiWrites() / 10);
            RedisBenchmark.set(tandem.master().port(), requests / 10, KEY_RANGE, 1);
            api = apiRun(tandem, options.apiWrites());
            progress.log("in-process API: %.0f writes/s, %s", api.perSecond(), api.note());
            tandemPlain = benchmarkRun(tandem, requests, 1);
            progress.log("Tandem redis-benchmark: %.0f writes/s, %s", tandemPlain.perSecond(), tandemPlain.note());
            tandemPipelined = benchmarkRun(tandem, requests * 2, PIPELINE);
            progress.log("Tandem redis-benchmark -P %d: %.0f writes/s, %s", PIPELINE, tandemPipelined.perSecond(),
                    tandemPipelined.note());
        } catch (Exception e) {
            return List.of(ResultRow.failed("3", title(), "tandem", e));
        }
        Run redisPlain;
        Run redisPipelined;
        try (Cluster redis = Cluster.start(Cluster.Side.REDIS, "s3", 2)) {
            RedisBenchmark.set(redis.master().port(), requests / 10, KEY_RANGE, 1);
            redisPlain = benchmarkRun(redis, requests, 1);
            progress.log("Redis redis-benchmark: %.0f writes/s, %s", redisPlain.perSecond(), redisPlain.note());
            redisPipelined = benchmarkRun(redis, requests * 2, PIPELINE);
            progress.log("Redis redis-benchmark -P %d: %.0f writes/s, %s", PIPELINE, redisPipelined.perSecond(),
                    redisPipelined.note());
        } catch (Exception e) {
            return List.of(ResultRow.failed("3", title(), "redis", e));
        }
        List<ResultRow> rows = new ArrayList<>();
        rows.add(ResultRow.of("3", "writes, 2 replicas: redis-benchmark SET -c 50, no pipelining",
                tandemPlain.perSecond(), redisPlain.perSecond(), "writes/s", ResultRow.Better.HIGHER,
                String.format(Locale.ROOT, "%,d requests, 100-byte values, %,d keys; Tandem: %s; Redis: %s", requests,
                        KEY_RANGE, tandemPlain.note(), redisPlain.note())));
        rows.add(ResultRow.of("3", "writes, 2 replicas: redis-benchmark SET -c 50 -P " + PIPELINE,
                tandemPipelined.perSecond(), redisPipelined.perSecond(), "writes/s", ResultRow.Better.HIGHER,
                String.format(Locale.ROOT, "%,d requests; Tandem: %s; Redis: %s", requests * 2,
                        tandemPipelined.note(), redisPipelined.note())));
        rows.add(ResultRow.of("3", "writes, 2 replicas: Tandem in-process API (1 thread) vs Redis -P " + PIPELINE,
                api.perSecond(), redisPipelined.perSecond(), "writes/s", ResultRow.Better.HIGHER,
                String.format(Locale.ROOT, "%,d SETs through ReplicatedKeyspace.execute; Tandem: %s; the Redis figure "
                        + "is its best client mode, above", options.apiWrites(), api.note())));
        return rows;
    }

    private static Run benchmarkRun(Cluster cluster, int requests, int pipeline) throws Exception {
        RedisBenchmark.Result result = RedisBenchmark.set(cluster.master().port(), requests, KEY_RANGE, pipeline);
        double catchUp = cluster.awaitReplicasCaughtUp(CATCH_UP_TIMEOUT);
        return new Run(result.requestsPerSecond(), catchUp);
    }

    private static Run apiRun(Cluster cluster, int writes) throws Exception {
        double seconds = apiWrites(cluster.master().tandem(), writes);
        double catchUp = cluster.awaitReplicasCaughtUp(CATCH_UP_TIMEOUT);
        return new Run(writes / seconds, catchUp);
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
