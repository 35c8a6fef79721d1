/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.Role;
import dev.tandem.replication.internal.server.ServerConfig;
import dev.tandem.replication.internal.server.ShutdownHandler;
import dev.tandem.replication.spi.TransportOptions;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeLauncherTest {

    private static final ShutdownHandler NO_SHUTDOWN = client -> {
        throw new AssertionError("no SHUTDOWN expected");
    };

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();

    private LauncherConfig config(String text) throws IOException, ConfigFileException {
        Files.writeString(dir.resolve("redis.conf"), text);
        return new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse("redis.conf"));
    }

    @Test
    void serverSettingsComeFromTheConfiguration() throws Exception {
        ServerConfig server = NodeLauncher.serverConfig(config(
                "requirepass pw\nmaxclients 4294967295\ntimeout 30\nprotected-mode no\n"));
        assertEquals("pw", server.requirepass().orElseThrow());
        assertEquals(Integer.MAX_VALUE, server.maxclients(), "Redis's maximum is more than a Java int");
        assertEquals(30, server.timeoutSeconds());
        assertFalse(server.protectedMode());

        ServerConfig defaults = NodeLauncher.serverConfig(config(""));
        assertTrue(defaults.requirepass().isEmpty());
        assertEquals(10_000, defaults.maxclients());
        assertEquals(0, defaults.timeoutSeconds());
        assertTrue(defaults.protectedMode());
    }

    @Test
    void portZeroWithATlsPortListensForTlsOnlyAndBothListenOtherwise() throws Exception {
        dev.tandem.testkit.TestCertificates ca = dev.tandem.testkit.TestCertificates.create(dir.resolve("ca"));
        dev.tandem.testkit.TestCertificates.Issued cert = ca.issue("server");
        String tls = "tls-cert-file " + cert.cert() + "\ntls-key-file " + cert.key() + "\ntls-ca-cert-file "
                + ca.caCert() + "\ntls-auth-clients no\n";
        int tlsPort = dev.tandem.testkit.RedisServerProcess.freeLoopbackPort();
        try (RunningNode running = NodeLauncher.start(config("bind 127.0.0.1\nport 0\ntls-port " + tlsPort + "\n" + tls),
                NO_SHUTDOWN, log);
             dev.tandem.testkit.RespClient client = dev.tandem.testkit.RespClient.connectTls("127.0.0.1", tlsPort,
                     ca.trustingContext())) {
            assertEquals("PONG", client.callString("PING"));
            assertEquals(tlsPort, running.node().port(), "TLS only: the node's one listener");
        }
        int plainPort = dev.tandem.testkit.RedisServerProcess.freeLoopbackPort();
        int tlsPort2 = dev.tandem.testkit.RedisServerProcess.freeLoopbackPort();
        try (RunningNode running = NodeLauncher.start(config("bind 127.0.0.1\nport " + plainPort + "\ntls-port "
                     + tlsPort2 + "\n" + tls), NO_SHUTDOWN, log);
             dev.tandem.testkit.RespClient plain = dev.tandem.testkit.RespClient.connect("127.0.0.1", plainPort);
             dev.tandem.testkit.RespClient secure = dev.tandem.testkit.RespClient.connectTls("127.0.0.1", tlsPort2,
                     ca.trustingContext())) {
            assertEquals("OK", plain.callString("SET", "k", "v"));
            assertEquals("v", secure.callString("GET", "k"));
            assertEquals(tlsPort2, running.node().tlsPort());
        }
    }

    @Test
    void tcpKeepaliveDecoratesTheTransportWithRedissTimings() throws Exception {
        TransportOptions options = NodeLauncher.transportOptions(config("tcp-keepalive 60\n"));
        assertEquals(1, options.decorators().size());
        TcpKeepAlive keepAlive = (TcpKeepAlive) options.decorators().get(0);
        assertEquals(60, keepAlive.idleSeconds());
        assertEquals(20, keepAlive.intervalSeconds());
        assertEquals(1, new TcpKeepAlive(2).intervalSeconds(), "at least one second between probes");
        assertEquals(List.of(), NodeLauncher.transportOptions(config("tcp-keepalive 0\n")).decorators());
        assertEquals(1, NodeLauncher.transportOptions(config("")).decorators().size(), "Redis's default is 300");
    }

    static Stream<Arguments> bindLists() {
        return Stream.of(
                Arguments.of("127.0.0.1", 0),
                Arguments.of("* -::*", 0),
                Arguments.of("-::1 127.0.0.1", 1),
                Arguments.of("-::1 -127.0.0.1", 0),
                Arguments.of("-::1 -127.0.0.1 10.0.0.1 127.0.0.2", 2));
    }

    @ParameterizedTest(name = "bind {0} -> node listens on address {1}")
    @MethodSource("bindLists")
    void theNodeListensOnTheFirstRequiredAddress(String bind, int expected) throws Exception {
        assertEquals(expected, NodeLauncher.primaryAddress(config("bind " + bind + "\n").bind()));
    }

    @Test
    void aMasterAndItsReplicaStartFromConfigurationAndReplicate() throws Exception {
        int masterPort = LoggedProcess.freePort();
        int replicaPort = LoggedProcess.freePort();
        LauncherConfig masterConfig = config("bind 127.0.0.1\nport " + masterPort + "\nrequirepass \"s3cret pass\"\n"
                + "databases 4\n");
        LauncherConfig replicaConfig = config("bind 127.0.0.1\nport " + replicaPort + "\nreplicaof 127.0.0.1 "
                + masterPort + "\nmasterauth \"s3cret pass\"\nreplica-read-only yes\n");
        try (RunningNode master = NodeLauncher.start(masterConfig, NO_SHUTDOWN, log);
                RunningNode replica = NodeLauncher.start(replicaConfig, NO_SHUTDOWN, log)) {
            assertEquals(masterPort, master.node().port());
            assertEquals(Role.REPLICA, replica.node().role());
            assertTrue(replica.node().awaitSynced(Duration.ofSeconds(10)), "the replica authenticated and synced");
            master.node().set("greeting", "hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> "hello".equals(replica.node().get("greeting")));
            try (RespClient client = RespClient.connect("127.0.0.1", masterPort)) {
                assertEquals(new RespClient.ErrorReply("NOAUTH Authentication required."), client.call("GET", "greeting"));
                assertEquals("OK", client.call("AUTH", "s3cret pass"));
                assertEquals(new RespClient.ErrorReply("ERR DB index is out of range"), client.call("SELECT", "4"));
            }
            try (RespClient client = RespClient.connect("127.0.0.1", replicaPort)) {
                assertEquals(new RespClient.ErrorReply("READONLY You can't write against a read only replica."),
                        client.call("SET", "k", "v"));
            }
        }
    }

    @Test
    void furtherBindAddressesServeTheSameNode() throws Exception {
        int port = LoggedProcess.freePort();
        try (RunningNode node = NodeLauncher.start(config("bind 127.0.0.1 127.0.0.2\nport " + port + "\n"),
                NO_SHUTDOWN, log)) {
            assertEquals(1, node.extraListeners().size());
            node.node().set("k", "v");
            try (RespClient client = RespClient.connect("127.0.0.2", port)) {
                assertEquals("v", client.callString("GET", "k"));
            }
        }
    }

    @Test
    void optionalAddressesThatCannotBeBoundAreSkipped() throws Exception {
        int port = LoggedProcess.freePort();
        // 192.0.2.1 (TEST-NET-1) is no address of this machine.
        try (RunningNode node = NodeLauncher.start(config("bind 127.0.0.1 -192.0.2.1\nport " + port + "\n"),
                NO_SHUTDOWN, log)) {
            assertEquals(List.of(), node.extraListeners());
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith(
                    "INFO Not listening on 192.0.2.1:" + port + " (an optional bind address): ")), log.lines()::toString);
            try (RespClient client = RespClient.connect("127.0.0.1", port)) {
                assertEquals("PONG", client.call("PING"));
            }
        }
    }

    @Test
    void aRequiredAddressThatCannotBeBoundStopsTheStartAndReleasesTheOthers() throws Exception {
        int port = LoggedProcess.freePort();
        NodeStartException e = assertThrows(NodeStartException.class, () -> NodeLauncher.start(
                config("bind 127.0.0.1 192.0.2.1\nport " + port + "\n"), NO_SHUTDOWN, log));
        assertTrue(e.getMessage().startsWith("Warning: Could not create server TCP listening socket 192.0.2.1:" + port
                + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nFailed listening on port " + port + " (TCP), aborting."), e.getMessage());
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort(), "the listener on 127.0.0.1 was closed again");
        }
    }

    @Test
    void aTakenPortStopsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            NodeStartException e = assertThrows(NodeStartException.class, () -> NodeLauncher.start(
                    config("bind 127.0.0.1\nport " + port + "\n"), NO_SHUTDOWN, log));
            assertTrue(e.getMessage().startsWith("Warning: Could not create server TCP listening socket 127.0.0.1:"
                    + port + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
    }

    @Test
    void noTcpListenerIsRefused() throws Exception {
        for (String text : List.of("port 0\n", "bind \"\"\n")) {
            NodeStartException e = assertThrows(NodeStartException.class,
                    () -> NodeLauncher.start(config(text), NO_SHUTDOWN, log));
            assertTrue(e.getMessage().startsWith("Tandem needs a TCP listener"), e.getMessage());
        }
    }

    @Test
    void replDisableTcpNodelayYesIsReportedAsNotApplied() throws Exception {
        int port = LoggedProcess.freePort();
        try (RunningNode node = NodeLauncher.start(config("bind 127.0.0.1\nport " + port
                + "\nrepl-disable-tcp-nodelay yes\n"), NO_SHUTDOWN, log)) {
            assertEquals(List.of("WARN repl-disable-tcp-nodelay yes is not applied: replication links keep TCP_NODELAY on"),
                    log.lines());
        }
    }
}
