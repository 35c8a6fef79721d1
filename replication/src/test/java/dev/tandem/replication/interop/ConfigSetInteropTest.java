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
            List.of("repl-backlog-ttl", "-1"));

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

    private static List<String> flatten(Object reply) {
        List<?> items = reply instanceof RespClient.MapReply m ? m.keysAndValues() : (List<?>) reply;
        return items.stream().map(Interop::utf8).toList();
    }
}
