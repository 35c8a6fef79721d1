/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.DisklessLoad;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.FaultProxy;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code CONFIG SET}/{@code CONFIG GET} of the replication directives at run time (and
 * {@link ReplicatedKeyspace#reconfigure}): every directive Redis 7.0 lets change, under its name
 * and its {@code slave-*} alias, Redis's error texts, and the new values taking effect.
 */
class ConfigSetTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * directive as set, value, canonical name, what CONFIG GET then answers, and where the node's
     * {@link ReplicatedKeyspace#config()} shows it.
     */
    static Stream<Arguments> roundTrips() {
        return Stream.of(
                row("masterauth", "s3cret", "masterauth", "s3cret", c -> c.masterauth().orElse("")),
                row("masteruser", "replicator", "masteruser", "replicator", c -> c.masteruser().orElse("")),
                row("replica-read-only", "no", "replica-read-only", "no", c -> c.replicaReadOnly()),
                row("slave-read-only", "no", "replica-read-only", "no", c -> c.replicaReadOnly()),
                row("replica-serve-stale-data", "no", "replica-serve-stale-data", "no", c -> c.replicaServeStaleData()),
                row("slave-serve-stale-data", "no", "replica-serve-stale-data", "no", c -> c.replicaServeStaleData()),
                row("repl-diskless-sync", "no", "repl-diskless-sync", "no", c -> c.replDisklessSync()),
                row("repl-diskless-sync-delay", "3", "repl-diskless-sync-delay", "3", c -> c.replDisklessSyncDelaySeconds()),
                row("repl-diskless-sync-max-replicas", "2", "repl-diskless-sync-max-replicas", "2",
                        c -> c.replDisklessSyncMaxReplicas()),
                row("repl-diskless-load", "swapdb", "repl-diskless-load", "swapdb", c -> c.replDisklessLoad()),
                row("repl-backlog-size", "2mb", "repl-backlog-size", "2097152", c -> c.replBacklogSize()),
                // Redis raises a backlog below 16 KB to 16 KB and CONFIG GET shows that.
                row("repl-backlog-size", "1k", "repl-backlog-size", "16384", c -> c.replBacklogSize()),
                row("repl-backlog-ttl", "120", "repl-backlog-ttl", "120", c -> c.replBacklogTtlSeconds()),
                row("repl-ping-replica-period", "3", "repl-ping-replica-period", "3", c -> c.replPingReplicaPeriodSeconds()),
                row("repl-ping-slave-period", "4", "repl-ping-replica-period", "4", c -> c.replPingReplicaPeriodSeconds()),
                row("repl-timeout", "30", "repl-timeout", "30", c -> c.replTimeoutSeconds()),
                row("client-output-buffer-limit", "replica 1mb 512kb 10", "client-output-buffer-limit",
                        "normal 0 0 0 slave 1048576 524288 10 pubsub 33554432 8388608 60",
                        c -> c.replicaOutputBufferLimit().hardLimitBytes() + " "
                                + c.replicaOutputBufferLimit().softLimitBytes() + " "
                                + c.replicaOutputBufferLimit().softLimitSeconds()),
                row("replica-announce-ip", "10.1.2.3", "replica-announce-ip", "10.1.2.3",
                        c -> c.replicaAnnounceIp().orElse("")),
                row("slave-announce-ip", "10.1.2.4", "replica-announce-ip", "10.1.2.4",
                        c -> c.replicaAnnounceIp().orElse("")),
                row("replica-announce-port", "7000", "replica-announce-port", "7000", c -> c.replicaAnnouncePort()),
                row("slave-announce-port", "7001", "replica-announce-port", "7001", c -> c.replicaAnnouncePort()),
                row("replica-priority", "7", "replica-priority", "7", c -> c.replicaPriority()),
                row("slave-priority", "8", "replica-priority", "8", c -> c.replicaPriority()),
                row("replica-announced", "no", "replica-announced", "no", c -> c.replicaAnnounced()),
                row("min-slaves-max-lag", "5", "min-replicas-max-lag", "5", c -> c.minReplicasMaxLagSeconds()),
                row(ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER, "yes", ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER,
                        "yes", c -> c.replicaAllowEmptyUnrelatedMaster()));
    }

    private static Arguments row(String directive, String value, String canonical, String expected,
            Function<ReplicationConfig, Object> accessor) {
        return Arguments.of(directive, value, canonical, expected, accessor);
    }

    @ParameterizedTest(name = "CONFIG SET {0} {1}")
    @MethodSource("roundTrips")
    void configSetThenGetShowsTheNewValueUnderBothNames(String directive, String value, String canonical,
            String expected, Function<ReplicationConfig, Object> accessor) throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            Object before = accessor.apply(node.config());
            assertEquals("OK", client.callString("CONFIG", "SET", directive, value));
            assertEquals(Map.of(directive, expected), configGet(client, directive));
            assertEquals(Map.of(canonical, expected), configGet(client, canonical));
            Object after = accessor.apply(node.config());
            assertTrue(!before.equals(after), directive + " unchanged in the node's config: " + after);
            // The API reads what CONFIG GET reads.
            assertEquals(expected, rendered(after, canonical), "node.config() after CONFIG SET " + directive);
        }
    }

    /** The accessor's value the way CONFIG GET renders it (yes/no, names, numbers). */
    private static String rendered(Object value, String canonical) {
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof DisklessLoad mode) {
            return mode.configName();
        }
        if (canonical.equals("client-output-buffer-limit")) {
            return "normal 0 0 0 slave " + value + " pubsub 33554432 8388608 60";
        }
        return value.toString();
    }

    @Test
    void aliasesAreListedByConfigGetLikeRedis() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            Map<String, String> slave = configGet(client, "slave-*");
            // As redis-server 7.0.15 lists them, slave-lazy-flush and slave-ignore-maxmemory included
            // (Redis's defaults: Tandem answers for every Redis directive, acting on them or not).
            assertEquals(Map.of("slave-read-only", "yes", "slave-serve-stale-data", "yes", "slave-announce-ip", "",
                    "slave-announce-port", "0", "slave-priority", "100", "slave-lazy-flush", "no",
                    "slave-ignore-maxmemory", "yes"), slave);
            Map<String, String> all = configGet(client, "*");
            assertEquals("10", all.get("repl-ping-slave-period"));
            assertEquals("0", all.get("min-slaves-to-write"));
            assertEquals("10", all.get("min-slaves-max-lag"));
            assertEquals("yes", all.get("replica-read-only"));
        }
    }

    /** Reasons as a real redis-server 7.0.15 gives them for the same CONFIG SET. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("databases", "4", "can't set immutable config"),
                Arguments.of("repl-timeout", "0", "argument must be between 1 and 2147483647 inclusive"),
                Arguments.of("repl-timeout", "abc", "argument couldn't be parsed into an integer"),
                Arguments.of("repl-backlog-size", "0", "argument must be between 1 and 9223372036854775807 inclusive"),
                Arguments.of("repl-backlog-size", "-1", "argument must be a memory value"),
                Arguments.of("replica-read-only", "maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("slave-read-only", "maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("repl-diskless-load", "foo",
                        "argument(s) must be one of the following: disabled, on-empty-db, swapdb"),
                Arguments.of("replica-announce-port", "70000", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("replica-priority", "-1", "argument must be between 0 and 2147483647 inclusive"),
                Arguments.of("repl-ping-replica-period", "0", "argument must be between 1 and 2147483647 inclusive"),
                Arguments.of("repl-diskless-sync-delay", "-1", "argument must be between 0 and 2147483647 inclusive"),
                Arguments.of("repl-backlog-ttl", "-5", "argument must be between 0 and 9223372036854775807 inclusive"),
                Arguments.of("client-output-buffer-limit", "slave 1 2",
                        "Wrong number of arguments in buffer limit configuration."),
                Arguments.of("replica-announced", "maybe", "argument must be 'yes' or 'no'"));
    }

    @ParameterizedTest(name = "CONFIG SET {0} {1}")
    @MethodSource("refusals")
    void refusalsUseRedisWordingAndChangeNothing(String directive, String value, String reason) throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            ReplicationConfig before = node.config();
            assertEquals(new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument '" + directive
                    + "') - " + reason), client.call("CONFIG", "SET", directive, value));
            assertEquals(before, node.config());
            if (!directive.equals("client-output-buffer-limit")) { // that one is the server's first
                ConfigException e = assertThrows(ConfigException.class, () -> node.reconfigure(directive, value));
                assertEquals(reason, e.reason());
            }
            assertEquals(before, node.config());
        }
    }

    @Test
    void reconfigureRefusesUnknownDirectives() {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().build()) {
            ConfigException e = assertThrows(ConfigException.class, () -> node.reconfigure("repl-nonsense", "1"));
            assertEquals("Unknown option or number of arguments for CONFIG SET - 'repl-nonsense'", e.reason());
        }
    }

    // ------------------------------------------------------------------ effects

    @Test
    void backlogSizeShrinksAndGrowsAtOnce() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", master.port())) {
            String value = "x".repeat(1000);
            for (int i = 0; i < 600; i++) {
                master.set("k" + i, value);
            }
            Map<String, String> info = info(client);
            assertEquals("1048576", info.get("repl_backlog_size"));
            long fullHistory = Long.parseLong(info.get("repl_backlog_histlen"));
            assertTrue(fullHistory > 500_000, "history before: " + fullHistory);

            assertEquals("OK", client.callString("CONFIG", "SET", "repl-backlog-size", "64kb"));
            info = info(client);
            assertEquals("65536", info.get("repl_backlog_size"));
            long trimmed = Long.parseLong(info.get("repl_backlog_histlen"));
            // Trimmed now, in whole chunks (64 KiB): at least the size kept, at most a chunk more.
            assertTrue(trimmed >= 65536 && trimmed <= 65536 + 65536, "history after shrinking: " + trimmed);
            assertEquals(Long.parseLong(info.get("master_repl_offset")),
                    Long.parseLong(info.get("repl_backlog_first_byte_offset")) + trimmed - 1);

            master.reconfigure("repl-backlog-size", "4mb");
            assertEquals("4194304", info(client).get("repl_backlog_size"));
            for (int i = 0; i < 2000; i++) {
                master.set("g" + i, value);
            }
            long grown = Long.parseLong(info(client).get("repl_backlog_histlen"));
            assertTrue(grown > 2_000_000, "the larger backlog keeps more history: " + grown);
            assertEquals(4194304, master.config().replBacklogSize());
        }
    }

    @Test
    void replicaReadOnlyNoAcceptsWritesOnTheReplica() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).start();
             RespClient client = RespClient.connect("127.0.0.1", c.replica(0).port())) {
            ReplicatedKeyspace replica = c.replica(0);
            assertEquals(new RespClient.ErrorReply("READONLY You can't write against a read only replica."),
                    client.call("SET", "local", "1"));
            assertEquals("OK", client.callString("CONFIG", "SET", "replica-read-only", "no"));
            assertEquals("OK", client.callString("SET", "local", "1"));
            replica.set("api", "2");
            assertEquals("1", replica.get("local"));
            assertEquals("2", replica.get("api"));

            replica.reconfigure("slave-read-only", "yes");
            assertEquals(new RespClient.ErrorReply("READONLY You can't write against a read only replica."),
                    client.call("SET", "local", "3"));
            assertEquals("yes", configGet(client, "replica-read-only").get("replica-read-only"));
        }
    }

    @Test
    void replicaServeStaleDataNoAnswersMasterdownWhileTheLinkIsDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", closedPort).start();
             RespClient client = RespClient.connect("127.0.0.1", replica.port())) {
            assertEquals(null, client.call("GET", "k"), "stale data is served by default");
            assertEquals("OK", client.callString("CONFIG", "SET", "replica-serve-stale-data", "no"));
            RespClient.ErrorReply masterdown = new RespClient.ErrorReply(
                    "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
            assertEquals(masterdown, client.call("GET", "k"));
            assertEquals(new Reply.ErrorReply(masterdown.text()), replica.execute(
                    "GET".getBytes(StandardCharsets.UTF_8), "k".getBytes(StandardCharsets.UTF_8)));
            replica.reconfigure("slave-serve-stale-data", "yes");
            assertEquals(null, client.call("GET", "k"));
        }
    }

    @Test
    void masterauthSetAtRunTimeIsUsedByTheNextHandshake() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached()
                .configureMaster(b -> b.directive("requirepass", "s3cret"))
                .configureReplicas(b -> b.directive("masterauth", "wrong"))
                .start();
             RespClient client = RespClient.connect("127.0.0.1", c.replica(0).port())) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            master.set("secret", "data");
            replica.replicaOf("127.0.0.1", master.port());
            Awaitility.await().atMost(WAIT)
                    .until(() -> c.count(replica, ReplicationEvent.HandshakeFailed.class) >= 1);
            assertEquals(null, replica.get("secret"));

            assertEquals("OK", client.callString("CONFIG", "SET", "masterauth", "s3cret"));
            assertTrue(replica.awaitSynced(WAIT), "the next attempt authenticates with the new password");
            assertEquals("data", replica.get("secret"));
        }
    }

    @Test
    void lowerReplTimeoutDropsASilentReplica() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached().start();
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", c.masterNode().port()))) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            replica.replicaOf("127.0.0.1", proxy.port());
            assertTrue(replica.awaitSynced(WAIT));
            Awaitility.await().atMost(WAIT).until(() -> c.count(master, ReplicationEvent.ReplicaOnline.class) == 1);

            proxy.stall(FaultProxy.Direction.UPSTREAM); // the replica's ACKs stop reaching the master
            master.reconfigure("repl-timeout", "1");
            Awaitility.await().atMost(WAIT).until(() -> c.count(master, ReplicationEvent.ReplicaDetached.class,
                    d -> d.reason().contains("timeout")) == 1);
            assertEquals(1, master.config().replTimeoutSeconds());
        }
    }

    @Test
    void requirepassIsTheServersAndShowsInTheNodeConfig() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient admin = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", admin.callString("CONFIG", "SET", "requirepass", "pw1"));
            assertEquals("pw1", node.config().requirepass().orElseThrow());
            try (RespClient other = RespClient.connect("127.0.0.1", node.port())) {
                assertEquals(new RespClient.ErrorReply("NOAUTH Authentication required."), other.call("GET", "k"));
                assertEquals("OK", other.callString("AUTH", "pw1"));
            }
            node.reconfigure("requirepass", "pw2");
            assertEquals(Map.of("requirepass", "pw2"), configGet(admin, "requirepass"));
            try (RespClient other = RespClient.connect("127.0.0.1", node.port())) {
                assertEquals("OK", other.callString("AUTH", "pw2"));
            }
            node.reconfigure("requirepass", "");
            assertTrue(node.config().requirepass().isEmpty());
        }
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, String> configGet(RespClient client, String pattern) throws IOException {
        Object reply = client.call("CONFIG", "GET", pattern);
        List<?> kv = reply instanceof RespClient.MapReply m ? m.keysAndValues() : (List<?>) reply;
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            out.put(utf8(kv.get(i)), utf8(kv.get(i + 1)));
        }
        return out;
    }

    private static Map<String, String> info(RespClient client) throws IOException {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : client.callString("INFO", "replication").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    private static String utf8(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
