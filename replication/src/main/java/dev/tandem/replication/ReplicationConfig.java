/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.replication.internal.config.ConfigValues;
import dev.tandem.replication.internal.config.Directive;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.replication.internal.config.SettingsDraft;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The replication settings of a node, named and defaulted as in Redis 7.0's {@code redis.conf}
 * (the {@code slave-*} aliases are accepted). Immutable; build one with {@link #builder()} or
 * from {@code redis.conf}-style directives with {@link #fromDirectives(Map)}. The directives are
 * parsed by the node's one directive registry, which {@code CONFIG GET/SET} and the
 * {@code tandem-server} launcher read too. This is also the one owner of {@code requirepass}:
 * the node's RESP server reads the password from here.
 *
 * <p>Values are validated with Redis's ranges and error wording. Unset strings
 * ({@code masterauth}, {@code masteruser}, {@code requirepass}, {@code replica-announce-ip}) are
 * empty {@link Optional}s; as in Redis, an empty string means unset.
 *
 * <p>One default differs from Redis on purpose: {@code repl-diskless-sync-delay} is 0, not 5.
 * Redis waits so that replicas arriving together share one fork of the whole process, which is
 * expensive; Tandem's snapshots are forkless and cheap to start, and an embedded replica (or a
 * test) should be in sync within milliseconds rather than after five idle seconds. Set it to 5
 * to batch replicas as Redis does.
 *
 * <p>One directive is Tandem's own: {@value #ALLOW_EMPTY_UNRELATED_MASTER} (default {@code no}).
 * A replica that holds data refuses a full sync that would replace it with the <em>empty</em>
 * data set of a master whose history is unrelated to its own (the "empty master restarted and
 * wiped its replicas" hazard); {@code yes} lets such a sync through, as Redis always does.
 *
 * <p>One default differs from Redis's: {@code propagation-error-behavior} is Tandem's own
 * {@code resync} (Redis: {@code ignore}), see {@link PropagationErrorBehavior}.
 */
public final class ReplicationConfig {

    /** Tandem's directive: may a replica with data load an empty data set from an unrelated master? */
    public static final String ALLOW_EMPTY_UNRELATED_MASTER = "replica-allow-empty-unrelated-master";

    /**
     * The longest {@code replica-delay}: 30 days. A longer delay is almost certainly a unit
     * mistake (seconds for milliseconds), and would hold a month of writes.
     */
    public static final long MAX_REPLICA_DELAY_MILLIS = 30L * 24 * 3600 * 1000;

    private final String requirepass;
    private final String masterauth;
    private final String masteruser;
    private final boolean replicaReadOnly;
    private final boolean replicaServeStaleData;
    private final boolean replDisklessSync;
    private final int replDisklessSyncDelaySeconds;
    private final int replDisklessSyncMaxReplicas;
    private final DisklessLoad replDisklessLoad;
    private final long replBacklogSize;
    private final long replBacklogTtlSeconds;
    private final int replPingReplicaPeriodSeconds;
    private final int replTimeoutSeconds;
    private final OutputBufferLimit replicaOutputBufferLimit;
    private final String replicaAnnounceIp;
    private final int replicaAnnouncePort;
    private final int replicaPriority;
    private final boolean replicaAnnounced;
    private final int databases;
    private final int minReplicasToWrite;
    private final int minReplicasMaxLagSeconds;
    private final boolean replicaAllowEmptyUnrelatedMaster;
    private final PropagationErrorBehavior propagationErrorBehavior;
    private final long hllSparseMaxBytes;
    private final long streamNodeMaxBytes;
    private final long streamNodeMaxEntries;
    private final int notifyKeyspaceEvents;
    private final CompactEncodings compactEncodings;
    private final MaxMemory maxMemory;
    private final int rdbVersion;
    private final long replicaDelayMillis;
    private final long replicaDelayBufferMemory;

    private ReplicationConfig(Builder b) {
        requirepass = emptyToNull(b.requirepass);
        masterauth = emptyToNull(b.masterauth);
        masteruser = emptyToNull(b.masteruser);
        replicaReadOnly = b.replicaReadOnly;
        replicaServeStaleData = b.replicaServeStaleData;
        replDisklessSync = b.replDisklessSync;
        replDisklessSyncDelaySeconds = (int) range("repl-diskless-sync-delay", b.replDisklessSyncDelaySeconds, 0, Integer.MAX_VALUE);
        replDisklessSyncMaxReplicas = (int) range("repl-diskless-sync-max-replicas", b.replDisklessSyncMaxReplicas, 0, Integer.MAX_VALUE);
        replDisklessLoad = Objects.requireNonNull(b.replDisklessLoad, "repl-diskless-load");
        replBacklogSize = range("repl-backlog-size", b.replBacklogSize, 1, Long.MAX_VALUE);
        replBacklogTtlSeconds = range("repl-backlog-ttl", b.replBacklogTtlSeconds, 0, Long.MAX_VALUE);
        replPingReplicaPeriodSeconds = (int) range("repl-ping-replica-period", b.replPingReplicaPeriodSeconds, 1, Integer.MAX_VALUE);
        replTimeoutSeconds = (int) range("repl-timeout", b.replTimeoutSeconds, 1, Integer.MAX_VALUE);
        replicaOutputBufferLimit = Objects.requireNonNull(b.replicaOutputBufferLimit, "client-output-buffer-limit");
        replicaAnnounceIp = emptyToNull(b.replicaAnnounceIp);
        replicaAnnouncePort = (int) range("replica-announce-port", b.replicaAnnouncePort, 0, 65535);
        replicaPriority = (int) range("replica-priority", b.replicaPriority, 0, Integer.MAX_VALUE);
        replicaAnnounced = b.replicaAnnounced;
        databases = (int) range("databases", b.databases, 1, Integer.MAX_VALUE);
        minReplicasToWrite = (int) range("min-replicas-to-write", b.minReplicasToWrite, 0, Integer.MAX_VALUE);
        minReplicasMaxLagSeconds = (int) range("min-replicas-max-lag", b.minReplicasMaxLagSeconds, 0, Integer.MAX_VALUE);
        replicaAllowEmptyUnrelatedMaster = b.replicaAllowEmptyUnrelatedMaster;
        propagationErrorBehavior = b.propagationErrorBehavior;
        hllSparseMaxBytes = range("hll-sparse-max-bytes", b.hllSparseMaxBytes, 0, Long.MAX_VALUE);
        streamNodeMaxBytes = range("stream-node-max-bytes", b.streamNodeMaxBytes, 0, Long.MAX_VALUE);
        streamNodeMaxEntries = range("stream-node-max-entries", b.streamNodeMaxEntries, 0, Long.MAX_VALUE);
        notifyKeyspaceEvents = b.notifyKeyspaceEvents;
        compactEncodings = Objects.requireNonNull(b.compactEncodings, "compactEncodings");
        maxMemory = Objects.requireNonNull(b.maxMemory, "maxMemory");
        rdbVersion = (int) range("rdb-version", b.rdbVersion, 9, 10);
        replicaDelayMillis = range("replica-delay", b.replicaDelayMillis, 0, MAX_REPLICA_DELAY_MILLIS);
        replicaDelayBufferMemory = range("replica-delay-buffer-memory", b.replicaDelayBufferMemory, 1, Long.MAX_VALUE);
    }

    private static long range(String directive, long value, long min, long max) {
        return ConfigValues.checkRange(directive, Long.toString(value), value, min, max);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** All defaults. */
    public static ReplicationConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .requirepass(requirepass)
                .masterauth(masterauth)
                .masteruser(masteruser)
                .replicaReadOnly(replicaReadOnly)
                .replicaServeStaleData(replicaServeStaleData)
                .replDisklessSync(replDisklessSync)
                .replDisklessSyncDelaySeconds(replDisklessSyncDelaySeconds)
                .replDisklessSyncMaxReplicas(replDisklessSyncMaxReplicas)
                .replDisklessLoad(replDisklessLoad)
                .replBacklogSize(replBacklogSize)
                .replBacklogTtlSeconds(replBacklogTtlSeconds)
                .replPingReplicaPeriodSeconds(replPingReplicaPeriodSeconds)
                .replTimeoutSeconds(replTimeoutSeconds)
                .replicaOutputBufferLimit(replicaOutputBufferLimit)
                .replicaAnnounceIp(replicaAnnounceIp)
                .replicaAnnouncePort(replicaAnnouncePort)
                .replicaPriority(replicaPriority)
                .replicaAnnounced(replicaAnnounced)
                .databases(databases)
                .minReplicasToWrite(minReplicasToWrite)
                .minReplicasMaxLagSeconds(minReplicasMaxLagSeconds)
                .replicaAllowEmptyUnrelatedMaster(replicaAllowEmptyUnrelatedMaster)
                .propagationErrorBehavior(propagationErrorBehavior)
                .hllSparseMaxBytes(hllSparseMaxBytes)
                .streamNodeMaxBytes(streamNodeMaxBytes)
                .streamNodeMaxEntries(streamNodeMaxEntries)
                .notifyKeyspaceEventFlags(notifyKeyspaceEvents)
                .compactEncodings(compactEncodings)
                .maxMemory(maxMemory)
                .rdbVersion(rdbVersion)
                .replicaDelayMillis(replicaDelayMillis)
                .replicaDelayBufferMemory(replicaDelayBufferMemory);
    }

    // ------------------------------------------------------------------ directives
    // The directives themselves (names, aliases, parsers, CONFIG GET form, mutability) are the
    // DirectiveRegistry's: the builder, CONFIG GET/SET and the launcher all read that one table.
    // These are the ones whose value lives here, i.e. all but the RESP server's own.

    private static Optional<Directive<?>> replicationDirective(String name) {
        return DirectiveRegistry.lookup(name).filter(d -> d.scope() != Directive.Scope.SERVER);
    }

    /** Whether {@code name} (any case, aliases included) is a directive this class understands. */
    public static boolean isKnownDirective(String name) {
        return replicationDirective(name).isPresent();
    }

    /**
     * The canonical name of a directive given by any accepted name (any case, {@code slave-*}
     * aliases included), or empty for an unknown one.
     */
    public static Optional<String> canonicalName(String name) {
        return replicationDirective(name).map(Directive::name);
    }

    /** The Redis aliases ({@code slave-read-only}, ...) → their canonical names. */
    public static Map<String, String> directiveAliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Directive<?> d : DirectiveRegistry.all()) {
            if (d.scope() != Directive.Scope.SERVER) {
                d.aliases().forEach(alias -> aliases.put(alias, d.name()));
            }
        }
        return Collections.unmodifiableMap(aliases);
    }

    /** The canonical names of the Redis directives understood, in documentation order. */
    public static Set<String> directiveNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Directive<?> d : DirectiveRegistry.all()) {
            if (d.scope() != Directive.Scope.SERVER && !d.tandemOwn()) {
                names.add(d.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** The directives that are Tandem's own (understood everywhere Redis's are). */
    public static Set<String> tandemDirectiveNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Directive<?> d : DirectiveRegistry.all()) {
            if (d.tandemOwn()) {
                names.add(d.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Builds a configuration from {@code redis.conf}-style directives (name → value; names are
     * case-insensitive, {@code slave-*} aliases accepted), everything else at its default.
     *
     * @throws ConfigException for an unknown directive, a directive given twice (e.g. under its
     *     name and its alias), or an invalid value
     */
    public static ReplicationConfig fromDirectives(Map<String, String> directives) {
        Builder builder = builder();
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, String> entry : directives.entrySet()) {
            String given = entry.getKey();
            Directive<?> directive = replicationDirective(given)
                    .orElseThrow(() -> new ConfigException(given, null, "Bad directive or wrong number of arguments"));
            String previous = seen.put(directive.name(), given);
            if (previous != null) {
                throw new ConfigException(given, null, "duplicate directive (also given as '" + previous + "')");
            }
            builder.directive(given, entry.getValue());
        }
        return builder.build();
    }

    // ------------------------------------------------------------------ accessors

    /** {@code requirepass}: the password clients (and replicas) must AUTH with. */
    public Optional<String> requirepass() {
        return Optional.ofNullable(requirepass);
    }

    /** {@code masterauth}: the password a replica sends to its master. */
    public Optional<String> masterauth() {
        return Optional.ofNullable(masterauth);
    }

    /** {@code masteruser}: the ACL user a replica authenticates as ({@code AUTH <user> <pass>}). */
    public Optional<String> masteruser() {
        return Optional.ofNullable(masteruser);
    }

    public boolean replicaReadOnly() {
        return replicaReadOnly;
    }

    public boolean replicaServeStaleData() {
        return replicaServeStaleData;
    }

    public boolean replDisklessSync() {
        return replDisklessSync;
    }

    public int replDisklessSyncDelaySeconds() {
        return replDisklessSyncDelaySeconds;
    }

    public Duration replDisklessSyncDelay() {
        return Duration.ofSeconds(replDisklessSyncDelaySeconds);
    }

    public int replDisklessSyncMaxReplicas() {
        return replDisklessSyncMaxReplicas;
    }

    public DisklessLoad replDisklessLoad() {
        return replDisklessLoad;
    }

    /** {@code repl-backlog-size} as configured (the backlog raises values below 16 KB to 16 KB). */
    public long replBacklogSize() {
        return replBacklogSize;
    }

    public long replBacklogTtlSeconds() {
        return replBacklogTtlSeconds;
    }

    public Duration replBacklogTtl() {
        return Duration.ofSeconds(replBacklogTtlSeconds);
    }

    public int replPingReplicaPeriodSeconds() {
        return replPingReplicaPeriodSeconds;
    }

    public Duration replPingReplicaPeriod() {
        return Duration.ofSeconds(replPingReplicaPeriodSeconds);
    }

    public int replTimeoutSeconds() {
        return replTimeoutSeconds;
    }

    public Duration replTimeout() {
        return Duration.ofSeconds(replTimeoutSeconds);
    }

    /** {@code client-output-buffer-limit replica ...} as configured (see {@link OutputBufferLimit#effectiveForReplica}). */
    public OutputBufferLimit replicaOutputBufferLimit() {
        return replicaOutputBufferLimit;
    }

    public Optional<String> replicaAnnounceIp() {
        return Optional.ofNullable(replicaAnnounceIp);
    }

    /** {@code replica-announce-port}; 0 = announce the listening port. */
    public int replicaAnnouncePort() {
        return replicaAnnouncePort;
    }

    public int replicaPriority() {
        return replicaPriority;
    }

    public boolean replicaAnnounced() {
        return replicaAnnounced;
    }

    public int databases() {
        return databases;
    }

    public int minReplicasToWrite() {
        return minReplicasToWrite;
    }

    public int minReplicasMaxLagSeconds() {
        return minReplicasMaxLagSeconds;
    }

    /**
     * {@value #ALLOW_EMPTY_UNRELATED_MASTER}: whether a replica that holds data accepts a full
     * sync that replaces it with an empty data set from a master of an unrelated history.
     */
    public boolean replicaAllowEmptyUnrelatedMaster() {
        return replicaAllowEmptyUnrelatedMaster;
    }

    /**
     * {@code propagation-error-behavior}: what a replica does when a command of its master's
     * stream fails on it; Tandem's default is {@link PropagationErrorBehavior#RESYNC} (Redis:
     * {@code ignore}).
     */
    public PropagationErrorBehavior propagationErrorBehavior() {
        return propagationErrorBehavior;
    }

    /**
     * {@code hll-sparse-max-bytes}: the size (header included) past which a sparse HyperLogLog
     * is converted to the dense representation, as in Redis (default 3000).
     */
    public long hllSparseMaxBytes() {
        return hllSparseMaxBytes;
    }

    /** {@code stream-node-max-bytes}: the byte size at which a stream starts a new node. */
    public long streamNodeMaxBytes() {
        return streamNodeMaxBytes;
    }

    /** {@code stream-node-max-entries}: the entry count at which a stream starts a new node. */
    public long streamNodeMaxEntries() {
        return streamNodeMaxEntries;
    }

    /**
     * {@code notify-keyspace-events} as Redis renders it for CONFIG GET ({@code ""}: off; {@code
     * KEA} reads back as {@code AKE}).
     */
    public String notifyKeyspaceEvents() {
        return NotifyFlags.render(notifyKeyspaceEvents);
    }

    /**
     * The enabled classes as the bits of Redis's {@code NOTIFY_*} constants: what the keyspace
     * applies. Not the rendered string, which loses {@code n} next to {@code A} as Redis's does.
     */
    public int notifyKeyspaceEventFlags() {
        return notifyKeyspaceEvents;
    }

    /**
     * The compact-encoding thresholds ({@code hash-max-listpack-entries} and the rest; see
     * {@link CompactEncodings}).
     */
    public CompactEncodings compactEncodings() {
        return compactEncodings;
    }

    /**
     * {@code maxmemory}, {@code maxmemory-policy} and the other eviction settings (see
     * {@link MaxMemory}).
     */
    public MaxMemory maxMemory() {
        return maxMemory;
    }

    /**
     * {@code rdb-version} (Tandem's own): the RDB version a master writes for full syncs when the
     * node was built without an explicit snapshot format. 10 (the default, what Redis 7.0 writes)
     * sends listpack/intset values as their bytes; 9 is for replicas older than Redis 7.0.
     */
    public int rdbVersion() {
        return rdbVersion;
    }

    /**
     * {@code replica-delay} (Tandem's own): milliseconds a replica holds each unit of its
     * master's stream before applying it; 0 (the default) applies at once. See
     * {@link DelayedReplication}.
     */
    public long replicaDelayMillis() {
        return replicaDelayMillis;
    }

    /**
     * {@code replica-delay-buffer-memory} (Tandem's own): the heap a delayed replica's pending
     * stream may take before it spills to a file (default 64 MB).
     */
    public long replicaDelayBufferMemory() {
        return replicaDelayBufferMemory;
    }

    /** Whether the min-replicas check is on: Redis needs both options non-zero. */
    public boolean minReplicasEnabled() {
        return minReplicasToWrite != 0 && minReplicasMaxLagSeconds != 0;
    }

    private List<Object> fields() {
        return java.util.Arrays.asList(requirepass, masterauth, masteruser, replicaReadOnly, replicaServeStaleData,
                replDisklessSync, replDisklessSyncDelaySeconds, replDisklessSyncMaxReplicas, replDisklessLoad,
                replBacklogSize, replBacklogTtlSeconds, replPingReplicaPeriodSeconds, replTimeoutSeconds,
                replicaOutputBufferLimit, replicaAnnounceIp, replicaAnnouncePort, replicaPriority, replicaAnnounced,
                databases, minReplicasToWrite, minReplicasMaxLagSeconds, replicaAllowEmptyUnrelatedMaster,
                propagationErrorBehavior, hllSparseMaxBytes, notifyKeyspaceEvents, compactEncodings, rdbVersion, replicaDelayMillis,
                replicaDelayBufferMemory, streamNodeMaxBytes, streamNodeMaxEntries, maxMemory);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicationConfig other && fields().equals(other.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    /** The settings, with passwords masked. */
    @Override
    public String toString() {
        return "ReplicationConfig[requirepass=" + mask(requirepass) + ", masterauth=" + mask(masterauth)
                + ", masteruser=" + masteruser + ", replica-read-only=" + replicaReadOnly
                + ", replica-serve-stale-data=" + replicaServeStaleData + ", repl-diskless-sync=" + replDisklessSync
                + ", repl-diskless-sync-delay=" + replDisklessSyncDelaySeconds
                + ", repl-diskless-sync-max-replicas=" + replDisklessSyncMaxReplicas
                + ", repl-diskless-load=" + replDisklessLoad.configName() + ", repl-backlog-size=" + replBacklogSize
                + ", repl-backlog-ttl=" + replBacklogTtlSeconds + ", repl-ping-replica-period=" + replPingReplicaPeriodSeconds
                + ", repl-timeout=" + replTimeoutSeconds + ", client-output-buffer-limit=replica "
                + replicaOutputBufferLimit.hardLimitBytes() + " " + replicaOutputBufferLimit.softLimitBytes() + " "
                + replicaOutputBufferLimit.softLimitSeconds() + ", replica-announce-ip=" + replicaAnnounceIp
                + ", replica-announce-port=" + replicaAnnouncePort + ", replica-priority=" + replicaPriority
                + ", replica-announced=" + replicaAnnounced + ", databases=" + databases
                + ", min-replicas-to-write=" + minReplicasToWrite + ", min-replicas-max-lag=" + minReplicasMaxLagSeconds
                + ", " + ALLOW_EMPTY_UNRELATED_MASTER + "=" + replicaAllowEmptyUnrelatedMaster
                + ", propagation-error-behavior=" + propagationErrorBehavior.configName()
                + ", hll-sparse-max-bytes=" + hllSparseMaxBytes
                + ", stream-node-max-bytes=" + streamNodeMaxBytes + ", stream-node-max-entries=" + streamNodeMaxEntries
                + ", notify-keyspace-events=" + NotifyFlags.render(notifyKeyspaceEvents)
                + ", replica-delay=" + replicaDelayMillis + ", replica-delay-buffer-memory=" + replicaDelayBufferMemory
                + ", maxmemory=" + maxMemory.maxmemory() + ", maxmemory-policy=" + maxMemory.policy().configName()
                + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "null" : "******";
    }

    /** Mutable builder; {@link #build()} validates with Redis's ranges. Defaults are Redis's. */
    public static final class Builder {
        private String requirepass;
        private String masterauth;
        private String masteruser;
        private boolean replicaReadOnly = true;
        private boolean replicaServeStaleData = true;
        private boolean replDisklessSync = true;
        private int replDisklessSyncDelaySeconds = 0; // Redis: 5; see the class comment
        private int replDisklessSyncMaxReplicas = 0;
        private DisklessLoad replDisklessLoad = DisklessLoad.DISABLED;
        private long replBacklogSize = 1024 * 1024;
        private long replBacklogTtlSeconds = 3600;
        private int replPingReplicaPeriodSeconds = 10;
        private int replTimeoutSeconds = 60;
        private OutputBufferLimit replicaOutputBufferLimit = OutputBufferLimit.REPLICA_DEFAULT;
        private String replicaAnnounceIp;
        private int replicaAnnouncePort = 0;
        private int replicaPriority = 100;
        private boolean replicaAnnounced = true;
        private int databases = 16;
        private int minReplicasToWrite = 0;
        private int minReplicasMaxLagSeconds = 10;
        private boolean replicaAllowEmptyUnrelatedMaster = false;
        private PropagationErrorBehavior propagationErrorBehavior = PropagationErrorBehavior.RESYNC; // Redis: ignore
        private long hllSparseMaxBytes = 3000;
        private long streamNodeMaxBytes = 4096;
        private long streamNodeMaxEntries = 100;
        private int notifyKeyspaceEvents;
        private CompactEncodings compactEncodings = CompactEncodings.DEFAULTS;
        private MaxMemory maxMemory = MaxMemory.DEFAULTS;
        private long rdbVersion = 10;
        private long replicaDelayMillis;
        private long replicaDelayBufferMemory = 64L * 1024 * 1024;

        private Builder() {
        }

        public Builder requirepass(String v) {
            requirepass = v;
            return this;
        }

        public Builder masterauth(String v) {
            masterauth = v;
            return this;
        }

        public Builder masteruser(String v) {
            masteruser = v;
            return this;
        }

        public Builder replicaReadOnly(boolean v) {
            replicaReadOnly = v;
            return this;
        }

        public Builder replicaServeStaleData(boolean v) {
            replicaServeStaleData = v;
            return this;
        }

        public Builder replDisklessSync(boolean v) {
            replDisklessSync = v;
            return this;
        }

        public Builder replDisklessSyncDelaySeconds(int v) {
            replDisklessSyncDelaySeconds = v;
            return this;
        }

        public Builder replDisklessSyncMaxReplicas(int v) {
            replDisklessSyncMaxReplicas = v;
            return this;
        }

        public Builder replDisklessLoad(DisklessLoad v) {
            replDisklessLoad = v;
            return this;
        }

        public Builder replBacklogSize(long v) {
            replBacklogSize = v;
            return this;
        }

        public Builder replBacklogTtlSeconds(long v) {
            replBacklogTtlSeconds = v;
            return this;
        }

        public Builder replPingReplicaPeriodSeconds(int v) {
            replPingReplicaPeriodSeconds = v;
            return this;
        }

        public Builder replTimeoutSeconds(int v) {
            replTimeoutSeconds = v;
            return this;
        }

        public Builder replicaOutputBufferLimit(OutputBufferLimit v) {
            replicaOutputBufferLimit = v;
            return this;
        }

        public Builder replicaAnnounceIp(String v) {
            replicaAnnounceIp = v;
            return this;
        }

        public Builder replicaAnnouncePort(int v) {
            replicaAnnouncePort = v;
            return this;
        }

        public Builder replicaPriority(int v) {
            replicaPriority = v;
            return this;
        }

        public Builder replicaAnnounced(boolean v) {
            replicaAnnounced = v;
            return this;
        }

        public Builder databases(int v) {
            databases = v;
            return this;
        }

        public Builder minReplicasToWrite(int v) {
            minReplicasToWrite = v;
            return this;
        }

        public Builder minReplicasMaxLagSeconds(int v) {
            minReplicasMaxLagSeconds = v;
            return this;
        }

        /** {@value ReplicationConfig#ALLOW_EMPTY_UNRELATED_MASTER} (Tandem's own; default {@code false}). */
        public Builder replicaAllowEmptyUnrelatedMaster(boolean v) {
            replicaAllowEmptyUnrelatedMaster = v;
            return this;
        }

        /** {@code propagation-error-behavior} (Tandem's default {@code resync}; Redis's {@code ignore}). */
        public Builder propagationErrorBehavior(PropagationErrorBehavior v) {
            propagationErrorBehavior = java.util.Objects.requireNonNull(v, "propagationErrorBehavior");
            return this;
        }

        /** {@code hll-sparse-max-bytes} (3000): past this size a sparse HyperLogLog turns dense. */
        public Builder hllSparseMaxBytes(long v) {
            hllSparseMaxBytes = v;
            return this;
        }

        /**
         * {@code stream-node-max-bytes} (4096) and {@code stream-node-max-entries} (100): where a
         * stream starts a new node, which decides what an approximate trim ({@code MAXLEN ~})
         * removes; 0 means no limit, as in Redis.
         */
        public Builder streamNodeMaxBytes(long v) {
            streamNodeMaxBytes = v;
            return this;
        }

        /** {@code stream-node-max-entries} (100); see {@link #streamNodeMaxBytes}. */
        public Builder streamNodeMaxEntries(long v) {
            streamNodeMaxEntries = v;
            return this;
        }

        /**
         * {@code notify-keyspace-events} (default {@code ""}, off): the classes of keyspace
         * notifications to publish, in Redis's letters ({@code K E g $ l s h z x e t m d n A}).
         *
         * @throws ConfigException for a letter that names no class (Redis's error text)
         */
        public Builder notifyKeyspaceEvents(String classes) {
            int flags = NotifyFlags.parse(Objects.requireNonNull(classes, "notifyKeyspaceEvents"));
            if (flags < 0) {
                throw new ConfigException("notify-keyspace-events", classes, NotifyFlags.INVALID);
            }
            notifyKeyspaceEvents = flags;
            return this;
        }

        private Builder notifyKeyspaceEventFlags(int flags) {
            notifyKeyspaceEvents = flags;
            return this;
        }

        /** The compact-encoding thresholds (see {@link CompactEncodings}). */
        public Builder compactEncodings(CompactEncodings v) {
            compactEncodings = Objects.requireNonNull(v, "compactEncodings");
            return this;
        }

        /** The memory limit and eviction settings (see {@link MaxMemory}). */
        public Builder maxMemory(MaxMemory v) {
            maxMemory = Objects.requireNonNull(v, "maxMemory");
            return this;
        }

        /** The memory settings so far (directives change one of them at a time). */
        public MaxMemory maxMemory() {
            return maxMemory;
        }

        /** {@code rdb-version}: 9 or 10 (default 10, as Redis 7.0 writes). */
        public Builder rdbVersion(long v) {
            rdbVersion = v;
            return this;
        }

        /** The thresholds set so far (directives change one of them at a time). */
        public CompactEncodings compactEncodings() {
            return compactEncodings;
        }

        /** {@code replica-delay} in milliseconds (0: off; at most {@link ReplicationConfig#MAX_REPLICA_DELAY_MILLIS}). */
        public Builder replicaDelayMillis(long v) {
            replicaDelayMillis = v;
            return this;
        }

        /** {@code replica-delay-buffer-memory} in bytes (at least 1). */
        public Builder replicaDelayBufferMemory(long v) {
            replicaDelayBufferMemory = v;
            return this;
        }

        /**
         * Applies one {@code redis.conf}-style directive (aliases accepted).
         *
         * @throws ConfigException for an unknown directive or an invalid value
         */
        public Builder directive(String name, String value) {
            if (!isKnownDirective(name)) {
                throw new ConfigException(name, null, "Bad directive or wrong number of arguments");
            }
            DirectiveRegistry.applyAtStart(SettingsDraft.ofReplication(this), name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @throws ConfigException when a value is out of Redis's range */
        public ReplicationConfig build() {
            return new ReplicationConfig(this);
        }
    }
}
