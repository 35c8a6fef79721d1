/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RawClient;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands across real redis-server processes: a Tandem master serves blocked clients and
 * propagates what Redis 7.0.15 propagates for them, so a redis-server replica ends with the same
 * {@code DEBUG DIGEST}; a Tandem replica (writable, as a Redis replica must be for BLPOP, which is
 * a write) wakes its blocked clients when a redis-server master's stream pushes, and a read-only
 * one refuses BLPOP with READONLY exactly as a read-only redis-server replica does.
 */
@Tag("interop")
@RequiresRedis
class BlockingCommandsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aTandemMastersServedPopsReplicateToARedisReplicaWithTheSameDigest() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start();
             RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                     Integer.toString(master.port()));
             RespClient replica = redis.client();
             RespClient admin = RespClient.connect("127.0.0.1", master.port())) {
            admin.call("SET", "seed", "1");
            awaitDigest(master::digest, replica);
            List<RawClient> clients = new ArrayList<>();
            try {
                RawClient blpop = blocked(clients, master.port(), "BLPOP", "none", "l1", "0");
                RawClient blmove = blocked(clients, master.port(), "BLMOVE", "l2", "l3", "RIGHT", "LEFT", "0");
                RawClient chained = blocked(clients, master.port(), "BLPOP", "l3", "0");
                RawClient brpoplpush = blocked(clients, master.port(), "BRPOPLPUSH", "l4", "l5", "0");
                RawClient blmpop = blocked(clients, master.port(), "BLMPOP", "0", "1", "l6", "LEFT", "COUNT", "2");
                RawClient bzpopmin = blocked(clients, master.port(), "BZPOPMIN", "z1", "0");
                RawClient bzmpop = blocked(clients, master.port(), "BZMPOP", "0", "1", "z2", "MAX", "COUNT", "9");
                RawClient timesOut = blocked(clients, master.port(), "BRPOP", "l1", "0.05");
                awaitBlocked(admin, 8);
                assertEquals("*-1\r\n", timesOut.readLike("*-1\r\n"));
                admin.call("RPUSH", "l1", "a", "b");
                admin.call("RPUSH", "l2", "c", "d");
                admin.call("RPUSH", "l4", "e");
                admin.call("RPUSH", "l6", "f", "g", "h");
                admin.call("ZADD", "z1", "1", "m1", "2", "m2");
                admin.call("ZADD", "z2", "1", "n1", "2.5", "n2", "3", "n3");
                expect(blpop, "*2\r\n$2\r\nl1\r\n$1\r\na\r\n");
                expect(blmove, "$1\r\nd\r\n");
                expect(chained, "*2\r\n$2\r\nl3\r\n$1\r\nd\r\n");
                expect(brpoplpush, "$1\r\ne\r\n");
                expect(blmpop, "*2\r\n$2\r\nl6\r\n*2\r\n$1\r\nf\r\n$1\r\ng\r\n");
                expect(bzpopmin, "*3\r\n$2\r\nz1\r\n$2\r\nm1\r\n$1\r\n1\r\n");
                expect(bzmpop, "*2\r\n$2\r\nz2\r\n*3\r\n*2\r\n$2\r\nn3\r\n$1\r\n3\r\n*2\r\n$2\r\nn2\r\n$3\r\n2.5\r\n"
                        + "*2\r\n$2\r\nn1\r\n$1\r\n1\r\n");
                // With data the blocking forms answer at once and propagate their rewritten forms.
                admin.call("BLPOP", "l1", "0");
                admin.call("BZPOPMAX", "z1", "0");
                admin.call("BLMOVE", "l6", "l7", "LEFT", "RIGHT", "0");
                admin.call("BLMPOP", "0", "2", "l5", "l9", "RIGHT", "COUNT", "5");
                awaitDigest(master::digest, replica);
                assertEquals("h", new String((byte[]) replica.call("LINDEX", "l7", "0"), StandardCharsets.UTF_8));
            } finally {
                clients.forEach(RawClient::close);
            }
        }
    }

    @Test
    void aRedisMastersPushesWakeClientsBlockedOnATandemReplica() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient master = redis.client();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().directive("replica-read-only", "no")
                     .replicaOf("127.0.0.1", redis.port()).start();
             RespClient replicaAdmin = RespClient.connect("127.0.0.1", replica.port());
             RawClient blocked = RawClient.connect("127.0.0.1", replica.port())) {
            master.call("SET", "seed", "1");
            awaitDigest(replica::digest, master);
            blocked.command("BLPOP", "q", "0");
            blocked.command("BZPOPMIN", "qz", "0"); // pipelined: runs once the first is served
            awaitBlocked(replicaAdmin, 1);
            master.call("RPUSH", "q", "from-master");
            expect(blocked, "*2\r\n$1\r\nq\r\n$11\r\nfrom-master\r\n");
            awaitBlocked(replicaAdmin, 1);
            master.call("ZADD", "qz", "7", "m");
            expect(blocked, "*3\r\n$2\r\nqz\r\n$1\r\nm\r\n$1\r\n7\r\n");

            // Read-only: BLPOP is a write, refused as by a read-only redis-server replica.
            try (RedisServerProcess redisReplica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(redis.port()));
                 RespClient redisReplicaClient = redisReplica.client()) {
                replicaAdmin.call("CONFIG", "SET", "replica-read-only", "yes");
                Object expected = redisReplicaClient.call("BLPOP", "q", "0");
                assertEquals(expected, replicaAdmin.call("BLPOP", "q", "0"));
                assertEquals("READONLY You can't write against a read only replica.",
                        ((RespClient.ErrorReply) expected).text());
            }
        }
    }

    private static RawClient blocked(List<RawClient> clients, int port, String... command) {
        RawClient c = RawClient.connect("127.0.0.1", port);
        clients.add(c);
        c.command(command);
        return c;
    }

    private static void expect(RawClient c, String bytes) {
        assertEquals(bytes, c.readLike(bytes));
    }

    private static void awaitBlocked(RespClient admin, int n) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> admin.callString("INFO", "clients").contains("blocked_clients:" + n + "\r\n"));
    }

    private static void awaitDigest(Supplier<String> tandemDigest, RespClient redis) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> digest(redis).equals(tandemDigest.get()));
    }

    private static String digest(RespClient client) throws IOException {
        Object digest = client.call("DEBUG", "DIGEST");
        return digest instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(digest);
    }
}
