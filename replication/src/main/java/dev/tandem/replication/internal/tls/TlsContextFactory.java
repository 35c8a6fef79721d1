/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the node's {@link TlsContexts} from the {@code tls-*} directives the way Redis 7.0's
 * {@code tlsConfigure} does, over the JDK's TLS provider (no native library):
 * <ul>
 *   <li>a certificate and key are required; a CA file or directory is required as soon as
 *   {@code tls-auth-clients} is not {@code no} or {@code tls-replication} is on (Redis's
 *   checks and log texts);</li>
 *   <li>the replica link presents {@code tls-client-cert-file}/{@code -key-file} when both are
 *   set, else the listener's certificate, and checks the master's certificate against the CA
 *   (not its host name, as Redis);</li>
 *   <li>{@code tls-protocols}: Redis's words, TLSv1.2 and TLSv1.3 by default;</li>
 *   <li>{@code tls-ciphers} (OpenSSL names such as {@code ECDHE-RSA-AES256-GCM-SHA384}, or the
 *   JDK's {@code TLS_ECDHE_...} names, separated by {@code :}) replaces the JDK's TLSv1.2
 *   suites, and {@code tls-ciphersuites} its TLSv1.3 suites; OpenSSL's keywords and
 *   exclusions ({@code DEFAULT}, {@code HIGH}, {@code !aNULL}) have no JDK meaning and are
 *   skipped; a list that names no suite the JDK has is refused, as OpenSSL refuses it;</li>
 *   <li>{@code tls-session-caching no} shrinks the JDK's session cache to one entry with a
 *   one-second lifetime (the JDK cannot switch the cache off);</li>
 *   <li>{@code tls-dh-params-file} is read and must hold {@code DH PARAMETERS}, as Redis
 *   requires, but is not applied: the JDK negotiates the RFC 7919 groups itself and takes DH
 *   parameters only JVM-wide ({@code jdk.tls.server.defaultDHEParameters}).</li>
 * </ul>
 */
public final class TlsContextFactory {

    private static final Logger log = LoggerFactory.getLogger(TlsContextFactory.class);

    private TlsContextFactory() {
    }

    /**
     * The contexts for {@code s}: {@link TlsContexts#NONE} when TLS is not enabled (no TLS port,
     * no TLS replication: Redis does not look at the files then).
     *
     * @throws TlsConfigException with the line Redis would log
     */
    public static TlsContexts build(TlsSettings s) {
        return build(s, false);
    }

    /**
     * {@link #build(TlsSettings)}, also when {@code listener} says a TLS listener is wanted on a
     * port not chosen yet (the embedded API's ephemeral TLS port).
     */
    public static TlsContexts build(TlsSettings s, boolean listener) {
        if (!s.enabled() && !listener) {
            return TlsContexts.NONE;
        }
        if (s.certFile().isEmpty()) {
            throw new TlsConfigException("No tls-cert-file configured!");
        }
        if (s.keyFile().isEmpty()) {
            throw new TlsConfigException("No tls-key-file configured!");
        }
        if ((s.authClients() != TlsAuthClients.NO || s.replication())
                && s.caCertFile().isEmpty() && s.caCertDir().isEmpty()) {
            throw new TlsConfigException("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
                    + "tls-cluster, tls-replication or tls-auth-clients are enabled!");
        }
        String[] protocols = protocols(s.protocols());
        List<String> ciphers = ciphers(s);
        X509Certificate[] ca = caCertificates(s);
        KeyPair serverKey = keyPair(s.certFile(), s.keyFile(), s.keyFilePass());
        checkDhParams(s.dhParamsFile());
        KeyPair clientKey = !s.clientCertFile().isEmpty() && !s.clientKeyFile().isEmpty()
                ? keyPair(s.clientCertFile(), s.clientKeyFile(), s.clientKeyFilePass()) : serverKey;
        try {
            SslContextBuilder server = SslContextBuilder.forServer(serverKey.key(), serverKey.chain())
                    .sslProvider(SslProvider.JDK)
                    .protocols(protocols)
                    .clientAuth(s.authClients().clientAuth());
            if (ca.length > 0) {
                server.trustManager(ca);
            }
            if (ciphers != null) {
                server.ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE);
            }
            if (s.sessionCaching()) {
                server.sessionCacheSize(s.sessionCacheSize()).sessionTimeout(s.sessionCacheTimeout());
            } else {
                server.sessionCacheSize(1).sessionTimeout(1);
            }
            SslContextBuilder client = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(protocols)
                    .keyManager(clientKey.key(), clientKey.chain())
                    // Redis checks the chain against its CA, never the master's host name.
                    .endpointIdentificationAlgorithm(null);
            if (ca.length > 0) {
                client.trustManager(ca);
            }
            if (ciphers != null) {
                client.ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE);
            }
            return new TlsContexts(server.build(), client.build(), s.preferServerCiphers());
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigException("Failed to configure TLS: " + e.getMessage(), e);
        }
    }

    private record KeyPair(PrivateKey key, X509Certificate[] chain) {
    }

    private static KeyPair keyPair(String certFile, String keyFile, String password) {
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(Paths.get(certFile));
        } catch (TlsConfigException e) {
            throw new TlsConfigException("Failed to load certificate: " + certFile + ": " + e.getMessage(), e);
        }
        PrivateKey key;
        try {
            key = PemFiles.privateKey(Paths.get(keyFile), password);
        } catch (TlsConfigException e) {
            throw new TlsConfigException("Failed to load private key: " + keyFile + ": " + e.getMessage(), e);
        }
        if (!matches(chain.get(0), key)) {
            throw new TlsConfigException("Failed to load private key: " + keyFile
                    + ": key values mismatch (the key is not the certificate's)");
        }
        return new KeyPair(key, chain.toArray(X509Certificate[]::new));
    }

    /** Whether the key belongs to the certificate: a signature made with it verifies with the certificate's key. */
    private static boolean matches(X509Certificate cert, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // no cheap check; the handshake will tell
        }
        try {
            byte[] probe = "tandem-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate[] caCertificates(TlsSettings s) {
        List<X509Certificate> all = new ArrayList<>();
        try {
            if (!s.caCertFile().isEmpty()) {
                all.addAll(PemFiles.certificates(Paths.get(s.caCertFile())));
            }
            if (!s.caCertDir().isEmpty()) {
                all.addAll(directoryCertificates(Paths.get(s.caCertDir())));
            }
        } catch (TlsConfigException e) {
            throw new TlsConfigException("Failed to configure CA certificate(s) file/directory: " + e.getMessage(), e);
        }
        return all.toArray(X509Certificate[]::new);
    }

    /**
     * Every certificate in a CA directory. OpenSSL looks certificates up by subject hash
     * ({@code c_rehash} names); Tandem reads every regular file that parses as PEM, which
     * covers those names and plain ones, and skips the rest.
     */
    private static List<X509Certificate> directoryCertificates(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TlsConfigException(dir + ": not a directory");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    certs.addAll(PemFiles.certificates(file));
                } catch (TlsConfigException e) {
                    log.debug("tls-ca-cert-dir: skipping {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new TlsConfigException(dir + ": " + e.getMessage(), e);
        }
        return certs;
    }

    private static void checkDhParams(String file) {
        if (file.isEmpty()) {
            return;
        }
        Path path = Paths.get(file);
        if (!Files.isReadable(path)) {
            throw new TlsConfigException("Failed to load " + file + ": No such file or directory");
        }
        if (!PemFiles.hasBlock(path, "DH PARAMETERS")) {
            throw new TlsConfigException(file + ": failed to read DH params.");
        }
        log.info("tls-dh-params-file {} read; the JDK negotiates its own RFC 7919 DH groups and does not apply it",
                file);
    }

    /** Redis's {@code parseProtocolsConfig}: space-separated, any case; empty = TLSv1.2 and TLSv1.3. */
    static String[] protocols(String value) {
        if (value.isEmpty()) {
            return new String[] {"TLSv1.3", "TLSv1.2"};
        }
        Set<String> protocols = new LinkedHashSet<>();
        for (String token : value.split(" ", -1)) {
            switch (token.toLowerCase(Locale.ROOT)) {
                case "tlsv1" -> protocols.add("TLSv1");
                case "tlsv1.1" -> protocols.add("TLSv1.1");
                case "tlsv1.2" -> protocols.add("TLSv1.2");
                case "tlsv1.3" -> protocols.add("TLSv1.3");
                default -> throw new TlsConfigException("Invalid tls-protocols specified. "
                        + "Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
            }
        }
        return protocols.toArray(String[]::new);
    }

    /** The cipher suites to enable, or null for the JDK's defaults (neither directive set). */
    static List<String> ciphers(TlsSettings s) {
        if (s.ciphers().isEmpty() && s.ciphersuites().isEmpty()) {
            return null;
        }
        Set<String> supported;
        List<String> defaults;
        try {
            SSLContext jdk = SSLContext.getDefault();
            supported = Set.of(jdk.getSupportedSSLParameters().getCipherSuites());
            defaults = Arrays.asList(jdk.getDefaultSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new TlsConfigException("Failed to configure ciphers: " + e.getMessage(), e);
        }
        List<String> tls12 = s.ciphers().isEmpty() ? defaults.stream().filter(c -> !isTls13(c)).toList()
                : named(s.ciphers(), supported, "Failed to configure ciphers: ");
        List<String> tls13 = s.ciphersuites().isEmpty() ? defaults.stream().filter(TlsContextFactory::isTls13).toList()
                : named(s.ciphersuites(), supported, "Failed to configure ciphersuites: ");
        List<String> all = new ArrayList<>(tls13);
        all.addAll(tls12);
        return all;
    }

    private static boolean isTls13(String jdkName) {
        return jdkName.startsWith("TLS_AES_") || jdkName.startsWith("TLS_CHACHA20_");
    }

    private static List<String> named(String list, Set<String> supported, String error) {
        List<String> out = new ArrayList<>();
        for (String token : list.split("[:, ]+")) {
            if (token.isEmpty() || "!-+@".indexOf(token.charAt(0)) >= 0 || token.equals(token.toUpperCase(Locale.ROOT))
                    && !token.contains("-") && !token.contains("_")) {
                continue; // OpenSSL's keywords (DEFAULT, HIGH), exclusions and ordering: no JDK meaning
            }
            String jdk = token.startsWith("TLS_") || token.startsWith("SSL_") ? token
                    : CipherSuiteConverter.toJava(token, "TLS");
            if (jdk != null && supported.contains(jdk)) {
                out.add(jdk);
            } else {
                log.warn("{}{} is not a cipher the JDK supports; skipped", error.replace(": ", " "), token);
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(error + list);
        }
        return out;
    }
}
