/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Tandem node in a JVM of its own, stopped by its PID: either the {@code tandem-server}
 * launcher of the {@code examples} module (started like {@code redis-server}, with the same
 * directives), or {@link TandemNodeMain} on the harness's class path (no dependency on the
 * examples build; scenario 2 uses it to keep its replica out of the measured heap).
 */
final class TandemProcess implements AutoCloseable {
    /** What {@code tandem-server} logs once it listens, as redis-server does. */
    private static final String LAUNCHER_READY = "Ready to accept connections";
    private static final int START_ATTEMPTS = 5;

    private final Process process;
    private final int port;

    private TandemProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A {@link TandemNodeMain} child on an ephemeral port, with {@link Nodes#REPLICATION}. */
    static TandemProcess childNode(String name, String maxHeap) throws IOException {
        List<String> command = List.of(javaBinary(), "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                TandemNodeMain.class.getName(), name);
        return start(name, command, line -> line.startsWith(TandemNodeMain.READY_PREFIX)
                ? Integer.valueOf(line.substring(TandemNodeMain.READY_PREFIX.length()).trim()) : null);
    }

    /**
     * {@code java -jar tandem-server.jar --bind 127.0.0.1 --port <free> <replication directives>
     * [extra directives]}, ready when it logs "Ready to accept connections". The port is probed
     * free first; a lost race (someone else bound it meanwhile) is retried with another one.
     */
    static TandemProcess launcher(Path jar, String name, String maxHeap, String... extraDirectives)
            throws IOException {
        if (!Files.isReadable(jar)) {
            throw new IOException("launcher jar " + jar + " not found: build it with "
                    + "'mvn -B -q -pl examples -am package -DskipTests'");
        }
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + maxHeap, "-jar", jar.toString(),
                    "--bind", "127.0.0.1", "--port", Integer.toString(port)));
            Nodes.REPLICATION.forEach((directive, value) -> {
                command.add("--" + directive);
                command.add(value);
            });
            command.addAll(List.of(extraDirectives));
            try {
                return start(name, command, line -> line.contains(LAUNCHER_READY) ? port : null);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts {@code command} and waits (30 s at most) for the output line from which
     * {@code readyPort} extracts the listening port. Lines with warnings or errors are passed
     * on to stderr; the rest is kept only to explain a failed start.
     */
    private static TandemProcess start(String name, List<String> command, Function<String, Integer> readyPort)
            throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    Integer port = ready.isDone() ? null : readyPort.apply(line);
                    if (port != null) {
                        ready.complete(port);
                    } else if (line.contains("WARN") || line.contains("ERROR") || line.contains("Exception")) {
                        System.err.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException(name + " exited before listening: " + output));
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new TandemProcess(process, ready.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            stop(process);
            throw new IOException(name + " did not start: " + output, e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Whether the process still runs (a node that died of an OutOfMemoryError exits with status 1). */
    boolean alive() {
        return process.isAlive();
    }

    /** The exit status once it ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown of any kind, as a crash. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (both kinds of node exit on it), then SIGKILL if it is still there after 10 s. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
