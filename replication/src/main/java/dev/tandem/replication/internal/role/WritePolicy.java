/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.role;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.WriteGate;
import dev.tandem.replication.ReplicationConfig;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one place that decides whether replication refuses a normal client's command, for the API
 * and the RESP server alike, with Redis 7.0's texts in {@code processCommand}'s order:
 * {@code MISCONF} (a master whose last save failed, writes only; see {@link #diskErrors}),
 * {@code NOREPLICAS} (a master without enough good replicas, writes only), {@code READONLY} (a
 * read-only replica, writes only), {@code MASTERDOWN} (a replica whose link is down with
 * {@code replica-serve-stale-data no}, every command not allowed on stale data).
 *
 * <p>It is asked twice for a write: before the command runs (so the client gets Redis's error in
 * Redis's order among the other checks), and again as the keyspace's {@link WriteGate} under the
 * write lock right before the write executes. The second answer is the one that counts: a role
 * change takes the same lock, so a write that passed as a master's runs and propagates as a
 * master's, and a write that arrives after the node turned replica is refused instead of being
 * applied and never propagated.
 */
public final class WritePolicy implements WriteGate {

    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    public static final String READONLY = "READONLY You can't write against a read only replica.";
    public static final String MASTERDOWN =
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

    private final NodeRoles roles;
    private final Supplier<ReplicationConfig> config;
    private final BooleanSupplier tooFewGoodReplicas;
    /** Persistence's refusal of a master's writes ({@code MISCONF}), or null. */
    private volatile Supplier<String> diskErrors = () -> null;

    /**
     * @param config             the settings as they are now (read at every decision)
     * @param tooFewGoodReplicas whether min-replicas refuses writes now (a cached count)
     */
    public WritePolicy(NodeRoles roles, Supplier<ReplicationConfig> config, BooleanSupplier tooFewGoodReplicas) {
        this.roles = Objects.requireNonNull(roles, "roles");
        this.config = Objects.requireNonNull(config, "config");
        this.tooFewGoodReplicas = Objects.requireNonNull(tooFewGoodReplicas, "tooFewGoodReplicas");
    }

    /**
     * The refusal of a normal client's command, or null.
     *
     * @param write             the command writes (an {@code EXEC} whose transaction holds a write counts)
     * @param allowedWhileStale the command may run on stale data (Redis's {@code CMD_STALE})
     */
    public String refusal(boolean write, boolean allowedWhileStale) {
        NodeRole role = roles.current();
        if (role instanceof ReplicaRole replica) {
            ReplicationConfig c = config.get();
            if (write && c.replicaReadOnly()) {
                return READONLY;
            }
            if (!allowedWhileStale && !c.replicaServeStaleData() && !replica.link().isUp()) {
                return MASTERDOWN;
            }
            return null;
        }
        if (!write) {
            return null;
        }
        // Redis's processCommand order: MISCONF (stop-writes-on-bgsave-error) before NOREPLICAS.
        String diskError = diskErrors.get();
        if (diskError != null) {
            return diskError;
        }
        return tooFewGoodReplicas.getAsBoolean() ? NOREPLICAS : null;
    }

    /**
     * Where a master's {@code MISCONF} comes from: the node's persistence, refusing writes while
     * the last save failed with {@code stop-writes-on-bgsave-error yes}.
     */
    public void diskErrors(Supplier<String> refusal) {
        this.diskErrors = Objects.requireNonNull(refusal, "refusal");
    }

    /** Whether {@code MASTERDOWN} applies now to commands not allowed on stale data. */
    public boolean refusesStaleData() {
        return refusal(false, false) != null;
    }

    /** Under the keyspace write lock, right before a client's write executes. */
    @Override
    public String refusal(ClientState client) {
        return refusal(true, true);
    }
}
