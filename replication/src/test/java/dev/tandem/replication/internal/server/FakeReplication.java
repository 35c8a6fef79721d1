/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.replication.internal.role.WritePolicy;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicaLinkState;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.resp.RespCommand;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scriptable replication layer: role, link state, WAIT and the sync hand-off are set by tests. */
final class FakeReplication implements ReplicationHooks {

    volatile boolean replica;
    volatile boolean readOnly;
    volatile boolean refusesStale;
    volatile boolean loading;
    volatile long acked;
    volatile CompletableFuture<Long> waitResult = new CompletableFuture<>();
    volatile long waitedForOffset = -1;
    volatile String replicaOfTarget;
    volatile boolean promoted;
    final List<String> linkRequests = new CopyOnWriteArrayList<>();
    final Map<String, String> directives = new ConcurrentHashMap<>(Map.of("repl-timeout", "60"));

    @Override
    public ReplicationInfo replicationInfo() {
        ReplicationInfo.MasterLink link = replica
                ? new ReplicationInfo.MasterLink("10.0.0.9", 6400, refusesStale ? ReplicaLinkState.CONNECT
                : ReplicaLinkState.CONNECTED, 1, 900, 900, true, null, refusesStale ? 5 : -1, 100, readOnly, true)
                : null;
        return new ReplicationInfo(link, 0, OptionalInt.empty(), List.of(), ReplicationInfo.NO_FAILOVER,
                ReplicationId.parse("9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8"), ReplicationId.NONE, 900, -1,
                false, 1048576, 0, 0);
    }

    @Override
    public SyncStats syncStats() {
        return new SyncStats(3, 2, 1, 0);
    }

    @Override
    public String refusal(boolean write, boolean allowedWhileStale) {
        if (!replica) {
            return null;
        }
        if (write && readOnly) {
            return WritePolicy.READONLY;
        }
        return !allowedWhileStale && refusesStale ? WritePolicy.MASTERDOWN : null;
    }

    @Override
    public boolean isLoading() {
        return loading;
    }

    @Override
    public Reply replicaOf(String host, int port) {
        replicaOfTarget = host + ":" + port;
        replica = true;
        return Reply.OK;
    }

    @Override
    public Reply promote() {
        promoted = true;
        replica = false;
        return Reply.OK;
    }

    @Override
    public Reply replconf(ClientInfo client, byte[][] argv) {
        return Reply.OK;
    }

    @Override
    public SyncHandoff sync(ReplicaHandoff handoff) {
        if (replica) {
            return new SyncHandoff.Refused(Reply.error("NOMASTERLINK Can't SYNC while not connected with my master"));
        }
        handoff.channel().writeAndFlush(Unpooled.copiedBuffer(
                "+FULLRESYNC 9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8 900\r\n", StandardCharsets.US_ASCII));
        return new SyncHandoff.Accepted(this::onLinkRequest);
    }

    private void onLinkRequest(RespCommand request) {
        linkRequests.add(request.isEmpty() ? "<newline>" : String.join(" ",
                java.util.Arrays.stream(request.argv()).map(String::new).toList()));
    }

    @Override
    public CompletionStage<Long> waitForReplicas(long targetOffset, int numReplicas, long timeoutMillis) {
        waitedForOffset = targetOffset;
        return waitResult;
    }

    @Override
    public long acknowledgedReplicas(long targetOffset) {
        return acked;
    }

    @Override
    public ConfigDirectives config() {
        return new ConfigDirectives() {
            @Override
            public Set<String> names() {
                return directives.keySet();
            }

            @Override
            public Optional<String> get(String name) {
                return Optional.ofNullable(directives.get(name));
            }

            @Override
            public Runnable prepare(Map<String, String> changes) {
                changes.forEach((name, value) -> {
                    if (!value.chars().allMatch(Character::isDigit)) {
                        throw new ConfigRejectedException(name, "argument couldn't be parsed into an integer");
                    }
                });
                return () -> directives.putAll(changes);
            }
        };
    }

    @Override
    public int killMasterLink() {
        return replica ? 1 : 0;
    }
}
