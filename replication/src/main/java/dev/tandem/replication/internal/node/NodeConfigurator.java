/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.config.Directive;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.replication.internal.config.Settings;
import dev.tandem.replication.internal.config.SettingsDraft;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.server.ServerConfig;
import dev.tandem.replication.spi.ReplicationBacklog;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's run-time configuration: the directive registry applied to the node's two holders
 * (its {@link ReplicationConfig} and its RESP server's settings), all or nothing, with each
 * directive's effect ({@link Directive.Effect}). Changes are serialized: each builds on the one
 * before it.
 */
public final class NodeConfigurator {

    private static final Logger log = LoggerFactory.getLogger(NodeConfigurator.class);

    private final String nodeName;
    private final ReplicationContext context;
    private final MasterReplication master;
    private final ServerConfig server;
    private final RoleSwitch roles;

    public NodeConfigurator(String nodeName, ReplicationContext context, MasterReplication master, ServerConfig server,
            RoleSwitch roles) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.server = Objects.requireNonNull(server, "server");
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /** Every directive's current value: the replication settings and the RESP server's. */
    public Settings settings() {
        return Settings.ofNode(context.config(), server.settings());
    }

    /**
     * {@code CONFIG SET} of several directives at once, all or nothing (see
     * {@code ReplicatedKeyspace.reconfigure(Map)}).
     *
     * @throws ConfigException naming the first offending directive as given, with Redis's reason
     */
    public synchronized void reconfigure(Map<String, String> changes) {
        if (changes.isEmpty()) {
            return;
        }
        SettingsDraft draft = settings().toDraft();
        List<Directive<?>> changed = DirectiveRegistry.applyAtRunTime(draft, changes);
        Settings next = draft.build(); // range checks: the last thing that can refuse the change
        Set<Directive.Effect> effects = EnumSet.noneOf(Directive.Effect.class);
        changed.forEach(d -> effects.add(d.effect()));
        ReplicationConfig replication = next.replication().orElseThrow();
        if (effects.contains(Directive.Effect.RESIZE_BACKLOG)) {
            replication = resizeBacklog(replication);
        }
        context.config(replication);
        replication.compactEncodings().applyTo(context.keyspace().encodingLimits());
        server.settings(next.server());
        // read by the HyperLogLog commands at each write: the keyspace holds the current value
        context.keyspace().hllSparseMaxBytes((int) Math.min(replication.hllSparseMaxBytes(), Integer.MAX_VALUE));
        if (effects.contains(Directive.Effect.REFRESH_MIN_REPLICAS)) {
            master.minReplicas(replication.minReplicasToWrite(), replication.minReplicasMaxLagSeconds());
        }
        if (effects.contains(Directive.Effect.RETRY_PARKED_LINK)) {
            ReplicaLink l = roles.link();
            if (replication.replicaAllowEmptyUnrelatedMaster() && l != null) {
                l.resume();
            }
        }
        int i = 0;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            Directive<?> directive = changed.get(i++);
            log.info("Tandem node {}: CONFIG SET {} {}", nodeName, directive.name(),
                    directive.secret() ? "******" : change.getValue());
        }
    }

    /**
     * What {@link #reconfigure(Map)} would make of the settings, without changing anything.
     *
     * @throws ConfigException as {@link #reconfigure(Map)} would
     */
    public Settings checkReconfigure(Map<String, String> changes) {
        SettingsDraft draft = settings().toDraft();
        DirectiveRegistry.applyAtRunTime(draft, changes);
        return draft.build();
    }

    /** The API's {@code minReplicas(toWrite, maxLag)}: both min-replicas directives at once. */
    public synchronized void minReplicas(int toWrite, int maxLagSeconds) {
        context.config(context.config().toBuilder().minReplicasToWrite(toWrite)
                .minReplicasMaxLagSeconds(maxLagSeconds).build());
        master.minReplicas(toWrite, maxLagSeconds);
    }

    /**
     * Applies a new {@code repl-backlog-size} to the backlog under the keyspace write lock (the
     * backlog's size is a single-writer setting, like its appends) and returns the configuration
     * with the size the backlog actually took (Redis raises values below 16 KB and reports that).
     */
    private ReplicationConfig resizeBacklog(ReplicationConfig changed) {
        ReplicationBacklog backlog = context.backlog();
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            backlog.setSize(changed.replBacklogSize());
        } finally {
            lock.unlock();
        }
        return changed.toBuilder().replBacklogSize(backlog.size()).build();
    }
}
