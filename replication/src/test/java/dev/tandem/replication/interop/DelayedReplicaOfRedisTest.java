/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.DelayedReplication;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code redis-server} master feeding a delayed Tandem replica: the master sees the
 * replica acknowledge everything at once (INFO's slave offset, WAIT) while nothing is applied;
 * lowering the delay applies all of it (digest equal to the master's); and the recovery recipe
 * restores the data set recorded just before a {@code FLUSHALL}. The delay is an hour, so no
 * unit becomes due by itself during the test: what is applied is decided by the test alone.
 */
@Tag("interop")
@RequiresRedis
class DelayedReplicaOfRedisTest {

    @TempDir
    Path spillDir;

    @Test
    void aDelayedTandemReplicaOfRedisServer() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient client = redis.client()) {
            client.call("SET", "before-sync", "1");
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().replicaDelay(Duration.ofHours(1))
                    .replicaDelaySpillDirectory(spillDir).replicaOf("127.0.0.1", redis.port()).start()) {
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
                assertEquals(digest(client), replica.digest(), "the full sync loads at once");

                for (int i = 0; i < 200; i++) {
                    client.call("SET", "s" + i, "v" + i);
                    client.call("HSET", "h" + (i % 5), "f" + i, "x" + i);
                }
                client.call("MULTI");
                client.call("INCR", "tx");
                client.call("LPUSH", "txl", "a", "b");
                client.call("EXEC");
                // WAIT: redis-server asks with REPLCONF GETACK; the delayed replica answers with
                // what it received.
                assertEquals(1L, client.call("WAIT", "1", "10000"));
                long masterOffset = masterReplOffset(client);
                Interop.await().until(() -> replica.delayedReplication().status().receivedOffset() >= masterOffset);
                Interop.await().until(() -> slaveOffset(client) >= masterOffset);
                assertNotEquals(digest(client), replica.digest(), "nothing applied yet");
                assertTrue(replica.delayedReplication().status().pendingUnits() > 400);

                // Lower the delay to zero: everything pending is applied (within a cron tick).
                replica.reconfigure(Map.of("replica-delay", "0"));
                Interop.await().until(() -> digest(client).equals(replica.digest()));

                // The recovery recipe against a real master.
                replica.reconfigure(Map.of("replica-delay", "3600000"));
                for (int i = 0; i < 100; i++) {
                    client.call("SADD", "set" + (i % 7), Integer.toString(i));
                }
                client.call("SELECT", "3");
                client.call("SET", "in-db-3", "yes");
                client.call("SELECT", "0");
                String beforeMistake = digest(client);
                client.call("FLUSHALL");
                client.call("SET", "after", "1");
                long end = masterReplOffset(client);
                Interop.await().until(() -> replica.delayedReplication().status().receivedOffset() >= end);

                DelayedReplication delay = replica.delayedReplication();
                delay.pause();
                long flushAt = -1;
                for (DelayedReplication.PendingUnit unit : delay.pending(10_000, 0)) {
                    if (unit.commands().get(0).get(0).equalsIgnoreCase("flushall")) {
                        flushAt = unit.startOffset();
                    }
                }
                assertTrue(flushAt > 0, "the FLUSHALL is pending");
                delay.applyUntil(flushAt);
                replica.promote();
                assertEquals(beforeMistake, replica.digest());
                assertFalse(replica.replicationInfo().isReplica());
                assertEquals(0, delay.status().pendingUnits());
            }
        }
    }

    private static String digest(RespClient client) throws Exception {
        Object d = client.call("DEBUG", "DIGEST");
        return d instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(d);
    }

    private static long masterReplOffset(RespClient client) throws Exception {
        return Long.parseLong(field(client, "master_repl_offset"));
    }

    /** {@code slave0:ip=...,offset=N,lag=...}: the offset the replica acknowledged. */
    private static long slaveOffset(RespClient client) throws Exception {
        String slave0 = field(client, "slave0");
        for (String part : slave0.split(",")) {
            if (part.startsWith("offset=")) {
                return Long.parseLong(part.substring("offset=".length()));
            }
        }
        throw new AssertionError("no offset in " + slave0);
    }

    private static String field(RespClient client, String name) throws Exception {
        String info = client.callString("INFO", "replication");
        for (String line : List.of(info.split("\r\n"))) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + info);
    }
}
