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
    void sec1EcKeysWithANamedCurveLoad() throws IOException {
        Path sec1 = dir.resolve("ec.sec1.key");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(sec1Of(ec.privateKey().getEncoded()))
                + "\n-----END EC PRIVATE KEY-----\n");
        assertNotNull(TlsContextFactory.build(settings(ec).keyFile(sec1.toString()).build()).server());
    }

    /**
     * A SEC1 {@code ECPrivateKey} with its {@code [0]} named curve, as OpenSSL writes it, made
     * from the JDK's PKCS#8 encoding (whose inner key leaves the curve to the outer algorithm).
     */
    private static byte[] sec1Of(byte[] pkcs8) {
        int[] outer = der(pkcs8, 0);
        int[] version = der(pkcs8, outer[1]);
        int[] algorithm = der(pkcs8, version[2]);
        int[] algorithmOid = der(pkcs8, algorithm[1]);
        int[] curveOid = der(pkcs8, algorithmOid[2]);
        int[] octets = der(pkcs8, algorithm[2]);
        int[] inner = der(pkcs8, octets[1]);
        int[] innerVersion = der(pkcs8, inner[1]);
        int[] key = der(pkcs8, innerVersion[2]);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(pkcs8, innerVersion[0], key[2] - innerVersion[0]);
        byte[] curve = java.util.Arrays.copyOfRange(pkcs8, curveOid[0], curveOid[2]);
        body.write(0xa0);
        body.write(curve.length);
        body.writeBytes(curve);
        byte[] content = body.toByteArray();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x30);
        out.write(content.length); // a P-256 key is well under 128 bytes
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** {element start, content start, end} of the DER element at {@code at}. */
    private static int[] der(byte[] b, int at) {
        int len = b[at + 1] & 0xff;
        int start = at + 2;
        if (len >= 0x80) {
            int count = len & 0x7f;
            len = 0;
            for (int i = 0; i < count; i++) {
                len = (len << 8) | (b[start + i] & 0xff);
            }
            start += count;
        }
        return new int[] {at, start, start + len};
    }

    @Test
    void encryptedPkcs8KeysLoadWithTheirPassword() throws Exception {
        // PKCS#12's PBE (what the JDK can write); OpenSSL's default PBES2 goes through the same
        // EncryptedPrivateKeyInfo path (checked by hand, see the issue note).
        String algorithm = "PBEWithSHA1AndDESede";
        java.security.AlgorithmParameters params = java.security.AlgorithmParameters.getInstance(algorithm);
        params.init(new javax.crypto.spec.PBEParameterSpec(new byte[8], 2048));
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(algorithm);
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, javax.crypto.SecretKeyFactory.getInstance(algorithm)
                .generateSecret(new javax.crypto.spec.PBEKeySpec("s3cret".toCharArray())), params);
        byte[] encrypted = new javax.crypto.EncryptedPrivateKeyInfo(params, cipher.doFinal(ec.privateKey().getEncoded()))
                .getEncoded();
        Path file = dir.resolve("ec.encrypted.key");
        Files.writeString(file, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(encrypted) + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertNotNull(TlsContextFactory.build(settings(ec).keyFile(file.toString()).keyFilePass("s3cret").build()).server());
        assertTrue(failure(settings(ec).keyFile(file.toString()).build()).contains("no password is set"));
        assertTrue(failure(settings(ec).keyFile(file.toString()).keyFilePass("wrong").build())
                .startsWith("Failed to load private key: " + file));
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
