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
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HyperLogLog against a real redis-server 7.0 (issue #15): the same PFADD/PFCOUNT/PFMERGE/
 * PFDEBUG mix run on both gives the same replies and the same bytes ({@code GET}) for every HLL,
 * sparse, promoted to dense, merged or corrupt; a Redis master's HLLs reach a Tandem replica and
 * a Tandem master's reach a Redis replica with equal {@code DEBUG DIGEST}s. The digest covers the
 * cached cardinality in each value's header, so it also proves that PFCOUNT's cache refresh
 * travels as Redis sends it (PFCOUNT itself on the stream).
 */
@Tag("interop")
@RequiresRedis
class HyperLogLogReplicationInteropTest {
    private static final int KEYS = 6;

    @Test
    void sameCommandsGiveSameRepliesAndSameBytes() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient r = redis.client();
             ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient t = Interop.client(tandem)) {
            for (String[] argv : workload(21, 4000, true)) {
                assertEquals(render(r.call(argv)), render(t.call(argv)), String.join(" ", argv));
            }
            for (int k = 0; k < KEYS; k++) {
                String key = "hll" + k;
                for (String[] read : List.of(new String[] {"GET", key},
                        new String[] {"PFCOUNT", key}, new String[] {"GET", key},
                        new String[] {"PFCOUNT", key, "hll" + ((k + 1) % KEYS), "missing"})) {
                    assertEquals(render(r.call(read)), render(t.call(read)), String.join(" ", read));
                }
            }
            assertEquals(Interop.digest(r), tandem.digest());
        }
    }

    @Test
    void tandemReplicaAppliesARedisMastersHyperLogLogs() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient master = redis.client()) {
            run(master, workload(1, 500, false)); // these travel in the full sync's RDB
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
                    .replicaOf("127.0.0.1", redis.port()).start();
                 RespClient replicaClient = Interop.client(replica)) {
                Interop.awaitSameDigest("after the full sync", () -> Interop.digest(master),
                        replica::digest);
                run(master, workload(2, 3000, false));
                Interop.awaitSameDigest("after the stream", () -> Interop.digest(master),
                        replica::digest);
                for (int k = 0; k < KEYS; k++) {
                    String[] get = {"GET", "hll" + k};
                    assertEquals(render(master.call(get)), render(replicaClient.call(get)));
                }
            }
        }
    }

    @Test
    void redisReplicaAppliesATandemMastersHyperLogLogs() throws Exception {
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient master = Interop.client(tandem)) {
            run(master, workload(3, 500, false));
            try (RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(tandem.port()));
                 RespClient replica = redis.client()) {
                Interop.awaitSameDigest("after the full sync", tandem::digest,
                        () -> Interop.digest(replica));
                run(master, workload(4, 3000, false));
                Interop.awaitSameDigest("after the stream", tandem::digest,
                        () -> Interop.digest(replica));
                for (int k = 0; k < KEYS; k++) {
                    String[] get = {"GET", "hll" + k};
                    assertEquals(render(master.call(get)), render(replica.call(get)));
                }
            }
        }
    }

    /** Binary-safe: bulk strings as hex, everything else as the testkit describes it. */
    private static String render(Object reply) {
        if (reply instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        return RespClient.describe(reply);
    }

    private static void run(RespClient client, List<String[]> commands) throws IOException {
        for (String[] argv : commands) {
            client.call(argv); // error replies (WRONGTYPE, INVALIDOBJ) are part of the mix
        }
    }

    /**
     * A seeded mix over a few keys: additions small and large (so some HLLs cross
     * hll-sparse-max-bytes and turn dense), single-key counts (refreshing the cache), unions,
     * merges into new and existing keys, conversions, a plain string and, with {@code corrupt},
     * a corrupt HLL. (Not over replication: a PFADD that fails half-way keeps the elements added
     * before the corrupt part on the master and propagates nothing, so a Redis replica of a
     * Redis master diverges there too.)
     */
    static List<String[]> workload(long seed, int n, boolean corrupt) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"SET", "plain", "not an hll"});
        for (int i = 0; i < n; i++) {
            String key = "hll" + r.nextInt(KEYS);
            String other = r.nextInt(15) == 0 ? "plain" : "hll" + r.nextInt(KEYS);
            out.add(switch (r.nextInt(14)) {
                case 0, 1, 2, 3, 4 -> {
                    int count = r.nextInt(8) == 0 ? r.nextInt(50, 400) : r.nextInt(0, 6);
                    String[] argv = new String[2 + count];
                    argv[0] = "PFADD";
                    argv[1] = key;
                    for (int j = 0; j < count; j++) {
                        argv[2 + j] = "e" + r.nextInt(r.nextBoolean() ? 200 : 100_000);
                    }
                    yield argv;
                }
                case 5, 6 -> new String[] {"PFCOUNT", key};
                case 7 -> new String[] {"PFCOUNT", key, other};
                case 8 -> new String[] {"PFMERGE", key, other};
                case 9 -> new String[] {"PFMERGE", "merged" + r.nextInt(3), key, other};
                case 10 -> new String[] {"PFDEBUG", r.nextBoolean() ? "ENCODING" : "DECODE", key};
                case 11 -> r.nextInt(6) == 0 ? new String[] {"PFDEBUG", "TODENSE", key}
                        : new String[] {"PFCOUNT", "merged" + r.nextInt(3)};
                case 12 -> r.nextInt(10) == 0 ? new String[] {"DEL", key}
                        : new String[] {"PFADD", key, "x" + r.nextInt(50)};
                // A sparse header with a valid cache and four 'z' bytes (XZERO runs of 14971):
                // too many registers, but an element landing in the first run still fits.
                default -> !corrupt ? new String[] {"PFCOUNT", key, "missing"}
                        : r.nextInt(10) == 0 ? new String[] {"SET", "corrupt",
                        "HYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000zzzz"}
                        : new String[] {"PFADD", "corrupt", "c" + r.nextInt(40)};
            });
        }
        return out;
    }
}
