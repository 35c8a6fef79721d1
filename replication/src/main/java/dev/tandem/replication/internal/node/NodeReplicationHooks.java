/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.config.Directive;
import dev.tandem.replication.internal.failover.FailoverState;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.master.PsyncRequest;
import dev.tandem.replication.internal.master.ReplconfCommand;
import dev.tandem.replication.internal.master.ReplicaCapabilities;
import dev.tandem.replication.internal.role.WritePolicy;
import dev.tandem.replication.internal.server.ClientInfo;
import dev.tandem.replication.internal.server.ConfigDirectives;
import dev.tandem.replication.internal.server.ConfigRejectedException;
import dev.tandem.replication.internal.server.ReplicaHandoff;
import dev.tandem.replication.internal.server.ReplicationHooks;
import dev.tandem.replication.internal.server.SyncHandoff;
import dev.tandem.replication.spi.Transport;
import dev.tandem.resp.RespCommand;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The RESP command server's view of a {@link ReplicatedKeyspace}: roles, INFO/ROLE, the
 * replica-side refusals ({@code READONLY}, {@code MASTERDOWN}), {@code REPLCONF} before the
 * hand-off, the {@code PSYNC}/{@code SYNC} hand-off itself, {@code WAIT} and the directives of
 * {@code CONFIG GET/SET}.
 */
public final class NodeReplicationHooks implements ReplicationHooks {

    static final String REPLICAOF_WHILE_FAILING_OVER = "ERR REPLICAOF not allowed while failing over.";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeReplicationHooks.class);

    private final ReplicatedKeyspace node;
    private final MasterReplication master;
    private final RoleSwitch roles;
    private final WritePolicy writePolicy;
    private final Transport transport;
    private final NodeConfigurator configurator;
    private final FailoverCoordinator failover;
    /**
     * What each connection announced with {@code REPLCONF}, until its {@code PSYNC}. Weak keys:
     * a connection that never syncs takes its entry with it when the server forgets it.
     */
    private final Map<ClientInfo, ReplicaCapabilities> announced = Collections.synchronizedMap(new WeakHashMap<>());

    /** @param node the node's public face, for its configuration, {@code INFO} and promotion */
    public NodeReplicationHooks(ReplicatedKeyspace node, MasterReplication master, RoleSwitch roles,
            WritePolicy writePolicy, Transport transport, NodeConfigurator configurator, FailoverCoordinator failover) {
        this.node = node;
        this.master = master;
        this.roles = roles;
        this.writePolicy = writePolicy;
        this.transport = transport;
        this.configurator = configurator;
        this.failover = java.util.Objects.requireNonNull(failover, "failover");
    }

    private MasterReplication master() {
        return master;
    }

    @Override
    public ReplicationInfo replicationInfo() {
        return node.replicationInfo();
    }

    @Override
    public SyncStats syncStats() {
        MasterReplication m = master();
        return new SyncStats(m.syncFullCount(), m.syncPartialOkCount(), m.syncPartialErrCount(),
                m.context().propagationErrors());
    }

    @Override
    public dev.tandem.replication.DelayedReplication delayedReplication() {
        return master.context().delay();
    }

    @Override
    public String refusal(boolean write, boolean allowedWhileStale) {
        return writePolicy.refusal(write, allowedWhileStale);
    }

    @Override
    public boolean isLoading() {
        // A full sync loads beside the live data and swaps at the end; only the load from disk
        // at start (before there is any data to serve) refuses commands.
        return master.context().loadingFromDisk();
    }

    @Override
    public Reply replicaOf(String host, int port) {
        if (failover.state() != FailoverState.NO_FAILOVER) {
            return Reply.error(REPLICAOF_WHILE_FAILING_OVER);
        }
        return roles.replicaOfCommand(transport.address(host, port));
    }

    @Override
    public Reply promote() {
        if (failover.state() != FailoverState.NO_FAILOVER) {
            return Reply.error(REPLICAOF_WHILE_FAILING_OVER);
        }
        node.promote();
        return Reply.OK;
    }

    @Override
    public Reply replconf(ClientInfo client, byte[][] argv) {
        ReplicaCapabilities current = announced.getOrDefault(client, ReplicaCapabilities.NONE);
        ReplconfCommand.Result result = ReplconfCommand.apply(argv, current);
        announced.put(client, result.capabilities());
        if (result.reply() == null) {
            return null; // REPLCONF ACK/GETACK before the hand-off: never answered
        }
        return result.isError() ? Reply.error(result.reply()) : Reply.simple(result.reply());
    }

    @Override
    public SyncHandoff sync(ReplicaHandoff handoff) {
        PsyncRequest request;
        if (handoff.isLegacySync()) {
            request = PsyncRequest.SYNC;
        } else {
            try {
                request = PsyncRequest.parse(handoff.argv());
            } catch (IllegalArgumentException e) {
                return new SyncHandoff.Refused(Reply.error(e.getMessage()));
            }
        }
        if (!handoff.isLegacySync() && handoff.argv().length > 3 && isFailover(handoff.argv()[3])) {
            // FAILOVER's hand-off (Redis's syncCommand): the old master, now our replica-to-be,
            // asks us to take over; its id must be the one we follow, so no write is lost.
            log.warn("Failover request received for replid {}.", request.replid());
            if (node.replicationInfo().masterLink() == null) {
                return new SyncHandoff.Refused(Reply.error("ERR PSYNC FAILOVER can't be sent to a master."));
            }
            if (!request.replid().equalsIgnoreCase(node.replicationInfo().replid().toString())) {
                return new SyncHandoff.Refused(Reply.error("ERR PSYNC FAILOVER replid must match my replid."));
            }
            roles.promote();
            log.info("MASTER MODE enabled (failover request from '{}')", handoff.client());
        }
        if (failover.state() != FailoverState.NO_FAILOVER) {
            return new SyncHandoff.Refused(Reply.error("NOMASTERLINK Can't SYNC while failing over"));
        }
        Optional<String> refusal = master().syncRefusal();
        if (refusal.isPresent()) {
            return new SyncHandoff.Refused(Reply.error(refusal.get()));
        }
        ReplicaCapabilities caps = announced.remove(handoff.client());
        if (caps != null && caps.rdbExcludeData() && !caps.eof()) {
            // A filtered snapshot only exists in the $EOF: form (reference §3).
            return new SyncHandoff.Refused(Reply.error("ERR Filtered replica requires EOF capability"));
        }
        Consumer<RespCommand> requests = master().acceptReplica(handoff.channel(), request,
                caps == null ? ReplicaCapabilities.NONE : caps);
        return new SyncHandoff.Accepted(requests::accept);
    }

    private static boolean isFailover(byte[] arg) {
        return new String(arg, java.nio.charset.StandardCharsets.US_ASCII).equalsIgnoreCase("failover");
    }

    @Override
    public Reply failover(String host, int port, boolean force, long timeoutMillis) {
        return failover.start(host, port, force, timeoutMillis, null);
    }

    @Override
    public Reply abortFailover() {
        return failover.abort();
    }

    @Override
    public CompletionStage<Void> writePause() {
        return failover.writePause();
    }

    @Override
    public CompletionStage<Long> waitForReplicas(long targetOffset, int numReplicas, long timeoutMillis) {
        CompletableFuture<Integer> acks = master().waitForAcks(targetOffset, numReplicas, timeoutMillis);
        CompletableFuture<Long> count = acks.thenApply(Integer::longValue);
        count.whenComplete((n, e) -> {
            if (count.isCancelled()) {
                acks.cancel(false); // withdraws the waiter
            }
        });
        return count;
    }

    @Override
    public long acknowledgedReplicas(long targetOffset) {
        return master().ackedReplicas(targetOffset);
    }

    @Override
    public ConfigDirectives config() {
        return new NodeDirectives(configurator);
    }

    @Override
    public int killMasterLink() {
        return roles.killMasterLink();
    }

    /**
     * {@code CONFIG GET} and {@code CONFIG SET} of every directive of the node (the registry's,
     * the RESP server's included), under their names and their {@code slave-*} aliases as Redis
     * 7.0 lists them; a set goes through {@link NodeConfigurator#reconfigure(Map)}.
     */
    private record NodeDirectives(NodeConfigurator configurator) implements ConfigDirectives {

        @Override
        public Set<String> names() {
            return DirectiveRegistry.names(true);
        }

        @Override
        public Optional<String> get(String name) {
            return DirectiveRegistry.lookup(name, true).map(d -> d.render(configurator.settings()));
        }

        @Override
        public boolean isMutable(String name) {
            return DirectiveRegistry.lookup(name, true).map(Directive::isMutable).orElse(true);
        }

        @Override
        public Runnable prepare(Map<String, String> changes) {
            try {
                configurator.checkReconfigure(changes);
            } catch (ConfigException e) {
                throw new ConfigRejectedException(e.directive(), e.reason());
            }
            return () -> configurator.reconfigure(changes);
        }
    }
}
