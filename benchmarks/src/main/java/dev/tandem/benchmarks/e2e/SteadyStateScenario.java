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
        rows.add(ResultRow.of("3", "replicated writes, 2 replicas: redis-benchmark SET -c 50, no pipelining",
                tandemPlain.perSecond(), redisPlain.perSecond(), "writes/s", ResultRow.Better.HIGHER,
                String.format(Locale.ROOT, "%,d requests, 100-byte values, %,d keys; requests / time until both replicas "
                        + "applied the last; Tandem: %s; Redis: %s", requests,
                        KEY_RANGE, tandemPlain.note(), redisPlain.note())));
        rows.add(ResultRow.of("3", "replicated writes, 2 replicas: redis-benchmark SET -c 50 -P " + PIPELINE,
                tandemPipelined.perSecond(), redisPipelined.perSecond(), "writes/s", ResultRow.Better.HIGHER,
                String.format(Locale.ROOT, "%,d requests; Tandem: %s; Redis: %s", requests * 2,
                        tandemPipelined.note(), redisPipelined.note())));
        rows.add(ResultRow.of("3", "replicated writes, 2 replicas: Tandem in-process API (1 thread) vs Redis -P "
                        + PIPELINE,
                api.perSecond(), redisPipelined.perSecond(), "writes/s", ResultRow.Better.HIGHER,
                String.format(Locale.ROOT, "%,d SETs through ReplicatedKeyspace.execute; Tandem: %s; the Redis figure "
                        + "is its best client mode, above", options.apiWrites(), api.note())));
        return rows;
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
