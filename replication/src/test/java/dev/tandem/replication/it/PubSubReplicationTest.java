/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.PubSubMessage;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * PUBLISH travels the replication stream as in Redis 7.0: a master's messages reach the
 * subscribers of its replicas and of a replica's replica (API listeners and RESP clients), a
 * replica's own PUBLISH stays local, and the API's subscriptions count like any subscriber.
 */
class PubSubReplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aMastersMessagesReachSubscribersDownTheChainAndAReplicasStayLocal() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("ps-master").port(0).start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("ps-replica").port(0)
                     .replicaOf("127.0.0.1", master.port()).start()) {
            assertTrue(replica.awaitSynced(WAIT));
            try (ReplicatedKeyspace chained = ReplicatedKeyspace.builder().name("ps-chained").port(0)
                    .replicaOf("127.0.0.1", replica.port()).start()) {
                assertTrue(chained.awaitSynced(WAIT));
                List<PubSubMessage> onMaster = new CopyOnWriteArrayList<>();
                List<PubSubMessage> onReplica = new CopyOnWriteArrayList<>();
                List<PubSubMessage> onChained = new CopyOnWriteArrayList<>();
                try (Subscription m = master.subscribe(onMaster::add, "news");
                     Subscription r = replica.psubscribe(onReplica::add, "n*");
                     Subscription c = chained.subscribe(onChained::add, "news")) {
                    assertEquals(1, master.publish("news", "one"));
                    await().atMost(WAIT).until(() -> onChained.size() == 1 && onReplica.size() == 1);
                    assertEquals("one", onChained.get(0).text());
                    assertEquals(Optional.of("n*"), onReplica.get(0).pattern());
                    assertEquals("news", onReplica.get(0).channel());

                    // A replica publishes locally only (Redis feeds replicas from a master only),
                    // and a read-only replica may publish: PUBLISH is not a write.
                    assertEquals(1, replica.publish("news", "local"));
                    await().atMost(WAIT).until(() -> onReplica.size() == 2);
                    assertEquals(1, master.publish("news", "two"));
                    await().atMost(WAIT).until(() -> onChained.size() == 2);
                    assertEquals(List.of("one", "two"), onChained.stream().map(PubSubMessage::text).toList());
                    assertEquals(List.of("one", "two"), onMaster.stream().map(PubSubMessage::text).toList());
                    // The PUBLISH bytes count in every offset down the chain.
                    await().atMost(WAIT).until(() -> master.replicationInfo().masterReplOffset()
                            == chained.replicationInfo().masterReplOffset());
                }
                assertFalse(master.publish("news", "nobody") > 0, "closed subscriptions no longer receive");
            }
        }
    }

    @Test
    void respSubscribersOfAReplicaGetTheMastersMessagesAndTheApiCountsAsASubscriber() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("ps-m2").port(0).start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("ps-r2").port(0)
                     .replicaOf("127.0.0.1", master.port()).start();
             Jedis publisher = new Jedis("127.0.0.1", master.port());
             Jedis subscriber = new Jedis("127.0.0.1", replica.port())) {
            assertTrue(replica.awaitSynced(WAIT));
            List<String> received = new CopyOnWriteArrayList<>();
            JedisPubSub listener = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    received.add(channel + "=" + message);
                    if (message.equals("last")) {
                        unsubscribe();
                    }
                }
            };
            Thread t = new Thread(() -> subscriber.subscribe(listener, "events"), "jedis-subscriber");
            t.start();
            try (Jedis admin = new Jedis("127.0.0.1", replica.port())) {
                await().atMost(WAIT).until(() -> admin.pubsubNumSub("events").get("events") == 1L);
            }
            publisher.publish("events", "first");
            publisher.set("k", "v");
            publisher.publish("events", "last");
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive());
            assertEquals(List.of("events=first", "events=last"), received);
            assertEquals("v", replica.get("k"));

            try (Subscription s = master.subscribe(m -> { }, "api")) {
                assertEquals(1, publisher.publish("api", "x"));
                assertEquals(List.of("api", "1"), publisher.pubsubNumSub("api").entrySet().stream()
                        .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue().toString())).toList());
            }
            assertEquals(0, publisher.publish("api", "x"));
        }
        ReplicatedKeyspace closed = ReplicatedKeyspace.builder().name("ps-closed").port(0).start();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.publish("a", "b"));
        assertThrows(IllegalStateException.class, () -> closed.subscribe(m -> { }, "a"));
    }
}
