/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.replication.internal.config.ServerSettings;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The RESP server's settings as they are now: one immutable {@link ServerSettings} swapped as a
 * whole ({@code CONFIG SET} of several directives at once), read afresh by each connection when
 * it needs them. The directives themselves (names, parsing, {@code CONFIG GET} form) are in the
 * {@link dev.tandem.replication.internal.config.DirectiveRegistry}.
 *
 * <ul>
 *   <li>{@code requirepass}: the password of the default user; empty = none (every connection
 *       is authenticated from the start). A node's server does not keep one: it reads the
 *       node's ({@link #passwordFrom}), so that the password has one owner;</li>
 *   <li>{@code maxclients} (10000): connections beyond it get {@code -ERR max number of clients
 *       reached} and are closed;</li>
 *   <li>{@code timeout} (0 = off): idle normal clients are closed after that many seconds;</li>
 *   <li>{@code protected-mode} (yes): without a password, connections from other than the
 *       loopback interface are refused with Redis's {@code -DENIED} text;</li>
 *   <li>{@code client-output-buffer-limit} for the {@code normal} (0 0 0) and {@code pubsub}
 *       (32mb 8mb 60) classes; the {@code replica} class belongs to the replication layer.</li>
 * </ul>
 */
public final class ServerConfig {

    public static final int DEFAULT_MAXCLIENTS = (int) ServerSettings.DEFAULT_MAXCLIENTS;

    private volatile ServerSettings settings;
    /** Where the password comes from when a node owns it; null: from {@link #settings}. */
    private volatile Supplier<Optional<String>> nodePassword;

    public ServerConfig() {
        this(ServerSettings.DEFAULTS);
    }

    public ServerConfig(ServerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ServerSettings settings() {
        return settings;
    }

    /** Replaces every setting at once. */
    public ServerConfig settings(ServerSettings value) {
        this.settings = Objects.requireNonNull(value, "settings");
        return this;
    }

    /**
     * Reads the password from its owner from now on (a node's replication configuration); this
     * server config then keeps none of its own and refuses {@link #requirepass(String)}.
     */
    public ServerConfig passwordFrom(Supplier<Optional<String>> owner) {
        this.nodePassword = Objects.requireNonNull(owner, "owner");
        settings = settings.withRequirepass(null);
        return this;
    }

    /** Whether the password is a node's rather than this config's ({@link #passwordFrom}). */
    public boolean passwordOwnedByNode() {
        return nodePassword != null;
    }

    public Optional<String> requirepass() {
        Supplier<Optional<String>> owner = nodePassword;
        return owner != null ? owner.get() : settings.password();
    }

    /**
     * Sets the password of a server without a node; null or empty removes it.
     *
     * @throws IllegalStateException when a node owns the password (change it there: {@code CONFIG SET
     *     requirepass} or the node's {@code reconfigure})
     */
    public ServerConfig requirepass(String password) {
        if (nodePassword != null) {
            throw new IllegalStateException("requirepass belongs to the node: reconfigure the node instead");
        }
        settings = settings.withRequirepass(password);
        return this;
    }

    /** {@code maxclients} as a Java int (Redis allows up to 4294967295; more than a JVM can hold anyway). */
    public int maxclients() {
        return (int) Math.min(Integer.MAX_VALUE, settings.maxclients());
    }

    public ServerConfig maxclients(int value) {
        settings = settings.withMaxclients(value);
        return this;
    }

    public long timeoutSeconds() {
        return settings.timeoutSeconds();
    }

    public ServerConfig timeoutSeconds(long value) {
        settings = settings.withTimeoutSeconds(value);
        return this;
    }

    public boolean protectedMode() {
        return settings.protectedMode();
    }

    public ServerConfig protectedMode(boolean value) {
        settings = settings.withProtectedMode(value);
        return this;
    }

    public OutputBufferLimit normalOutputLimit() {
        return settings.normalOutputLimit();
    }

    public ServerConfig normalOutputLimit(OutputBufferLimit limit) {
        settings = settings.withNormalOutputLimit(limit);
        return this;
    }

    public OutputBufferLimit pubsubOutputLimit() {
        return settings.pubsubOutputLimit();
    }

    public ServerConfig pubsubOutputLimit(OutputBufferLimit limit) {
        settings = settings.withPubsubOutputLimit(limit);
        return this;
    }
}
