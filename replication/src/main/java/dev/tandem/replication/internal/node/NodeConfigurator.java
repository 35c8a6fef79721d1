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
import dev.tandem.replication.internal.tls.TlsConfigException;
import dev.tandem.replication.internal.tls.TlsContexts;
import dev.tandem.replication.internal.tls.TlsListener;
import dev.tandem.replication.internal.tls.TlsSettings;
import dev.tandem.replication.internal.tls.TlsState;
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
    /** The node's TLS, set once while the node is built; null in tests that build a configurator alone. */
    private TlsState tls;
    /** The TLS listener; null until the node started it (or when it has none yet). */
    private TlsListener tlsListener;

    public NodeConfigurator(String nodeName, ReplicationContext context, MasterReplication master, ServerConfig server,
            RoleSwitch roles) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.server = Objects.requireNonNull(server, "server");
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /** Installs the node's TLS (once, while the node is built). */
    public synchronized void tls(TlsState state) {
        this.tls = Objects.requireNonNull(state, "state");
    }

    /** The TLS listener a started node runs, which {@code CONFIG SET tls-port} moves. */
    public synchronized void tlsListener(TlsListener listener) {
        this.tlsListener = listener;
    }

    /** Every directive's current value: the replication settings, the RESP server's and TLS's. */
    public Settings settings() {
        Settings settings = Settings.ofNode(context.config(), server.settings());
        return tls == null ? settings : settings.withTls(tls.settings());
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
        TlsContexts tlsContexts = null;
        if (tls != null && (effects.contains(Directive.Effect.RELOAD_TLS)
                || effects.contains(Directive.Effect.REBIND_TLS_PORT))) {
            tlsContexts = prepareTls(changes, changed, next.tls());
        }
        if (tlsContexts != null) {
            // Committed before a new port is bound, so its first connection gets the new context.
            TlsSettings previous = tls.settings();
            TlsContexts previousContexts = tls.contexts();
            tls.commit(next.tls(), tlsContexts);
            try {
                rebindTls(changes, changed, previous.port(), next.tls().port());
            } catch (ConfigException e) {
                tls.commit(previous, previousContexts);
                throw e;
            }
        }
        if (effects.contains(Directive.Effect.RESIZE_BACKLOG)) {
            replication = resizeBacklog(replication);
        }
        context.config(replication);
        replication.compactEncodings().applyTo(context.keyspace().encodingLimits());
        dev.tandem.replication.internal.config.MemoryDirectives.applyTo(replication.maxMemory(),
                context.keyspace().eviction());
        server.settings(next.server());
        // read by the HyperLogLog commands at each write: the keyspace holds the current value
        context.keyspace().hllSparseMaxBytes((int) Math.min(replication.hllSparseMaxBytes(), Integer.MAX_VALUE));
        context.keyspace().streamNodeLimits(replication.streamNodeMaxBytes(), replication.streamNodeMaxEntries());
        context.keyspace().notifyFlags(replication.notifyKeyspaceEventFlags());
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
     * Builds the TLS contexts the new settings give, before anything changes: Redis's
     * {@code applyTlsCfg}, which refuses the whole {@code CONFIG SET} (and keeps the old context)
     * when the material cannot be used, logging why.
     */
    private TlsContexts prepareTls(Map<String, String> changes, List<Directive<?>> changed, TlsSettings next) {
        try {
            return tls.prepare(next);
        } catch (TlsConfigException e) {
            log.warn("Tandem node {}: {}", nodeName, e.getMessage());
            Map.Entry<String, String> first = firstOfEffect(changes, changed, Directive.Effect.RELOAD_TLS,
                    Directive.Effect.REBIND_TLS_PORT);
            throw new ConfigException(first.getKey(), first.getValue(),
                    "Unable to update TLS configuration. Check server logs.");
        }
    }

    /** {@code CONFIG SET tls-port}: Redis's {@code applyTLSPort}, binding the new port before giving up the old. */
    private void rebindTls(Map<String, String> changes, List<Directive<?>> changed, int previousPort, int port) {
        TlsListener listener = tlsListener;
        if (listener == null || port == previousPort) {
            return;
        }
        try {
            if (port == 0) {
                listener.close();
            } else {
                listener.bind(port);
            }
        } catch (IllegalStateException e) {
            log.warn("Tandem node {}: {}", nodeName, e.getMessage());
            Map.Entry<String, String> first = firstOfEffect(changes, changed, Directive.Effect.REBIND_TLS_PORT);
            throw new ConfigException(first.getKey(), first.getValue(), "Unable to listen on this port. Check server logs.");
        }
    }

    private static Map.Entry<String, String> firstOfEffect(Map<String, String> changes, List<Directive<?>> changed,
            Directive.Effect... effects) {
        int i = 0;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (List.of(effects).contains(changed.get(i++).effect())) {
                return change;
            }
        }
        return changes.entrySet().iterator().next();
    }

    /**
     * What {@link #reconfigure(Map)} would make of the settings, without changing anything.
     *
     * @throws ConfigException as {@link #reconfigure(Map)} would
     */
    public Settings checkReconfigure(Map<String, String> changes) {
        SettingsDraft draft = settings().toDraft();
        List<Directive<?>> changed = DirectiveRegistry.applyAtRunTime(draft, changes);
        Settings next = draft.build();
        if (tls != null && changed.stream().anyMatch(d -> d.effect() == Directive.Effect.RELOAD_TLS
                || d.effect() == Directive.Effect.REBIND_TLS_PORT)) {
            prepareTls(changes, changed, next.tls()); // the material must load, or nothing changes
            TlsListener listener = tlsListener;
            if (listener != null && next.tls().port() != tls.settings().port()) {
                try {
                    listener.checkBindable(next.tls().port());
                } catch (IllegalStateException e) {
                    log.warn("Tandem node {}: {}", nodeName, e.getMessage());
                    Map.Entry<String, String> first = firstOfEffect(changes, changed, Directive.Effect.REBIND_TLS_PORT);
                    throw new ConfigException(first.getKey(), first.getValue(),
                            "Unable to listen on this port. Check server logs.");
                }
            }
        }
        return next;
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
