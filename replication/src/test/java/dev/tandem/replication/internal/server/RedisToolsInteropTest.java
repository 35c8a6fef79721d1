/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * redis-cli and redis-benchmark (Debian's redis-tools 7.0) against a Tandem node. Skipped with a
 * message when the tools are not installed, except under CI=true, where that fails.
 */
@Tag("interop")
class RedisToolsInteropTest {

    private static TestServer server;
    private static Jedis jedis;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        jedis = server.jedis();
    }

    @AfterAll
    static void stop() {
        jedis.close();
        server.close();
    }

    @BeforeEach
    void flush() {
        jedis.flushAll();
    }

    private static Path tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(name + " is required when CI=true (apt-get install redis-tools)");
        }
        assumeTrue(false, name + " not installed: skipping this interop test");
        return null;
    }

    private record Result(int exitCode, String output) { }

    private static Result run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tandem-tool", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String port() {
        return Integer.toString(server.port());
    }

    @Test
    void redisCliScanListsEveryKey() throws Exception {
        Path cli = tool("redis-cli");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String key = (i % 3 == 0 ? "user:" : "item:") + i;
            jedis.set(key, "v");
            expected.add(key);
        }
        Result all = run(null, cli.toString(), "-h", "127.0.0.1", "-p", port(), "--scan");
        assertEquals(0, all.exitCode(), all.output());
        assertEquals(expected, new HashSet<>(Arrays.asList(all.output().trim().split("\n"))));

        Result users = run(null, cli.toString(), "-h", "127.0.0.1", "-p", port(), "--scan", "--pattern", "user:*");
        assertEquals(0, users.exitCode(), users.output());
        assertEquals(100, users.output().trim().split("\n").length);
        assertTrue(Arrays.stream(users.output().trim().split("\n")).allMatch(k -> k.startsWith("user:")));
    }

    @Test
    void redisCliPipeLoadsPipelinedInput() throws Exception {
        Path cli = tool("redis-cli");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String key = "pipe:" + i;
            String value = "value-" + i;
            input.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
                    .append("\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
        }
        Result r = run(input.toString().getBytes(StandardCharsets.US_ASCII),
                cli.toString(), "-h", "127.0.0.1", "-p", port(), "--pipe");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("errors: 0, replies: 5000"), r.output());
        assertEquals(5000, jedis.dbSize());
        assertEquals("value-4999", jedis.get("pipe:4999"));
    }

    @Test
    void redisCliCommandsAndInfo() throws Exception {
        Path cli = tool("redis-cli");
        Result ping = run(null, cli.toString(), "-h", "127.0.0.1", "-p", port(), "PING");
        assertEquals("PONG", ping.output().trim());
        Result set = run(null, cli.toString(), "-h", "127.0.0.1", "-p", port(), "SET", "k", "v");
        assertEquals("OK", set.output().trim());
        Result info = run(null, cli.toString(), "-h", "127.0.0.1", "-p", port(), "INFO", "server");
        assertTrue(info.output().contains("redis_version:7.0.15"), info.output());
        Result resp3 = run(null, cli.toString(), "-3", "--no-raw", "-h", "127.0.0.1", "-p", port(),
                "HSET", "h", "f", "v");
        assertEquals("(integer) 1", resp3.output().trim());
        Result map = run(null, cli.toString(), "-3", "--no-raw", "-h", "127.0.0.1", "-p", port(), "HGETALL", "h");
        assertEquals("1# \"f\" => \"v\"", map.output().trim());
    }

    @Test
    void redisBenchmarkCompletesWithoutErrors() throws Exception {
        Path benchmark = tool("redis-benchmark");
        Result r = run(null, benchmark.toString(), "-h", "127.0.0.1", "-p", port(), "-q", "-t",
                "set,get,lpush,hset", "-n", "20000");
        assertEquals(0, r.exitCode(), r.output());
        List<String> lines = new ArrayList<>();
        for (String line : r.output().split("[\r\n]+")) {
            if (line.contains("requests per second")) {
                lines.add(line.substring(line.lastIndexOf('\r') + 1).trim());
            }
        }
        for (String test : List.of("SET:", "GET:", "LPUSH:", "HSET:")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(test)), test + " in " + r.output());
        }
        assertFalse(r.output().toLowerCase().contains("error"), r.output());
    }
}
