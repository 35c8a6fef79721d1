/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import dev.tandem.testkit.ProcessLog;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-sentinel} for tests: a generated configuration file in a directory of the
 * test's (Sentinel rewrites it), 127.0.0.1 and a free port, its output kept for failure messages
 * and for the events it logs ({@code +switch-master}, ...). Stopped by its PID on close.
 */
final class SentinelProcess implements AutoCloseable {

    static final String MASTER_NAME = "mymaster";

    private final Process process;
    private final int port;
    private final ProcessLog log;

    private SentinelProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.log = ProcessLog.follow(process, "redis-sentinel", line -> line.contains("+monitor master"));
    }

    /**
     * Starts a sentinel monitoring {@code 127.0.0.1:masterPort} as {@link #MASTER_NAME} with
     * {@code quorum}, {@code down-after-milliseconds} and a 10 s {@code failover-timeout}.
     */
    static SentinelProcess start(Path dir, int masterPort, int quorum, int downAfterMillis) throws IOException {
        String binary = RedisServerProcess.requireTool("redis-sentinel");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = RedisServerProcess.freeLoopbackPort();
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(conf, "port " + port + "\n"
                    + "bind 127.0.0.1\n"
                    + "daemonize no\n"
                    + "protected-mode no\n"
                    + "dir " + dir + "\n"
                    + "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " " + quorum + "\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfterMillis + "\n"
                    + "sentinel failover-timeout " + MASTER_NAME + " 10000\n"
                    + "sentinel parallel-syncs " + MASTER_NAME + " 1\n");
            Process p = new ProcessBuilder(binary, conf.toString()).redirectErrorStream(true).start();
            SentinelProcess sentinel = new SentinelProcess(p, port);
            try {
                sentinel.awaitReady();
                return sentinel;
            } catch (IOException e) {
                last = e;
                sentinel.close();
            }
        }
        throw last;
    }

    private void awaitReady() throws IOException {
        log.awaitLine(20, "redis-sentinel on port " + port);
    }

    int port() {
        return port;
    }

    RespClient client() throws IOException {
        return RespClient.connect("127.0.0.1", port);
    }

    List<String> log() {
        return log.lines();
    }

    boolean logContains(String fragment) {
        return log.contains(fragment);
    }

    /** Stops the sentinel by its PID (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
