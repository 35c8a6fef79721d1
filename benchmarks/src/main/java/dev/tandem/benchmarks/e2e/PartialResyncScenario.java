/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: a replica's link to its master is cut for 5 s (by a loopback proxy between them)
 * while a writer keeps writing at a fixed rate; after the link is restored, the time until the
 * replica has applied everything the master had written by then. The proof that the gap was
 * closed by a partial resync: on the master, {@code sync_full} unchanged and
 * {@code sync_partial_ok} incremented ({@code INFO stats} over RESP on both sides).
 */
final class PartialResyncScenario implements Scenario {
    private static final int KEY_RANGE = 100_000;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private record Outcome(double catchUpSeconds, double reconnectSeconds, long fullSyncs, long partialSyncs,
            long gapBytes, int refusedReconnects) {
        String proof() {
            return "sync_full +" + fullSyncs + ", sync_partial_ok +" + partialSyncs;
        }

        boolean partialOnly() {
            return fullSyncs == 0 && partialSyncs >= 1;
        }
    }

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String title() {
        return "Partial resync after a link cut";
    }

    @Override
    public List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception {
        String metric = String.format(Locale.ROOT, "catch-up after a %d s link cut at %,d writes/s",
                options.cutSeconds(), options.cutRate());
        Outcome redis;
        try {
            redis = measure(Cluster.Side.REDIS, options);
            progress.log("Redis: %s", redis);
        } catch (Exception e) {
            return List.of(ResultRow.failed("5", metric, "redis", e));
        }
        List<ResultRow> rows = new ArrayList<>();
        for (Cluster.Side side : options.tandemSides()) {
            String variant = side == Cluster.Side.TANDEM ? "" : ", " + side.label();
            Outcome tandem;
            try {
                tandem = measure(side, options);
                progress.log("%s: %s", side.label(), tandem);
            } catch (Exception e) {
                rows.add(ResultRow.failed("5", metric + variant, "tandem", e));
                continue;
            }
            String notes = String.format(Locale.ROOT, "from the link's restoration until the replica reaches the "
                            + "master's offset at that moment; of which waiting for the replica's next reconnect "
                            + "attempt: Tandem %.0f ms, Redis %.0f ms; gap Tandem %.1f MiB, Redis %.1f MiB; "
                            + "reconnects refused during the cut: Tandem %d, Redis %d",
                    tandem.reconnectSeconds() * 1000, redis.reconnectSeconds() * 1000,
                    tandem.gapBytes() / 1048576.0, redis.gapBytes() / 1048576.0, tandem.refusedReconnects(),
                    redis.refusedReconnects());
            rows.add(ResultRow.of("5", metric + variant, tandem.catchUpSeconds(), redis.catchUpSeconds(), "s",
                    ResultRow.Better.LOWER, notes));
            rows.add(ResultRow.text("5", "no full sync during the cut (master INFO stats)" + variant,
                    (tandem.partialOnly() ? "yes: " : "NO: ") + tandem.proof(),
                    (redis.partialOnly() ? "yes: " : "NO: ") + redis.proof(), ""));
        }
        return rows;
    }

    private static Outcome measure(Cluster.Side side, HarnessOptions options) throws Exception {
        LoopbackProxy[] proxy = new LoopbackProxy[1];
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "link-restorer");
            t.setDaemon(true);
            return t;
        });
        try (Cluster cluster = Cluster.start(side, "s5", 1, options.launcherJar(), masterPort -> {
                 try {
                     proxy[0] = LoopbackProxy.to(masterPort);
                     return proxy[0].port();
                 } catch (IOException e) {
                     throw new UncheckedIOException(e);
                 }
             });
             LoopbackProxy link = proxy[0];
             NodeClient master = NodeClient.connect(cluster.master().port());
             NodeClient replica = NodeClient.connect(cluster.replicas().get(0).port());
             LoadWriter writer = LoadWriter.fixedRate(cluster.master().port(), KEY_RANGE, options.cutRate())) {
            Poll.until("the writer's first writes", Duration.ofSeconds(30), Duration.ofMillis(5),
                    () -> writer.writes() >= options.cutRate() / 2);
            cluster.awaitReplicasCaughtUp(CATCH_UP_TIMEOUT);
            long fullBefore = master.infoLong("stats", "sync_full");
            long partialBefore = master.infoLong("stats", "sync_partial_ok");
            long replicaOffsetAtCut = replica.replOffset();

            link.cut();
            CountDownLatch restored = new CountDownLatch(1);
            AtomicLong restoredAt = new AtomicLong();
            timer.schedule(() -> {
                link.restore();
                restoredAt.set(System.nanoTime());
                restored.countDown();
            }, options.cutSeconds(), TimeUnit.SECONDS);
            if (!restored.await(options.cutSeconds() + 30L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the link was not restored");
            }
            long target = master.replOffset();
            long caughtUp = Poll.until("the replica to catch up after the cut", CATCH_UP_TIMEOUT,
                    Duration.ofMillis(1), () -> replica.replOffset() >= target && replica.linkUp());
            double seconds = (caughtUp - restoredAt.get()) / 1e9;
            double reconnect = (link.lastForwardedNanos() - restoredAt.get()) / 1e9;
            writer.stop();
            cluster.awaitReplicasCaughtUp(CATCH_UP_TIMEOUT);
            FullSyncScenario.requireSameDigest(master, replica);
            long fullSyncs = master.infoLong("stats", "sync_full") - fullBefore;
            long partialSyncs = master.infoLong("stats", "sync_partial_ok") - partialBefore;
            return new Outcome(seconds, reconnect, fullSyncs, partialSyncs, target - replicaOffsetAtCut,
                    link.refused());
        } finally {
            timer.shutdownNow();
        }
    }
}
