/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.OutputBufferLimit;
import java.util.Objects;
import java.util.Optional;

/**
 * The RESP server's directives as one immutable value, so that a {@code CONFIG SET} of several
 * of them is swapped in at once (see {@code ServerConfig}).
 *
 * @param requirepass the password of a RESP server that has no node around it; a node keeps its
 *     password in its {@code ReplicationConfig}, the one place it lives (null = none)
 * @param maxclients {@code maxclients}: Redis's range is 1..4294967295
 * @param timeoutSeconds {@code timeout}: idle normal clients are closed after it (0 = never)
 * @param protectedMode {@code protected-mode}
 * @param databases {@code databases} of a server without a node (a node's is in its
 *     {@code ReplicationConfig}); informational, it cannot change at run time
 * @param normalOutputLimit {@code client-output-buffer-limit normal}
 * @param pubsubOutputLimit {@code client-output-buffer-limit pubsub}
 * @param busyReplyThresholdMillis {@code busy-reply-threshold} (alias {@code lua-time-limit}): how long a
 *     script runs before other clients get BUSY; 0 never
 */
public record ServerSettings(String requirepass, long maxclients, long timeoutSeconds, boolean protectedMode,
        int databases, OutputBufferLimit normalOutputLimit, OutputBufferLimit pubsubOutputLimit,
        long busyReplyThresholdMillis) {

    public static final long DEFAULT_MAXCLIENTS = 10_000;

    /** Redis 7.0's defaults. */
    public static final ServerSettings DEFAULTS = new ServerSettings(null, DEFAULT_MAXCLIENTS, 0, true, 16,
            OutputBufferLimit.UNLIMITED, OutputBufferLimit.PUBSUB_DEFAULT, 5000);

    public ServerSettings {
        requirepass = requirepass == null || requirepass.isEmpty() ? null : requirepass;
        if (maxclients < 1) {
            throw new IllegalArgumentException("maxclients must be >= 1: " + maxclients);
        }
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeout must be >= 0: " + timeoutSeconds);
        }
        Objects.requireNonNull(normalOutputLimit, "normalOutputLimit");
        Objects.requireNonNull(pubsubOutputLimit, "pubsubOutputLimit");
        if (busyReplyThresholdMillis < 0) {
            throw new IllegalArgumentException("busy-reply-threshold must be >= 0: " + busyReplyThresholdMillis);
        }
    }

    public Optional<String> password() {
        return Optional.ofNullable(requirepass);
    }

    public ServerSettings withRequirepass(String value) {
        return new ServerSettings(value, maxclients, timeoutSeconds, protectedMode, databases, normalOutputLimit,
                pubsubOutputLimit,
                busyReplyThresholdMillis);
    }

    public ServerSettings withMaxclients(long value) {
        return new ServerSettings(requirepass, value, timeoutSeconds, protectedMode, databases, normalOutputLimit,
                pubsubOutputLimit,
                busyReplyThresholdMillis);
    }

    public ServerSettings withTimeoutSeconds(long value) {
        return new ServerSettings(requirepass, maxclients, value, protectedMode, databases, normalOutputLimit,
                pubsubOutputLimit,
                busyReplyThresholdMillis);
    }

    public ServerSettings withProtectedMode(boolean value) {
        return new ServerSettings(requirepass, maxclients, timeoutSeconds, value, databases, normalOutputLimit,
                pubsubOutputLimit,
                busyReplyThresholdMillis);
    }

    public ServerSettings withDatabases(int value) {
        return new ServerSettings(requirepass, maxclients, timeoutSeconds, protectedMode, value, normalOutputLimit,
                pubsubOutputLimit,
                busyReplyThresholdMillis);
    }

    public ServerSettings withNormalOutputLimit(OutputBufferLimit value) {
        return new ServerSettings(requirepass, maxclients, timeoutSeconds, protectedMode, databases, value,
                pubsubOutputLimit,
                busyReplyThresholdMillis);
    }

    public ServerSettings withPubsubOutputLimit(OutputBufferLimit value) {
        return new ServerSettings(requirepass, maxclients, timeoutSeconds, protectedMode, databases, normalOutputLimit,
                value,
                busyReplyThresholdMillis);
    }

    public ServerSettings withBusyReplyThresholdMillis(long value) {
        return new ServerSettings(requirepass, maxclients, timeoutSeconds, protectedMode, databases, normalOutputLimit,
                pubsubOutputLimit, value);
    }

    /** The settings, with the password masked. */
    @Override
    public String toString() {
        return "ServerSettings[requirepass=" + (requirepass == null ? "null" : "******") + ", maxclients=" + maxclients
                + ", timeout=" + timeoutSeconds + ", protected-mode=" + protectedMode + ", databases=" + databases
                + ", normal=" + normalOutputLimit + ", pubsub=" + pubsubOutputLimit + "]";
    }
}
