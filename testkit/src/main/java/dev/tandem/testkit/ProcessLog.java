/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The output of a child process (redis-server, redis-sentinel, ...), read line by line on a
 * daemon thread and kept for failure messages and for tests that wait on a logged event. One
 * reader per process: {@link #awaitLine} waits for the first line that says the process is
 * ready, and fails with the whole log if the process exits or the time runs out first.
 */
public final class ProcessLog {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private ProcessLog() {
    }

    /**
     * Starts reading {@code process}'s output (stdout, with stderr redirected into it by the
     * caller) on a daemon thread named {@code name-<pid>}; {@code readyLine} recognises the line
     * that {@link #awaitLine} waits for.
     */
    public static ProcessLog follow(Process process, String name, Predicate<String> readyLine) {
        ProcessLog log = new ProcessLog();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    log.lines.add(line);
                    if (readyLine.test(line)) {
                        log.ready.complete(null);
                    }
                }
                log.ready.completeExceptionally(new IOException(name + " exited: " + log.lines()));
            } catch (IOException e) {
                log.ready.completeExceptionally(e);
            }
        }, name + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return log;
    }

    /** Waits up to {@code seconds} for the ready line; {@code what} names the process in the error. */
    public void awaitLine(long seconds, String what) throws IOException {
        try {
            ready.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted while waiting for it to start", e);
        } catch (Exception e) {
            throw new IOException(what + " did not start: " + lines(), e);
        }
    }

    /** A copy of every line read so far. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** Whether any line read so far contains {@code fragment}. */
    public boolean contains(String fragment) {
        return lines().stream().anyMatch(l -> l.contains(fragment));
    }
}
