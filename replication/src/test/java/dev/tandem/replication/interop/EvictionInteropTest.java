/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.EvictionPolicy;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real {@code redis-server} 7.0 replica of a Tandem master that evicts: the evictions reach
 * it as {@code DEL}s (its own {@code replica-ignore-maxmemory yes} keeps it from evicting even
 * with the same {@code maxmemory}), and both end with the same digest. Then the OOM refusal and
 * the MEMORY / OBJECT answers side by side with a {@code redis-server} master.
 */
@Tag("interop")
@RequiresRedis
class EvictionInteropTest {
    private static final String VALUE = "v".repeat(500);

    @Test
    void redisReplicaFollowsTandemEvictions() throws Exception {
        // 2 MB: the 1 MB replication backlog counts toward maxmemory (as Redis's), 1 MB is left for data.
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("evicting-master")
                .maxMemory(2L << 20).maxMemoryPolicy(EvictionPolicy.ALLKEYS_LFU).start();
             RespClient m = Interop.client(master);
             RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                     Integer.toString(master.port()), "--maxmemory", "1mb", "--maxmemory-policy", "allkeys-lfu");
             RespClient r = replica.client()) {
            awaitLinkUp(r);
            for (int i = 0; i < 5000; i++) {
                assertEquals("OK", Interop.utf8(m.call("SET", "key:" + i, VALUE)));
                if (i % 7 == 0) {
                    m.call("GET", "key:" + (i / 2));
                }
            }
            assertTrue(infoLong(m, "stats", "evicted_keys") > 2000);
            awaitSameDigest("after the evictions", () -> digest(m), () -> digest(r));
            assertEquals(0, infoLong(r, "stats", "evicted_keys"), "the Redis replica only applied DELs");
            assertEquals(m.call("DBSIZE"), r.call("DBSIZE"));
        }
    }

    @Test
    void oomRefusalAndObjectAnswersMatchRedis() throws Exception {
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().name("oom").start();
             RespClient t = Interop.client(tandem);
             RedisServerProcess redis = RedisServerProcess.start();
             RespClient r = redis.client()) {
            for (RespClient c : List.of(t, r)) {
                c.call("SET", "k", "v");
                c.call("CONFIG", "SET", "maxmemory", "1");
            }
            for (List<String> cmd : List.of(List.of("SET", "x", "y"), List.of("RPUSH", "l", "a"), List.of("GET", "k"),
                    List.of("OBJECT", "FREQ", "k"), List.of("MEMORY", "USAGE", "nokey"), List.of("MEMORY", "FOO"),
                    List.of("MEMORY", "USAGE", "k", "SAMPLES"), List.of("DEL", "k"))) {
                String[] argv = cmd.toArray(new String[0]);
                assertEquals(render(r.call(argv)), render(t.call(argv)), String.join(" ", cmd));
            }
            for (RespClient c : List.of(t, r)) {
                c.call("CONFIG", "SET", "maxmemory", "0");
                c.call("CONFIG", "SET", "maxmemory-policy", "volatile-lfu");
                c.call("SET", "k", "v");
            }
            for (List<String> cmd : List.of(List.of("OBJECT", "IDLETIME", "k"), List.of("OBJECT", "FREQ", "k"),
                    List.of("CONFIG", "GET", "maxmemory-policy"), List.of("CONFIG", "SET", "maxmemory-policy", "x"),
                    List.of("CONFIG", "SET", "maxmemory", "1gbx"), List.of("CONFIG", "GET", "maxmemory-samples"))) {
                String[] argv = cmd.toArray(new String[0]);
                assertEquals(render(r.call(argv)), render(t.call(argv)), String.join(" ", cmd));
            }
        }
    }

    private static String render(Object reply) {
        if (reply instanceof List<?> items) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : items) {
                sb.append(render(item)).append(',');
            }
            return sb.append(']').toString();
        }
        return Interop.utf8(reply);
    }
}
