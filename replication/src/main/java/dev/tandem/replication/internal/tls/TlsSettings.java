/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import java.util.Objects;

/**
 * The {@code tls-*} directives of Redis 7.0 as one immutable value, so that a {@code CONFIG SET}
 * of several of them is checked (the contexts built) and swapped in at once. Text values are
 * never null: the empty string means "not set", as {@code CONFIG GET} shows it.
 *
 * @param port {@code tls-port}: the TLS listener (0 = none)
 * @param certFile {@code tls-cert-file}: the listener's certificate chain (PEM), also the
 *     replica link's client certificate when no {@code tls-client-cert-file} is set
 * @param keyFile {@code tls-key-file}: its private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param keyFilePass {@code tls-key-file-pass}
 * @param clientCertFile {@code tls-client-cert-file}
 * @param clientKeyFile {@code tls-client-key-file}
 * @param clientKeyFilePass {@code tls-client-key-file-pass}
 * @param dhParamsFile {@code tls-dh-params-file}: checked, not applied (see {@link TlsContextFactory})
 * @param caCertFile {@code tls-ca-cert-file}
 * @param caCertDir {@code tls-ca-cert-dir}
 * @param authClients {@code tls-auth-clients}
 * @param protocols {@code tls-protocols} (empty = TLSv1.2 and TLSv1.3, Redis's default)
 * @param ciphers {@code tls-ciphers} (TLSv1.2 and below)
 * @param ciphersuites {@code tls-ciphersuites} (TLSv1.3)
 * @param preferServerCiphers {@code tls-prefer-server-ciphers}
 * @param sessionCaching {@code tls-session-caching}
 * @param sessionCacheSize {@code tls-session-cache-size}
 * @param sessionCacheTimeout {@code tls-session-cache-timeout} in seconds
 * @param replication {@code tls-replication}: a replica connects to its master over TLS
 */
public record TlsSettings(int port, String certFile, String keyFile, String keyFilePass, String clientCertFile,
        String clientKeyFile, String clientKeyFilePass, String dhParamsFile, String caCertFile, String caCertDir,
        TlsAuthClients authClients, String protocols, String ciphers, String ciphersuites, boolean preferServerCiphers,
        boolean sessionCaching, int sessionCacheSize, int sessionCacheTimeout, boolean replication) {

    /** Redis 7.0's defaults: no TLS port, no files, client certificates required once TLS is on. */
    public static final TlsSettings DEFAULTS = new TlsSettings(0, "", "", "", "", "", "", "", "", "",
            TlsAuthClients.YES, "", "", "", false, true, 20480, 300, false);

    public TlsSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("tls-port out of range: " + port);
        }
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(keyFilePass, "keyFilePass");
        Objects.requireNonNull(clientCertFile, "clientCertFile");
        Objects.requireNonNull(clientKeyFile, "clientKeyFile");
        Objects.requireNonNull(clientKeyFilePass, "clientKeyFilePass");
        Objects.requireNonNull(dhParamsFile, "dhParamsFile");
        Objects.requireNonNull(caCertFile, "caCertFile");
        Objects.requireNonNull(caCertDir, "caCertDir");
        Objects.requireNonNull(authClients, "authClients");
        Objects.requireNonNull(protocols, "protocols");
        Objects.requireNonNull(ciphers, "ciphers");
        Objects.requireNonNull(ciphersuites, "ciphersuites");
    }

    /**
     * Whether the node needs TLS contexts at all: Redis configures TLS (and refuses bad
     * material) only when a TLS port or TLS replication is on.
     */
    public boolean enabled() {
        return port != 0 || replication;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with some values changed; the directive registry's setters use it. */
    public static final class Builder {
        private int port;
        private String certFile;
        private String keyFile;
        private String keyFilePass;
        private String clientCertFile;
        private String clientKeyFile;
        private String clientKeyFilePass;
        private String dhParamsFile;
        private String caCertFile;
        private String caCertDir;
        private TlsAuthClients authClients;
        private String protocols;
        private String ciphers;
        private String ciphersuites;
        private boolean preferServerCiphers;
        private boolean sessionCaching;
        private int sessionCacheSize;
        private int sessionCacheTimeout;
        private boolean replication;

        private Builder(TlsSettings s) {
            port = s.port;
            certFile = s.certFile;
            keyFile = s.keyFile;
            keyFilePass = s.keyFilePass;
            clientCertFile = s.clientCertFile;
            clientKeyFile = s.clientKeyFile;
            clientKeyFilePass = s.clientKeyFilePass;
            dhParamsFile = s.dhParamsFile;
            caCertFile = s.caCertFile;
            caCertDir = s.caCertDir;
            authClients = s.authClients;
            protocols = s.protocols;
            ciphers = s.ciphers;
            ciphersuites = s.ciphersuites;
            preferServerCiphers = s.preferServerCiphers;
            sessionCaching = s.sessionCaching;
            sessionCacheSize = s.sessionCacheSize;
            sessionCacheTimeout = s.sessionCacheTimeout;
            replication = s.replication;
        }

        public Builder port(int v) { port = v; return this; }
        public Builder certFile(String v) { certFile = v; return this; }
        public Builder keyFile(String v) { keyFile = v; return this; }
        public Builder keyFilePass(String v) { keyFilePass = v; return this; }
        public Builder clientCertFile(String v) { clientCertFile = v; return this; }
        public Builder clientKeyFile(String v) { clientKeyFile = v; return this; }
        public Builder clientKeyFilePass(String v) { clientKeyFilePass = v; return this; }
        public Builder dhParamsFile(String v) { dhParamsFile = v; return this; }
        public Builder caCertFile(String v) { caCertFile = v; return this; }
        public Builder caCertDir(String v) { caCertDir = v; return this; }
        public Builder authClients(TlsAuthClients v) { authClients = v; return this; }
        public Builder protocols(String v) { protocols = v; return this; }
        public Builder ciphers(String v) { ciphers = v; return this; }
        public Builder ciphersuites(String v) { ciphersuites = v; return this; }
        public Builder preferServerCiphers(boolean v) { preferServerCiphers = v; return this; }
        public Builder sessionCaching(boolean v) { sessionCaching = v; return this; }
        public Builder sessionCacheSize(int v) { sessionCacheSize = v; return this; }
        public Builder sessionCacheTimeout(int v) { sessionCacheTimeout = v; return this; }
        public Builder replication(boolean v) { replication = v; return this; }

        public TlsSettings build() {
            return new TlsSettings(port, certFile, keyFile, keyFilePass, clientCertFile, clientKeyFile,
                    clientKeyFilePass, dhParamsFile, caCertFile, caCertDir, authClients, protocols, ciphers,
                    ciphersuites, preferServerCiphers, sessionCaching, sessionCacheSize, sessionCacheTimeout,
                    replication);
        }
    }

    /** The key passwords masked, as logs must show them. */
    @Override
    public String toString() {
        return "TlsSettings[port=" + port + ", cert=" + certFile + ", key=" + keyFile + ", ca=" + caCertFile
                + ", caDir=" + caCertDir + ", auth-clients=" + authClients.configName() + ", replication="
                + replication + "]";
    }
}
