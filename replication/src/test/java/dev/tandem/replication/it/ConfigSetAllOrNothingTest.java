/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import dev.tandem.replication.internal.node.NodeInternals;
import static dev.tandem.replication.it.ConfigSetTest.configGet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.testkit.RespClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code CONFIG SET} of several parameters is all or nothing, as in Redis 7.0 (which rolls back
 * what it applied): when one value is refused, none of the others changes, whichever layer
 * (RESP server or replication) they belong to.
 */
class ConfigSetAllOrNothingTest {

    private static RespClient.ErrorReply failed(String argument, String reason) {
        return new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument '" + argument + "') - "
                + reason);
    }

    @Test
    void aRefusedValueLeavesTheOthersUnchanged() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            ReplicationConfig before = node.config();
            assertEquals(failed("timeout", "argument couldn't be parsed into an integer"),
                    client.call("CONFIG", "SET", "maxclients", "2", "timeout", "notanumber"));
            assertEquals(Map.of("maxclients", "10000"), configGet(client, "maxclients"));
            assertEquals(10_000, NodeInternals.server(node).config().maxclients());

            assertEquals(failed("repl-backlog-size", "argument must be a memory value"),
                    client.call("CONFIG", "SET", "repl-timeout", "30", "timeout", "5", "repl-backlog-size", "-1"));
            assertEquals(Map.of("repl-timeout", "60"), configGet(client, "repl-timeout"));
            assertEquals(Map.of("timeout", "0"), configGet(client, "timeout"));
            assertEquals(before, node.config());

            // A password in a refused call is not set either: clients still need none.
            assertEquals(failed("maxclients", "argument must be between 1 and 4294967295 inclusive"),
                    client.call("CONFIG", "SET", "requirepass", "pw", "maxclients", "0"));
            try (RespClient other = RespClient.connect("127.0.0.1", node.port())) {
                assertEquals(null, other.call("GET", "k"));
            }
            assertEquals(before, node.config());
        }
    }

    @Test
    void namesAreCheckedBeforeAnyValue() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(failed("databases", "can't set immutable config"),
                    client.call("CONFIG", "SET", "timeout", "x", "databases", "4"));
            assertEquals(new RespClient.ErrorReply("ERR Unknown option or number of arguments for CONFIG SET - 'nope'"),
                    client.call("CONFIG", "SET", "timeout", "3", "nope", "1"));
            assertEquals(failed("TIMEOUT", "duplicate parameter"),
                    client.call("CONFIG", "SET", "timeout", "5", "TIMEOUT", "6"));
            assertEquals(Map.of("timeout", "0"), configGet(client, "timeout"));
        }
    }

    @Test
    void valuesOfBothLayersChangeTogether() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", client.callString("CONFIG", "SET", "maxclients", "2", "repl-timeout", "30",
                    "client-output-buffer-limit", "normal 1mb 0 0 replica 2mb 1mb 5"));
            assertEquals(2, NodeInternals.server(node).config().maxclients());
            assertEquals(30, node.config().replTimeoutSeconds());
            assertEquals(Map.of("client-output-buffer-limit",
                    "normal 1048576 0 0 slave 2097152 1048576 5 pubsub 33554432 8388608 60"),
                    configGet(client, "client-output-buffer-limit"));
            assertEquals(1048576, NodeInternals.server(node).config().normalOutputLimit().hardLimitBytes());
            assertEquals(2097152, node.config().replicaOutputBufferLimit().hardLimitBytes());
        }
    }

    @Test
    void reconfigureOfSeveralIsAllOrNothingToo() {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().build()) {
            ReplicationConfig before = node.config();
            Map<String, String> changes = new LinkedHashMap<>();
            changes.put("repl-backlog-size", "4mb");
            changes.put("min-replicas-to-write", "1");
            changes.put("slave-priority", "-1");
            ConfigException e = assertThrows(ConfigException.class, () -> node.reconfigure(changes));
            assertEquals("slave-priority", e.directive());
            assertEquals("argument must be between 0 and 2147483647 inclusive", e.reason());
            assertEquals(before, node.config());

            changes.put("slave-priority", "5");
            node.reconfigure(changes);
            assertEquals(4 * 1024 * 1024, node.config().replBacklogSize());
            assertEquals(1, node.config().minReplicasToWrite());
            assertEquals(5, node.config().replicaPriority());
        }
    }

    @Test
    void requirepassSetThroughConfigSetIsTheNodesOnePassword() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient admin = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", admin.callString("CONFIG", "SET", "requirepass", "pw", "timeout", "7"));
            assertEquals("pw", node.config().requirepass().orElseThrow());
            assertEquals(node.config().requirepass(), NodeInternals.server(node).config().requirepass(), "one owner, one value");
            assertThrows(IllegalStateException.class, () -> NodeInternals.server(node).config().requirepass("other"),
                    "the server keeps no password of its own");
            try (RespClient other = RespClient.connect("127.0.0.1", node.port())) {
                assertEquals(new RespClient.ErrorReply("NOAUTH Authentication required."), other.call("GET", "k"));
                assertEquals("OK", other.callString("AUTH", "pw"));
            }
        }
    }

    @Test
    void theBuilderTakesServerDirectivesFromTheSameTable() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder()
                .directives(Map.of("maxclients", "3", "timeout", "9", "requirepass", "pw", "slave-priority", "4"))
                .start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("OK", client.callString("AUTH", "pw"));
            Map<String, String> values = configGet(client, "*");
            assertEquals("3", values.get("maxclients"));
            assertEquals("9", values.get("timeout"));
            assertEquals("pw", values.get("requirepass"));
            assertEquals("4", values.get("slave-priority"));
            assertEquals(3, NodeInternals.server(node).config().maxclients());
            assertTrue(node.config().requirepass().isPresent());
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> ReplicatedKeyspace.builder().directive("maxclients", "0"));
        assertEquals("argument must be between 1 and 4294967295 inclusive", e.reason());
    }
}
