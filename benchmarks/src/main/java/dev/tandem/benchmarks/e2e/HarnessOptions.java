/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command line of {@link ReplicationHarness} and the sizes it implies. {@code --quick}
 * shrinks every scenario so that the whole run takes well under two minutes; the full mode
 * uses the sizes (1M keys, 50 start-ups, ...).
 */
record HarnessOptions(boolean quick, Path launcherJar, Set<Integer> scenarios, Path output, int keys, int syncRuns,
        int benchmarkRequests, int apiWrites, List<Integer> lagRates, int lagSeconds, int cutRate, int cutSeconds,
        int rdbRuns, int startupRuns) {

    static final int SCENARIO_COUNT = 7;

    /**
     * Scenario 4's write rates: the 50k writes/s, and a light 10k writes/s that both
     * sides sustain on a small shared machine, so that lag is not only a saturation figure.
     */
    static final List<Integer> LAG_RATES = List.of(10_000, 50_000);

    static final String USAGE = String.join("\n",
            "usage: java -cp tandem-benchmarks.jar dev.tandem.benchmarks.e2e.ReplicationHarness [options]",
            "  --quick            small sizes (100k keys, few runs): the whole run in under two minutes",
            "  --scenario N[,M]   run only these scenarios (1..7); repeatable",
            "  --with-launcher    scenarios 1, 3, 4, 5 and 7 also run Tandem nodes as tandem-server processes",
            "  --launcher-jar F   the tandem-server jar (default examples/target/tandem-server.jar)",
            "  --keys N           dataset size of scenarios 1, 2 and 6 (default 1000000, quick 100000)",
            "  --out FILE         also write the Markdown report to FILE",
            "  --help             this text");

    static HarnessOptions parse(String[] args) {
        boolean quick = false;
        boolean withLauncher = false;
        Path launcherJar = Path.of("examples", "target", "tandem-server.jar");
        Set<Integer> scenarios = new TreeSet<>();
        Path output = null;
        Integer keys = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--with-launcher" -> withLauncher = true;
                case "--launcher-jar" -> launcherJar = Path.of(value(args, ++i, arg));
                case "--scenario" -> {
                    for (String n : value(args, ++i, arg).split(",")) {
                        int number = integer(n, arg);
                        if (number < 1 || number > SCENARIO_COUNT) {
                            throw new IllegalArgumentException("--scenario " + number + ": scenarios are 1.."
                                    + SCENARIO_COUNT);
                        }
                        scenarios.add(number);
                    }
                }
                case "--keys" -> {
                    keys = integer(value(args, ++i, arg), arg);
                    if (keys < 1000) {
                        throw new IllegalArgumentException("--keys must be at least 1000");
                    }
                }
                case "--out" -> output = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (scenarios.isEmpty()) {
            for (int n = 1; n <= SCENARIO_COUNT; n++) {
                scenarios.add(n);
            }
        }
        int k = keys != null ? keys : quick ? 100_000 : 1_000_000;
        return quick
                ? new HarnessOptions(true, withLauncher ? launcherJar : null, Set.copyOf(scenarios), output, k, 1, 100_000, 200_000, LAG_RATES, 2,
                        20_000, 5, 1, 15)
                : new HarnessOptions(false, withLauncher ? launcherJar : null, Set.copyOf(scenarios), output, k, 3, 1_000_000, 3_000_000, LAG_RATES, 20,
                        20_000, 5, 3, 50);
    }

    /** The Tandem deployments to measure: in-process nodes, and with --with-launcher tandem-server processes. */
    List<Cluster.Side> tandemSides() {
        return launcherJar != null ? List.of(Cluster.Side.TANDEM, Cluster.Side.TANDEM_LAUNCHER)
                : List.of(Cluster.Side.TANDEM);
    }

    boolean runs(int scenario) {
        return scenarios.contains(scenario);
    }

    String modeName() {
        return quick ? "quick" : "full";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String text, String option) {
        try {
            return Integer.parseInt(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a number");
        }
    }
}
