/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the report says about where it ran: machine, versions, commit. */
final class Environment {
    private Environment() {
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException ignored) {
            // not Linux: the CPU stays unknown
        }
        long memory = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // unknown memory
        }
        String load = "";
        try {
            List<String> loadavg = Files.readAllLines(Path.of("/proc/loadavg"));
            load = ", load average at start " + loadavg.get(0).split(" ")[0];
        } catch (IOException | IndexOutOfBoundsException ignored) {
            // no load figure
        }
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB RAM, %s %s%s", cpu,
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"), load);
    }

    static String versions() {
        return "OpenJDK " + System.getProperty("java.runtime.version") + " ("
                + java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName()
                .replace(" Young Generation", "") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB); "
                + ReplicationHarness.firstLineOf("redis-server", "--version");
    }

    static String gitCommit() {
        String commit = ReplicationHarness.firstLineOf("git", "rev-parse", "--short", "HEAD");
        String dirty = ReplicationHarness.firstLineOf("git", "status", "--porcelain", "--untracked-files=no");
        return commit + (dirty.isEmpty() ? "" : " (with uncommitted changes)");
    }

    /** The path of {@code tool} on PATH, or null. */
    static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
