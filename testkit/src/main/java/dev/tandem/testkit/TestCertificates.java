/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test certificate authority and the certificates it issues, made at test time with the JDK's
 * {@code keytool} (always there with a JDK; no {@code openssl}, no extra library) and written as
 * PEM files, the form redis-server's {@code tls-*} directives read: certificates as
 * {@code BEGIN CERTIFICATE}, keys as PKCS#8 {@code BEGIN PRIVATE KEY} (or PKCS#1
 * {@code BEGIN RSA PRIVATE KEY} for an RSA key). Leaf certificates name {@code localhost} and
 * {@code 127.0.0.1}. Keys are EC P-256 (quick to make on a busy machine) unless RSA is asked for.
 */
public final class TestCertificates {

    private static final String PASS = "changeit";

    private final Path dir;
    private final Path caKeystore;
    private final Path caCert;

    /** A certificate and its key, as PEM files. */
    public record Issued(Path cert, Path key, X509Certificate certificate, PrivateKey privateKey,
            X509Certificate ca) {

        /** The key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), written beside the PKCS#8 one; RSA keys only. */
        public Path pkcs1Key() throws IOException {
            if (!privateKey.getAlgorithm().equals("RSA")) {
                throw new IllegalStateException("PKCS#1 is for RSA keys; this one is " + privateKey.getAlgorithm());
            }
            Path file = key.resolveSibling(key.getFileName() + ".pkcs1");
            Files.writeString(file, pem("RSA PRIVATE KEY", pkcs1Of(privateKey.getEncoded())));
            return file;
        }

        /** A JDK client or server context presenting this certificate and trusting {@code trusted}'s CA. */
        public SSLContext sslContext(TestCertificates trusted) throws GeneralSecurityException, IOException {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("key", privateKey, PASS.toCharArray(), new Certificate[] {certificate, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASS.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trusted.trustManagers().getTrustManagers(), null);
            return context;
        }
    }

    private TestCertificates(Path dir, Path caKeystore, Path caCert) {
        this.dir = dir;
        this.caKeystore = caKeystore;
        this.caCert = caCert;
    }

    /** A new CA in {@code dir} (created if needed), valid for a few days. */
    public static TestCertificates create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("ca.p12");
        Path cert = dir.resolve("ca.crt");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Tandem Test CA",
                "-ext", "bc:c", "-validity", "5", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(), "-storepass", PASS,
                "-file", cert.toString());
        return new TestCertificates(dir, keystore, cert);
    }

    /** The CA's certificate (PEM): {@code tls-ca-cert-file}, {@code redis-cli --cacert}. */
    public Path caCert() {
        return caCert;
    }

    /** A certificate for {@code name} (also the files' base name), valid from yesterday for a few days. */
    public Issued issue(String name) throws IOException {
        return issue(name, false, false);
    }

    /** {@link #issue(String)} with an RSA 2048 key (whose {@link Issued#pkcs1Key()} exists). */
    public Issued issueRsa(String name) throws IOException {
        return issue(name, false, true);
    }

    /** A certificate that expired the day before yesterday. */
    public Issued issueExpired(String name) throws IOException {
        return issue(name, true, false);
    }

    private Issued issue(String name, boolean expired, boolean rsa) throws IOException {
        Path keystore = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        List<String> keyAlgorithm = rsa ? List.of("-keyalg", "RSA", "-keysize", "2048")
                : List.of("-keyalg", "EC", "-groupname", "secp256r1");
        List<String> genkeypair = new ArrayList<>(List.of("-genkeypair", "-alias", "leaf"));
        genkeypair.addAll(keyAlgorithm);
        genkeypair.addAll(List.of("-dname", "CN=" + name, "-validity", "5", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASS,
                "-keypass", PASS));
        keytool(genkeypair.toArray(String[]::new));
        keytool("-certreq", "-alias", "leaf", "-keystore", keystore.toString(), "-storepass", PASS,
                "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", caKeystore.toString(),
                "-storepass", PASS, "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc",
                "-ext", "san=dns:localhost,ip:127.0.0.1"));
        gencert.addAll(expired ? List.of("-startdate", "-4d", "-validity", "2") : List.of("-startdate", "-1d",
                "-validity", "5"));
        keytool(gencert.toArray(String[]::new));
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, PASS.toCharArray());
            }
            PrivateKey privateKey = (PrivateKey) store.getKey("leaf", PASS.toCharArray());
            Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(cert)));
            X509Certificate ca = (X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(caCert)));
            return new Issued(cert, key, certificate, privateKey, ca);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key keytool made for " + name, e);
        }
    }

    /** A trust manager factory trusting this CA only. */
    public TrustManagerFactory trustManagers() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    /** A JDK client context trusting this CA and presenting no certificate. */
    public SSLContext trustingContext() throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers().getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The PKCS#1 {@code RSAPrivateKey} inside a PKCS#8 {@code PrivateKeyInfo}: its {@code privateKey} octet string. */
    static byte[] pkcs1Of(byte[] pkcs8) {
        int[] outer = header(pkcs8, 0);           // SEQUENCE
        int at = outer[0];
        int[] version = header(pkcs8, at);        // INTEGER 0
        at = version[1];
        int[] algorithm = header(pkcs8, at);      // AlgorithmIdentifier
        at = algorithm[1];
        int[] key = header(pkcs8, at);            // OCTET STRING
        return Arrays.copyOfRange(pkcs8, key[0], key[1]);
    }

    /** {content start, end} of the DER element at {@code at}. */
    private static int[] header(byte[] b, int at) {
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
        return new int[] {start, start + len};
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
