/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CLIENT REPLY, PAUSE/UNPAUSE and NO-EVICT, byte for byte as redis-server 7.0.15 answered the
 * same pipelines (checked side by side with the same bytes sent to both).
 */
class ClientModesTest extends SharedServerTest {

    @AfterEach
    void unpause() {
        server.server.clientPause().unpause();
    }

    /** A bulk or verbatim reply's payload. */
    /** Reads exactly {@code bytes}' length and compares. */
    private static void expect(RawClient c, String bytes) {
        assertEquals(bytes, c.readLike(bytes));
    }

    private static String bulk(RawClient c) {
        String header = c.readLine();
        int n = Integer.parseInt(header.substring(1, header.length() - 2));
        return c.read(n + 2).substring(0, n);
    }

    @Test
    void replyOffSilencesEveryReplyUntilOn() {
        try (RawClient c = server.raw()) {
            c.send(RawClient.encode("CLIENT", "REPLY", "OFF") + RawClient.encode("SET", "reply-off", "1")
                    + RawClient.encode("GET", "reply-off") + RawClient.encode("CLIENT", "REPLY", "ON")
                    + RawClient.encode("GET", "reply-off"));
            assertEquals("+OK\r\n", c.readLine()); // CLIENT REPLY ON's own reply is the first byte back
            assertEquals("$1\r\n", c.readLine());
            assertEquals("1\r\n", c.readLine());
        }
    }

    @Test
    void replySkipDropsOnlyTheNextReply() {
        try (RawClient c = server.raw()) {
            c.send(RawClient.encode("CLIENT", "REPLY", "SKIP") + RawClient.encode("SET", "reply-skip", "2")
                    + RawClient.encode("GET", "reply-skip"));
            assertEquals("$1\r\n", c.readLine());
            assertEquals("2\r\n", c.readLine());
            // SKIP then ON: ON clears the skip and answers.
            c.send(RawClient.encode("CLIENT", "REPLY", "SKIP") + RawClient.encode("CLIENT", "REPLY", "ON")
                    + RawClient.encode("PING"));
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("+PONG\r\n", c.readLine());
            // SKIP while OFF does nothing: after ON the next command answers.
            c.send(RawClient.encode("CLIENT", "REPLY", "OFF") + RawClient.encode("CLIENT", "REPLY", "SKIP")
                    + RawClient.encode("CLIENT", "REPLY", "ON") + RawClient.encode("PING"));
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("+PONG\r\n", c.readLine());
        }
    }

    @Test
    void pushesStillArriveWithRepliesOff() {
        try (RawClient sub = server.raw(); RawClient pub = server.raw()) {
            sub.send(RawClient.encode("CLIENT", "REPLY", "OFF") + RawClient.encode("SUBSCRIBE", "modes-ch"));
            expect(sub, "*3\r\n$9\r\nsubscribe\r\n$8\r\nmodes-ch\r\n:1\r\n");
            pub.command("PUBLISH", "modes-ch", "hi");
            assertEquals(":1\r\n", pub.readLine());
            expect(sub, "*3\r\n$7\r\nmessage\r\n$8\r\nmodes-ch\r\n$2\r\nhi\r\n");
        }
    }

    @Test
    void pauseWriteHoldsWritesAndLetsReadsThrough() {
        try (RawClient admin = server.raw(); RawClient writer = server.raw(); RawClient reader = server.raw()) {
            admin.command("CLIENT", "PAUSE", "100000", "WRITE");
            assertEquals("+OK\r\n", admin.readLine());
            writer.command("CLIENT", "SETNAME", "paused-writer");
            assertEquals("+OK\r\n", writer.readLine());
            writer.command("SET", "paused-key", "v");
            awaitLastCommand(reader, "paused-writer", "set");
            reader.command("GET", "paused-key");
            assertEquals("$-1\r\n", reader.readLine()); // the SET has not run
            admin.command("CLIENT", "UNPAUSE");
            assertEquals("+OK\r\n", admin.readLine());
            assertEquals("+OK\r\n", writer.readLine());
            reader.command("GET", "paused-key");
            assertEquals("v", bulk(reader));
        }
    }

    @Test
    void pauseAllHoldsEveryCommandUntilItsTimeoutEnds() {
        try (RawClient admin = server.raw(); RawClient other = server.raw()) {
            admin.command("CLIENT", "PAUSE", "300", "ALL");
            assertEquals("+OK\r\n", admin.readLine());
            long start = System.nanoTime();
            other.command("PING");
            assertEquals("+PONG\r\n", other.readLine()); // answered once the pause ends by itself
            assertTrue(System.nanoTime() - start >= 250_000_000L, "PING ran during the pause");
        }
    }

    @Test
    void aLaterPauseKeepsTheMoreRestrictiveModeAndTheLaterEnd() {
        ClientPause pause = new ClientPause(System::nanoTime);
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            pause.pause(100_000, ClientPause.Mode.ALL, timer);
            pause.pause(10, ClientPause.Mode.WRITE, timer);
            assertEquals(ClientPause.Mode.ALL, pause.mode());
            assertTrue(pause.waitFor(false) != null, "reads wait under ALL");
            pause.unpause();
            assertEquals(ClientPause.Mode.NONE, pause.mode());
            assertEquals(null, pause.waitFor(true));
            pause.pause(20, ClientPause.Mode.WRITE, timer);
            assertEquals(null, pause.waitFor(false));
            await().atMost(Duration.ofSeconds(5)).until(() -> pause.mode() == ClientPause.Mode.NONE);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void noEvictShowsAsFlagE() {
        try (RawClient c = server.raw()) {
            c.command("CLIENT", "NO-EVICT", "on");
            assertEquals("+OK\r\n", c.readLine());
            c.command("CLIENT", "INFO");
            assertTrue(bulk(c).contains(" flags=e "));
            c.command("CLIENT", "NO-EVICT", "OFF");
            assertEquals("+OK\r\n", c.readLine());
            c.command("CLIENT", "INFO");
            assertTrue(bulk(c).contains(" flags=N "));
        }
    }

    @Test
    void helpIsRedisText() {
        try (RawClient c = server.raw()) {
            c.command("CLIENT", "HELP");
            assertEquals("*48\r\n", c.readLine());
            assertEquals("+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n", c.readLine());
            assertEquals("+CACHING (YES|NO)\r\n", c.readLine());
        }
    }

    private static void awaitLastCommand(RawClient c, String name, String command) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
            c.command("CLIENT", "LIST");
            String list = bulk(c);
            for (String line : list.split("\n")) {
                if (line.contains(" name=" + name + " ") && line.contains(" cmd=" + command + " ")) {
                    return true;
                }
            }
            return false;
        });
    }
}
