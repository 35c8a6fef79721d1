/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.internal.node.NodeInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code SHUTDOWN} over RESP on a node with and without a shutdown handler. */
class ShutdownCommandTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private ReplicatedKeyspace node;

    private ReplicatedKeyspace start(boolean withHandler, String requirepass) {
        ReplicatedKeyspace.Builder builder = ReplicatedKeyspace.builder().port(0);
        if (requirepass != null) {
            builder.directive("requirepass", requirepass);
        }
        node = builder.build();
        if (withHandler) {
            NodeInternals.server(node).shutdownHandler(requests::add);
        }
        return node.start();
    }

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    private RespClient client() throws Exception {
        return RespClient.connect("127.0.0.1", node.port());
    }

    @Test
    void anEmbeddedNodeWithoutAHandlerRefusesShutdown() throws Exception {
        start(false, null);
        try (RespClient client = client()) {
            assertEquals(new RespClient.ErrorReply("ERR SHUTDOWN is disabled on this node: "
                    + "the application that embeds it decides when it stops"), client.call("SHUTDOWN"));
            assertEquals("PONG", client.call("PING"), "the connection stays open");
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(List.of("SHUTDOWN", "foo"), "ERR syntax error"),
                Arguments.of(List.of("SHUTDOWN", "SAVE", "NOSAVE"), "ERR syntax error"),
                Arguments.of(List.of("SHUTDOWN", "ABORT", "NOW"), "ERR syntax error"),
                Arguments.of(List.of("SHUTDOWN", "NOSAVE", "abort"), "ERR syntax error"),
                Arguments.of(List.of("SHUTDOWN", "ABORT"), "ERR No shutdown in progress."),
                Arguments.of(List.of("shutdown", "abort", "ABORT"), "ERR No shutdown in progress."));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void badArgumentsAndAbortAreRefusedAsInRedis(List<String> command, String error) throws Exception {
        start(true, null);
        try (RespClient client = client()) {
            assertEquals(new RespClient.ErrorReply(error), client.call(command.toArray(String[]::new)));
        }
        assertEquals(List.of(), requests);
    }

    /** Redis 7.0.15 gives the same replies to the same refusals. */
    @Tag("interop")
    @ParameterizedTest(name = "redis-server: {0} -> {1}")
    @MethodSource("refusals")
    void redisServerRefusesTheSame(List<String> command, String error) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(); RespClient client = redis.client()) {
            assertEquals(new RespClient.ErrorReply(error), client.call(command.toArray(String[]::new)));
        }
    }

    @Test
    void saveFailsBecauseTandemDoesNotPersistUnlessForced() throws Exception {
        start(true, null);
        try (RespClient client = client()) {
            assertEquals(new RespClient.ErrorReply("ERR Errors trying to SHUTDOWN. Check logs."),
                    client.call("SHUTDOWN", "SAVE"));
            assertEquals(List.of(), requests);
            client.send(bytes("SHUTDOWN"), bytes("SAVE"), bytes("FORCE"));
            assertThrows(EOFException.class, client::read);
        }
        assertEquals(1, requests.size());
    }

    @Test
    void shutdownIsRefusedInsideMultiAndBeforeAuth() throws Exception {
        start(true, "pw");
        try (RespClient client = client()) {
            assertEquals(new RespClient.ErrorReply("NOAUTH Authentication required."), client.call("SHUTDOWN"));
            assertEquals("OK", client.call("AUTH", "pw"));
            assertEquals("OK", client.call("MULTI"));
            assertEquals(new RespClient.ErrorReply("ERR Command not allowed inside a transaction"),
                    client.call("SHUTDOWN"));
            assertEquals("OK", client.call("DISCARD"));
        }
        assertEquals(List.of(), requests);
    }

    @Test
    void shutdownCallsTheHandlerOnceAndClosesTheConnectionAfterEarlierReplies() throws Exception {
        start(true, null);
        try (RespClient client = client()) {
            // Pipelined: the reply to PING is written, then the connection closes without a reply to SHUTDOWN.
            client.send(bytes("PING"));
            client.send(bytes("SHUTDOWN"), bytes("NOSAVE"), bytes("NOW"));
            assertEquals("PONG", client.read());
            assertThrows(EOFException.class, client::read);
        }
        assertEquals(1, requests.size());
        assertTrue(requests.get(0).startsWith("127.0.0.1:"), requests::toString);
        try (RespClient another = client()) {
            assertEquals("PONG", another.call("PING"), "stopping the node is the handler's business");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
