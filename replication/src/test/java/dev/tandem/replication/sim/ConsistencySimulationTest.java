/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Randomized, seeded consistency simulation of replication: a master, three replicas (one
 * chained under another replica), a random workload over every writable type, random link
 * cuts, stalls and outages through fault proxies, random re-points and promotions among nodes
 * of one history; small backlogs (16 KB) so that both partial and full resyncs happen. The
 * invariants are listed on {@link Simulation}.
 *
 * <p>By default (CI) a handful of fixed seeds run, well within half a minute. Locally:
 * <pre>
 * # many seeds (seed i = i, from tandem.sim.firstSeed, default 1)
 * mvn -B -q -pl replication -am verify -Dtest=ConsistencySimulationTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dtandem.sim.seeds=1000
 * # one seed, as printed by a failure
 * mvn -B -q -pl replication -am verify -Dtest=ConsistencySimulationTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dtandem.sim.seed=123
 * # longer runs per seed
 *     ... -Dtandem.sim.steps=1000
 * </pre>
 * The schedule of actions is a function of the seed; thread timing is not, so a failing seed
 * may need a few runs to fail again (the failure message lists the last actions).
 */
class ConsistencySimulationTest {

    private static final Logger log = LoggerFactory.getLogger(ConsistencySimulationTest.class);
    private static final long[] CI_SEEDS = {1, 2, 3, 4};

    private static List<Long> seeds() {
        String one = System.getProperty("tandem.sim.seed");
        if (one != null && !one.isBlank()) {
            return List.of(Long.parseLong(one.trim()));
        }
        String many = System.getProperty("tandem.sim.seeds");
        List<Long> out = new ArrayList<>();
        if (many != null && !many.isBlank()) {
            long first = Long.getLong("tandem.sim.firstSeed", 1);
            for (long i = 0; i < Long.parseLong(many.trim()); i++) {
                out.add(first + i);
            }
            return out;
        }
        for (long s : CI_SEEDS) {
            out.add(s);
        }
        return out;
    }

    @Test
    void replicasStayConsistentUnderRandomFaultsPromotionsAndRepoints() throws Exception {
        int steps = Integer.getInteger("tandem.sim.steps", 120);
        Simulation.Stats total = new Simulation.Stats();
        for (long seed : seeds()) {
            long started = System.nanoTime();
            try (Simulation sim = new Simulation(seed, steps)) {
                sim.run();
                Simulation.Stats s = sim.stats();
                log.info("simulation seed {}: {} steps in {} ms: {}", seed, steps,
                        (System.nanoTime() - started) / 1_000_000, s);
                total.fullSyncs.addAndGet(s.fullSyncs.get());
                total.partialSyncs.addAndGet(s.partialSyncs.get());
                total.promotions += s.promotions;
                total.repoints += s.repoints;
            }
        }
        // The schedule must have exercised what it is about (true for the CI seeds).
        assertTrue(total.fullSyncs.get() > 0 && total.partialSyncs.get() > 0 && total.promotions > 0
                && total.repoints > 0, "coverage: " + total);
    }
}
