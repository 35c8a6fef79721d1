/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} started for a test, stopped by its own PID: on a free loopback
 * port or on a Unix socket only, in a private working directory (or one the test names), with
 * no persistence, the DEBUG command enabled, and its log captured. Without redis-server the
 * test is skipped with a message, unless {@code CI=true}, where it fails (see {@link RedisTools}).
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path socket;
    private final Path dir;
    private final boolean ownsDir;
    private final ProcessLog log;

    private RedisServerProcess(Process process, int port, Path socket, Path dir, boolean ownsDir) {
        this.process = process;
        this.port = port;
        this.socket = socket;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.log = ProcessLog.follow(process, "redis-server",
                line -> line.toLowerCase(Locale.ROOT).contains("ready to accept connections"));
    }

    /** The redis-server binary, or skip/fail the calling test as the environment demands. */
    public static String requireBinary() {
        return RedisTools.require("redis-server");
    }

    /** Any redis tool (redis-cli, redis-benchmark, redis-check-rdb) with the same skip rule. */
    public static String requireTool(String name) {
        return RedisTools.require(name);
    }

    /** Starts a server on 127.0.0.1 and a free port, plus any extra {@code --directive value} arguments. */
    public static RedisServerProcess start(String... extraArgs) throws IOException {
        return builder().config(extraArgs).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to start a server; every option has a default. */
    public static final class Builder {
        private boolean unixSocket;
        private Path dir;
        private final List<String> config = new ArrayList<>();

        private Builder() {
        }

        /** Listen on {@code <dir>/redis.sock} only (port 0), so no TCP port is taken at all. */
        public Builder unixSocket() {
            this.unixSocket = true;
            return this;
        }

        /**
         * Use this data directory (its {@code dump.rdb} is loaded at start and written by SAVE);
         * the directory is left in place on close. Default: a private temporary directory.
         */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Extra arguments, {@code --directive value ...}; later ones override the defaults. */
        public Builder config(String... args) {
            config.addAll(List.of(args));
            return this;
        }

        public RedisServerProcess start() throws IOException {
            String binary = requireBinary();
            boolean ownsDir = dir == null;
            Path workDir = ownsDir ? Files.createTempDirectory("tandem-redis") : dir;
            IOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = unixSocket ? 0 : freePort();
                Path socket = unixSocket ? workDir.resolve("redis.sock") : null;
                List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
                        "--save", "", "--appendonly", "no", "--dir", workDir.toString(),
                        "--dbfilename", "dump.rdb", "--enable-debug-command", "yes",
                        "--daemonize", "no", "--protected-mode", "no"));
                if (unixSocket) {
                    cmd.addAll(List.of("--unixsocket", socket.toString()));
                } else {
                    cmd.addAll(List.of("--bind", "127.0.0.1"));
                }
                cmd.addAll(config);
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                RedisServerProcess server = new RedisServerProcess(p, port, socket, workDir, ownsDir);
                try {
                    server.awaitReady();
                    return server;
                } catch (IOException e) {
                    last = e;
                    server.stop();
                    if (unixSocket) {
                        break; // no port race to retry
                    }
                }
            }
            if (ownsDir) {
                deleteRecursively(workDir);
            }
            throw last;
        }
    }

    /** Waits until the server says it is ready (after loading); its output goes to {@link #log()}. */
    private void awaitReady() throws IOException {
        log.awaitLine(20, "redis-server (" + address() + ")");
    }

    /**
     * A loopback port free right now, for a test that must name a port itself (a TLS-only
     * server's {@code --tls-port}); another process may take it before it is used.
     */
    public static int freeLoopbackPort() throws IOException {
        return freePort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The TCP port; a Unix-socket server has none. */
    public int port() {
        if (socket != null) {
            throw new IllegalStateException("this redis-server listens on a Unix socket only: " + socket);
        }
        return port;
    }

    /** The Unix socket, or null for a TCP server. */
    public Path socket() {
        return socket;
    }

    public long pid() {
        return process.pid();
    }

    /** The data directory ({@code dump.rdb} lives here). */
    public Path dir() {
        return dir;
    }

    /** The file SAVE writes and a start loads. */
    public Path rdbFile() {
        return dir.resolve("dump.rdb");
    }

    private String address() {
        return socket != null ? socket.toString() : "127.0.0.1:" + port;
    }

    /** Everything the server logged so far. */
    public List<String> log() {
        return log.lines();
    }

    public boolean logContains(String fragment) {
        return log.contains(fragment);
    }

    /** A new connection to this server. */
    public RespClient client() throws IOException {
        return socket != null ? RespClient.connect(socket) : RespClient.connect("127.0.0.1", port);
    }

    /** A new connection that attaches as a replica and reads what this server propagates. */
    public ReplicationTap tap() throws IOException {
        return ReplicationTap.attach(client());
    }

    /** {@code SAVE}, then the path of the file it wrote. */
    public Path save() throws IOException {
        try (RespClient c = client()) {
            c.command("SAVE");
        }
        return rdbFile();
    }

    /** {@code DEBUG RELOAD}: the server saves its dataset and loads it back from the file. */
    public void debugReload() throws IOException {
        try (RespClient c = client()) {
            c.command("DEBUG", "RELOAD");
        }
    }

    /** {@code DEBUG RELOAD NOSAVE}: the server replaces its dataset with the file on disk. */
    public void loadRdbFile() throws IOException {
        try (RespClient c = client()) {
            c.command("DEBUG", "RELOAD", "NOSAVE");
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        if (ownsDir) {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
