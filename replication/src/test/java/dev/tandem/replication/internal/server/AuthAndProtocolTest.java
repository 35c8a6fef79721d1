/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/** requirepass, AUTH and HELLO flows, unauthenticated request caps, malformed input, byte-exact. */
class AuthAndProtocolTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.config(new ServerConfig().requirepass("s3cret")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyCommandButAuthHelloQuitNeedsAuthentication() {
        try (RawClient c = server.raw()) {
            c.command("PING");
            assertEquals("-NOAUTH Authentication required.\r\n", c.readLine());
            c.command("GET", "k");
            assertEquals("-NOAUTH Authentication required.\r\n", c.readLine());
            c.command("AUTH", "wrong");
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.readLine());
            c.command("AUTH", "other", "s3cret");
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.readLine());
            c.command("AUTH", "a", "b", "c");
            assertEquals("-ERR syntax error\r\n", c.readLine());
            c.command("HELLO", "3");
            assertEquals("-" + ConnectionCommands.HELLO_NOAUTH + "\r\n", c.readLine());
            c.command("AUTH", "s3cret");
            assertEquals("+OK\r\n", c.readLine());
            c.command("PING");
            assertEquals("+PONG\r\n", c.readLine());
            c.command("QUIT");
            assertEquals("+OK\r\n", c.readLine());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void helloAuthAuthenticatesAndSwitchesProtocol() {
        try (RawClient c = server.raw()) {
            c.command("HELLO", "4");
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.readLine());
            c.command("HELLO", "x");
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", c.readLine());
            c.command("HELLO", "3", "AUTH", "default", "nope");
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.readLine());
            c.command("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "app");
            assertEquals("%7\r\n", c.readLine());
            assertEquals("$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n",
                    c.readLike("$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"));
            assertEquals("$2\r\nid\r\n", c.readLike("$2\r\nid\r\n"));
            assertTrue(c.readLine().matches(":\\d+\r\n"));
            assertEquals("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n",
                    c.readLike("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"));
            c.command("GET", "missing");
            assertEquals("_\r\n", c.readLine(), "RESP3 null after HELLO 3");
            c.command("CLIENT", "GETNAME");
            assertEquals("$3\r\napp\r\n", c.readLike("$3\r\napp\r\n"));
            c.command("RESET");
            assertEquals("+RESET\r\n", c.readLine());
            c.command("GET", "missing");
            assertEquals("-NOAUTH Authentication required.\r\n", c.readLine(), "RESET de-authenticates");
        }
    }

    @Test
    void jedisWithPassword() {
        try (Jedis jedis = server.jedis()) {
            jedis.auth("s3cret");
            assertEquals("OK", jedis.set("a", "b"));
            assertEquals("b", jedis.get("a"));
        }
    }

    static Stream<Arguments> unauthenticatedOversized() {
        return Stream.of(
                Arguments.of("11 arguments", "*11\r\n", "-ERR Protocol error: unauthenticated multibulk length\r\n"),
                Arguments.of("16 KB + 1 bulk", "*1\r\n$16385\r\n", "-ERR Protocol error: unauthenticated bulk length\r\n"),
                Arguments.of("huge inline line", "x".repeat(70 * 1024), "-ERR Protocol error: too big inline request\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticatedOversized")
    void oversizedRequestBeforeAuthIsRefusedAndClosedWhileOthersAreServed(String name, String input, String error) {
        try (Jedis other = server.jedis(); RawClient c = server.raw()) {
            other.auth("s3cret");
            c.send(input);
            assertEquals(error, c.readLine());
            assertTrue(c.closedByPeer());
            assertEquals("PONG", other.ping());
        }
    }

    @Test
    void afterAuthTheFullLimitsApply() {
        try (RawClient c = server.raw()) {
            c.command("AUTH", "s3cret");
            assertEquals("+OK\r\n", c.readLine());
            String value = "v".repeat(20_000);
            c.command("SET", "big", value);
            assertEquals("+OK\r\n", c.readLine());
            c.command("STRLEN", "big");
            assertEquals(":20000\r\n", c.readLine());
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("bad bulk length", "*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
                Arguments.of("bad multibulk length", "*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"),
                Arguments.of("not a bulk", "*1\r\n+PING\r\n", "-ERR Protocol error: expected '$', got '+'\r\n"),
                Arguments.of("unbalanced quotes", "SET \"a b\r\n",
                        "-ERR Protocol error: unbalanced quotes in request\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputGetsTheProtocolErrorAndIsClosed(String name, String input, String error) {
        try (RawClient c = server.raw()) {
            c.command("AUTH", "s3cret");
            assertEquals("+OK\r\n", c.readLine());
            c.send("PING\r\n" + input);
            assertEquals("+PONG\r\n", c.readLine(), "requests before the bad input are answered first");
            assertEquals(error, c.readLine());
            assertTrue(c.closedByPeer());
        }
        try (Jedis jedis = server.jedis()) {
            jedis.auth("s3cret");
            assertEquals("PONG", jedis.ping());
        }
    }
}
