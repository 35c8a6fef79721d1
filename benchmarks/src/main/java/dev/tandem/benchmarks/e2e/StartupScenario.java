/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 7: start-up of a master and two synced replicas (empty dataset), median and p99 over
 * the runs. Tandem: three in-process nodes built and started, the replicas with
 * {@code replicaOf}, until both {@code awaitSynced} (the embedding application's view).
 * Redis: three redis-server processes started (each until it logs "Ready to accept
 * connections"), the replicas with {@code --replicaof}, until both report
 * {@code master_link_status:up} (polled over RESP every millisecond). One unmeasured run per side
 * first, so the figures do not depend on which scenarios ran before in this JVM.
 */
final class StartupScenario implements Scenario {
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String title() {
        return "Start-up: master and two synced replicas";
    }

    @Override
    public List<ResultRow> run(HarnessOptions options, Progress progress) throws Exception {
        List<Double> tandem = new ArrayList<>();
        List<Double> redis = new ArrayList<>();
        try {
            tandemStartup();
            for (int run = 0; run < options.startupRuns(); run++) {
                tandem.add(tandemStartup());
            }
        } catch (Exception e) {
            return List.of(ResultRow.failed("7", title(), "tandem", e));
        }
        try {
            processStartup(Cluster.Side.REDIS, null);
            for (int run = 0; run < options.startupRuns(); run++) {
                redis.add(processStartup(Cluster.Side.REDIS, null));
            }
        } catch (Exception e) {
            return List.of(ResultRow.failed("7", title(), "redis", e));
        }
        progress.log("start-up median: Tandem %.1f ms, Redis %.1f ms", Stats.median(tandem), Stats.median(redis));
        String notes = String.format(Locale.ROOT, "%d runs each; Tandem in-process (awaitSynced), Redis processes "
                + "(ready log line, then master_link_status:up)", options.startupRuns());
        String p99Note = options.startupRuns() < 100 ? "p99 of fewer than 100 runs is their maximum" : "";
        List<ResultRow> rows = new ArrayList<>(List.of(
                ResultRow.of("7", "start-up, master + 2 synced replicas, median", Stats.median(tandem),
                        Stats.median(redis), "ms", ResultRow.Better.LOWER, notes),
                ResultRow.of("7", "start-up, master + 2 synced replicas, p99", Stats.percentile(tandem, 99),
                        Stats.percentile(redis, 99), "ms", ResultRow.Better.LOWER, p99Note)));
        if (options.launcherJar() != null) {
            String variant = ", " + Cluster.Side.TANDEM_LAUNCHER.label();
            List<Double> launcher = new ArrayList<>();
            try {
                processStartup(Cluster.Side.TANDEM_LAUNCHER, options.launcherJar());
                for (int run = 0; run < options.startupRuns(); run++) {
                    launcher.add(processStartup(Cluster.Side.TANDEM_LAUNCHER, options.launcherJar()));
                }
            } catch (Exception e) {
                rows.add(ResultRow.failed("7", title() + variant, "tandem", e));
                return rows;
            }
            progress.log("launcher start-up median: %.1f ms", Stats.median(launcher));
            rows.add(ResultRow.of("7", "start-up, master + 2 synced replicas, median" + variant,
                    Stats.median(launcher), Stats.median(redis), "ms", ResultRow.Better.LOWER,
                    "three tandem-server processes measured exactly like the redis-server ones"));
            rows.add(ResultRow.of("7", "start-up, master + 2 synced replicas, p99" + variant,
                    Stats.percentile(launcher, 99), Stats.percentile(redis, 99), "ms", ResultRow.Better.LOWER, p99Note));
        }
        return rows;
    }

    /** Milliseconds from nothing to a master and two synced in-process replicas. */
    private static double tandemStartup() throws Exception {
        List<ReplicatedKeyspace> nodes = new ArrayList<>();
        try {
            long start = System.nanoTime();
            ReplicatedKeyspace master = Nodes.tandem("s7-master");
            nodes.add(master);
            for (int i = 1; i <= 2; i++) {
                nodes.add(ReplicatedKeyspace.builder().name("s7-replica-" + i).port(0).directives(Nodes.REPLICATION)
                        .replicaOf("127.0.0.1", master.port()).start());
            }
            for (ReplicatedKeyspace replica : nodes.subList(1, nodes.size())) {
                if (!replica.awaitSynced(SYNC_TIMEOUT)) {
                    throw new IllegalStateException(replica.name() + " did not sync within " + SYNC_TIMEOUT);
                }
            }
            return (System.nanoTime() - start) / 1e6;
        } finally {
            // Replicas first: a master closing under them would only make them log reconnects.
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }

    /**
     * Milliseconds from nothing to a master and two synced replicas as processes (redis-server
     * or tandem-server): each started until it logs that it is ready, the replicas with
     * {@code --replicaof}, then {@code master_link_status:up} polled over RESP on both.
     */
    private static double processStartup(Cluster.Side side, Path launcherJar) throws Exception {
        List<Cluster.Node> nodes = new ArrayList<>();
        try {
            long start = System.nanoTime();
            Cluster.Node master = Cluster.startNode(side, "s7-master", launcherJar);
            nodes.add(master);
            for (int i = 1; i <= 2; i++) {
                nodes.add(Cluster.startNode(side, "s7-replica-" + i, launcherJar,
                        "--replicaof", "127.0.0.1", Integer.toString(master.port())));
            }
            for (Cluster.Node replica : nodes.subList(1, nodes.size())) {
                try (NodeClient client = NodeClient.connect(replica.port())) {
                    Poll.until(side.label() + " replica on " + replica.port() + " to sync", SYNC_TIMEOUT,
                            client::linkUp);
                }
            }
            return (System.nanoTime() - start) / 1e6;
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }
}
