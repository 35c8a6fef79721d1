/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.WAIT;
import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.PubSubMessage;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.Subscription;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PUBLISH crosses implementations as it does between redis-server nodes: a Tandem master's
 * messages reach a subscriber of a {@code redis-server} replica, a {@code redis-server} master's
 * reach the subscribers of a Tandem replica (RESP2 and RESP3 through Lettuce, and the API), and
 * the data stream around them stays identical (digests). Subscribers are Lettuce's pub/sub
 * connections, a client independent of Tandem's codec.
 */
@Tag("interop")
@RequiresRedis
class PubSubInteropTest {

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void aTandemMastersMessagesReachASubscriberOfARedisReplica(ProtocolVersion protocol) throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("ps-tandem-master").port(0).start();
             RespClient m = Interop.client(master);
             RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                     Integer.toString(master.port()));
             RespClient r = replica.client()) {
            awaitLinkUp(r);
            List<String> received = new CopyOnWriteArrayList<>();
            RedisClient lettuce = subscriberClient(replica.port(), protocol);
            try (StatefulRedisPubSubConnection<String, String> sub = lettuce.connectPubSub()) {
                sub.addListener(listener(received));
                sub.sync().subscribe("news");
                sub.sync().psubscribe("n*");
                m.call("SET", "a", "1");
                assertEquals(0L, m.call("PUBLISH", "news", "from-resp"));
                assertEquals(0L, master.publish("news", "from-api"));
                m.call("SET", "b", "2");
                await().until(() -> received.size() == 4);
                assertEquals(List.of("news=from-resp", "n*:news=from-resp", "news=from-api", "n*:news=from-api"),
                        received);
                Interop.awaitSameDigest("around the messages", () -> Interop.digest(m), () -> Interop.digest(r));
            } finally {
                lettuce.shutdown();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void aRedisMastersMessagesReachSubscribersOfATandemReplica(ProtocolVersion protocol) throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start();
             RespClient m = master.client();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("ps-tandem-replica").port(0)
                     .replicaOf("127.0.0.1", master.port()).start();
             RespClient r = Interop.client(replica)) {
            assertTrue(replica.awaitSynced(WAIT));
            List<String> received = new CopyOnWriteArrayList<>();
            List<PubSubMessage> viaApi = new CopyOnWriteArrayList<>();
            RedisClient lettuce = subscriberClient(replica.port(), protocol);
            try (StatefulRedisPubSubConnection<String, String> sub = lettuce.connectPubSub();
                 Subscription api = replica.subscribe(viaApi::add, "news")) {
                sub.addListener(listener(received));
                sub.sync().subscribe("news");
                sub.sync().ssubscribe("news");
                m.call("SET", "a", "1");
                m.call("PUBLISH", "news", "hello");
                m.call("SPUBLISH", "news", "shard");
                m.call("MULTI");
                m.call("SET", "b", "2");
                m.call("PUBLISH", "news", "in-multi");
                m.call("EXEC");
                await().until(() -> received.size() == 3 && viaApi.size() == 2);
                assertEquals(List.of("news=hello", "s:news=shard", "news=in-multi"), received);
                assertEquals(List.of("hello", "in-multi"), viaApi.stream().map(PubSubMessage::text).toList());
                Interop.awaitSameDigest("around the messages", () -> Interop.digest(m), () -> Interop.digest(r));
                assertEquals("0", Interop.info(r, "stats").get("tandem_propagation_errors"),
                        "PUBLISH applies on the replica; it is not a propagation error");
            } finally {
                lettuce.shutdown();
            }
        }
    }

    private static RedisClient subscriberClient(int port, ProtocolVersion protocol) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        return client;
    }

    private static RedisPubSubAdapter<String, String> listener(List<String> received) {
        return new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received.add(channel + "=" + message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
                received.add(pattern + ":" + channel + "=" + message);
            }

            @Override
            public void smessage(String channel, String message) {
                received.add("s:" + channel + "=" + message);
            }
        };
    }
}
