/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code redis-benchmark -t set} against a port and returns its requests per second —
 * the same client binary, flags and figure for Tandem and redis-server.
 */
final class RedisBenchmark {
    /** What one run reported, and how long the process ran. */
    record Result(double requestsPerSecond, double wallSeconds) { }

    private RedisBenchmark() {
    }

    /**
     * {@code redis-benchmark -h 127.0.0.1 -p port -t set -n requests -d 100 -r keyRange -c 50
     * [-P pipeline] --csv}.
     */
    static Result set(int port, int requests, int keyRange, int pipeline) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-t", "set", "-n", Integer.toString(requests), "-d", "100", "-r",
                Integer.toString(keyRange), "-c", "50", "--csv"));
        if (pipeline > 1) {
            command.addAll(List.of("-P", Integer.toString(pipeline)));
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "output unreadable: " + e;
            }
        });
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("redis-benchmark on port " + port + " did not finish within 10 minutes");
            }
            double wall = (System.nanoTime() - start) / 1e9;
            String text = output.get(10, TimeUnit.SECONDS);
            for (String line : text.split("\n")) {
                if (line.startsWith("\"SET\"")) {
                    String[] f = line.replace("\"", "").split(",");
                    return new Result(Double.parseDouble(f[1]), wall);
                }
            }
            throw new IOException("redis-benchmark printed no SET result (exit " + process.exitValue() + "): " + text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("redis-benchmark output: " + e, e);
        }
    }
}
