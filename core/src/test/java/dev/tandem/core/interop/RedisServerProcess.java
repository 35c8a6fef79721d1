package dev.tandem.core.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real redis-server started for a test on a UNIX socket in a temporary directory (no TCP
 * port at all), stopped by its own process handle. When redis-server is not installed the test
 * is skipped with a message — unless {@code CI=true}, where it fails.
 */
final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final Path dir;
    final Path socket;

    private RedisServerProcess(Process process, Path dir, Path socket) {
        this.process = process;
        this.dir = dir;
        this.socket = socket;
    }

    static RedisServerProcess start() throws IOException {
        String binary = findOnPath("redis-server");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (binary == null) {
            if (ci) {
                throw new IllegalStateException("redis-server is required when CI=true");
            }
            assumeTrue(false, "redis-server not installed: skipping interop test");
        }
        Path dir = Files.createTempDirectory("tandem-core-interop");
        Path socket = dir.resolve("redis.sock");
        Process p = new ProcessBuilder(binary, "--port", "0", "--unixsocket", socket.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisServerProcess server = new RedisServerProcess(p, dir, socket);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(socket) || !p.isAlive());
            if (!p.isAlive()) {
                throw new IllegalStateException("redis-server exited: "
                        + Files.readString(dir.resolve("redis.log")));
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
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

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
