package dev.tandem.core.reference;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server on a private unix socket, for differential tests. Without a
 * redis-server on the PATH the calling test is skipped with a visible reason, unless the
 * environment says {@code CI=true}, where a missing server is a failure.
 */
public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final Path socket;

    private RealRedis(Process process, Path dir, Path socket) {
        this.process = process;
        this.dir = dir;
        this.socket = socket;
    }

    /** Starts a server with no persistence, disk-based replication and DEBUG enabled locally. */
    public static RealRedis start() throws IOException {
        String binary = findOnPath("redis-server");
        if (binary == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is required when CI=true");
            }
            Assumptions.abort("redis-server not found on PATH: interop test skipped");
        }
        Path dir = Files.createTempDirectory("tandem-redis");
        Path socket = dir.resolve("redis.sock");
        Process p = new ProcessBuilder(List.of(binary, "--port", "0",
                "--unixsocket", socket.toString(), "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--enable-debug-command", "local",
                "--repl-diskless-sync", "no", "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RealRedis r = new RealRedis(p, dir, socket);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket)
                    || !p.isAlive());
            if (!p.isAlive()) {
                throw new IllegalStateException("redis-server exited: "
                        + Files.readString(dir.resolve("redis.log")));
            }
        } catch (RuntimeException | IOException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    public RespClient connect() throws IOException {
        return new RespClient(socket);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
