/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code DEBUG SET-ACTIVE-EXPIRE 0|1} as Redis's test suite uses it: with the cycle off, an
 * expired key nobody reads stays in the table (DBSIZE counts it); back on, the cycle removes it.
 */
class DebugSetActiveExpireTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Test
    void theActiveExpiryCycleCanBeSwitchedOffAndOn() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", client.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            client.call("SET", "k", "v", "PX", "1");
            long setAt = System.nanoTime();
            // Many cron ticks (100 ms each) pass: the key stays while nothing reads it.
            Awaitility.await().atMost(AWAIT).until(() -> System.nanoTime() - setAt > 500_000_000L);
            assertEquals(1L, client.call("DBSIZE"));

            assertEquals("OK", client.call("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
            Awaitility.await().atMost(AWAIT).until(() -> Long.valueOf(0).equals(client.call("DBSIZE")));
        }
    }

    @Test
    void theArgumentIsReadAsCReadsItAndTheArityIsChecked() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", client.call("DEBUG", "SET-ACTIVE-EXPIRE", "nope")); // atoi: 0, off
            client.call("SET", "k", "v", "PX", "1");
            long setAt = System.nanoTime();
            Awaitility.await().atMost(AWAIT).until(() -> System.nanoTime() - setAt > 300_000_000L);
            assertEquals(1L, client.call("DBSIZE"));
            assertEquals(new RespClient.ErrorReply("ERR wrong number of arguments for 'debug|set-active-expire' command"),
                    client.call("DEBUG", "SET-ACTIVE-EXPIRE"));
        }
    }
}
