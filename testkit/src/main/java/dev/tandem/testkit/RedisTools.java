/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis command-line tools an interop test needs, found on the PATH. The rule for every
 * interop test: without the tool the test is skipped with a visible message, unless the
 * environment says {@code CI=true}, where a missing tool is a failure (CI must run them).
 */
public final class RedisTools {
    private RedisTools() {
    }

    /** The tool's path (redis-server, redis-cli, redis-check-rdb, ...), or skip/fail the test. */
    public static String require(String name) {
        Path found = find(name);
        if (found != null) {
            return found.toString();
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(name + " is required when CI=true (.ci/run installs it)");
        }
        Assumptions.abort(name + " not found on PATH: interop test skipped");
        return null;
    }

    /** The tool's path, or null when it is not on the PATH. */
    public static Path find(String name) {
        for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dirName, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** What redis-check-rdb said about a file. */
    public record CheckResult(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0 && output.contains("RDB looks OK");
        }
    }

    /** Runs {@code redis-check-rdb file} (skipping/failing the test without it). */
    public static CheckResult checkRdb(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(require("redis-check-rdb"), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("redis-check-rdb did not finish within 60 s: " + output);
        }
        return new CheckResult(p.exitValue(), output);
    }
}
