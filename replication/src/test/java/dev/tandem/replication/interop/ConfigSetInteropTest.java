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
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code CONFIG SET} of replication directives sent to a real redis-server 7.0 and to a Tandem
 * node side by side: the same replies (errors word for word) and the same {@code CONFIG GET}
 * afterwards.
 */
@Tag("interop")
@RequiresRedis
class ConfigSetInteropTest {

    private static final List<List<String>> CASES = List.of(
            List.of("databases", "4"),
            List.of("repl-timeout", "0"),
            List.of("repl-timeout", "soon"),
            List.of("repl-timeout", "30"),
            List.of("repl-backlog-size", "-1"),
            List.of("repl-backlog-size", "0"),
            List.of("repl-backlog-size", "1k"),
            List.of("slave-read-only", "maybe"),
            List.of("slave-read-only", "no"),
            List.of("repl-diskless-load", "sometimes"),
            List.of("repl-diskless-load", "swapdb"),
            List.of("replica-announce-port", "65536"),
            List.of("slave-priority", "5"),
            List.of("client-output-buffer-limit", "replica 1mb 2mb"),
            List.of("client-output-buffer-limit", "replica 1mb 512kb 10"),
            List.of("masterauth", "s3cret"),
            List.of("repl-backlog-ttl", "-1"),
            List.of("hash-max-listpack-entries", "-1"),
            List.of("hash-max-listpack-entries", "128"),
            List.of("hash-max-ziplist-entries", "64"),
            List.of("hash-max-listpack-value", "1k"),
            List.of("hash-max-listpack-value", "abc"),
            List.of("hash-max-ziplist-value", "32"),
            List.of("set-max-intset-entries", "10"),
            List.of("zset-max-listpack-entries", "0"),
            List.of("zset-max-ziplist-entries", "7"),
            List.of("zset-max-ziplist-value", "16"),
            List.of("list-max-listpack-size", "-3"),
            List.of("list-max-ziplist-size", "100"),
            List.of("list-compress-depth", "-1"),
            List.of("list-compress-depth", "1"));

    @Test
    void repliesAndValuesMatchRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient real = redis.client();
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient tandem = Interop.client(node)) {
            for (List<String> c : CASES) {
                String what = "CONFIG SET " + String.join(" ", c);
                assertEquals(Interop.utf8(real.call("CONFIG", "SET", c.get(0), c.get(1))),
                        Interop.utf8(tandem.call("CONFIG", "SET", c.get(0), c.get(1))), what);
                assertEquals(flatten(real.call("CONFIG", "GET", c.get(0))), flatten(tandem.call("CONFIG", "GET", c.get(0))),
                        "CONFIG GET after " + what);
            }
        }
    }

    /** CONFIG SET of a threshold through the RESP server changes what later writes produce. */
    @Test
    void thresholdsSetAtRunTimeChangeLaterEncodings() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient real = redis.client();
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient tandem = Interop.client(node)) {
            String[][] script = {
                {"HSET", "h", "a", "1", "b", "2"}, {"CONFIG", "SET", "hash-max-listpack-entries", "2"},
                {"HSET", "h2", "a", "1", "b", "2"}, {"HSET", "h", "c", "3"},
                {"CONFIG", "SET", "hash-max-listpack-entries", "512"}, {"HDEL", "h", "c"},
                {"CONFIG", "SET", "zset-max-ziplist-value", "3"}, {"ZADD", "z", "1", "abcd"}, {"ZADD", "z2", "1", "abc"},
                {"CONFIG", "SET", "set-max-intset-entries", "1"}, {"SADD", "s", "1"}, {"SADD", "s", "2"},
            };
            for (String[] c : script) {
                assertEquals(Interop.utf8(real.call(c)), Interop.utf8(tandem.call(c)), String.join(" ", c));
                for (String key : new String[] {"h", "h2", "z", "z2", "s"}) {
                    assertEquals(Interop.utf8(real.call("OBJECT", "ENCODING", key)),
                            Interop.utf8(tandem.call("OBJECT", "ENCODING", key)), key + " after " + String.join(" ", c));
                }
            }
        }
    }

    private static List<String> flatten(Object reply) {
        List<?> items = reply instanceof RespClient.MapReply m ? m.keysAndValues() : (List<?>) reply;
        return items.stream().map(Interop::utf8).toList();
    }
}
