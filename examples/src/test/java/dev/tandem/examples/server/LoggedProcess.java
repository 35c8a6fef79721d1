/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A process started by a test (a {@code tandem-server} launcher or a {@code redis-server}), its
 * standard output and error collected line by line, stopped by its own PID.
 */
final class LoggedProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private LoggedProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::collect, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code dir}. */
    static LoggedProcess start(String name, Path dir, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        return new LoggedProcess(name, process);
    }

    /** Starts {@code TandemServer} with {@code args} in a new JVM on this test's class path. */
    static LoggedProcess tandemServer(String name, Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", TandemServer.class.getName()));
        command.addAll(List.of(args));
        return start(name, dir, command);
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void collect() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e + ")");
        }
    }

    long pid() {
        return process.pid();
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    boolean logged(String fragment) {
        return lines().stream().anyMatch(l -> l.contains(fragment));
    }

    /** Waits until a line containing {@code fragment} was printed; fails with the output so far. */
    LoggedProcess awaitLine(String fragment, Duration timeout) {
        try {
            await(name + " prints \"" + fragment + "\"").atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .failFast(name + " exited without printing it", () -> !reader.isAlive() && !logged(fragment))
                    .until(() -> logged(fragment));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; its output:\n" + String.join("\n", lines()), e);
        }
        return this;
    }

    /**
     * Waits for the process to exit and its output to be read; its exit status, or -1 when it did
     * not exit within {@code timeout}.
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    /**
     * SIGTERM, as {@code kill <pid>} sends it. Through the process handle: {@code Process.destroy()}
     * sends the same signal but also closes the output pipe, and the last lines would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL, as {@code kill -9 <pid>}: no shutdown hook, no flush, the crash a disk must survive. */
    void kill9() {
        process.toHandle().destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
