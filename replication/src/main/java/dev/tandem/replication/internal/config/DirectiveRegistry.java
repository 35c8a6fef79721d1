/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.DisklessLoad;
import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.replication.PropagationErrorBehavior;
import dev.tandem.replication.CompactEncodings;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.config.Directive.Effect;
import dev.tandem.replication.internal.config.Directive.Scope;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every directive a Tandem node understands, in one table: the builder's {@code directive()},
 * {@link ReplicationConfig#fromDirectives}, {@code CONFIG GET/SET} and the {@code tandem-server}
 * launcher all read it, so a directive is named, parsed, rendered and checked in one place.
 *
 * <p>The table is in the order of Redis 7.0's {@code redis.conf}; error texts are Redis 7.0.15's,
 * word for word.
 */
public final class DirectiveRegistry {

    /** Redis's reason for a CONFIG SET of a name it does not know. */
    static final String UNKNOWN_AT_RUN_TIME = "Unknown option or number of arguments for CONFIG SET - '%s'";
    /** Redis's reason for a configuration-file line it does not know. */
    static final String UNKNOWN_AT_START = "Bad directive or wrong number of arguments";
    static final String IMMUTABLE = "can't set immutable config";
    static final String DUPLICATE = "duplicate parameter";
    static final String BUFFER_LIMIT = "client-output-buffer-limit";

    /**
     * Checks the class letters now, so CONFIG SET rejects a bad one with Redis's text; the string
     * is kept as given (rendering it here would drop an {@code n} next to {@code A}).
     */
    private static String notifyKeyspaceEvents(String name, String value) {
        int flags = dev.tandem.core.internal.NotifyFlags.parse(value);
        if (flags < 0) {
            throw new ConfigException(name, value, dev.tandem.core.internal.NotifyFlags.INVALID);
        }
        return value;
    }

    private static final List<Directive<?>> ALL = new ArrayList<>();
    /** Every name (canonical and alias, lower case) → its directive. */
    private static final Map<String, Directive<?>> BY_NAME = new HashMap<>();

    private DirectiveRegistry() {
    }

    // ------------------------------------------------------------------ the table

    static {
        add(Directive.builder("requirepass", Scope.SHARED, DirectiveRegistry::text, s -> s).secret()
                .value(s -> s.replication().map(r -> r.requirepass().orElse(""))
                                .orElseGet(() -> s.server().password().orElse("")),
                        (d, v) -> {
                            if (d.hasReplication()) {
                                d.replication().requirepass(v);
                            } else {
                                d.server(d.server().withRequirepass(v));
                            }
                        }));
        add(replicationText("masterauth", r -> r.masterauth().orElse(""), ReplicationConfig.Builder::masterauth, true));
        add(replicationText("masteruser", r -> r.masteruser().orElse(""), ReplicationConfig.Builder::masteruser, false));
        add(replicationFlag("replica-read-only", "slave-read-only", ReplicationConfig::replicaReadOnly,
                ReplicationConfig.Builder::replicaReadOnly));
        add(replicationFlag("replica-serve-stale-data", "slave-serve-stale-data",
                ReplicationConfig::replicaServeStaleData, ReplicationConfig.Builder::replicaServeStaleData));
        add(replicationFlag("repl-diskless-sync", null, ReplicationConfig::replDisklessSync,
                ReplicationConfig.Builder::replDisklessSync));
        add(replicationInt("repl-diskless-sync-delay", null, 0, Integer.MAX_VALUE,
                ReplicationConfig::replDisklessSyncDelaySeconds, ReplicationConfig.Builder::replDisklessSyncDelaySeconds));
        add(replicationInt("repl-diskless-sync-max-replicas", null, 0, Integer.MAX_VALUE,
                ReplicationConfig::replDisklessSyncMaxReplicas, ReplicationConfig.Builder::replDisklessSyncMaxReplicas));
        add(Directive.builder("repl-diskless-load", Scope.REPLICATION, DirectiveRegistry::disklessLoad,
                        DisklessLoad::configName)
                .value(s -> replication(s).replDisklessLoad(), (d, v) -> d.replication().replDisklessLoad(v)));
        add(Directive.builder("repl-backlog-size", Scope.REPLICATION,
                        (n, v) -> ConfigValues.parseMemory(n, v, 1, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                .effect(Effect.RESIZE_BACKLOG)
                .value(s -> replication(s).replBacklogSize(), (d, v) -> d.replication().replBacklogSize(v)));
        add(Directive.builder("repl-backlog-ttl", Scope.REPLICATION,
                        (n, v) -> ConfigValues.parseInteger(n, v, 0, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                .value(s -> replication(s).replBacklogTtlSeconds(), (d, v) -> d.replication().replBacklogTtlSeconds(v)));
        add(replicationInt("repl-ping-replica-period", "repl-ping-slave-period", 1, Integer.MAX_VALUE,
                ReplicationConfig::replPingReplicaPeriodSeconds, ReplicationConfig.Builder::replPingReplicaPeriodSeconds));
        add(replicationInt("repl-timeout", null, 1, Integer.MAX_VALUE,
                ReplicationConfig::replTimeoutSeconds, ReplicationConfig.Builder::replTimeoutSeconds));
        add(Directive.builder(BUFFER_LIMIT, Scope.SHARED, DirectiveRegistry::bufferLimits, BufferLimits::render)
                .multiArgument()
                .value(s -> new BufferLimits(Optional.of(s.server().normalOutputLimit()),
                                s.replication().map(ReplicationConfig::replicaOutputBufferLimit),
                                Optional.of(s.server().pubsubOutputLimit())),
                        DirectiveRegistry::setBufferLimits));
        add(replicationText("replica-announce-ip", r -> r.replicaAnnounceIp().orElse(""),
                ReplicationConfig.Builder::replicaAnnounceIp, false, "slave-announce-ip"));
        add(replicationInt("replica-announce-port", "slave-announce-port", 0, 65535,
                ReplicationConfig::replicaAnnouncePort, ReplicationConfig.Builder::replicaAnnouncePort));
        add(replicationInt("replica-priority", "slave-priority", 0, Integer.MAX_VALUE,
                ReplicationConfig::replicaPriority, ReplicationConfig.Builder::replicaPriority));
        add(replicationFlag("replica-announced", null, ReplicationConfig::replicaAnnounced,
                ReplicationConfig.Builder::replicaAnnounced));
        add(Directive.builder("databases", Scope.SHARED,
                        (n, v) -> (int) ConfigValues.parseInteger(n, v, 1, Integer.MAX_VALUE), (Integer v) -> Integer.toString(v))
                .immutable()
                .value(s -> s.replication().map(ReplicationConfig::databases).orElse(s.server().databases()),
                        (d, v) -> {
                            if (d.hasReplication()) {
                                d.replication().databases(v);
                            } else {
                                d.server(d.server().withDatabases(v));
                            }
                        }));
        add(Directive.builder("min-replicas-to-write", Scope.REPLICATION,
                        (n, v) -> (int) ConfigValues.parseInteger(n, v, 0, Integer.MAX_VALUE), (Integer v) -> Integer.toString(v))
                .alias("min-slaves-to-write").effect(Effect.REFRESH_MIN_REPLICAS)
                .value(s -> replication(s).minReplicasToWrite(), (d, v) -> d.replication().minReplicasToWrite(v)));
        add(Directive.builder("min-replicas-max-lag", Scope.REPLICATION,
                        (n, v) -> (int) ConfigValues.parseInteger(n, v, 0, Integer.MAX_VALUE), (Integer v) -> Integer.toString(v))
                .alias("min-slaves-max-lag").effect(Effect.REFRESH_MIN_REPLICAS)
                .value(s -> replication(s).minReplicasMaxLagSeconds(), (d, v) -> d.replication().minReplicasMaxLagSeconds(v)));
        add(Directive.builder(ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER, Scope.REPLICATION,
                        ConfigValues::parseBoolean, DirectiveRegistry::yesNo)
                .tandemOwn().effect(Effect.RETRY_PARKED_LINK)
                .value(s -> replication(s).replicaAllowEmptyUnrelatedMaster(),
                        (d, v) -> d.replication().replicaAllowEmptyUnrelatedMaster(v)));
        add(Directive.builder("propagation-error-behavior", Scope.REPLICATION,
                        DirectiveRegistry::propagationErrorBehavior, PropagationErrorBehavior::configName)
                .value(s -> replication(s).propagationErrorBehavior(),
                        (d, v) -> d.replication().propagationErrorBehavior(v)));
        add(Directive.builder("hll-sparse-max-bytes", Scope.REPLICATION,
                        (n, v) -> ConfigValues.parseMemory(n, v, 0, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                .value(s -> replication(s).hllSparseMaxBytes(), (d, v) -> d.replication().hllSparseMaxBytes(v)));
        add(Directive.builder("stream-node-max-bytes", Scope.REPLICATION,
                        (n, v) -> ConfigValues.parseMemory(n, v, 0, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                .value(s -> replication(s).streamNodeMaxBytes(), (d, v) -> d.replication().streamNodeMaxBytes(v)));
        add(Directive.builder("stream-node-max-entries", Scope.REPLICATION,
                        (n, v) -> ConfigValues.parseInteger(n, v, 0, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                .value(s -> replication(s).streamNodeMaxEntries(), (d, v) -> d.replication().streamNodeMaxEntries(v)));
        add(Directive.builder("notify-keyspace-events", Scope.REPLICATION,
                        DirectiveRegistry::notifyKeyspaceEvents, (String v) -> v)
                .value(s -> replication(s).notifyKeyspaceEvents(), (d, v) -> d.replication().notifyKeyspaceEvents(v)));
        // Compact-encoding thresholds, in redis.conf's order (Redis's ranges: 0..LONG_MAX, list sizes any int).
        add(encodingLimit("hash-max-listpack-entries", "hash-max-ziplist-entries",
                CompactEncodings::hashMaxListpackEntries, CompactEncodings::withHashMaxListpackEntries));
        add(encodingLimit("hash-max-listpack-value", "hash-max-ziplist-value",
                CompactEncodings::hashMaxListpackValue, CompactEncodings::withHashMaxListpackValue));
        add(Directive.builder("list-max-listpack-size", Scope.REPLICATION,
                        (n, v) -> (int) ConfigValues.parseInteger(n, v, Integer.MIN_VALUE, Integer.MAX_VALUE),
                        (Integer v) -> Integer.toString(v))
                .alias("list-max-ziplist-size")
                .value(s -> replication(s).compactEncodings().listMaxListpackSize(),
                        (d, v) -> d.replication().compactEncodings(
                                d.replication().compactEncodings().withListMaxListpackSize(v))));
        add(Directive.builder("list-compress-depth", Scope.REPLICATION,
                        (n, v) -> (int) ConfigValues.parseInteger(n, v, 0, Integer.MAX_VALUE),
                        (Integer v) -> Integer.toString(v))
                .value(s -> replication(s).compactEncodings().listCompressDepth(),
                        (d, v) -> d.replication().compactEncodings(
                                d.replication().compactEncodings().withListCompressDepth(v))));
        add(encodingLimit("set-max-intset-entries", null,
                CompactEncodings::setMaxIntsetEntries, CompactEncodings::withSetMaxIntsetEntries));
        add(encodingLimit("zset-max-listpack-entries", "zset-max-ziplist-entries",
                CompactEncodings::zsetMaxListpackEntries, CompactEncodings::withZsetMaxListpackEntries));
        add(encodingLimit("zset-max-listpack-value", "zset-max-ziplist-value",
                CompactEncodings::zsetMaxListpackValue, CompactEncodings::withZsetMaxListpackValue));
        add(Directive.builder("rdb-version", Scope.REPLICATION,
                        (n, v) -> (int) ConfigValues.parseInteger(n, v, 9, 10), (Integer v) -> Integer.toString(v))
                .tandemOwn()
                .value(s -> replication(s).rdbVersion(), (d, v) -> d.replication().rdbVersion(v)));
        MemoryDirectives.all().forEach(DirectiveRegistry::add);
        TlsDirectives.all().forEach(DirectiveRegistry::add);
        // Tandem's own: delayed replicas (docs/delayed-replicas.md).
        add(Directive.builder("replica-delay", Scope.REPLICATION,
                        (n, v) -> ConfigValues.parseInteger(n, v, 0, ReplicationConfig.MAX_REPLICA_DELAY_MILLIS),
                        (Long v) -> Long.toString(v))
                .tandemOwn()
                .value(s -> replication(s).replicaDelayMillis(), (d, v) -> d.replication().replicaDelayMillis(v)));
        add(Directive.builder("replica-delay-buffer-memory", Scope.REPLICATION,
                        (n, v) -> ConfigValues.parseMemory(n, v, 1, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                .tandemOwn()
                .value(s -> replication(s).replicaDelayBufferMemory(),
                        (d, v) -> d.replication().replicaDelayBufferMemory(v)));

        // The RESP server's own.
        add(Directive.builder("maxclients", Scope.SERVER,
                        (n, v) -> ConfigValues.parseInteger(n, v, 1, 4294967295L), (Long v) -> Long.toString(v))
                .value(s -> s.server().maxclients(), (d, v) -> d.server(d.server().withMaxclients(v))));
        add(Directive.builder("timeout", Scope.SERVER,
                        (n, v) -> ConfigValues.parseInteger(n, v, 0, Integer.MAX_VALUE), (Long v) -> Long.toString(v))
                .value(s -> s.server().timeoutSeconds(), (d, v) -> d.server(d.server().withTimeoutSeconds(v))));
        add(Directive.builder("protected-mode", Scope.SERVER, ConfigValues::parseBoolean, DirectiveRegistry::yesNo)
                .value(s -> s.server().protectedMode(), (d, v) -> d.server(d.server().withProtectedMode(v))));
        // A node without persistence keeps no files: both answer "off" and refuse "on". A node
        // built with persistence answers save (and dir, dbfilename, ...) from its own directives
        // (internal.persistence.PersistenceDirectives), which CONFIG consults first. No AOF yet.
        add(Directive.builder("save", Scope.SERVER, DirectiveRegistry::saveOff, s -> s)
                .multiArgument().notImplemented()
                .value(s -> "", (d, v) -> { }));
        add(Directive.builder("appendonly", Scope.SERVER, DirectiveRegistry::appendonlyOff, DirectiveRegistry::yesNo)
                .notImplemented()
                .value(s -> false, (d, v) -> { }));
        // LONG BLOCKING COMMANDS: how long a script runs before other clients get BUSY.
        add(Directive.builder("busy-reply-threshold", Scope.SERVER,
                        (n, v) -> ConfigValues.parseInteger(n, v, 0, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                .alias("lua-time-limit")
                .value(s -> s.server().busyReplyThresholdMillis(),
                        (d, v) -> d.server(d.server().withBusyReplyThresholdMillis(v))));
    }

    private static void add(Directive<?> directive) {
        ALL.add(directive);
        register(directive.name(), directive);
        directive.aliases().forEach(alias -> register(alias, directive));
    }

    private static void register(String name, Directive<?> directive) {
        if (BY_NAME.putIfAbsent(name, directive) != null) {
            throw new IllegalStateException("directive name registered twice: " + name);
        }
    }

    private static ReplicationConfig replication(Settings s) {
        return s.replication().orElseThrow(() -> new IllegalStateException("no replication layer"));
    }

    private static Directive<String> replicationText(String name, Function<ReplicationConfig, String> read,
            BiConsumer<ReplicationConfig.Builder, String> write, boolean secret, String... aliases) {
        Directive.Builder<String> b = Directive.builder(name, Scope.REPLICATION, DirectiveRegistry::text, s -> s);
        for (String alias : aliases) {
            b.alias(alias);
        }
        if (secret) {
            b.secret();
        }
        return b.value(s -> read.apply(replication(s)), (d, v) -> write.accept(d.replication(), v));
    }

    private static Directive<Boolean> replicationFlag(String name, String alias, Function<ReplicationConfig, Boolean> read,
            BiConsumer<ReplicationConfig.Builder, Boolean> write) {
        Directive.Builder<Boolean> b = Directive.builder(name, Scope.REPLICATION, ConfigValues::parseBoolean,
                DirectiveRegistry::yesNo);
        if (alias != null) {
            b.alias(alias);
        }
        return b.value(s -> read.apply(replication(s)), (d, v) -> write.accept(d.replication(), v));
    }

    /** A size_t threshold: 0..LONG_MAX, as config.c's createSizeTConfig; {@code hash-max-listpack-value} takes memory units. */
    private static Directive<Long> encodingLimit(String name, String alias, Function<CompactEncodings, Long> read,
            java.util.function.BiFunction<CompactEncodings, Long, CompactEncodings> with) {
        boolean memory = name.endsWith("-value");
        Directive.Builder<Long> b = Directive.builder(name, Scope.REPLICATION,
                (n, v) -> memory ? ConfigValues.parseMemory(n, v, 0, Long.MAX_VALUE)
                        : ConfigValues.parseInteger(n, v, 0, Long.MAX_VALUE),
                (Long v) -> Long.toString(v));
        if (alias != null) {
            b.alias(alias);
        }
        return b.value(s -> read.apply(replication(s).compactEncodings()),
                (d, v) -> d.replication().compactEncodings(with.apply(d.replication().compactEncodings(), v)));
    }

    private static Directive<Integer> replicationInt(String name, String alias, int min, int max,
            Function<ReplicationConfig, Integer> read, BiConsumer<ReplicationConfig.Builder, Integer> write) {
        Directive.Builder<Integer> b = Directive.builder(name, Scope.REPLICATION,
                (n, v) -> (int) ConfigValues.parseInteger(n, v, min, max), (Integer v) -> Integer.toString(v));
        if (alias != null) {
            b.alias(alias);
        }
        return b.value(s -> read.apply(replication(s)), (d, v) -> write.accept(d.replication(), v));
    }

    // ------------------------------------------------------------------ value kinds

    private static String text(String directive, String value) {
        return value;
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static DisklessLoad disklessLoad(String directive, String value) {
        for (DisklessLoad mode : DisklessLoad.values()) {
            if (mode.configName().equals(value.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new ConfigException(directive, value,
                "argument(s) must be one of the following: disabled, on-empty-db, swapdb");
    }

    /** Redis's enum values plus Tandem's {@code resync}; Redis's error text lists what is accepted. */
    private static PropagationErrorBehavior propagationErrorBehavior(String directive, String value) {
        PropagationErrorBehavior b = PropagationErrorBehavior.parse(value);
        if (b == null) {
            throw new ConfigException(directive, value,
                    "argument(s) must be one of the following: ignore, panic, panic-on-replicas, resync");
        }
        return b;
    }

    // A node built without persistence(...) has no directory to write to (tandem-server always has one).
    static final String NO_PERSISTENCE_SAVE =
            "this node has no persistence: build it with ReplicatedKeyspace.Builder.persistence(...) to save snapshots";
    static final String NO_PERSISTENCE_AOF =
            "this node has no persistence: build it with ReplicatedKeyspace.Builder.persistence(...) for an append only file";

    private static String saveOff(String directive, String value) {
        if (!value.isEmpty()) {
            throw new ConfigException(directive, value, NO_PERSISTENCE_SAVE);
        }
        return value;
    }

    private static Boolean appendonlyOff(String directive, String value) {
        if (ConfigValues.parseBoolean(directive, value)) {
            throw new ConfigException(directive, value, NO_PERSISTENCE_AOF);
        }
        return false;
    }

    /**
     * {@code client-output-buffer-limit <class> <hard> <soft> <seconds> [...]}, validated as a
     * whole as Redis does: hard and soft are memory values, seconds is read with {@code strtoll}.
     */
    private static BufferLimits bufferLimits(String directive, String value) {
        String trimmed = value.trim();
        String[] args = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (args.length == 0 || args.length % 4 != 0) {
            throw new ConfigException(directive, value, "Wrong number of arguments in buffer limit configuration.");
        }
        Optional<OutputBufferLimit> normal = Optional.empty();
        Optional<OutputBufferLimit> replica = Optional.empty();
        Optional<OutputBufferLimit> pubsub = Optional.empty();
        for (int i = 0; i < args.length; i += 4) {
            String clientClass = args[i].toLowerCase(Locale.ROOT);
            if (!Set.of("normal", "slave", "replica", "pubsub").contains(clientClass)) {
                throw new ConfigException(directive, value, "Invalid client class specified in buffer limit configuration.");
            }
            String error = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            long hard = ConfigValues.memtoull(directive, args[i + 1], error);
            long soft = ConfigValues.memtoull(directive, args[i + 2], error);
            long seconds = strtollSeconds(args[i + 3]);
            if (hard < 0 || soft < 0 || seconds < 0) {
                throw new ConfigException(directive, value, error);
            }
            Optional<OutputBufferLimit> limit = Optional.of(new OutputBufferLimit(hard, soft, seconds));
            switch (clientClass) {
                case "normal" -> normal = limit;
                case "pubsub" -> pubsub = limit;
                default -> replica = limit;
            }
        }
        return new BufferLimits(normal, replica, pubsub);
    }

    /** C's {@code strtoll} as Redis reads soft seconds: a sign, digits, nothing after; -1 when malformed. */
    private static long strtollSeconds(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            return -1;
        }
        BigInteger n = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        return n.bitLength() > 63 ? (n.signum() < 0 ? -1 : Long.MAX_VALUE) : n.longValue(); // strtoll clamps
    }

    private static void setBufferLimits(SettingsDraft draft, BufferLimits limits) {
        if (limits.replica().isPresent()) {
            if (!draft.hasReplication()) {
                throw new ConfigException(BUFFER_LIMIT, null, "the replica class needs a replication layer");
            }
            draft.replication().replicaOutputBufferLimit(limits.replica().get());
        }
        limits.normal().ifPresent(l -> draft.server(draft.server().withNormalOutputLimit(l)));
        limits.pubsub().ifPresent(l -> draft.server(draft.server().withPubsubOutputLimit(l)));
    }

    // ------------------------------------------------------------------ look-ups

    /** Every directive, in {@code redis.conf} order. */
    public static List<Directive<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The directive with this name or alias (any case). */
    public static Optional<Directive<?>> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every name and alias (lower case) of the directives available with or without a node's replication layer. */
    public static Set<String> names(boolean replication) {
        Set<String> names = new LinkedHashSet<>();
        for (Directive<?> d : ALL) {
            if (d.availableWith(replication)) {
                names.add(d.name());
                names.addAll(d.aliases());
            }
        }
        return names;
    }

    /** The directive named {@code name} if settings with (or without) a replication layer have it. */
    public static Optional<Directive<?>> lookup(String name, boolean replication) {
        return lookup(name).filter(d -> d.availableWith(replication));
    }

    // ------------------------------------------------------------------ changes

    /**
     * Applies a {@code CONFIG SET} of several directives to {@code draft} with Redis 7.0's
     * checks and in its order: first every name (an unknown one fails at once; an immutable or
     * repeated one fails after the names, the last such problem being reported), then every
     * value in turn. A failure leaves the running settings untouched: the caller commits the
     * draft only after this and {@link SettingsDraft#build()} succeed, so a change is all or
     * nothing, as Redis's rollback makes it.
     *
     * @param changes name as given → value, in the order given
     * @return the directives changed, in that order
     * @throws ConfigException naming the argument as given, with Redis's reason
     */
    public static List<Directive<?>> applyAtRunTime(SettingsDraft draft, Map<String, String> changes) {
        List<Directive<?>> directives = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        ConfigException pending = null;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String given = change.getKey();
            Directive<?> directive = lookup(given, draft.hasReplication()).orElseThrow(() ->
                    new ConfigException(given, null, String.format(UNKNOWN_AT_RUN_TIME, given)));
            if (!directive.isMutable()) {
                pending = new ConfigException(given, change.getValue(), IMMUTABLE);
            }
            if (!seen.add(given.toLowerCase(Locale.ROOT))) {
                pending = new ConfigException(given, change.getValue(), DUPLICATE);
            }
            directives.add(directive);
        }
        if (pending != null) {
            throw pending;
        }
        int i = 0;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            apply(directives.get(i++), draft, change.getKey(), change.getValue());
        }
        return directives;
    }

    /**
     * Applies directives at start-up (a builder, a configuration file): any directive, mutable
     * or not; later ones override earlier ones.
     *
     * @throws ConfigException for an unknown directive ({@code Bad directive or wrong number of
     *     arguments}) or an invalid value, naming the directive as given
     */
    public static Directive<?> applyAtStart(SettingsDraft draft, String name, String value) {
        Directive<?> directive = lookup(name, draft.hasReplication())
                .orElseThrow(() -> new ConfigException(name, null, UNKNOWN_AT_START));
        directive.apply(draft, java.util.Objects.requireNonNull(value, () -> "value of " + name));
        return directive;
    }

    private static void apply(Directive<?> directive, SettingsDraft draft, String given, String value) {
        try {
            directive.apply(draft, java.util.Objects.requireNonNull(value, () -> "value of " + given));
        } catch (ConfigException e) {
            throw e.directive().equals(given) ? e : new ConfigException(given, value, e.reason());
        }
    }

    /** The current values of the directives available in {@code settings}, by canonical name. */
    public static Map<String, String> render(Settings settings) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Directive<?> d : ALL) {
            if (d.availableWith(settings.replication().isPresent())) {
                values.put(d.name(), d.render(settings));
            }
        }
        return values;
    }
}
