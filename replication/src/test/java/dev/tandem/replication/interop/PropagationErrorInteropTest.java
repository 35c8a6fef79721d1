/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real redis-server master writes a command Tandem does not have ({@code RESTORE-ASKING},
 * cluster.c's RESTORE for a slot being imported, which a standalone Redis serves and propagates
 * as it is): the Tandem replica does not diverge silently. It reports the failure, re-syncs in
 * full (the RDB carries the restored key), and ends with the master's digest. The failing command
 * is not replayed by the full sync, so there is no loop; a later one costs one more full sync.
 */
@Tag("interop")
@RequiresRedis
class PropagationErrorInteropTest {

    @Test
    void aCommandTandemCannotApplyTriggersAFullResyncThatConverges() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient m = redis.client()) {
            m.call("SET", "before", "1");
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("tandem-replica")
                    .listener(events::add).replicaOf("127.0.0.1", redis.port()).start();
                 RespClient t = Interop.client(replica)) {
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)), "link up");
                assertEquals(1, infoLong(m, "stats", "sync_full"));

                // RESTORE-ASKING (of a DUMP payload) is a command Redis propagates as it is and
                // Tandem does not have; it used to be XADD, then RESTORE, which Tandem now applies.
                m.call("SET", "dumped", "value");
                byte[] payload = (byte[]) m.call("DUMP", "dumped");
                m.call("RESTORE-ASKING".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "restored".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[] {'0'}, payload);
                m.call("SET", "after", "2");
                awaitSameDigest("after RESTORE-ASKING and a full resync", () -> digest(m), replica::digest, () -> digest(t));
                Interop.await().until(() -> infoLong(m, "stats", "sync_full") == 2);
                assertTrue(events.stream().anyMatch(e -> e instanceof ReplicationEvent.ApplyFailed f
                        && f.command().equals("restore-asking")), events.toString());
                assertEquals(1, infoLong(t, "stats", "tandem_propagation_errors"));
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)), "link up again");

                // Nothing more fails: the stream goes on without further full syncs. PUBLISH
                // (propagated by Redis for subscribers) changes no data and is no divergence.
                m.call("PUBLISH", "channel", "message");
                m.call("SET", "later", "3");
                awaitSameDigest("after a plain write", () -> digest(m), replica::digest);
                assertEquals(2, infoLong(m, "stats", "sync_full"));
                assertEquals(1, infoLong(t, "stats", "tandem_propagation_errors"));
            }
        }
    }
}
