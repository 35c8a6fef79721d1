/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.testkit.RespClient;
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
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The append-only file, {@code tandem-server} vs {@code redis-server} 7.0 in one run:
 * <ol>
 *   <li>write throughput with {@code appendonly yes} and {@code appendfsync always}, then
 *       {@code everysec}: {@code redis-benchmark -t set -c 50 -d 100} against each (Tandem's
 *       {@code always} is a group commit: one fsync for the writes of every connection that
 *       waits for it, as Redis's one fsync per event-loop iteration), and without the AOF for
 *       reference ({@code off});</li>
 *   <li>start-up on the same AOF directory (made by redis-server from {@code redis-benchmark}
 *       writes): once with an incremental file of commands only (an empty RDB base), once after
 *       {@code BGREWRITEAOF} (everything in the RDB base); time from the process's start to
 *       "Ready to accept connections", and {@code DBSIZE}/{@code DEBUG DIGEST} compared.</li>
 * </ol>
 * <pre>
 * mvn -B -q -pl examples,benchmarks -am package -DskipTests
 * java -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.e2e.AofHarness \
 *     examples/target/tandem-server.jar [writes-for-throughput] [writes-for-load]
 * </pre>
 * Defaults: 100,000 writes per throughput run (0 skips the throughput part), 1,000,000 {@code SET}s
 * over 1,000,000 random keys for the load AOF (0 skips the start-up part). The start-up part ends
 * with both servers starting on the rewritten RDB base as a plain {@code dump.rdb}. Directories are temporary and deleted; servers bind 127.0.0.1 on free ports.
 */
public final class AofHarness {

    private static final String READY = "ready to accept connections";

    private AofHarness() {
    }

    /** A server process and how long it took to say it was ready. */
    private record Started(Process process, int port, double seconds, List<String> log) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "examples/target/tandem-server.jar");
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int loadWrites = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        if (!Files.isReadable(jar)) {
            throw new IOException("launcher jar " + jar + " not found: build it with "
                    + "'mvn -B -q -pl examples -am package -DskipTests'");
        }
        // 0 writes skips the throughput part (start-up only).
        for (String fsync : writes > 0 ? List.of("always", "everysec", "off") : List.<String>of()) {
            throughput(jar, fsync, writes);
        }
        if (loadWrites > 0) {
            load(jar, loadWrites);
        }
    }

    private static void throughput(Path jar, String fsync, int writes) throws Exception {
        double redis;
        double tandem;
        Path dir = Files.createTempDirectory("aof-bench-redis");
        String[] aof = fsync.equals("off") ? new String[] {"--appendonly", "no"}
                : new String[] {"--appendonly", "yes", "--appendfsync", fsync};
        try (Started r = redisServer(dir, aof)) {
            redis = RedisBenchmark.set(r.port(), writes, 100_000, 1).requestsPerSecond();
        } finally {
            delete(dir);
        }
        dir = Files.createTempDirectory("aof-bench-tandem");
        try (Started t = tandemServer(jar, dir, aof)) {
            // A short warm-up (the JIT), not measured.
            RedisBenchmark.set(t.port(), Math.min(writes, 20_000), 100_000, 1);
            tandem = RedisBenchmark.set(t.port(), writes, 100_000, 1).requestsPerSecond();
        } finally {
            delete(dir);
        }
        System.out.printf(Locale.ROOT, "SET, appendfsync %-8s: tandem %,10.0f/s  redis %,10.0f/s  ratio %.2f%n",
                fsync, tandem, redis, tandem / redis);
    }

    private static void load(Path jar, int writes) throws Exception {
        Path source = Files.createTempDirectory("aof-bench-source");
        try {
            String keys;
            try (Started r = redisServer(source, "--appendonly", "yes", "--appendfsync", "no")) {
                RedisBenchmark.set(r.port(), writes, writes, 32);
                try (RespClient c = RespClient.connect("127.0.0.1", r.port())) {
                    keys = String.valueOf(c.call("DBSIZE"));
                    try {
                        c.call("SHUTDOWN", "NOSAVE");
                    } catch (IOException closed) {
                        // SHUTDOWN closes the connection
                    }
                }
                r.process().waitFor(60, TimeUnit.SECONDS);
            }
            long size = sizeOf(source.resolve("appendonlydir"));
            // redis-server's own automatic rewrite (100 % / 64mb) may have moved part of it into an RDB base.
            startBoth(jar, source, "as redis-server left it: RDB base + incr of commands", keys, size);
            // Now everything in an RDB base.
            try (Started r = redisServer(source, "--appendonly", "yes")) {
                try (RespClient c = RespClient.connect("127.0.0.1", r.port())) {
                    c.call("BGREWRITEAOF");
                    while (!infoField(c, "aof_rewrite_in_progress").equals("0")
                            || !infoField(c, "aof_rewrite_scheduled").equals("0")
                            || infoField(c, "aof_rewrites").equals("0")) {
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                }
            }
            startBoth(jar, source, "after BGREWRITEAOF: all in the RDB base", keys, sizeOf(source.resolve("appendonlydir")));
            startBothFromRdb(jar, source, keys);
        } finally {
            delete(source);
        }
    }

    private static void startBoth(Path jar, Path source, String what, String keys, long bytes) throws Exception {
        Path forRedis = copy(source);
        Path forTandem = copy(source);
        try {
            String redisDigest;
            double redisSeconds;
            try (Started r = redisServer(forRedis, "--appendonly", "yes");
                 RespClient c = RespClient.connect("127.0.0.1", r.port())) {
                redisSeconds = r.seconds();
                redisDigest = digest(c);
            }
            String tandemDigest;
            double tandemSeconds;
            try (Started t = tandemServer(jar, forTandem, "--appendonly", "yes");
                 RespClient c = RespClient.connect("127.0.0.1", t.port())) {
                tandemSeconds = t.seconds();
                tandemDigest = digest(c);
            }
            System.out.printf(Locale.ROOT, "start-up on an AOF (%s, %s keys, %.1f MB): tandem %.2f s  redis %.2f s  "
                    + "ratio %.2f  digests %s%n", what, keys, bytes / 1e6, tandemSeconds, redisSeconds,
                    tandemSeconds / redisSeconds, redisDigest.equals(tandemDigest) ? "equal" : "DIFFER " + redisDigest
                            + " vs " + tandemDigest);
        } finally {
            delete(forRedis);
            delete(forTandem);
        }
    }

    /**
     * The same data as a plain {@code dump.rdb} (the rewritten base, which redis-server wrote),
     * {@code appendonly no}: both servers' start-up on an RDB file.
     */
    private static void startBothFromRdb(Path jar, Path source, String keys) throws Exception {
        Path base;
        try (Stream<Path> files = Files.list(source.resolve("appendonlydir"))) {
            base = files.filter(f -> f.getFileName().toString().endsWith(".base.rdb")).findFirst()
                    .orElseThrow(() -> new IOException("no RDB base after BGREWRITEAOF"));
        }
        Path forRedis = Files.createTempDirectory("rdb-bench-copy");
        Path forTandem = Files.createTempDirectory("rdb-bench-copy");
        try {
            Files.copy(base, forRedis.resolve("dump.rdb"));
            Files.copy(base, forTandem.resolve("dump.rdb"));
            String redisDigest;
            double redisSeconds;
            try (Started r = redisServer(forRedis, "--appendonly", "no");
                 RespClient c = RespClient.connect("127.0.0.1", r.port())) {
                redisSeconds = r.seconds();
                redisDigest = digest(c);
            }
            String tandemDigest;
            double tandemSeconds;
            try (Started t = tandemServer(jar, forTandem, "--appendonly", "no");
                 RespClient c = RespClient.connect("127.0.0.1", t.port())) {
                tandemSeconds = t.seconds();
                tandemDigest = digest(c);
            }
            System.out.printf(Locale.ROOT, "start-up on dump.rdb (%s keys, %.1f MB): tandem %.2f s  redis %.2f s  "
                    + "ratio %.2f  digests %s%n", keys, Files.size(base) / 1e6, tandemSeconds, redisSeconds,
                    tandemSeconds / redisSeconds, redisDigest.equals(tandemDigest) ? "equal" : "DIFFER " + redisDigest
                            + " vs " + tandemDigest);
        } finally {
            delete(forRedis);
            delete(forTandem);
        }
    }

    /** DBSIZE and DEBUG DIGEST (which takes seconds on a large data set: a longer read timeout). */
    private static String digest(RespClient c) throws IOException {
        String size = String.valueOf(c.call("DBSIZE"));
        try {
            return text(c.call("DEBUG", "DIGEST")) + " / " + size;
        } catch (java.net.SocketTimeoutException e) {
            return "digest timed out / " + size;
        }
    }

    private static String infoField(RespClient c, String name) throws IOException {
        for (String line : text(c.call("INFO", "persistence")).split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static Started redisServer(Path dir, String... directives) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--dir", dir.toString(), "--save", "", "--enable-debug-command", "yes",
                "--daemonize", "no"));
        cmd.addAll(List.of(directives));
        return start(cmd, port);
    }

    private static Started tandemServer(Path jar, Path dir, String... directives) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-jar", jar.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--dir", dir.toString(), "--save", ""));
        cmd.addAll(List.of(directives));
        return start(cmd, port);
    }

    /** Starts {@code cmd} and times it until it logs that it is ready (10 minutes at most). */
    private static Started start(List<String> cmd, int port) throws IOException {
        long begin = System.nanoTime();
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Double> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.add(line);
                    if (!ready.isDone() && line.toLowerCase(Locale.ROOT).contains(READY)) {
                        ready.complete((System.nanoTime() - begin) / 1e9);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException(cmd.get(0) + " exited: " + log));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Started(process, port, ready.get(10, TimeUnit.MINUTES), log);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("did not start: " + log, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static Path copy(Path source) throws IOException {
        Path target = Files.createTempDirectory("aof-bench-copy");
        Path from = source.resolve("appendonlydir");
        Path to = target.resolve("appendonlydir");
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return target;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
