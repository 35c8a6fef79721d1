/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem-server} in a JVM with {@code -Xmx128m} (issue #14): without a {@code maxmemory}
 * it derives one from the heap and says so; writes past it get {@code -OOM}, not an
 * OutOfMemoryError; with an eviction policy it takes several times its heap of writes and stays
 * alive, serving, within the limit.
 */
class SmallHeapEvictionProcessTest {
    private static final byte[] VALUE = new byte[8 * 1024];

    @TempDir
    Path dir;

    private static Map<String, String> info(RespClient c, String section) throws Exception {
        String text = new String((byte[]) c.call("INFO", section), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\r\n")).filter(l -> l.contains(":"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1)));
    }

    /** Writes {@code count} 8 KB values in pipelined batches; returns how many were refused with OOM. */
    private static int write(RespClient c, String prefix, int count) throws Exception {
        int refused = 0;
        for (int base = 0; base < count; base += 200) {
            List<byte[][]> batch = new ArrayList<>(200);
            for (int i = base; i < Math.min(count, base + 200); i++) {
                batch.add(new byte[][] {"SET".getBytes(), (prefix + i).getBytes(), VALUE});
            }
            for (Object reply : c.pipeline(batch)) {
                if (reply instanceof RespClient.ErrorReply e) {
                    assertEquals("OOM command not allowed when used memory > 'maxmemory'.", e.text());
                    refused++;
                }
            }
        }
        return refused;
    }

    @Test
    void aSmallHeapTakesWritesFarPastItsSizeAndKeepsServing() throws Exception {
        int port = LoggedProcess.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx128m", TandemServer.class.getName(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port));
        try (LoggedProcess server = LoggedProcess.start("small-heap", dir, command)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            assertTrue(server.lines().stream().anyMatch(l -> l.contains("No maxmemory set: using")), server.lines()::toString);
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                long limit = Long.parseLong(info(c, "memory").get("maxmemory"));
                assertTrue(limit > 0 && limit < 128L << 20, "derived maxmemory " + limit);
                // noeviction (the default policy): 64 MB of writes, the ones past the limit refused.
                int refused = write(c, "a:", 8_000);
                assertTrue(refused > 1_000, "refused " + refused);
                assertEquals("PONG", c.callString("PING"));

                c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
                assertEquals(0, write(c, "b:", 24_000)); // 192 MB more (twice the heap in all), every write accepted
                Map<String, String> memory = info(c, "memory");
                assertTrue(Long.parseLong(memory.get("used_memory")) <= limit + (1 << 20), memory.toString());
                assertTrue(Long.parseLong(info(c, "stats").get("evicted_keys")) > 15_000);
                assertEquals(VALUE.length, ((byte[]) c.call("GET", "b:23999")).length);
                assertEquals("PONG", c.callString("PING"));
            }
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("OutOfMemoryError")), server.lines()::toString);
        }
    }
}
