/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A Tandem replica of a real {@code redis-server} master reaches the same DEBUG DIGEST. */
@Tag("interop")
@RequiresRedis
class TandemReplicaOfRedisTest {

    @Test
    void tandemReplicatesFromRedisServer() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient client = redis.client()) {
            for (int i = 0; i < 300; i++) {
                client.call("SET", "s" + i, "v" + i);
                client.call("RPUSH", "l" + (i % 10), "e" + i);
                client.call("SADD", "set" + (i % 7), Integer.toString(i));
                client.call("HSET", "h" + (i % 5), "f" + i, "x" + i);
                client.call("ZADD", "z" + (i % 3), Integer.toString(i), "m" + i);
            }
            client.call("SELECT", "4");
            client.call("SET", "other-db", "yes", "EX", "1000");
            client.call("SELECT", "0");
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().listener(events::add)
                    .replicaOf("127.0.0.1", redis.port()).start()) {
                awaitDigest(replica, client);
                for (int i = 0; i < 200; i++) {
                    client.call("INCR", "counter");
                    client.call("LPUSH", "l1", "new" + i);
                }
                client.call("MULTI");
                client.call("SET", "tx1", "a");
                client.call("SET", "tx2", "b");
                client.call("EXEC");
                client.call("EXPIRE", "s1", "500");
                awaitDigest(replica, client);
                assertEquals(1, events.stream().filter(e -> e instanceof ReplicationEvent.SyncStarted s
                        && s.kind() == SyncKind.FULL).count());
            }
        }
    }

    private static void awaitDigest(ReplicatedKeyspace replica, RespClient client) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Object digest = client.call("DEBUG", "DIGEST");
            String text = digest instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(digest);
            return text.equals(replica.digest());
        });
    }
}
