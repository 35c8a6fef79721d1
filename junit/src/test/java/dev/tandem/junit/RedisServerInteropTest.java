/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code redisServer = MASTER | REPLICA}: a real redis-server beside the Tandem nodes, in the
 * convergence check. Skipped (visibly) without redis-server on the PATH; failed under CI=true.
 */
@Tag("interop")
class RedisServerInteropTest {

    @Test
    @TandemCluster(replicas = 1, transport = TandemCluster.Transport.TCP, redisServer = TandemCluster.RedisServer.REPLICA)
    void aRedisServerReplicaOfTheTandemMasterConverges(TestCluster cluster) throws Exception {
        cluster.master().set("k", "v");
        cluster.master().rpush("list", "a", "b", "c");
        cluster.awaitConverged(); // the Tandem replica and the redis-server: same offset and DEBUG DIGEST
        try (RespClient redis = cluster.redis().client()) {
            assertEquals("v", redis.text("GET", "k"));
            assertEquals(3, redis.integer("LLEN", "list"));
        }
    }

    @Test
    @TandemCluster(replicas = 2, transport = TandemCluster.Transport.TCP, redisServer = TandemCluster.RedisServer.MASTER,
            masterConfig = "repl-backlog-size 1mb")
    void tandemReplicasOfARedisServerMasterResumeWithPartialResyncAfterACut(TestCluster cluster) throws Exception {
        assertEquals("the master of this cluster is a redis-server (redisServer = MASTER): use redis()",
                assertThrows(IllegalStateException.class, cluster::master).getMessage());
        try (RespClient redis = cluster.redis().client()) {
            redis.command("SET", "before", "1");
            cluster.awaitConverged();

            cluster.link(0).cut();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !cluster.replica(0).replicationInfo().masterLink().linkUp());
            redis.command("SET", "during", "2");
            cluster.link(0).heal();
            cluster.awaitConverged();
            assertEquals("2", cluster.replica(0).get("during"));
            assertEquals("2", cluster.replica(1).get("during"));
            // redis-server answered +CONTINUE.
            assertEquals(1, cluster.events(cluster.replica(0), ReplicationEvent.SyncCompleted.class).stream()
                    .filter(e -> e.kind() == SyncKind.PARTIAL).count());
            assertEquals("1048576", new String((byte[]) redis.array("CONFIG", "GET", "repl-backlog-size").get(1),
                    java.nio.charset.StandardCharsets.UTF_8), "masterConfig reached the redis-server");
        }
    }
}
