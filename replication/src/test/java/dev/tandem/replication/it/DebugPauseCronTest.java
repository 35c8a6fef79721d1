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
 * {@code DEBUG PAUSE-CRON 0|1} (Redis's server.pause_cron, used by Redis's own tests): while
 * paused, the node's cron does nothing — here seen through active expiry, which runs in it.
 */
class DebugPauseCronTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Test
    void thePausedCronDoesNotExpireKeys() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", client.call("DEBUG", "PAUSE-CRON", "1"));
            client.call("SET", "k", "v", "PX", "1");
            long setAt = System.nanoTime();
            // Several cron ticks (100 ms each) pass: the key stays while nothing reads it.
            Awaitility.await().atMost(AWAIT).until(() -> System.nanoTime() - setAt > 400_000_000L);
            assertEquals(1L, client.call("DBSIZE"));
            assertEquals("OK", client.call("DEBUG", "PAUSE-CRON", "0"));
            Awaitility.await().atMost(AWAIT).until(() -> Long.valueOf(0).equals(client.call("DBSIZE")));
            assertEquals(new RespClient.ErrorReply("ERR wrong number of arguments for 'debug|pause-cron' command"),
                    client.call("DEBUG", "PAUSE-CRON"));
        }
    }
}
