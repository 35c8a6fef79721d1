/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.PropagationErrorBehavior;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.spi.TransportOptions;
import dev.tandem.replication.testing.ScriptedMaster;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.testkit.RespClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: a command of the master's stream that fails on the replica (here one Tandem does
 * not know, from a scripted master) never goes unnoticed: an {@code ApplyFailed} event, a count in
 * {@code INFO stats}, and what {@code propagation-error-behavior} says — by default a full resync.
 */
class PropagationErrorTest {

    private static final String ID = "0123456789abcdef0123456789abcdef01234567";
    /** An RDB 9 with no keys (checksum 0: not checked, as Redis's rdbchecksum no). */
    private static final byte[] EMPTY_RDB = rdb(new byte[0]);
    /** An RDB 9 holding the string {@code k} = {@code v}. */
    private static final byte[] RDB_K = rdb(new byte[] {0, 1, 'k', 1, 'v'});
    private static final String STREAM = command("SET", "a", "1") + command("BOGUSCMD", "x") + command("SET", "b", "2");

    @Test
    void byDefaultTheReplicaBreaksTheLinkAndFullSyncs() throws Exception {
        try (ScriptedMaster fake = new ScriptedMaster(n -> n == 1
                ? fullSync(0, EMPTY_RDB, STREAM)
                : fullSync(100, RDB_K, command("SET", "c", "3")));
                TcpTransport transport = transport("resync")) {
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            ReplicatedKeyspace node = replica(transport, events, null);
            try {
                node.replicaOf("127.0.0.1", fake.port());
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "3".equals(node.get("c")));
                ReplicationEvent.ApplyFailed failed = events.stream()
                        .filter(ReplicationEvent.ApplyFailed.class::isInstance).map(ReplicationEvent.ApplyFailed.class::cast)
                        .findFirst().orElseThrow(() -> new AssertionError(events.toString()));
                assertEquals("boguscmd", failed.command());
                assertTrue(failed.error().startsWith("ERR unknown command 'BOGUSCMD'"), failed.error());
                assertEquals(PropagationErrorBehavior.RESYNC, failed.behavior());
                long streamBytes = (command("SET", "a", "1") + command("BOGUSCMD", "x")).length();
                assertEquals(streamBytes, failed.offset(), "the offset after the failed command");
                // The second attempt asked for a full sync, not for the bytes after the failure.
                assertEquals(List.of("PSYNC", "?", "-1"), fake.psyncCommands().get(1).subList(0, 3));
                // The data set is the master's second snapshot plus its stream; "b" (after the
                // failure) was never applied, "a" went with the replaced data set.
                assertEquals("v", node.get("k"));
                assertNull(node.get("a"));
                assertNull(node.get("b"));
                try (RespClient c = RespClient.connect("127.0.0.1", node.port())) {
                    assertTrue(c.callString("INFO", "stats").contains("\r\ntandem_propagation_errors:1\r\n"));
                }
            } finally {
                node.close();
            }
        }
    }

    @Test
    void aDelayedUnitThatFailsStopsApplyingDropsThePendingStreamAndResyncs() throws Exception {
        try (ScriptedMaster fake = new ScriptedMaster(n -> n == 1
                ? fullSync(0, EMPTY_RDB, STREAM)
                : fullSync(100, RDB_K, command("SET", "c", "3")));
                TcpTransport transport = transport("delayed")) {
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("delayed").transport(transport)
                    .listen("127.0.0.1", 0).listener(events::add).replicaDelay(Duration.ofHours(1))
                    .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                    .build().start();
            try {
                node.replicaOf("127.0.0.1", fake.port());
                // The whole stream is held: nothing fails while nothing is applied.
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> node.delayedReplication().status().pendingUnits() == 3);
                assertTrue(events.stream().noneMatch(ReplicationEvent.ApplyFailed.class::isInstance));
                // Delay 0: the units apply; BOGUSCMD fails, "b" after it is never applied, the
                // link breaks and the next sync is a full one.
                node.reconfigure(java.util.Map.of("replica-delay", "0"));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "3".equals(node.get("c")));
                ReplicationEvent.ApplyFailed failed = events.stream()
                        .filter(ReplicationEvent.ApplyFailed.class::isInstance).map(ReplicationEvent.ApplyFailed.class::cast)
                        .findFirst().orElseThrow(() -> new AssertionError(events.toString()));
                assertEquals("boguscmd", failed.command());
                // Applying stopped right after the failed unit ("b" was not applied before the resync).
                assertEquals((command("SET", "a", "1") + command("BOGUSCMD", "x")).length(), failed.offset());
                assertEquals(List.of("PSYNC", "?", "-1"), fake.psyncCommands().get(1).subList(0, 3));
                assertNull(node.get("b"));
                assertEquals("v", node.get("k"));
            } finally {
                node.close();
            }
        }
    }

    @Test
    void ignoreLogsAndGoesOnAsRedisDoes() throws Exception {
        try (ScriptedMaster fake = new ScriptedMaster(n -> fullSync(0, EMPTY_RDB, STREAM));
                TcpTransport transport = transport("ignore")) {
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            ReplicatedKeyspace node = replica(transport, events, "ignore");
            try {
                node.replicaOf("127.0.0.1", fake.port());
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "2".equals(node.get("b")));
                assertEquals("1", node.get("a"));
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e ->
                        e instanceof ReplicationEvent.ApplyFailed f && f.behavior() == PropagationErrorBehavior.IGNORE));
                assertEquals(1, fake.psyncs());
                assertTrue(node.replicationInfo().toString().contains("master_link_status:up"));
                try (RespClient c = RespClient.connect("127.0.0.1", node.port())) {
                    assertTrue(c.callString("INFO", "stats").contains("\r\ntandem_propagation_errors:1\r\n"));
                }
            } finally {
                node.close();
            }
        }
    }

    @Test
    void panicStopsTheLinkUntilReplicaofAndThenFullSyncs() throws Exception {
        try (ScriptedMaster fake = new ScriptedMaster(n -> n == 1
                ? fullSync(0, EMPTY_RDB, STREAM)
                : fullSync(100, RDB_K, ""));
                TcpTransport transport = transport("panic")) {
            List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
            ReplicatedKeyspace node = replica(transport, events, "panic");
            try {
                node.replicaOf("127.0.0.1", fake.port());
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events.stream()
                        .anyMatch(ReplicationEvent.LinkDown.class::isInstance));
                // Parked: no retry on its own, the data set as it was at the failure.
                Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                        .until(() -> fake.psyncs() == 1);
                assertEquals("1", node.get("a"));
                assertNull(node.get("b"));
                assertTrue(node.replicationInfo().toString().contains("master_link_status:down"));

                node.replicaOf("127.0.0.1", fake.port()); // the same master: retried, as a full sync
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "v".equals(node.get("k")));
                assertEquals(List.of("PSYNC", "?", "-1"), fake.psyncCommands().get(1).subList(0, 3));
                assertNull(node.get("a"));
            } finally {
                node.close();
            }
        }
    }

    /** A master that sends the failing command after every full sync costs a backoff each time, not a tight loop. */
    @Test
    void repeatedFailuresBackOff() throws Exception {
        try (ScriptedMaster fake = new ScriptedMaster(n -> fullSync(0, EMPTY_RDB, STREAM));
                TcpTransport transport = transport("loop")) {
            ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("loop").transport(transport)
                    .listen("127.0.0.1", 0)
                    .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400))).build().start();
            try {
                node.replicaOf("127.0.0.1", fake.port());
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fake.psyncs() >= 3);
                int before = fake.psyncs();
                // 100 + 200 + 400 ms, then 400 ms per attempt: about 4 attempts in 1.5 s, never dozens.
                Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                        .until(() -> fake.psyncs() - before <= 6);
            } finally {
                node.close();
            }
        }
    }

    @Test
    void theDirectiveIsConfigSettable() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().listen("127.0.0.1", 0).start();
                RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(List.of("propagation-error-behavior", "resync"),
                    utf8List(c.call("CONFIG", "GET", "propagation-error-behavior")));
            assertEquals("OK", c.callString("CONFIG", "SET", "propagation-error-behavior", "panic-on-replicas"));
            assertEquals(PropagationErrorBehavior.PANIC_ON_REPLICAS, node.config().propagationErrorBehavior());
            assertEquals("OK", c.callString("CONFIG", "SET", "propagation-error-behavior", "IGNORE"));
            assertEquals(PropagationErrorBehavior.IGNORE, node.config().propagationErrorBehavior());
            Object error = c.call("CONFIG", "SET", "propagation-error-behavior", "crash");
            assertEquals(new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument "
                    + "'propagation-error-behavior') - argument(s) must be one of the following: ignore, panic, "
                    + "panic-on-replicas, resync"), error);
        }
    }

    private static List<String> utf8List(Object reply) {
        List<?> items = reply instanceof RespClient.MapReply m ? m.keysAndValues() : (List<?>) reply;
        return items.stream().map(o -> new String((byte[]) o, StandardCharsets.UTF_8)).toList();
    }

    private static ReplicatedKeyspace replica(TcpTransport transport, List<ReplicationEvent> events, String behavior) {
        ReplicatedKeyspace.Builder b = ReplicatedKeyspace.builder().name("diverge").transport(transport)
                .listen("127.0.0.1", 0).listener(events::add)
                .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100)));
        if (behavior != null) {
            b.directive("propagation-error-behavior", behavior);
        }
        return b.build().start();
    }

    private static TcpTransport transport(String name) {
        return TcpTransport.create(TransportOptions.defaults().withThreadNamePrefix("propagation-" + name));
    }

    private static byte[] fullSync(long offset, byte[] rdb, String stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("+FULLRESYNC " + ID + " " + offset + "\r\n$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(rdb);
        out.writeBytes(stream.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] rdb(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("REDIS0009".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.write(0xff);
        out.writeBytes(new byte[8]);
        return out.toByteArray();
    }

    private static String command(String... argv) {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    @SuppressWarnings("unused")
    private static Function<Integer, byte[]> always(byte[] reply) {
        return n -> reply;
    }
}
