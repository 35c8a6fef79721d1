package dev.tandem.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} started for one test on a free loopback port, with a private
 * working directory, and stopped by its own PID. Interop tests call {@link #requireBinary()}
 * first: without redis-server they are skipped with a message, unless {@code CI=true}, where
 * they fail — CI must run them.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private RedisServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The redis-server binary, or skip/fail the calling test as the environment demands. */
    public static String requireBinary() {
        return requireTool("redis-server");
    }

    /** Any redis tool (redis-cli, redis-benchmark, redis-check-rdb) with the same skip rule. */
    public static String requireTool(String name) {
        for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dirName, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(name + " is required when CI=true (.ci/run installs it)");
        }
        Assumptions.abort(name + " not found on PATH: interop test skipped");
        return null;
    }

    /**
     * Starts redis-server on 127.0.0.1 and a free port, without persistence, with the DEBUG
     * command enabled, plus any extra {@code --directive value} arguments.
     */
    public static RedisServerProcess start(String... extraArgs) throws IOException {
        String binary = requireBinary();
        Path dir = Files.createTempDirectory("tandem-redis");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(binary, "--bind", "127.0.0.1",
                    "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                    "--dir", dir.toString(), "--enable-debug-command", "yes",
                    "--daemonize", "no", "--protected-mode", "no"));
            cmd.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            RedisServerProcess server = new RedisServerProcess(p, port, dir);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                last = e;
                server.close();
            }
        }
        throw last;
    }

    private void awaitReady() throws IOException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    log.add(line);
                    if (line.toLowerCase(java.util.Locale.ROOT).contains("ready to accept connections")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new IOException("redis-server exited: " + log));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "redis-server-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("redis-server did not start on port " + port + ": " + log, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the server logged so far. */
    public List<String> log() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    public boolean logContains(String fragment) {
        return log().stream().anyMatch(l -> l.contains(fragment));
    }

    /** A new connection to this server. */
    public RespClient client() throws IOException {
        return RespClient.connect("127.0.0.1", port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
