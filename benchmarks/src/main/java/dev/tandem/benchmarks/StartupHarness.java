/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.transport.LocalTransport;
import dev.tandem.replication.spi.NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures how long an in-process master plus two synced replicas take to start: from nothing
 * to both replicas' links up (full sync of an empty dataset done, stream flowing). Run:
 * {@code java -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.StartupHarness [runs] [tcp|local]}.
 * Prints the median and the quartiles over the runs, after warm-up runs.
 */
public final class StartupHarness {

    private StartupHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        boolean local = args.length > 1 && args[1].equals("local");
        int warmup = Math.max(5, runs / 5);
        List<Double> millis = new ArrayList<>();
        LocalTransport shared = local ? new LocalTransport() : null;
        try {
            for (int i = 0; i < warmup + runs; i++) {
                double ms = once(shared, i);
                if (i >= warmup) {
                    millis.add(ms);
                }
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        Collections.sort(millis);
        System.out.printf("master + 2 synced replicas (%s, %d runs after %d warm-up): median %.1f ms, p25 %.1f ms, "
                + "p75 %.1f ms, min %.1f ms, max %.1f ms%n", local ? "LocalChannel, shared transport"
                : "TCP loopback, a transport per node", runs, warmup, millis.get(runs / 2), millis.get(runs / 4),
                millis.get(runs * 3 / 4), millis.get(0), millis.get(runs - 1));
    }

    private static double once(LocalTransport shared, int run) throws Exception {
        long start = System.nanoTime();
        ReplicatedKeyspace.Builder mb = ReplicatedKeyspace.builder();
        if (shared != null) {
            mb.transport(shared).listen(NodeAddress.local("bench-master-" + run));
        }
        try (ReplicatedKeyspace master = mb.start();
             ReplicatedKeyspace r1 = replica(shared, master, run, 1);
             ReplicatedKeyspace r2 = replica(shared, master, run, 2)) {
            if (!r1.awaitSynced(Duration.ofSeconds(10)) || !r2.awaitSynced(Duration.ofSeconds(10))) {
                throw new IllegalStateException("replicas did not sync");
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static ReplicatedKeyspace replica(LocalTransport shared, ReplicatedKeyspace master, int run, int n) {
        ReplicatedKeyspace.Builder b = ReplicatedKeyspace.builder().replicaOf(master.address());
        if (shared != null) {
            b.transport(shared).listen(NodeAddress.local("bench-replica-" + run + "-" + n));
        }
        return b.start();
    }
}
