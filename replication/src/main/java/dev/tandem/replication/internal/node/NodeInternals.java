/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.server.RespServer;
import dev.tandem.replication.internal.NodeRuntime;
import dev.tandem.replication.internal.server.ServerConfig;
import java.util.Objects;
import java.util.function.Function;

/**
 * The way into a node's internals for Tandem's own modules (the {@code tandem-server} launcher)
 * and tests: its keyspace, its RESP server, its replication context. Deliberately not on
 * {@link ReplicatedKeyspace}, whose public surface is the API; the node installs the accessor
 * when its class initialises (the JDK's "shared secrets" pattern).
 */
public final class NodeInternals {

    /** What a node is made of. */
    public record Parts(Keyspace keyspace, RespServer server, ReplicationContext context) { }

    private static volatile Function<ReplicatedKeyspace, Parts> access;
    private static volatile BuilderHooks builderHooks;

    /** What Tandem's own code may set on a builder beyond its API (the node installs it). */
    public interface BuilderHooks {
        void serverConfig(ReplicatedKeyspace.Builder builder, ServerConfig config);

        void runtime(ReplicatedKeyspace.Builder builder, NodeRuntime runtime);
    }

    private NodeInternals() {
    }

    /** Called once, by {@link ReplicatedKeyspace}'s static initializer. */
    public static void install(Function<ReplicatedKeyspace, Parts> accessor, BuilderHooks hooks) {
        if (access != null) {
            throw new IllegalStateException("node internals are installed once");
        }
        access = Objects.requireNonNull(accessor, "accessor");
        builderHooks = Objects.requireNonNull(hooks, "hooks");
    }

    /**
     * Gives a node being built the RESP server's settings (maxclients, timeout, protected mode,
     * output limits, a password) as one object: what the {@code tandem-server} launcher read from
     * its configuration. Users set the same with the builder's {@code directive}.
     */
    public static ReplicatedKeyspace.Builder serverConfig(ReplicatedKeyspace.Builder builder, ServerConfig config) {
        ensureInitialized();
        builderHooks.serverConfig(Objects.requireNonNull(builder, "builder"), Objects.requireNonNull(config, "config"));
        return builder;
    }

    /**
     * Where a node being built runs its timer, snapshot driver and event delivery, and what its
     * clocks and random sources are: the deterministic simulation's shared loop and virtual
     * clock ({@code internal.sim.SimulatedNetwork#runtime}). Default: threads of its own.
     */
    public static ReplicatedKeyspace.Builder runtime(ReplicatedKeyspace.Builder builder, NodeRuntime runtime) {
        ensureInitialized();
        builderHooks.runtime(Objects.requireNonNull(builder, "builder"), Objects.requireNonNull(runtime, "runtime"));
        return builder;
    }

    /** A builder may exist before any node: make sure the node class has installed the accessors. */
    private static void ensureInitialized() {
        try {
            Class.forName(ReplicatedKeyspace.class.getName(), true, ReplicatedKeyspace.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Parts of(ReplicatedKeyspace node) {
        // The node exists, so its class initialised and installed the accessor.
        return access.apply(Objects.requireNonNull(node, "node"));
    }

    public static Keyspace keyspace(ReplicatedKeyspace node) {
        return of(node).keyspace();
    }

    public static RespServer server(ReplicatedKeyspace node) {
        return of(node).server();
    }
}
