/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import io.netty.handler.ssl.ClientAuth;
import java.util.Locale;

/** {@code tls-auth-clients}: whether a TLS client must present a certificate the CA signed. */
public enum TlsAuthClients {
    /** A client without a valid certificate is refused (Redis's default). */
    YES("yes", ClientAuth.REQUIRE),
    /** Certificates are not asked for. */
    NO("no", ClientAuth.NONE),
    /** A certificate is asked for and checked when given; a client without one is served. */
    OPTIONAL("optional", ClientAuth.OPTIONAL);

    private final String configName;
    private final ClientAuth clientAuth;

    TlsAuthClients(String configName, ClientAuth clientAuth) {
        this.configName = configName;
        this.clientAuth = clientAuth;
    }

    public String configName() {
        return configName;
    }

    ClientAuth clientAuth() {
        return clientAuth;
    }

    /** The value for a directive argument (any case), or null. */
    public static TlsAuthClients parse(String value) {
        for (TlsAuthClients v : values()) {
            if (v.configName.equals(value.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        return null;
    }
}
