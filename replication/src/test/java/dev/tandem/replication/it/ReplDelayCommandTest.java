/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code REPLDELAY} over RESP on a real TCP node. Applying is paused before anything is written,
 * so what is pending does not depend on time (due times are tested on the simulation's clock in
 * {@code DelayedReplicaTest}).
 */
class ReplDelayCommandTest {

    @TempDir
    Path spillDir;

    @Test
    void theSubcommandsAndTheirErrors() throws Exception {
        // No heartbeat PINGs (each would be a pending unit too).
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("repl-ping-replica-period", "3600").start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().replicaDelaySpillDirectory(spillDir)
                     .replicaOf("127.0.0.1", master.port()).start();
             RespClient client = RespClient.connect("127.0.0.1", replica.port());
             RespClient onMaster = RespClient.connect("127.0.0.1", master.port())) {
            assertTrue(replica.awaitSynced(Duration.ofSeconds(10)));
            // Undelayed first, so the master's SELECT is applied; then delayed by an hour, paused.
            onMaster.call("SET", "warm", "up");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "up".equals(client.callString("GET", "warm")));
            assertEquals("OK", client.call("CONFIG", "SET", "replica-delay", "3600000"));
            assertEquals("OK", client.call("REPLDELAY", "PAUSE"));
            onMaster.call("SET", "a", "1");
            onMaster.call("SET", "big", "v".repeat(100));
            onMaster.call("FLUSHALL");
            onMaster.call("SET", "b", "2");
            // WAIT counts the paused replica: it acknowledges what it received (REPLCONF GETACK is
            // answered on arrival, not when the unit is applied).
            assertEquals(1L, onMaster.call("WAIT", "1", "5000"));

            long masterOffset = master.masterReplOffset();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> replica.delayedReplication().status().receivedOffset() == masterOffset);

            List<?> status = (List<?>) client.call("REPLDELAY", "STATUS");
            assertEquals("delay-ms", text(status.get(0)));
            assertEquals(3_600_000L, status.get(1));
            assertEquals("paused", text(status.get(2)));
            assertEquals(1L, status.get(3));
            assertEquals(masterOffset, status.get(7)); // received-offset
            assertEquals(5L, status.get(9)); // pending-units: the four writes and WAIT's GETACK

            List<?> pending = (List<?>) client.call("REPLDELAY", "PENDING");
            assertEquals(5, pending.size());
            List<?> first = (List<?>) pending.get(0);
            long firstStart = (Long) first.get(0);
            assertEquals(replica.masterReplOffset() + 1, firstStart);
            assertTrue((Long) first.get(1) > 1_700_000_000_000L, "receive time in Unix ms");
            assertEquals(0L, first.get(2));
            assertEquals(List.of("SET", "a", "1"), texts((List<?>) first.get(3)));
            List<?> big = (List<?>) ((List<?>) pending.get(1)).get(3);
            assertEquals("v".repeat(64) + "...(100 bytes)", text(big.get(2)), "long arguments are truncated");
            List<?> flush = (List<?>) pending.get(2);
            assertEquals(List.of("FLUSHALL"), texts((List<?>) flush.get(3)));
            long flushAt = (Long) flush.get(0);
            assertEquals(1, ((List<?>) client.call("REPLDELAY", "PENDING", "COUNT", "1", "FROM", Long.toString(flushAt))).size());
            assertEquals(List.of("FLUSHALL"), texts((List<?>) ((List<?>) ((List<?>) client.call("REPLDELAY",
                    "PENDING", "COUNT", "1", "FROM", Long.toString(flushAt))).get(0)).get(3)));

            // Bad input: clear errors, nothing applied.
            assertError(client, "ERR unknown subcommand 'NOPE'. Try REPLDELAY HELP.", "REPLDELAY", "NOPE");
            assertError(client, "ERR wrong number of arguments for 'repldelay|skip' command", "REPLDELAY", "SKIP");
            assertError(client, "ERR wrong number of arguments for 'repldelay' command", "REPLDELAY");
            assertError(client, "ERR no pending unit starts at offset " + (flushAt + 1), "REPLDELAY", "SKIP",
                    Long.toString(flushAt + 1));
            assertError(client, "ERR value is not an integer or out of range", "REPLDELAY", "SKIP", "x");
            assertError(client, "ERR COUNT must be between 1 and 10000", "REPLDELAY", "PENDING", "COUNT", "0");
            assertError(client, "ERR syntax error", "REPLDELAY", "PENDING", "LIMIT", "1");
            assertError(client, "ERR syntax error", "REPLDELAY", "APPLY-UNTIL", "TIME");
            long applied = replica.masterReplOffset();
            assertError(client, "ERR offset " + applied + " is not after the applied offset " + applied
                    + ": every unit before it is applied already", "REPLDELAY", "APPLY-UNTIL", Long.toString(applied));
            assertEquals(5L, replica.delayedReplication().status().pendingUnits());

            // The recipe's step: apply up to the FLUSHALL.
            assertEquals(2L, client.call("REPLDELAY", "APPLY-UNTIL", Long.toString(flushAt)));
            assertEquals("1", client.callString("GET", "a"));
            assertEquals(flushAt - 1, replica.masterReplOffset());
            String info = client.callString("INFO", "replication");
            assertTrue(info.contains("slave_apply_offset:" + (flushAt - 1) + "\r\n"), info);
            assertTrue(info.contains("slave_repl_offset:" + masterOffset + "\r\n"), info);
            assertTrue(info.contains("delayed_units:3\r\n"), info);
            assertTrue(info.contains("replica_delay_paused:1\r\n"), info);
            assertTrue(info.contains("replica_delay:3600000\r\n"), info);

            assertEquals(List.of("replica-delay", "3600000"), texts((List<?>) client.call("CONFIG", "GET", "replica-delay")));
            assertError(client, "ERR CONFIG SET failed (possibly related to argument 'replica-delay') - argument must be "
                    + "between 0 and 2592000000 inclusive", "CONFIG", "SET", "replica-delay", "-5");
            assertInstanceOf(List.class, client.call("REPLDELAY", "HELP"));
            assertEquals("OK", client.call("REPLDELAY", "RESUME"));
        }
    }

    private static void assertError(RespClient client, String expected, String... argv) throws Exception {
        Object reply = client.call(argv);
        assertInstanceOf(RespClient.ErrorReply.class, reply, () -> String.join(" ", argv) + " -> " + reply);
        assertEquals(expected, ((RespClient.ErrorReply) reply).text());
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static List<String> texts(List<?> items) {
        return items.stream().map(ReplDelayCommandTest::text).toList();
    }
}
