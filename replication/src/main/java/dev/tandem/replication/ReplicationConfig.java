package dev.tandem.replication;

import dev.tandem.replication.internal.config.ConfigValues;
import dev.tandem.replication.OutputBufferLimit;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The replication settings of a node, named and defaulted as in Redis 7.0's {@code redis.conf}
 * (the {@code slave-*} aliases are accepted). Immutable; build one with {@link #builder()} or
 * from {@code redis.conf}-style directives with {@link #fromDirectives(Map)}.
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
 */
public final class ReplicationConfig {

    /** The {@code client-output-buffer-limit} classes Redis knows; only {@code replica} is kept. */
    private static final Set<String> BUFFER_LIMIT_CLASSES = Set.of("normal", "slave", "replica", "pubsub");

    /** Tandem's directive: may a replica with data load an empty data set from an unrelated master? */
    public static final String ALLOW_EMPTY_UNRELATED_MASTER = "replica-allow-empty-unrelated-master";

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
                .replicaAllowEmptyUnrelatedMaster(replicaAllowEmptyUnrelatedMaster);
    }

    // ------------------------------------------------------------------ directives

    /** Canonical directive name → how to apply a value to a builder. */
    private static final Map<String, BiConsumer<Builder, String>> DIRECTIVES = new LinkedHashMap<>();
    /** Every accepted name (canonical and alias, lower case) → canonical name. */
    private static final Map<String, String> NAMES = new HashMap<>();
    /** Alias → canonical name, in documentation order ({@code slave-*} and {@code min-slaves-*}). */
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();
    /** The canonical names that are Tandem's own, not Redis's. */
    private static final Set<String> TANDEM_DIRECTIVES = Set.of(ALLOW_EMPTY_UNRELATED_MASTER);

    private static void directive(String name, String alias, BiConsumer<Builder, String> apply) {
        DIRECTIVES.put(name, apply);
        NAMES.put(name, name);
        if (alias != null) {
            NAMES.put(alias, name);
            ALIASES.put(alias, name);
        }
    }

    static {
        directive("requirepass", null, (b, v) -> b.requirepass(v));
        directive("masterauth", null, (b, v) -> b.masterauth(v));
        directive("masteruser", null, (b, v) -> b.masteruser(v));
        directive("replica-read-only", "slave-read-only",
                (b, v) -> b.replicaReadOnly(ConfigValues.parseBoolean("replica-read-only", v)));
        directive("replica-serve-stale-data", "slave-serve-stale-data",
                (b, v) -> b.replicaServeStaleData(ConfigValues.parseBoolean("replica-serve-stale-data", v)));
        directive("repl-diskless-sync", null,
                (b, v) -> b.replDisklessSync(ConfigValues.parseBoolean("repl-diskless-sync", v)));
        directive("repl-diskless-sync-delay", null, (b, v) -> b.replDisklessSyncDelaySeconds(
                (int) ConfigValues.parseInteger("repl-diskless-sync-delay", v, 0, Integer.MAX_VALUE)));
        directive("repl-diskless-sync-max-replicas", null, (b, v) -> b.replDisklessSyncMaxReplicas(
                (int) ConfigValues.parseInteger("repl-diskless-sync-max-replicas", v, 0, Integer.MAX_VALUE)));
        directive("repl-diskless-load", null, (b, v) -> {
            DisklessLoad mode = DisklessLoad.parse(v);
            if (mode == null) {
                throw new ConfigException("repl-diskless-load", v,
                        "argument(s) must be one of the following: disabled, on-empty-db, swapdb");
            }
            b.replDisklessLoad(mode);
        });
        directive("repl-backlog-size", null,
                (b, v) -> b.replBacklogSize(ConfigValues.parseMemory("repl-backlog-size", v, 1, Long.MAX_VALUE)));
        directive("repl-backlog-ttl", null,
                (b, v) -> b.replBacklogTtlSeconds(ConfigValues.parseInteger("repl-backlog-ttl", v, 0, Long.MAX_VALUE)));
        directive("repl-ping-replica-period", "repl-ping-slave-period", (b, v) -> b.replPingReplicaPeriodSeconds(
                (int) ConfigValues.parseInteger("repl-ping-replica-period", v, 1, Integer.MAX_VALUE)));
        directive("repl-timeout", null, (b, v) -> b.replTimeoutSeconds(
                (int) ConfigValues.parseInteger("repl-timeout", v, 1, Integer.MAX_VALUE)));
        directive("client-output-buffer-limit", null, ReplicationConfig::applyBufferLimits);
        directive("replica-announce-ip", "slave-announce-ip", (b, v) -> b.replicaAnnounceIp(v));
        directive("replica-announce-port", "slave-announce-port", (b, v) -> b.replicaAnnouncePort(
                (int) ConfigValues.parseInteger("replica-announce-port", v, 0, 65535)));
        directive("replica-priority", "slave-priority", (b, v) -> b.replicaPriority(
                (int) ConfigValues.parseInteger("replica-priority", v, 0, Integer.MAX_VALUE)));
        directive("replica-announced", null,
                (b, v) -> b.replicaAnnounced(ConfigValues.parseBoolean("replica-announced", v)));
        directive("databases", null, (b, v) -> b.databases(
                (int) ConfigValues.parseInteger("databases", v, 1, Integer.MAX_VALUE)));
        directive("min-replicas-to-write", "min-slaves-to-write", (b, v) -> b.minReplicasToWrite(
                (int) ConfigValues.parseInteger("min-replicas-to-write", v, 0, Integer.MAX_VALUE)));
        directive("min-replicas-max-lag", "min-slaves-max-lag", (b, v) -> b.minReplicasMaxLagSeconds(
                (int) ConfigValues.parseInteger("min-replicas-max-lag", v, 0, Integer.MAX_VALUE)));
        directive(ALLOW_EMPTY_UNRELATED_MASTER, null, (b, v) -> b.replicaAllowEmptyUnrelatedMaster(
                ConfigValues.parseBoolean(ALLOW_EMPTY_UNRELATED_MASTER, v)));
    }

    /**
     * {@code client-output-buffer-limit <class> <hard> <soft> <seconds> [...]}: every class
     * is validated like Redis does (all or nothing); only {@code replica}/{@code slave} is kept.
     */
    private static void applyBufferLimits(Builder b, String value) {
        String directive = "client-output-buffer-limit";
        String trimmed = value.trim();
        List<String> args = trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
        if (args.isEmpty() || args.size() % 4 != 0) {
            throw new ConfigException(directive, value, "Wrong number of arguments in buffer limit configuration.");
        }
        OutputBufferLimit replica = null;
        for (int i = 0; i < args.size(); i += 4) {
            String clientClass = args.get(i).toLowerCase(Locale.ROOT);
            if (!BUFFER_LIMIT_CLASSES.contains(clientClass)) {
                throw new ConfigException(directive, value, "Invalid client class specified in buffer limit configuration.");
            }
            String error = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            long hard = ConfigValues.memtoull(directive, args.get(i + 1), error);
            long soft = ConfigValues.memtoull(directive, args.get(i + 2), error);
            Long seconds = ConfigValues.string2ll(args.get(i + 3));
            if (hard < 0 || soft < 0 || seconds == null || seconds < 0) {
                throw new ConfigException(directive, value, error);
            }
            if (clientClass.equals("replica") || clientClass.equals("slave")) {
                replica = new OutputBufferLimit(hard, soft, seconds);
            }
        }
        if (replica != null) {
            b.replicaOutputBufferLimit(replica);
        }
    }

    /** Whether {@code name} (any case, aliases included) is a directive this class understands. */
    public static boolean isKnownDirective(String name) {
        return NAMES.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The canonical name of a directive given by any accepted name (any case, {@code slave-*}
     * aliases included), or empty for an unknown one.
     */
    public static Optional<String> canonicalName(String name) {
        return Optional.ofNullable(NAMES.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The Redis aliases ({@code slave-read-only}, ...) → their canonical names. */
    public static Map<String, String> directiveAliases() {
        return java.util.Collections.unmodifiableMap(ALIASES);
    }

    /** The canonical names of the Redis directives understood, in documentation order. */
    public static Set<String> directiveNames() {
        Set<String> redis = new java.util.LinkedHashSet<>(DIRECTIVES.keySet());
        redis.removeAll(TANDEM_DIRECTIVES);
        return java.util.Collections.unmodifiableSet(redis);
    }

    /** The directives that are Tandem's own (understood everywhere Redis's are). */
    public static Set<String> tandemDirectiveNames() {
        return TANDEM_DIRECTIVES;
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
            String canonical = NAMES.get(given.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                throw new ConfigException(given, null, "Bad directive or wrong number of arguments");
            }
            String previous = seen.put(canonical, given);
            if (previous != null) {
                throw new ConfigException(given, null, "duplicate directive (also given as '" + previous + "')");
            }
            String value = Objects.requireNonNull(entry.getValue(), () -> "value of " + given);
            DIRECTIVES.get(canonical).accept(builder, value);
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

    /** Whether the min-replicas check is on: Redis needs both options non-zero. */
    public boolean minReplicasEnabled() {
        return minReplicasToWrite != 0 && minReplicasMaxLagSeconds != 0;
    }

    private List<Object> fields() {
        return java.util.Arrays.asList(requirepass, masterauth, masteruser, replicaReadOnly, replicaServeStaleData,
                replDisklessSync, replDisklessSyncDelaySeconds, replDisklessSyncMaxReplicas, replDisklessLoad,
                replBacklogSize, replBacklogTtlSeconds, replPingReplicaPeriodSeconds, replTimeoutSeconds,
                replicaOutputBufferLimit, replicaAnnounceIp, replicaAnnouncePort, replicaPriority, replicaAnnounced,
                databases, minReplicasToWrite, minReplicasMaxLagSeconds, replicaAllowEmptyUnrelatedMaster);
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
                + ", " + ALLOW_EMPTY_UNRELATED_MASTER + "=" + replicaAllowEmptyUnrelatedMaster + "]";
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

        /**
         * Applies one {@code redis.conf}-style directive (aliases accepted).
         *
         * @throws ConfigException for an unknown directive or an invalid value
         */
        public Builder directive(String name, String value) {
            String canonical = NAMES.get(name.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                throw new ConfigException(name, null, "Bad directive or wrong number of arguments");
            }
            DIRECTIVES.get(canonical).accept(this, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @throws ConfigException when a value is out of Redis's range */
        public ReplicationConfig build() {
            return new ReplicationConfig(this);
        }
    }
}
