/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The replication side of a node without a replication layer: always a master with no replicas
 * and no backlog. {@code REPLICAOF host port} and {@code PSYNC}/{@code SYNC} are refused with a
 * clear error; {@code WAIT n>0} times out with 0 (or never answers with timeout 0), as Redis does
 * when no replica is attached.
 */
public final class StandaloneReplicationHooks implements ReplicationHooks {

    private static final long DEFAULT_BACKLOG_SIZE = 1024 * 1024;

    private final Keyspace keyspace;
    private final ReplicationId replid = ReplicationId.random();

    public StandaloneReplicationHooks(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    @Override
    public ReplicationInfo replicationInfo() {
        return new ReplicationInfo(null, 0, OptionalInt.empty(), List.of(), ReplicationInfo.NO_FAILOVER,
                replid, ReplicationId.NONE, keyspace.propagationSink().offset(), -1, false,
                DEFAULT_BACKLOG_SIZE, 0, 0);
    }

    @Override
    public SyncStats syncStats() {
        return SyncStats.NONE;
    }

    @Override
    public String refusal(boolean write, boolean allowedWhileStale) {
        return null;
    }

    @Override
    public boolean isLoading() {
        return false;
    }

    @Override
    public Reply replicaOf(String host, int port) {
        return Reply.error("ERR REPLICAOF is not available: this node runs without a replication layer");
    }

    @Override
    public Reply promote() {
        // Redis answers +OK to REPLICAOF NO ONE on a master, changing nothing.
        return Reply.OK;
    }

    @Override
    public Reply replconf(ClientInfo client, byte[][] argv) {
        return Reply.OK;
    }

    @Override
    public SyncHandoff sync(ReplicaHandoff handoff) {
        return new SyncHandoff.Refused(
                Reply.error("ERR this node runs without a replication layer and serves no replicas"));
    }

    @Override
    public CompletionStage<Long> waitForReplicas(long targetOffset, int numReplicas, long timeoutMillis) {
        if (numReplicas <= 0) {
            return CompletableFuture.completedFuture(0L);
        }
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (timeoutMillis > 0) {
            CompletableFuture.delayedExecutor(timeoutMillis, TimeUnit.MILLISECONDS)
                    .execute(() -> result.complete(0L));
        }
        return result;
    }

    @Override
    public long acknowledgedReplicas(long targetOffset) {
        return 0;
    }

    @Override
    public ConfigDirectives config() {
        return ConfigDirectives.NONE;
    }

    @Override
    public int killMasterLink() {
        return 0;
    }
}
