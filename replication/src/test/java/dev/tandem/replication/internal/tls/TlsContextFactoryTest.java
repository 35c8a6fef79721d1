/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building contexts from the {@code tls-*} directives: Redis's checks and texts, the key forms the JDK alone reads. */
class TlsContextFactoryTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestCertificates.Issued ec;
    static TestCertificates.Issued rsa;

    @BeforeAll
    static void certificates() throws IOException {
        ca = TestCertificates.create(dir.resolve("ca"));
        ec = ca.issue("ec");
        rsa = ca.issueRsa("rsa");
    }

    static TlsSettings.Builder settings(TestCertificates.Issued issued) {
        return TlsSettings.DEFAULTS.toBuilder().port(6380).certFile(issued.cert().toString())
                .keyFile(issued.key().toString()).caCertFile(ca.caCert().toString());
    }

    static String failure(TlsSettings s) {
        return assertThrows(TlsConfigException.class, () -> TlsContextFactory.build(s)).getMessage();
    }

    @Test
    void nothingIsBuiltOrReadWhileTlsIsOff() {
        assertSame(TlsContexts.NONE, TlsContextFactory.build(TlsSettings.DEFAULTS.toBuilder()
                .certFile("/does/not/exist").build()));
    }

    @Test
    void pkcs8EcAndPkcs1RsaKeysBothLoad() throws IOException {
        TlsContexts fromEc = TlsContextFactory.build(settings(ec).build());
        assertTrue(fromEc.server().isServer());
        assertTrue(fromEc.client().isClient());
        TlsContexts fromPkcs1 = TlsContextFactory.build(settings(rsa).keyFile(rsa.pkcs1Key().toString()).build());
        assertNotNull(fromPkcs1.server());
        assertTrue(Files.readString(rsa.pkcs1Key()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    }

    @Test
    void redisChecksAndTexts() {
        assertEquals("No tls-cert-file configured!", failure(settings(ec).certFile("").build()));
        assertEquals("No tls-key-file configured!", failure(settings(ec).keyFile("").build()));
        assertEquals("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, "
                + "tls-replication or tls-auth-clients are enabled!", failure(settings(ec).caCertFile("").build()));
        // Without client authentication and TLS replication, no CA is needed.
        assertNotNull(TlsContextFactory.build(settings(ec).caCertFile("").authClients(TlsAuthClients.NO).build()).server());
        assertEquals("Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.",
                failure(settings(ec).protocols("TLSv1.2 bogus").build()));
        assertTrue(failure(settings(ec).certFile(dir.resolve("missing.crt").toString()).build())
                .startsWith("Failed to load certificate: " + dir.resolve("missing.crt")), "names the file");
        assertTrue(failure(settings(ec).keyFile(rsa.key().toString()).build()).contains("key values mismatch"));
        assertTrue(failure(settings(ec).caCertDir(dir.resolve("nowhere").toString()).caCertFile("").build())
                .startsWith("Failed to configure CA certificate(s) file/directory"));
    }

    @Test
    void aCaDirectoryOfPlainPemFilesIsRead() throws IOException {
        Path cas = Files.createDirectories(dir.resolve("cas"));
        Files.copy(ca.caCert(), cas.resolve("ca.pem"));
        Files.writeString(cas.resolve("README"), "not a certificate");
        assertNotNull(TlsContextFactory.build(settings(ec).caCertFile("").caCertDir(cas.toString()).build()).server());
    }

    @Test
    void legacyEncryptedKeysAreRefusedWithAWayOut() throws IOException {
        Path legacy = dir.resolve("legacy.key");
        Files.writeString(legacy, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(failure(settings(rsa).keyFile(legacy.toString()).build()).contains("openssl pkcs8 -topk8"));
    }

    @Test
    void aFileThatIsNotPemSaysSo() throws IOException {
        Path junk = dir.resolve("junk.key");
        Files.writeString(junk, "hello");
        assertTrue(failure(settings(ec).keyFile(junk.toString()).build()).contains("no private key found"));
    }

    @Test
    void protocolsAsRedisNamesThem() {
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, TlsContextFactory.protocols(""));
        assertArrayEquals(new String[] {"TLSv1.2"}, TlsContextFactory.protocols("tlsv1.2"));
    }

    @Test
    void opensslCipherNamesBecomeTheJdks() {
        List<String> ciphers = TlsContextFactory.ciphers(settings(ec).ciphers("DEFAULT:!aNULL:ECDHE-ECDSA-AES128-GCM-SHA256")
                .ciphersuites("TLS_AES_256_GCM_SHA384").build());
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), ciphers);
        assertTrue(failure(settings(ec).ciphers("NOPE-CIPHER").build()).startsWith("Failed to configure ciphers: "));
    }
}
