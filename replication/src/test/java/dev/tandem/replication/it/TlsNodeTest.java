/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import dev.tandem.testkit.TestCertificates;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** TLS between Tandem nodes and with Redis clients, through the embedded API and the directives. */
class TlsNodeTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestCertificates.Issued server;
    static TestCertificates.Issued client;

    @BeforeAll
    static void certificates() throws IOException {
        ca = TestCertificates.create(dir.resolve("ca"));
        server = ca.issue("server");
        client = ca.issue("client");
    }

    static ReplicatedKeyspace.Builder withFiles(String name) {
        return ReplicatedKeyspace.builder().name(name).tlsPort(0)
                .directive("tls-cert-file", server.cert().toString())
                .directive("tls-key-file", server.key().toString())
                .directive("tls-ca-cert-file", ca.caCert().toString());
    }

    @Test
    void tandemReplicaOfATlsOnlyTandemMasterWithSslContexts() throws Exception {
        SslContext serverContext = SslContextBuilder.forServer(server.privateKey(), server.certificate())
                .trustManager(ca.caCert().toFile()).clientAuth(ClientAuth.REQUIRE).build();
        SslContext clientContext = SslContextBuilder.forClient().trustManager(ca.caCert().toFile())
                .keyManager(client.privateKey(), client.certificate()).build();
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("ctx-master").tlsOnly().tls(serverContext)
                     .start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("ctx-replica").replicaTls(clientContext)
                     .replicaOf("127.0.0.1", master.port()).start()) {
            assertEquals(master.port(), master.tlsPort(), "TLS only: the node's port is its TLS port");
            master.set("k", "v");
            assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
            assertEquals("v", replica.get("k"));
            master.set("k2", "v2");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> "v2".equals(replica.get("k2")));
            // No plain-text listener at all.
            assertThrows(ConnectException.class, () -> RespClient.connect("127.0.0.1", master.tlsPort() == 1 ? 2 : 1));
        }
    }

    @Test
    void aReplicaWithoutTlsCannotFollowATlsOnlyMaster() throws Exception {
        try (ReplicatedKeyspace master = withFiles("tls-only").tlsOnly().start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("plain-replica")
                     .replicaOf("127.0.0.1", master.port()).start()) {
            master.set("k", "v");
            assertEquals(false, replica.awaitSynced(Duration.ofSeconds(2)), "a plain-text replica never syncs");
            assertEquals(null, replica.get("k"));
        }
    }

    @Test
    void aReplicaRefusesAMasterCertificateItsCaDidNotSignAndSaysWhy() throws Exception {
        TestCertificates other = TestCertificates.create(dir.resolve("other-ca"));
        SslContext trustsOther = SslContextBuilder.forClient().trustManager(other.caCert().toFile())
                .keyManager(client.privateKey(), client.certificate()).build();
        java.util.concurrent.CopyOnWriteArrayList<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ReplicatedKeyspace master = withFiles("tls-honest").start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("tls-suspicious").replicaTls(trustsOther)
                     .listener(e -> {
                         if (e instanceof dev.tandem.replication.ReplicationEvent.HandshakeFailed f) {
                             reasons.add(f.reason());
                         }
                     })
                     .replicaOf("127.0.0.1", master.tlsPort()).start()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !reasons.isEmpty());
            assertTrue(reasons.get(0).contains("PKIX") || reasons.get(0).contains("certificate"), reasons.toString());
            assertEquals(false, replica.awaitSynced(Duration.ofMillis(200)));
        }
    }

    @Test
    void aTlsClientOnThePlainPortIsClosedAtOnce() throws Exception {
        try (ReplicatedKeyspace node = withFiles("tls-wrong-port").start();
             RespClient plain = RespClient.connect("127.0.0.1", node.port())) {
            long start = System.nanoTime();
            assertThrows(IOException.class, () -> RespClient.connectTls("127.0.0.1", node.port(), client.sslContext(ca)));
            assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(20),
                    "closed, not left waiting for a newline until the client's read timeout");
            assertEquals("PONG", plain.callString("PING"));
        }
    }

    @Test
    void jedisAndLettuceOverTls() throws Exception {
        try (ReplicatedKeyspace node = withFiles("tls-clients").start()) {
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", node.tlsPort()), DefaultJedisClientConfig.builder()
                    .ssl(true).sslSocketFactory(client.sslContext(ca).getSocketFactory()).build())) {
                assertEquals("OK", jedis.set("jedis", "1"));
                assertEquals("1", jedis.get("jedis"));
            }
            RedisClient lettuce = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(node.tlsPort())
                    .withSsl(true).build());
            try {
                lettuce.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                        .trustManager(ca.caCert().toFile())
                        .keyManager(client.cert().toFile(), client.key().toFile(), null).build()).build());
                try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
                    assertEquals("OK", c.sync().set("lettuce", "2"));
                    assertEquals("1", c.sync().get("jedis"));
                }
            } finally {
                lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void configGetShowsRedisDefaultsAndTheBoundTlsPort() throws Exception {
        try (ReplicatedKeyspace plain = ReplicatedKeyspace.builder().name("no-tls").start();
             RespClient c = RespClient.connect("127.0.0.1", plain.port())) {
            assertEquals(List.of("tls-auth-clients", "yes"), strings(c.call("CONFIG", "GET", "tls-auth-clients")));
            assertEquals(List.of("tls-port", "0"), strings(c.call("CONFIG", "GET", "tls-port")));
            assertEquals(List.of("tls-session-cache-size", "20480"),
                    strings(c.call("CONFIG", "GET", "tls-session-cache-size")));
            assertEquals(new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument "
                    + "'tls-auth-clients') - argument(s) must be one of the following: no, yes, optional"),
                    c.call("CONFIG", "SET", "tls-auth-clients", "maybe"));
            // TLS is off: Redis does not look at the files then.
            assertEquals("OK", c.callString("CONFIG", "SET", "tls-cert-file", "/does/not/exist"));
        }
        try (ReplicatedKeyspace node = withFiles("tls-get").start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(List.of("tls-port", Integer.toString(node.tlsPort())), strings(c.call("CONFIG", "GET", "tls-port")));
            assertEquals(List.of("tls-key-file-pass", ""), strings(c.call("CONFIG", "GET", "tls-key-file-pass")));
        }
    }

    @Test
    void configSetTlsPortMovesTheListener() throws Exception {
        try (ReplicatedKeyspace node = withFiles("tls-move").start()) {
            int before = node.tlsPort();
            int free;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                free = s.getLocalPort();
            }
            node.reconfigure("tls-port", Integer.toString(free));
            assertEquals(free, node.tlsPort());
            try (RespClient t = RespClient.connectTls("127.0.0.1", free, client.sslContext(ca))) {
                assertEquals("PONG", t.callString("PING"));
            }
            assertThrows(IOException.class, () -> RespClient.connect("127.0.0.1", before).call("PING"));
            // A port in use: Redis's error, and the listener stays where it is.
            try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getByName("127.0.0.1"));
                 RespClient admin = RespClient.connect("127.0.0.1", node.port())) {
                assertEquals(new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument 'tls-port') "
                        + "- Unable to listen on this port. Check server logs."),
                        admin.call("CONFIG", "SET", "tls-port", Integer.toString(taken.getLocalPort())));
                assertEquals(free, node.tlsPort());
            }
            node.reconfigure("tls-port", "0");
            assertEquals(0, node.tlsPort());
        }
    }

    @Test
    void badMaterialFailsTheBuildWithRedisText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplicatedKeyspace.builder()
                .tlsPort(0).directive("tls-key-file", server.key().toString()).build());
        assertEquals("Failed to configure TLS: No tls-cert-file configured!", e.getMessage());
        assertThrows(ConfigException.class, () -> ReplicatedKeyspace.builder().directive("tls-port", "70000"));
    }

    private static List<String> strings(Object reply) {
        return ((List<?>) reply).stream().map(o -> new String((byte[]) o, java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
