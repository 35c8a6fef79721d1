/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.backlog;

import dev.tandem.replication.spi.ReplicationBacklog;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@code repl-backlog-ttl}: frees the backlog of a <em>master</em> that has had no replica for
 * longer than the TTL, as Redis's {@code replicationCron} does. Replicas never free their
 * backlog (they may be promoted and must then serve partial resyncs), and a TTL of 0 means
 * "never".
 *
 * <p>When this frees the backlog, the caller must also mint a new replication id and clear
 * replid2 ({@code ReplicationHistory.withNewReplid().withoutReplid2()}), as Redis does, so a
 * node whose history was dropped can never accept a {@code PSYNC} into it.
 *
 * <p>The "no replicas since" clock starts at construction, restarts when the last replica
 * leaves ({@link #replicaCountChanged}) and on promotion ({@link #restartClock}). Not
 * thread-safe: drive it from the cron's thread.
 */
public final class BacklogExpiry {

    private final LongSupplier clockMillis;
    private Duration ttl;
    private long noReplicasSinceMillis;

    /**
     * @param ttl {@code repl-backlog-ttl}; {@link Duration#ZERO} disables expiry
     * @param clockMillis time source in milliseconds
     */
    public BacklogExpiry(Duration ttl, LongSupplier clockMillis) {
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        setTtl(ttl);
        this.noReplicasSinceMillis = clockMillis.getAsLong();
    }

    public void setTtl(Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("repl-backlog-ttl must be >= 0: " + ttl);
        }
        this.ttl = ttl;
    }

    /** Call whenever the number of attached replicas changes; reaching 0 starts the clock. */
    public void replicaCountChanged(int replicas) {
        if (replicas == 0) {
            noReplicasSinceMillis = clockMillis.getAsLong();
        }
    }

    /** Restarts the clock (Redis does this when a replica is promoted to master). */
    public void restartClock() {
        noReplicasSinceMillis = clockMillis.getAsLong();
    }

    /**
     * Frees {@code backlog} if this node is a master with no replicas whose backlog has been idle
     * for more than the TTL.
     *
     * @return {@code true} when the backlog was freed (the caller then changes the replid)
     */
    public boolean freeIfExpired(ReplicationBacklog backlog, boolean isMaster, int replicas) {
        if (!isMaster || replicas != 0 || ttl.isZero() || !backlog.isActive()) {
            return false;
        }
        long idleMillis = clockMillis.getAsLong() - noReplicasSinceMillis;
        if (idleMillis <= ttl.toMillis()) {
            return false;
        }
        backlog.free();
        return true;
    }
}
