/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end harness: Tandem and {@code redis-server} 7.0 side by side on this machine, one
 * scenario at a time, every figure a ratio measured in the same run.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx6g -cp benchmarks/target/tandem-benchmarks.jar \
 *     dev.tandem.benchmarks.e2e.ReplicationHarness [--quick] [--scenario N[,M]] [--out report.md]
 * </pre>
 *
 * <p>The Redis side runs {@code redis-server} processes on loopback ports (started and stopped
 * by PID); the Tandem side runs in-process nodes (scenario 2 adds a replica in a child JVM, so
 * that the master's heap is measured alone) and, with {@code --with-launcher}, also
 * {@code tandem-server} launcher processes. Progress goes to stderr, the table to stdout.
 */
public final class ReplicationHarness {
    private ReplicationHarness() {
    }

    public static void main(String[] args) throws Exception {
        // Replication logs its warnings (disconnections, resyncs) to stderr; info lines would
        // drown the progress output.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (List.of(args).contains("--help")) {
            System.out.println(HarnessOptions.USAGE);
            return;
        }
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        requireTools();
        if (options.launcherJar() != null && !Files.isReadable(options.launcherJar())) {
            System.err.println("--with-launcher: " + options.launcherJar() + " not found; build it with "
                    + "'mvn -B -q -pl examples -am package -DskipTests' or give --launcher-jar");
            System.exit(2);
        }
        // Interrupted (Ctrl-C), the scenarios' finally blocks do not run: stop the redis-server
        // and Tandem child processes this harness started, which would otherwise outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().children().forEach(ProcessHandle::destroy), "stop-children"));
        System.exit(run(options, args) ? 0 : 1);
    }

    private static boolean run(HarnessOptions options, String[] args) throws IOException {
        List<Scenario> all = List.of(new FullSyncScenario(), new LoadedFullSyncScenario(),
                new SteadyStateScenario(), new LagScenario(), new PartialResyncScenario(),
                new RdbScenario(), new StartupScenario());
        ResultTable table = new ResultTable();
        long started = System.nanoTime();
        boolean allPassed = true;
        for (Scenario scenario : all) {
            if (!options.runs(scenario.number())) {
                continue;
            }
            long t0 = System.nanoTime();
            log("scenario %d: %s", scenario.number(), scenario.title());
            try {
                table.addAll(scenario.run(options, ReplicationHarness::log));
            } catch (Exception e) {
                e.printStackTrace();
                table.add(ResultRow.failed(Integer.toString(scenario.number()), scenario.title(), "tandem", e));
            }
            log("scenario %d done in %.1f s", scenario.number(), (System.nanoTime() - t0) / 1e9);
        }
        double total = (System.nanoTime() - started) / 1e9;
        for (ResultRow row : table.rows()) {
            allPassed &= !row.tandem().equals("FAILED") && !row.redis().equals("FAILED");
        }
        String report = report(options, args, table, total);
        System.out.println(report);
        if (options.output() != null) {
            Files.writeString(options.output(), report, StandardCharsets.UTF_8);
            log("report written to %s", options.output());
        }
        return allPassed;
    }

    private static String report(HarnessOptions options, String[] args, ResultTable table, double seconds) {
        StringBuilder out = new StringBuilder();
        out.append("Run of ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(", ").append(options.modeName()).append(" mode, ")
                .append(String.format(Locale.ROOT, "%.0f s", seconds)).append(".\n\n");
        out.append("* Command: `java ").append(String.join(" ", jvmArgs()))
                .append(" -cp benchmarks/target/tandem-benchmarks.jar ")
                .append(ReplicationHarness.class.getName());
        for (String a : args) {
            out.append(' ').append(a);
        }
        out.append("`\n");
        out.append("* Machine: ").append(Environment.machine()).append('\n');
        out.append("* Versions: ").append(Environment.versions()).append('\n');
        out.append("* Tandem commit: ").append(Environment.gitCommit()).append('\n');
        out.append('\n').append(table.markdown());
        return out.toString();
    }

    private static List<String> jvmArgs() {
        List<String> kept = new ArrayList<>();
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xm") || a.startsWith("-XX:")) {
                kept.add(a);
            }
        }
        return kept;
    }

    private static void requireTools() {
        for (String tool : List.of("redis-server", "redis-benchmark")) {
            if (Environment.which(tool) == null) {
                System.err.println(tool + " not found on PATH: the harness compares against redis-server 7.0 "
                        + "and needs " + tool);
                System.exit(2);
            }
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[harness %tT] %s%n", System.currentTimeMillis(),
                String.format(Locale.ROOT, format, args));
    }

    /** Runs a short command and returns its first line of output (for version strings). */
    static String firstLineOf(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out.lines().findFirst().orElse("").trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
