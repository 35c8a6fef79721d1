/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.Role;
import dev.tandem.testkit.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bytes Redis Sentinel 7.0.15 sends to promote a replica (recorded on the wire, see the
 * Sentinel reference notes), and a node's answer byte for byte as redis-server answers without a
 * config file: every command queues, SLAVEOF NO ONE promotes, CONFIG REWRITE fails harmlessly
 * inside EXEC, and the two CLIENT KILLs close the other normal clients and the subscribers but
 * neither the caller nor a replication link.
 */
class SentinelTransactionTest {

    private static final String PROMOTE = "*1\r\n$5\r\nMULTI\r\n"
            + "*3\r\n$7\r\nSLAVEOF\r\n$2\r\nNO\r\n$3\r\nONE\r\n"
            + "*2\r\n$6\r\nCONFIG\r\n$7\r\nREWRITE\r\n"
            + "*4\r\n$6\r\nCLIENT\r\n$4\r\nKILL\r\n$4\r\nTYPE\r\n$6\r\nnormal\r\n"
            + "*4\r\n$6\r\nCLIENT\r\n$4\r\nKILL\r\n$4\r\nTYPE\r\n$6\r\npubsub\r\n"
            + "*1\r\n$4\r\nEXEC\r\n"
            + "*1\r\n$4\r\nPING\r\n";

    @Test
    void sentinelsPromotionTransactionPromotesAndKillsNormalAndPubsubClients() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("st-master").port(0).start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("st-replica").port(0)
                     .replicaOf("127.0.0.1", master.port()).start();
             ReplicatedKeyspace sub = ReplicatedKeyspace.builder().name("st-sub").port(0)
                     .replicaOf("127.0.0.1", replica.port()).start()) {
            assertTrue(sub.awaitSynced(Duration.ofSeconds(20)));
            try (RawClient sentinel = RawClient.connect("127.0.0.1", replica.port());
                 RawClient normal = RawClient.connect("127.0.0.1", replica.port());
                 RawClient subscriber = RawClient.connect("127.0.0.1", replica.port())) {
                normal.command("PING");
                assertEquals("+PONG\r\n", normal.readLine());
                subscriber.command("SUBSCRIBE", "__sentinel__:hello");
                subscriber.readLike("*3\r\n$9\r\nsubscribe\r\n$18\r\n__sentinel__:hello\r\n:1\r\n");
                sentinel.send(PROMOTE);
                String expected = "+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n"
                        + "*4\r\n+OK\r\n-ERR The server is running without a config file\r\n:1\r\n:1\r\n+PONG\r\n";
                assertEquals(expected, sentinel.readLike(expected));
                assertEquals(Role.MASTER, replica.role());
                assertTrue(normal.closedByPeer());
                assertTrue(subscriber.closedByPeer());
                // The chained replica's link (a replication link, not a normal client) survives and follows.
                replica.set("after", "promotion");
                await().atMost(Duration.ofSeconds(20)).until(() -> "promotion".equals(sub.get("after")));
            }
        }
    }
}
