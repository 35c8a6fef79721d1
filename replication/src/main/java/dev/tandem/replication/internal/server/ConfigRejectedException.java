/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

/**
 * A {@code CONFIG SET} that a {@link ConfigDirectives} refuses: {@link #argument()} is the
 * parameter as the client gave it, the message is Redis's reason.
 */
public final class ConfigRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String argument;

    public ConfigRejectedException(String argument, String reason) {
        super(reason, null, false, false);
        this.argument = argument;
    }

    /** The parameter the reason is about, as given. */
    public String argument() {
        return argument;
    }
}
