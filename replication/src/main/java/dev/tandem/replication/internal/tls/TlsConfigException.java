/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

/**
 * The TLS material or settings cannot be used. The message is the line Redis would log
 * ({@code Failed to load certificate: <file>: ...}); the caller decides what the client sees
 * (Redis's {@code CONFIG SET} answers {@code Unable to update TLS configuration. Check server logs.}).
 */
public final class TlsConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
