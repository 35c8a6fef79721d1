/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.testing.Workloads;
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

/** A real {@code redis-server --replicaof} a Tandem master reaches the same DEBUG DIGEST. */
@Tag("interop")
@RequiresRedis
class RedisReplicaOfTandemTest {

    @Test
    void redisServerReplicatesFromTandem() throws Exception {
        List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().listener(events::add).start()) {
            Workloads.fill(master, 3_000, 11);
            try (RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()));
                 RespClient client = redis.client()) {
                awaitDigest(master, client);
                // The stream after the snapshot: writes in several dbs, expiries, MULTI units.
                for (int i = 0; i < 500; i++) {
                    master.database(i % 3).set("after" + i, "v" + i);
                    master.database(1).hset("h-after", "f" + i, Integer.toString(i));
                }
                master.database(2).execute("SET", "ttl", "x", "EX", "1000");
                master.execute("INCRBYFLOAT", "float", "1.5");
                awaitDigest(master, client);
                assertEquals(1, events.stream().filter(e -> e instanceof ReplicationEvent.ReplicaAttached a
                        && a.kind() == SyncKind.FULL).count());
                String info = client.callString("INFO", "replication");
                assertEquals(true, info.contains("master_link_status:up"), info);
            }
        }
    }

    private static void awaitDigest(ReplicatedKeyspace master, RespClient client) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Object digest = client.call("DEBUG", "DIGEST");
            String text = digest instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(digest);
            return text.equals(master.digest());
        });
    }
}
