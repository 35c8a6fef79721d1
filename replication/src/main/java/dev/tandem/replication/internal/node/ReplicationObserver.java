/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.Role;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.master.MinReplicas;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.server.ReplicationCommands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What a node's users observe of its replication: {@code INFO replication} as a typed value,
 * "synced" for tests and start-up code, and {@code WAIT}.
 */
public final class ReplicationObserver {

    private final ReplicationContext context;
    private final MasterReplication master;
    private final RoleSwitch roles;
    private final FailoverCoordinator failover;

    public ReplicationObserver(ReplicationContext context, MasterReplication master, RoleSwitch roles,
            FailoverCoordinator failover) {
        this.failover = Objects.requireNonNull(failover, "failover");
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /** {@code INFO replication}, with the history and backlog read at one point of the stream. */
    public ReplicationInfo replicationInfo() {
        ReplicaLink l = roles.link();
        ReplicationInfo.MasterLink masterLink = l == null ? null : l.infoLink();
        List<ReplicationInfo.ConnectedReplica> rows = master.infoRows();
        // Redis prints repl_good_slaves_count, the count that writes are checked against.
        MinReplicas minReplicas = master.minReplicas();
        OptionalInt good = minReplicas.enabled() ? OptionalInt.of(minReplicas.goodReplicas()) : OptionalInt.empty();
        ReentrantReadWriteLock.ReadLock lock = context.keyspace().lock().readLock();
        lock.lock();
        try {
            ReplicationInfo info = ReplicationInfo.of(masterLink, rows.size(), good, rows, context.history(),
                    context.backlog().range(), context.backlog().size());
            String state = failover.state().infoName();
            return state.equals(info.failoverState()) ? info
                    : new ReplicationInfo(info.masterLink(), info.connectedSlaves(), info.minSlavesGoodSlaves(),
                            info.replicas(), state, info.replid(), info.replid2(), info.masterReplOffset(),
                            info.secondReplOffset(), info.backlogActive(), info.backlogSize(),
                            info.backlogFirstByteOffset(), info.backlogHistlen());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A replica: until its link is up. A master: until every connected replica acknowledged the
     * current offset (asking them at once, as {@code WAIT} does).
     */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long millis = Math.max(1, timeout.toMillis());
        if (context.role() == Role.REPLICA) {
            ReplicaLink l = roles.link();
            return l != null && l.awaitUp(millis);
        }
        int replicas = master.connectedReplicas();
        if (replicas == 0) {
            return true;
        }
        return master.awaitAcks(replicas, context.backlog().masterReplOffset(), millis) >= replicas;
    }

    /** {@code WAIT} for {@code offset}: how many replicas acknowledged it within {@code timeout}. */
    public int waitForReplicas(int numReplicas, long offset, Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout is negative: " + timeout);
        }
        if (context.role() == Role.REPLICA) {
            throw new RedisReplyException(ReplicationCommands.WAIT_ON_REPLICA);
        }
        CompletableFuture<Integer> acks =
                master.waitForAcks(offset, numReplicas, timeout.isZero() ? 0 : Math.max(1, timeout.toMillis()));
        try {
            return acks.get();
        } catch (InterruptedException e) {
            acks.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("WAIT failed", e.getCause());
        }
    }
}
