/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RawClient;
import dev.tandem.testkit.RespClient;
import java.net.ServerSocket;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A master that turns replica releases its blocked clients with Redis's
 * {@code -UNBLOCKED force unblock ...} error (disconnectAllBlockedClients): a pop served later
 * would diverge from the new master's data.
 */
class BlockedClientsRoleChangeTest {

    @Test
    void becomingAReplicaUnblocksBlockedClients() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient admin = RespClient.connect("127.0.0.1", node.port());
             RawClient blocked = RawClient.connect("127.0.0.1", node.port())) {
            blocked.command("BLPOP", "k", "0");
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> admin.callString("INFO", "clients").contains("blocked_clients:1\r\n"));
            node.replicaOf("127.0.0.1", closedPort);
            String expected = "-UNBLOCKED force unblock from blocking operation, instance state changed"
                    + " (master -> replica?)\r\n";
            assertEquals(expected, blocked.readLike(expected));
            assertEquals("0", admin.callString("INFO", "clients").replaceAll("(?s).*blocked_clients:(\\d+).*", "$1"));
        }
    }
}
