/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tandem-server} with {@code appendonly yes} killed with {@code kill -9} while clients
 * write: with {@code appendfsync always} every acknowledged write is there after the restart,
 * with {@code everysec} every write acknowledged more than 2 s before the kill;
 * a torn tail is truncated with {@code aof-load-truncated yes} and refused with {@code no}.
 */
class AofKillTest {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private LoggedProcess start(String config) throws Exception {
        Files.writeString(dir.resolve("node.conf"), config);
        return LoggedProcess.tandemServer("node", dir, "node.conf");
    }

    @Test
    void kill9LosesNoAcknowledgedWriteWithAppendfsyncAlways() throws Exception {
        int port = LoggedProcess.freePort();
        String config = "bind 127.0.0.1\nport " + port + "\nappendonly yes\nappendfsync always\n";
        AtomicLong acknowledged = new AtomicLong();
        try (LoggedProcess server = start(config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            Thread writer = new Thread(() -> {
                try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                    while (true) {
                        Object reply = c.call("INCR", "counter");
                        acknowledged.set((Long) reply); // only once the reply came: the write is acknowledged
                    }
                } catch (Exception killed) {
                    // the server died under the writer: the test's point
                }
            }, "aof-writer");
            writer.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 500);
            server.kill9();
            assertNotEquals(0, server.awaitExit(EXIT_TIMEOUT));
            writer.join(10_000);
        }
        long acked = acknowledged.get();
        try (LoggedProcess server = start(config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                long counter = Long.parseLong(c.callString("GET", "counter"));
                assertTrue(counter >= acked, "acknowledged " + acked + ", found " + counter);
                // At most the one write in flight when the process died is there unacknowledged.
                assertTrue(counter <= acked + 1, "acknowledged " + acked + ", found " + counter);
            }
        }
    }

    /**
     * {@code appendfsync everysec}: Redis documents that up to about two seconds of acknowledged
     * writes can be lost (the fsync runs once a second, and a slow one delays the next write by
     * up to two). The bound is asserted as loosely: every write acknowledged more than 2 s before
     * the kill is there. (A {@code kill -9} leaves what was written in the page cache, so Tandem,
     * which writes before it replies, loses none here; only a machine crash could show the window.)
     */
    @Test
    void kill9WithAppendfsyncEverysecLosesAtMostTheLastSeconds() throws Exception {
        int port = LoggedProcess.freePort();
        String config = "bind 127.0.0.1\nport " + port + "\nappendonly yes\nappendfsync everysec\n";
        // (value, nanoTime) of acknowledged writes: the value acknowledged 2 s before the kill is the bound.
        java.util.concurrent.ConcurrentLinkedDeque<long[]> acks = new java.util.concurrent.ConcurrentLinkedDeque<>();
        long killedAt;
        try (LoggedProcess server = start(config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            Thread writer = new Thread(() -> {
                try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                    while (true) {
                        long value = (Long) c.call("INCR", "counter");
                        acks.add(new long[] {value, System.nanoTime()});
                    }
                } catch (Exception killed) {
                    // the server died under the writer
                }
            }, "aof-everysec-writer");
            writer.start();
            long started = System.nanoTime();
            // Write for a little over 2.5 s, so that writes older than the 2 s bound exist.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !acks.isEmpty() && System.nanoTime() - started > 2_600_000_000L);
            server.kill9();
            killedAt = System.nanoTime();
            assertNotEquals(0, server.awaitExit(EXIT_TIMEOUT));
            writer.join(10_000);
        }
        long lastAcked = acks.getLast()[0];
        long olderThanTwoSeconds = 0;
        for (long[] ack : acks) {
            if (killedAt - ack[1] >= 2_000_000_000L) {
                olderThanTwoSeconds = ack[0];
            }
        }
        assertTrue(olderThanTwoSeconds > 0, "writes older than 2 s were acknowledged");
        try (LoggedProcess server = start(config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                long counter = Long.parseLong(c.callString("GET", "counter"));
                assertTrue(counter >= olderThanTwoSeconds, "acknowledged 2 s before the kill " + olderThanTwoSeconds
                        + ", found " + counter);
                assertTrue(counter <= lastAcked + 1, "acknowledged " + lastAcked + ", found " + counter);
            }
        }
    }

    @Test
    void aTornTailIsTruncatedOrRefusedAsAofLoadTruncatedSays() throws Exception {
        int port = LoggedProcess.freePort();
        String config = "bind 127.0.0.1\nport " + port + "\nappendonly yes\n";
        try (LoggedProcess server = start(config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                assertEquals("OK", c.call("SET", "k", "kept"));
            }
            server.kill9();
            server.awaitExit(EXIT_TIMEOUT);
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$4\r\nlost".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        try (LoggedProcess server = start(config + "aof-load-truncated no\n")) {
            assertEquals(1, server.awaitExit(EXIT_TIMEOUT), () -> String.join("\n", server.lines()));
            assertTrue(server.logged("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof"),
                    server.lines()::toString);
        }
        try (LoggedProcess server = start(config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            assertTrue(server.logged("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled"),
                    server.lines()::toString);
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                assertEquals("kept", c.callString("GET", "k"));
            }
        }
    }
}
