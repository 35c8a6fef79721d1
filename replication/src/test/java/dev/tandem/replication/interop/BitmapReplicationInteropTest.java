/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bitmaps over replication (issue #15): SETBIT, BITOP and BITFIELD written on a real redis-server
 * master are applied by a Tandem replica, and written on a Tandem master are applied by a real
 * redis-server replica; both pairs end on the same {@code DEBUG DIGEST}, and the replica answers
 * the read commands (GETBIT, BITCOUNT, BITPOS, BITFIELD_RO) as the master does.
 *
 * <p>The mix leaves out one Redis 7.0 quirk on purpose: a BITFIELD whose only writes fail under
 * {@code OVERFLOW FAIL} creates its key on the master without propagating anything, so even a
 * Redis replica of a Redis master lacks that key.
 */
@Tag("interop")
@RequiresRedis
class BitmapReplicationInteropTest {
    private static final int COMMANDS = 1500;

    @Test
    void tandemReplicaAppliesARedisMastersBitmaps() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient master = redis.client()) {
            // Some bitmaps travel in the full sync's RDB, the rest on the command stream.
            run(master, workload(1, 300));
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
                    .replicaOf("127.0.0.1", redis.port()).start();
                 RespClient replicaClient = Interop.client(replica)) {
                Interop.awaitSameDigest("after the full sync", () -> Interop.digest(master),
                        replica::digest);
                run(master, workload(2, COMMANDS));
                Interop.awaitSameDigest("after the stream", () -> Interop.digest(master),
                        replica::digest);
                assertSameReads(master, replicaClient);
            }
        }
    }

    @Test
    void redisReplicaAppliesATandemMastersBitmaps() throws Exception {
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient master = Interop.client(tandem)) {
            run(master, workload(3, 300));
            try (RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(tandem.port()));
                 RespClient replica = redis.client()) {
                Interop.awaitSameDigest("after the full sync", tandem::digest,
                        () -> Interop.digest(replica));
                run(master, workload(4, COMMANDS));
                Interop.awaitSameDigest("after the stream", tandem::digest,
                        () -> Interop.digest(replica));
                assertSameReads(master, replica);
            }
        }
    }

    private static void run(RespClient client, List<String[]> commands) throws IOException {
        for (String[] argv : commands) {
            client.call(argv); // error replies (a WRONGTYPE, say) are part of the mix
        }
    }

    private static void assertSameReads(RespClient master, RespClient replica) throws IOException {
        for (int k = 0; k < 6; k++) {
            String key = "bm" + k;
            for (String[] read : List.of(
                    new String[] {"GET", key},
                    new String[] {"BITCOUNT", key},
                    new String[] {"BITCOUNT", key, "3", "-2", "BIT"},
                    new String[] {"BITPOS", key, "1"},
                    new String[] {"BITPOS", key, "0", "2", "-1", "BIT"},
                    new String[] {"GETBIT", key, "13"},
                    new String[] {"BITFIELD_RO", key, "GET", "i13", "5", "GET", "u63", "#1"})) {
                assertEquals(RespClient.describe(master.call(read)),
                        RespClient.describe(replica.call(read)), String.join(" ", read));
            }
        }
    }

    /** A seeded mix of bitmap writes over a few keys, some holding integers or other types. */
    static List<String[]> workload(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"SET", "bm5", "12345"});
        out.add(new String[] {"SADD", "notastring", "x"});
        for (int i = 0; i < n; i++) {
            String key = "bm" + r.nextInt(6);
            String other = r.nextInt(10) == 0 ? "notastring" : "bm" + r.nextInt(6);
            String type = (r.nextBoolean() ? "i" : "u") + r.nextInt(1, 64);
            String offset = r.nextInt(4) == 0 ? "#" + r.nextInt(20) : Integer.toString(r.nextInt(600));
            String value = Long.toString(r.nextInt(5) == 0 ? r.nextLong() : r.nextInt(-500, 500));
            out.add(switch (r.nextInt(12)) {
                case 0, 1, 2 -> new String[] {"SETBIT", key, Integer.toString(r.nextInt(r.nextBoolean() ? 64 : 20_000)),
                        Integer.toString(r.nextInt(2))};
                case 3 -> new String[] {"BITOP", r.nextBoolean() ? "AND" : "OR", key, other, "bm" + r.nextInt(6)};
                case 4 -> new String[] {"BITOP", r.nextBoolean() ? "XOR" : "NOT", key, other};
                case 5 -> new String[] {"BITOP", "AND", key, "missing" + r.nextInt(3)}; // deletes
                case 6, 7 -> new String[] {"BITFIELD", key, "OVERFLOW", r.nextBoolean() ? "WRAP" : "SAT",
                        "INCRBY", type, offset, value, "GET", type, offset};
                case 8 -> new String[] {"BITFIELD", key, "SET", type, offset, value};
                // A FAIL after a successful write: the key exists, so nothing goes unpropagated.
                case 9 -> new String[] {"BITFIELD", key, "SET", "u8", "0", "7", "OVERFLOW", "FAIL",
                        "INCRBY", type, offset, value};
                case 10 -> new String[] {"SET", key, Integer.toString(r.nextInt(-100, 100000))};
                default -> new String[] {"EXPIRE", key, "100000"};
            });
        }
        return out;
    }
}
