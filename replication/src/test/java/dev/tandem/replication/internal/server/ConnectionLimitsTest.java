/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.testkit.RawClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/** maxclients, idle timeout, output buffer limits and protected mode. */
class ConnectionLimitsTest {

    @Test
    void maxclientsRefusesTheConnectionBeyondTheLimit() {
        try (TestServer server = TestServer.start(); Jedis admin = server.jedis()) {
            admin.configSet("maxclients", "2");
            try (RawClient second = server.raw()) {
                second.command("PING");
                assertEquals("+PONG\r\n", second.readLine());
                RawClient third = server.raw();
                assertEquals("-ERR max number of clients reached\r\n", third.readLine());
                assertTrue(third.closedByPeer());
                third.close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server.connectedClients() == 1);
            assertEquals(1, server.server.stats().rejectedConnections());
            assertTrue(admin.info("stats").contains("rejected_connections:1"));
        }
    }

    @Test
    void idleNormalClientsAreClosedAfterTimeout() {
        try (TestServer server = TestServer.start(); Jedis admin = server.jedis()) {
            admin.configSet("timeout", "1");
            try (RawClient idle = server.raw()) {
                idle.command("PING");
                assertEquals("+PONG\r\n", idle.readLine());
                assertTrue(idle.closedByPeer(), "closed within the socket's 10 s read timeout");
            }
        }
    }

    @Test
    void hardOutputLimitDisconnectsAClientThatDoesNotRead() {
        try (TestServer server = TestServer.start(); Jedis admin = server.jedis()) {
            admin.set("big".getBytes(), new byte[3 * 1024 * 1024]);
            admin.configSet("client-output-buffer-limit", "normal 2mb 0 0");
            assertEquals("normal 2097152 0 0 pubsub 33554432 8388608 60",
                    admin.configGet("client-output-buffer-limit").get("client-output-buffer-limit"));
            try (RawClient slow = server.raw()) {
                // One reply above the hard limit: Redis checks right after adding a reply.
                slow.send("GET big\r\n");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> server.server.stats().outputLimitDisconnections() == 1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server.connectedClients() == 1);
            assertEquals("PONG", admin.ping());
        }
    }

    @Test
    void protectedModeRefusesNonLoopbackPeersWithoutPassword() throws Exception {
        Keyspace keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, ServerKeyspaceCommands.standardTable());
        RespServer server = RespServer.builder(keyspace).build();
        EmbeddedChannel remote = remoteChannel(server, "10.1.2.3");
        ByteBuf denied = remote.readOutbound();
        try {
            assertEquals(ClientConnectionHandler.DENIED, denied.toString(StandardCharsets.US_ASCII));
        } finally {
            denied.release();
        }
        assertFalse(remote.isOpen());
        assertEquals(0, server.connectedClients());

        server.config().requirepass("pw");
        EmbeddedChannel withPassword = remoteChannel(server, "10.1.2.3");
        assertTrue(withPassword.isOpen(), "a password lifts protected mode");
        withPassword.finishAndReleaseAll();

        server.config().requirepass(null).protectedMode(false);
        EmbeddedChannel unprotected = remoteChannel(server, "10.1.2.3");
        assertTrue(unprotected.isOpen());
        unprotected.finishAndReleaseAll();
    }

    private static EmbeddedChannel remoteChannel(RespServer server, String ip) throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(false, true) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress(ip, 40000);
            }
        };
        ch.pipeline().addLast(server.channelInitializer());
        ch.register();
        return ch;
    }

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of(new InetSocketAddress("127.0.0.1", 1), true),
                Arguments.of(new InetSocketAddress("127.9.9.9", 1), true),
                Arguments.of(new InetSocketAddress("::1", 1), true),
                Arguments.of(new InetSocketAddress("10.0.0.1", 1), false),
                Arguments.of(new InetSocketAddress("192.168.1.1", 1), false),
                Arguments.of(new io.netty.channel.local.LocalAddress("in-jvm"), true));
    }

    @ParameterizedTest(name = "{0} loopback={1}")
    @MethodSource("addresses")
    void loopbackDecision(SocketAddress address, boolean loopback) {
        assertEquals(loopback, ClientConnectionHandler.isLoopback(address));
    }

    @Test
    void addressesArePrintedAsRedisDoes() {
        assertEquals("127.0.0.1:6379", ClientConnectionHandler.format(new InetSocketAddress("127.0.0.1", 6379)));
        assertEquals("[0:0:0:0:0:0:0:1]:6379", ClientConnectionHandler.format(new InetSocketAddress("::1", 6379)));
    }
}
