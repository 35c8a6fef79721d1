/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.replication.internal.info.InfoReplicationFormatter;
import dev.tandem.replication.internal.info.RoleReply;
import dev.tandem.replication.spi.BacklogRange;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationId;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A typed snapshot of everything {@code INFO replication} shows. {@link #toString()} renders the
 * section exactly as Redis 7.0 does ({@link InfoReplicationFormatter}); {@link #role()} derives
 * the {@code ROLE} reply.
 *
 * @param masterLink present exactly when this node is a replica ({@code role:slave})
 * @param connectedSlaves {@code connected_slaves}: every replica connection, syncing ones included
 * @param minSlavesGoodSlaves present only when both min-replicas options are non-zero
 * @param replicas the {@code slaveN} rows (Redis omits finished rdb-only replicas)
 * @param failoverState {@code master_failover_state}, {@code no-failover} normally
 * @param backlogSize {@code repl_backlog_size}
 */
public record ReplicationInfo(
        MasterLink masterLink,
        int connectedSlaves,
        OptionalInt minSlavesGoodSlaves,
        List<ConnectedReplica> replicas,
        String failoverState,
        ReplicationId replid,
        ReplicationId replid2,
        long masterReplOffset,
        long secondReplOffset,
        boolean backlogActive,
        long backlogSize,
        long backlogFirstByteOffset,
        long backlogHistlen) {

    /** {@code master_failover_state} when no failover runs. */
    public static final String NO_FAILOVER = "no-failover";

    public ReplicationInfo {
        Objects.requireNonNull(minSlavesGoodSlaves, "minSlavesGoodSlaves");
        replicas = List.copyOf(replicas);
        Objects.requireNonNull(failoverState, "failoverState");
        Objects.requireNonNull(replid, "replid");
        Objects.requireNonNull(replid2, "replid2");
    }

    /** The common case: ids from a {@link ReplicationHistory}, offsets from a {@link BacklogRange}. */
    public static ReplicationInfo of(MasterLink masterLink, int connectedSlaves, OptionalInt minSlavesGoodSlaves,
            List<ConnectedReplica> replicas, ReplicationHistory history, BacklogRange backlog, long backlogSize) {
        return new ReplicationInfo(masterLink, connectedSlaves, minSlavesGoodSlaves, replicas, NO_FAILOVER,
                history.replid(), history.replid2(), backlog.masterReplOffset(), history.secondReplidOffset(),
                backlog.active(), backlogSize, backlog.firstByteOffset(), backlog.historyLength());
    }

    public boolean isReplica() {
        return masterLink != null;
    }

    /**
     * The replica side: {@code master_host} ... {@code replica_announced}.
     *
     * @param state the link state (up only when {@link ReplicaLinkState#CONNECTED})
     * @param lastIoSecondsAgo seconds since the last byte read from the master; -1 without a master connection
     * @param readReplOffset {@code slave_read_repl_offset} (Redis shows 1 without master or cached master)
     * @param replOffset {@code slave_repl_offset}, the applied offset (same rule)
     * @param masterClientPresent whether a live master connection exists ({@code ROLE} shows -1 otherwise)
     * @param syncProgress required exactly in {@link ReplicaLinkState#TRANSFER}
     * @param linkDownSinceSeconds seconds since the link went down; -1 if it was never up since
     *     this node became a replica (shown only while not connected)
     * @param delay a delayed replica's figures (Tandem's own INFO fields); null when the delay is
     *     not in use, and INFO then shows Redis's fields only
     */
    public record MasterLink(String host, int port, ReplicaLinkState state, int lastIoSecondsAgo, long readReplOffset,
            long replOffset, boolean masterClientPresent, SyncProgress syncProgress, long linkDownSinceSeconds,
            int slavePriority, boolean readOnly, boolean announced, Delay delay) {

        /** A link of a replica that is not delayed. */
        public MasterLink(String host, int port, ReplicaLinkState state, int lastIoSecondsAgo, long readReplOffset,
                long replOffset, boolean masterClientPresent, SyncProgress syncProgress, long linkDownSinceSeconds,
                int slavePriority, boolean readOnly, boolean announced) {
            this(host, port, state, lastIoSecondsAgo, readReplOffset, replOffset, masterClientPresent, syncProgress,
                    linkDownSinceSeconds, slavePriority, readOnly, announced, null);
        }

        public MasterLink {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(state, "state");
            if ((state == ReplicaLinkState.TRANSFER) != (syncProgress != null)) {
                throw new IllegalArgumentException("sync progress is required exactly while in TRANSFER, state " + state);
            }
        }

        public boolean linkUp() {
            return state == ReplicaLinkState.CONNECTED;
        }
    }

    /**
     * A delayed replica's figures ({@code replica-delay}, Tandem's own): {@code INFO replication}
     * shows them after {@code replica_announced}. The link's {@code replOffset} is then the
     * received offset, {@code master_repl_offset} the applied one.
     *
     * @param applyOffset {@code slave_apply_offset}: the last byte of the master's stream applied
     * @param delayMillis {@code replica_delay}: the configured delay in milliseconds
     * @param units {@code delayed_units}: units received, not applied yet
     * @param bytes {@code delayed_bytes}: their stream bytes
     * @param applyLagSeconds {@code apply_lag_seconds}: age of the oldest pending unit (0 when none)
     * @param paused {@code replica_delay_paused}: whether {@code REPLDELAY PAUSE} (or APPLY-UNTIL) holds applying
     * @param spilledBytes {@code delayed_spilled_bytes}: pending stream bytes kept in the spill file
     * @param fullSyncsLoadedAtOnce {@code delayed_full_syncs}: full syncs whose snapshot loaded
     *     at once while the delay was in use (a snapshot carries no per-command times)
     */
    public record Delay(long applyOffset, long delayMillis, long units, long bytes, long applyLagSeconds,
            boolean paused, long spilledBytes, long fullSyncsLoadedAtOnce) { }

    /**
     * Full-sync progress on a replica.
     *
     * @param totalBytes the announced payload length; 0 for an EOF-marked payload; -1 until the
     *     payload header ({@code $<len>} or {@code $EOF:<mark>}) has been read
     * @param readBytes payload bytes read so far
     * @param lastIoSecondsAgo seconds since the last payload byte arrived
     */
    public record SyncProgress(long totalBytes, long readBytes, int lastIoSecondsAgo) {
        public long leftBytes() {
            return totalBytes - readBytes;
        }
    }

    /**
     * One {@code slaveN} row.
     *
     * @param ip the announced address ({@code REPLCONF ip-address}) or the peer address
     * @param port the announced listening port, 0 when never sent
     * @param ackOffset the highest acknowledged offset, 0 before the first ACK
     * @param lagSeconds seconds since the last ACK; Redis shows it only for online replicas
     *     (others show 0, which this record enforces)
     */
    public record ConnectedReplica(String ip, int port, ReplicaSyncState state, long ackOffset, long lagSeconds) {
        public ConnectedReplica {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(state, "state");
            if (state != ReplicaSyncState.ONLINE) {
                lagSeconds = 0;
            }
        }
    }

    /** The {@code ROLE} reply for this snapshot. */
    public RoleReply role() {
        if (masterLink == null) {
            return new RoleReply.Master(masterReplOffset, replicas.stream()
                    .filter(r -> r.state() == ReplicaSyncState.ONLINE)
                    .map(r -> new RoleReply.ReplicaEntry(r.ip(), r.port(), r.ackOffset()))
                    .toList());
        }
        return new RoleReply.Replica(masterLink.host(), masterLink.port(), masterLink.state(),
                masterLink.masterClientPresent() ? masterLink.replOffset() : -1);
    }

    /** The {@code # Replication} section, {@code \r\n} line endings, exactly as Redis 7.0 renders it. */
    @Override
    public String toString() {
        return InfoReplicationFormatter.format(this);
    }
}
