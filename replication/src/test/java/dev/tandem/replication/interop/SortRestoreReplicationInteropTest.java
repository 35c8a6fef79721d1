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
 * SORT ... STORE and RESTORE over replication (issue #15): written on a real redis-server master
 * they are applied by a Tandem replica, written on a Tandem master by a real redis-server replica;
 * both pairs end on the same {@code DEBUG DIGEST}, and SORT_RO answers the same on both sides.
 * RESTORE takes the payload its master's DUMP just gave, so Redis's payloads replicate to Tandem
 * and Tandem's to Redis (a relative TTL travels as {@code ABSTTL}).
 */
@Tag("interop")
@RequiresRedis
class SortRestoreReplicationInteropTest {
    private static final int COMMANDS = 800;
    /** Marks a step that DUMPs a key on the master and RESTOREs the payload: {DUMP_RESTORE, src, dst, ttl, opts...}. */
    private static final String DUMP_RESTORE = "@dump-restore";

    @Test
    void tandemReplicaAppliesARedisMastersSortStoreAndRestore() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient master = redis.client()) {
            run(master, workload(1, 200));
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
                    .replicaOf("127.0.0.1", redis.port()).start();
                 RespClient replicaClient = Interop.client(replica)) {
                Interop.awaitSameDigest("after the full sync", () -> Interop.digest(master), replica::digest);
                run(master, workload(2, COMMANDS));
                Interop.awaitSameDigest("after the stream", () -> Interop.digest(master), replica::digest);
                assertSameReads(master, replicaClient);
            }
        }
    }

    @Test
    void redisReplicaAppliesATandemMastersSortStoreAndRestore() throws Exception {
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient master = Interop.client(tandem)) {
            run(master, workload(3, 200));
            try (RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(tandem.port()));
                 RespClient replica = redis.client()) {
                Interop.awaitSameDigest("after the full sync", tandem::digest, () -> Interop.digest(replica));
                run(master, workload(4, COMMANDS));
                Interop.awaitSameDigest("after the stream", tandem::digest, () -> Interop.digest(replica));
                assertSameReads(master, replica);
            }
        }
    }

    private static void run(RespClient client, List<String[]> commands) throws IOException {
        for (String[] argv : commands) {
            if (argv[0].equals(DUMP_RESTORE)) {
                Object payload = client.call("DUMP", argv[1]);
                if (!(payload instanceof byte[] bytes)) {
                    continue; // no such key
                }
                byte[][] restore = new byte[argv.length][];
                restore[0] = "RESTORE".getBytes();
                restore[1] = argv[2].getBytes();
                restore[2] = argv[3].getBytes();
                restore[3] = bytes;
                for (int i = 4; i < argv.length; i++) {
                    restore[i] = argv[i].getBytes();
                }
                client.call(restore);
            } else {
                client.call(argv); // error replies (BUSYKEY, WRONGTYPE, bad scores) are part of the mix
            }
        }
    }

    private static void assertSameReads(RespClient master, RespClient replica) throws IOException {
        for (String src : new String[] {"l0", "l1", "s0", "s1", "z0", "z1"}) {
            for (String[] read : List.of(
                    new String[] {"SORT_RO", src},
                    new String[] {"SORT_RO", src, "ALPHA", "DESC", "LIMIT", "1", "3"},
                    new String[] {"SORT_RO", src, "BY", "w_*", "GET", "#", "GET", "h_*->f"},
                    // ALPHA by a pattern leaves ties (and all missing values) in load order: a list's
                    // own order on both; a set's or sorted set's hash-table order differs.
                    src.startsWith("l") ? new String[] {"SORT_RO", src, "BY", "h_*->f", "ALPHA"}
                            : new String[] {"SORT_RO", src, "BY", "h_*->f"})) {
                assertEquals(RespClient.describe(master.call(read)), RespClient.describe(replica.call(read)),
                        String.join(" ", read));
            }
        }
    }

    /** A seeded mix over a few lists, sets and sorted sets of small numbers, weights and hashes. */
    static List<String[]> workload(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String num = Integer.toString(r.nextInt(-20, 40));
            String src = switch (r.nextInt(3)) {
                case 0 -> "l" + r.nextInt(2);
                case 1 -> "s" + r.nextInt(2);
                default -> "z" + r.nextInt(2);
            };
            String dst = "d" + r.nextInt(4);
            String[] sortOptions = switch (r.nextInt(7)) {
                case 0 -> new String[] {};
                case 1 -> new String[] {"DESC", "LIMIT", Integer.toString(r.nextInt(-1, 5)), Integer.toString(r.nextInt(-1, 6))};
                case 2 -> new String[] {"ALPHA"};
                case 3 -> new String[] {"BY", "w_*", "GET", "#", "GET", "h_*->f"};
                case 4 -> new String[] {"BY", "nosort"};
                case 5 -> new String[] {"BY", "h_*->f", "GET", "w_*"};
                default -> new String[] {"BY", "nosort", "DESC", "LIMIT", "1", "2"};
            };
            String list = "l" + r.nextInt(2);
            out.add(switch (r.nextInt(15)) {
                case 14 -> new String[] {"SORT", list, "BY", "h_*->f", "ALPHA", "GET", "w_*", "STORE", dst};
                case 0, 1 -> new String[] {"RPUSH", "l" + r.nextInt(2), num};
                case 2, 3 -> new String[] {"SADD", "s" + r.nextInt(2), num};
                case 4 -> new String[] {"ZADD", "z" + r.nextInt(2), Integer.toString(r.nextInt(100)), num};
                case 5 -> new String[] {"SET", "w_" + num, Integer.toString(r.nextInt(1000))};
                case 6 -> new String[] {"HSET", "h_" + num, "f", Integer.toString(r.nextInt(1000))};
                case 7, 8, 9 -> concat(new String[] {"SORT", src}, sortOptions, new String[] {"STORE", dst});
                case 10 -> new String[] {DUMP_RESTORE, src, "r" + r.nextInt(3), "0", "REPLACE"};
                case 11 -> new String[] {DUMP_RESTORE, dst, "r" + r.nextInt(3), Integer.toString(r.nextInt(1, 100_000_000)),
                        "REPLACE"};
                case 12 -> new String[] {DUMP_RESTORE, src, "r" + r.nextInt(3), "0"}; // BUSYKEY once it exists
                default -> new String[] {"LPOP", "l" + r.nextInt(2)};
            });
        }
        return out;
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }
}
