/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import dev.tandem.testkit.TrackingAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A client that does not read cannot grow the server's memory; connections leak nothing. */
class BackPressureAndLeakTest {

    private static final int VALUE_SIZE = 64 * 1024;
    private static final int PIPELINE = 500;

    @Test
    void serverStopsReadingFromAClientThatDoesNotReadItsReplies() {
        try (TestServer server = TestServer.start(); Jedis admin = server.jedis()) {
            admin.set("big".getBytes(), new byte[VALUE_SIZE]);
            try (RawClient slow = server.raw()) {
                slow.send("GET big\r\n".repeat(PIPELINE));
                ClientConnection connection = await().atMost(Duration.ofSeconds(10)).until(
                        () -> slowConnection(server, admin), c -> c != null && !c.channel().config().isAutoRead());
                // 500 replies are 32 MB; what waits in the server stays near the channel's
                // high-water mark (64 KB) plus one reply batch, whatever the client sends.
                long pending = connection.pendingOutputBytes();
                assertTrue(pending < 1024 * 1024, "pending output " + pending);
                assertEquals("PONG", admin.ping(), "other clients are served meanwhile");

                String header = "$" + VALUE_SIZE + "\r\n";
                for (int i = 0; i < PIPELINE; i++) {
                    assertEquals(header, slow.readLike(header), "reply " + i);
                    slow.read(VALUE_SIZE + 2);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> connection.channel().config().isAutoRead());
                slow.command("PING");
                assertEquals("+PONG\r\n", slow.readLine());
            }
        }
    }

    private static ClientConnection slowConnection(TestServer server, Jedis admin) {
        long adminId = admin.clientId();
        for (ClientInfo c : server.server.clients()) {
            if (c.id() != adminId) {
                return (ClientConnection) c;
            }
        }
        return null;
    }

    @Test
    void thousandConnectionsOpenedAndDroppedLeakNothing() {
        TrackingAllocator allocator = new TrackingAllocator();
        try (TestServer server = TestServer.start(b -> { }, allocator)) {
            for (int round = 0; round < 10; round++) {
                List<RawClient> clients = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    RawClient c = server.raw();
                    clients.add(c);
                    switch (i % 4) {
                        case 0 -> c.command("SET", "k" + i, "v");
                        case 1 -> c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\nabc"); // cut mid-request
                        case 2 -> c.send("GET k\r\n*x\r\n"); // protocol error
                        default -> { }
                    }
                }
                for (RawClient c : clients) {
                    c.close();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.server.connectedClients() == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> allocator.live() == 0);
            assertTrue(allocator.allocations() > 0);
            assertEquals(1000, server.server.stats().connectionsReceived());
        }
    }
}
