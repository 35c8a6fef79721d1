/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import dev.tandem.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against the real thing: a {@code redis-server --tls-port --port 0 --tls-replication yes}
 * replica of a Tandem master over TLS, a Tandem replica of a TLS-only redis-server master and a
 * chain through both, mutual TLS ({@code tls-auth-clients yes}: no certificate, another CA's
 * certificate and an expired one are refused), {@code redis-cli --tls}, and a plain-text client
 * on the TLS port refused while the plain port goes on serving. Certificates are made at test
 * time with {@code keytool} ({@link TestCertificates}).
 */
@Tag("interop")
@RequiresRedis
class TlsInteropTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestCertificates.Issued server;
    static TestCertificates.Issued replica;
    static TestCertificates.Issued client;

    @BeforeAll
    static void certificates() throws IOException {
        ca = TestCertificates.create(dir.resolve("ca"));
        server = ca.issue("server");
        replica = ca.issue("replica");
        client = ca.issue("client");
    }

    /** A Tandem node with a TLS listener on an ephemeral port, mutual TLS, the CA's material. */
    static ReplicatedKeyspace.Builder tandemTls(String name, TestCertificates.Issued cert) {
        return ReplicatedKeyspace.builder().name(name).tlsPort(0)
                .directive("tls-cert-file", cert.cert().toString())
                .directive("tls-key-file", cert.key().toString())
                .directive("tls-ca-cert-file", ca.caCert().toString());
    }

    static List<String> redisTls(int tlsPort, TestCertificates.Issued cert, String... extra) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", cert.cert().toString(), "--tls-key-file", cert.key().toString(),
                "--tls-ca-cert-file", ca.caCert().toString(), "--tls-replication", "yes"));
        args.addAll(List.of(extra));
        return args;
    }

    static RespClient tls(int port) throws Exception {
        return RespClient.connectTls("127.0.0.1", port, client.sslContext(ca));
    }

    @Test
    void redisReplicaOfTandemMasterOverTls() throws Exception {
        try (ReplicatedKeyspace master = tandemTls("tls-master", server).start();
             RespClient m = tls(master.tlsPort())) {
            Datasets.everyType(m, "before:");
            int replicaPort = RedisServerProcess.freeLoopbackPort();
            try (RedisServerProcess r = RedisServerProcess.start(redisTls(replicaPort, replica,
                    "--replicaof", "127.0.0.1", Integer.toString(master.tlsPort())).toArray(String[]::new));
                 RespClient rc = tls(replicaPort)) {
                awaitLinkUp(rc);
                WriteCommands.runEveryFamily(m, "");
                awaitSameDigest("redis replica of a Tandem master over TLS", () -> digest(m), () -> digest(rc));
                // The replica announced its TLS port, as Redis does with tls-replication yes.
                Map<String, String> repl = info(m, "replication");
                assertTrue(repl.get("slave0").contains("port=" + replicaPort), repl.toString());
                assertTrue(r.logContains("MASTER <-> REPLICA sync: Finished with success"), r.log().toString());
            }
        }
    }

    @Test
    void chainRedisMasterToTandemToRedisAllOverTls() throws Exception {
        int masterPort = RedisServerProcess.freeLoopbackPort();
        try (RedisServerProcess redisMaster = RedisServerProcess.start(redisTls(masterPort, server)
                     .toArray(String[]::new));
             RespClient m = tls(masterPort);
             ReplicatedKeyspace middle = tandemTls("tls-middle", replica).directive("tls-replication", "yes")
                     .replicaOf("127.0.0.1", masterPort).start();
             RespClient mid = tls(middle.tlsPort())) {
            Datasets.everyType(m, "chain:");
            assertTrue(middle.awaitSynced(Duration.ofSeconds(20)));
            int leafPort = RedisServerProcess.freeLoopbackPort();
            try (RedisServerProcess leaf = RedisServerProcess.start(redisTls(leafPort, client,
                    "--replicaof", "127.0.0.1", Integer.toString(middle.tlsPort())).toArray(String[]::new));
                 RespClient l = tls(leafPort)) {
                awaitLinkUp(l);
                WriteCommands.runEveryFamily(m, "");
                awaitSameDigest("redis -> tandem -> redis over TLS", () -> digest(m), () -> digest(mid),
                        () -> digest(l));
            }
        }
    }

    @Test
    void mutualTlsRefusesMissingForeignAndExpiredCertificates() throws Exception {
        TestCertificates other = TestCertificates.create(dir.resolve("other-ca"));
        TestCertificates.Issued foreign = other.issue("foreign");
        TestCertificates.Issued expired = ca.issueExpired("expired");
        try (ReplicatedKeyspace node = tandemTls("tls-mtls", server).start();
             RespClient ok = tls(node.tlsPort())) {
            assertEquals("PONG", ok.callString("PING"));
            assertRefused(node.tlsPort(), ca.trustingContext());           // no certificate
            assertRefused(node.tlsPort(), foreign.sslContext(ca));         // another CA's
            assertRefused(node.tlsPort(), expired.sslContext(ca));         // expired
            // The refused ones left the rest alone.
            assertEquals("PONG", ok.callString("PING"));
            // tls-auth-clients optional: no certificate is fine, a bad one is still refused.
            node.reconfigure("tls-auth-clients", "optional");
            try (RespClient anonymous = RespClient.connectTls("127.0.0.1", node.tlsPort(), ca.trustingContext())) {
                assertEquals("PONG", anonymous.callString("PING"));
            }
            assertRefused(node.tlsPort(), foreign.sslContext(ca));
        }
    }

    @Test
    void clientRefusesAnExpiredServerCertificate() throws Exception {
        TestCertificates.Issued expired = ca.issueExpired("expired-server");
        try (ReplicatedKeyspace node = tandemTls("tls-expired", expired).directive("tls-auth-clients", "no").start()) {
            assertThrows(IOException.class, () -> RespClient.connectTls("127.0.0.1", node.tlsPort(), ca.trustingContext()));
        }
    }

    @Test
    void plainTextClientOnTheTlsPortIsClosedAndThePlainPortGoesOn() throws Exception {
        try (ReplicatedKeyspace node = tandemTls("tls-plain", server).start();
             RespClient plain = RespClient.connect("127.0.0.1", node.port())) {
            try (RespClient wrong = RespClient.connect("127.0.0.1", node.tlsPort())) {
                assertThrows(IOException.class, () -> wrong.call("PING"));
            }
            assertEquals("PONG", plain.callString("PING"));
            try (RespClient t = tls(node.tlsPort())) {
                assertEquals("PONG", t.callString("PING"));
            }
        }
    }

    @Test
    void redisCliOverTls() throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        try (ReplicatedKeyspace node = tandemTls("tls-cli", server).start()) {
            node.set("k", "v");
            List<String> base = List.of(cli, "--tls", "--cacert", ca.caCert().toString(), "-h", "127.0.0.1",
                    "-p", Integer.toString(node.tlsPort()));
            List<String> withCert = new ArrayList<>(base);
            withCert.addAll(List.of("--cert", client.cert().toString(), "--key", client.key().toString(), "GET", "k"));
            assertEquals("v", run(withCert).strip());
            List<String> without = new ArrayList<>(base);
            without.addAll(List.of("GET", "k"));
            String refused = run(without);
            assertTrue(!refused.strip().equals("v"), refused);
        }
    }

    @Test
    void configSetReloadsTheCertificateAndRefusesBadMaterial() throws Exception {
        TestCertificates.Issued renewed = ca.issue("renewed");
        try (ReplicatedKeyspace node = tandemTls("tls-reload", server).start();
             RespClient admin = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals(server.certificate(), peerCertificate(node.tlsPort()));
            Object refused = admin.call("CONFIG", "SET", "tls-cert-file", dir.resolve("missing.crt").toString());
            assertEquals(new RespClient.ErrorReply("ERR CONFIG SET failed (possibly related to argument "
                    + "'tls-cert-file') - Unable to update TLS configuration. Check server logs."), refused);
            assertEquals(server.cert().toString(), admin.call("CONFIG", "GET", "tls-cert-file") instanceof List<?> l
                    ? new String((byte[]) l.get(1), StandardCharsets.UTF_8) : null);
            assertEquals(server.certificate(), peerCertificate(node.tlsPort()), "the old context still serves");
            assertEquals("OK", admin.callString("CONFIG", "SET", "tls-cert-file", renewed.cert().toString(),
                    "tls-key-file", renewed.key().toString()));
            assertEquals(renewed.certificate(), peerCertificate(node.tlsPort()), "new connections get the new one");
        }
    }

    private static java.security.cert.Certificate peerCertificate(int port) throws Exception {
        SSLContext context = client.sslContext(ca);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return s.getSession().getPeerCertificates()[0];
        }
    }

    /** The handshake, or at the latest the first reply, fails: TLS 1.3 refuses a client certificate after the client's finish. */
    private static void assertRefused(int port, SSLContext context) {
        assertThrows(IOException.class, () -> {
            try (RespClient c = RespClient.connectTls("127.0.0.1", port, context)) {
                c.call("PING");
            }
        });
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "redis-cli did not finish");
        return out;
    }
}
