/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.Role;
import dev.tandem.replication.testing.ScriptedMaster;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.replication.spi.TransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 defect 3: a master answering {@code +FULLRESYNC zzzz notanumber} made the replica
 * adopt the blank id (40 zeros), after which {@code REPLICAOF NO ONE} failed with an internal
 * error and left ROLE saying master while writes were refused. Now the reply is a failed
 * attempt (retried with backoff, nothing adopted) and promotion works.
 */
class MalformedFullResyncTest {

    @Test
    void aMalformedFullResyncIsAFailedAttemptAndPromotionStillWorks() throws Exception {
        try (ScriptedMaster fake = ScriptedMaster.replyingToPsync("+FULLRESYNC zzzz notanumber\r\n$EOF:"
                + "a".repeat(40) + "\r\n");
                TcpTransport transport = TcpTransport.create(TransportOptions.defaults().withThreadNamePrefix("bad-fullresync"))) {
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("bad-fullresync").transport(transport)
                    .listen("127.0.0.1", 0).listener(events::add)
                    .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100))).build().start();
            try {
                node.set("mine", "1");
                ReplicationId before = node.replicationInfo().replid();
                node.replicaOf("127.0.0.1", fake.port());
                // Retried: several attempts reach PSYNC, each refused.
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fake.psyncs() >= 3);
                assertTrue(events.stream().anyMatch(e -> e instanceof ReplicationEvent.HandshakeFailed f
                        && f.reason().startsWith("Master replied with wrong +FULLRESYNC syntax: '+FULLRESYNC zzzz notanumber'")),
                        events.toString());
                assertTrue(events.stream().noneMatch(e -> e instanceof ReplicationEvent.SyncStarted), events.toString());
                assertEquals("1", node.get("mine"), "the data set was never touched");

                node.promote();
                assertEquals(Role.MASTER, node.role());
                assertEquals("master", node.replicationInfo().toString().lines()
                        .filter(l -> l.startsWith("role:")).findFirst().orElseThrow().substring(5));
                assertNotEquals(ReplicationId.NONE, node.replicationInfo().replid());
                assertEquals(before, node.replicationInfo().replid2(),
                        "the node's own history stays continuable, as after any promotion");
                node.set("after", "2");
                assertEquals("2", node.get("after"));
            } finally {
                node.close();
            }
        }
    }
}
