package dev.tandem.replication.internal.server;

import java.util.Objects;
import java.util.Optional;

/**
 * The RESP server's own settings, changeable at run time ({@code CONFIG SET}); every field is
 * volatile and read afresh by each connection when it needs it.
 *
 * <ul>
 *   <li>{@code requirepass}: the password of the default user; empty = none (every connection
 *       is authenticated from the start);</li>
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

    public static final int DEFAULT_MAXCLIENTS = 10_000;

    private volatile String requirepass;
    private volatile int maxclients = DEFAULT_MAXCLIENTS;
    private volatile long timeoutSeconds;
    private volatile boolean protectedMode = true;
    private volatile ClientOutputBufferLimit normalOutputLimit = ClientOutputBufferLimit.UNLIMITED;
    private volatile ClientOutputBufferLimit pubsubOutputLimit = ClientOutputBufferLimit.PUBSUB_DEFAULT;

    public Optional<String> requirepass() {
        return Optional.ofNullable(requirepass);
    }

    /** Sets the password; null or empty removes it. */
    public ServerConfig requirepass(String password) {
        this.requirepass = password == null || password.isEmpty() ? null : password;
        return this;
    }

    public int maxclients() {
        return maxclients;
    }

    public ServerConfig maxclients(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxclients must be >= 1: " + value);
        }
        this.maxclients = value;
        return this;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    public ServerConfig timeoutSeconds(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("timeout must be >= 0: " + value);
        }
        this.timeoutSeconds = value;
        return this;
    }

    public boolean protectedMode() {
        return protectedMode;
    }

    public ServerConfig protectedMode(boolean value) {
        this.protectedMode = value;
        return this;
    }

    public ClientOutputBufferLimit normalOutputLimit() {
        return normalOutputLimit;
    }

    public ServerConfig normalOutputLimit(ClientOutputBufferLimit limit) {
        this.normalOutputLimit = Objects.requireNonNull(limit);
        return this;
    }

    public ClientOutputBufferLimit pubsubOutputLimit() {
        return pubsubOutputLimit;
    }

    public ServerConfig pubsubOutputLimit(ClientOutputBufferLimit limit) {
        this.pubsubOutputLimit = Objects.requireNonNull(limit);
        return this;
    }
}
