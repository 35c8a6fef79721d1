/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import dev.tandem.core.EvictionPolicy;
import dev.tandem.core.internal.Eviction;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.MaxMemory;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.config.Directive.Scope;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The MEMORY MANAGEMENT directives of Redis 7.0's {@code redis.conf} ({@code maxmemory},
 * {@code maxmemory-policy}, {@code maxmemory-samples}, {@code maxmemory-eviction-tenacity},
 * {@code replica-ignore-maxmemory}, {@code lfu-log-factor}, {@code lfu-decay-time},
 * {@code lazyfree-lazy-eviction}) with Redis's ranges and error texts, stored in
 * {@link MaxMemory}, and how a node's keyspace is told about them.
 */
public final class MemoryDirectives {
    static final String POLICY_ERROR = "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
            + "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction";

    private MemoryDirectives() {
    }

    /** Copies the settings into the keyspace's live eviction state. */
    public static void applyTo(MaxMemory m, Eviction eviction) {
        eviction.policy(m.policy());
        eviction.samples(m.samples());
        eviction.tenacity(m.tenacity());
        eviction.lfuLogFactor(m.lfuLogFactor());
        eviction.lfuDecayTime(m.lfuDecayTime());
        eviction.lazyfreeLazyEviction(m.lazyfreeLazyEviction());
        eviction.replicaIgnoreMaxmemory(m.replicaIgnoreMaxmemory());
        eviction.maxmemory(m.maxmemory()); // last: the limit applies with the policy already in place
    }

    static List<Directive<?>> all() {
        return List.of(
                Directive.builder("maxmemory", Scope.REPLICATION,
                                (n, v) -> ConfigValues.parseMemory(n, v, 0, Long.MAX_VALUE), (Long v) -> Long.toString(v))
                        .value(s -> memory(s).maxmemory(), (d, v) -> set(d, m -> m.withMaxmemory(v))),
                Directive.builder("maxmemory-policy", Scope.REPLICATION, MemoryDirectives::policy,
                                EvictionPolicy::configName)
                        .value(s -> memory(s).policy(), (d, v) -> set(d, m -> m.withPolicy(v))),
                integer("maxmemory-samples", null, 1, Integer.MAX_VALUE, MaxMemory::samples, MaxMemory::withSamples),
                integer("maxmemory-eviction-tenacity", null, 0, 100, MaxMemory::tenacity, MaxMemory::withTenacity),
                flag("replica-ignore-maxmemory", "slave-ignore-maxmemory", MaxMemory::replicaIgnoreMaxmemory,
                        MaxMemory::withReplicaIgnoreMaxmemory),
                integer("lfu-log-factor", null, 0, Integer.MAX_VALUE, MaxMemory::lfuLogFactor,
                        MaxMemory::withLfuLogFactor),
                integer("lfu-decay-time", null, 0, Integer.MAX_VALUE, MaxMemory::lfuDecayTime,
                        MaxMemory::withLfuDecayTime),
                flag("lazyfree-lazy-eviction", null, MaxMemory::lazyfreeLazyEviction,
                        MaxMemory::withLazyfreeLazyEviction));
    }

    private static MaxMemory memory(Settings s) {
        return s.replication().map(ReplicationConfig::maxMemory)
                .orElseThrow(() -> new IllegalStateException("no replication layer"));
    }

    private static void set(SettingsDraft d, Function<MaxMemory, MaxMemory> change) {
        d.replication().maxMemory(change.apply(d.replication().maxMemory()));
    }

    private static EvictionPolicy policy(String directive, String value) {
        EvictionPolicy p = EvictionPolicy.parse(value);
        if (p == null) {
            throw new ConfigException(directive, value, POLICY_ERROR);
        }
        return p;
    }

    private static Directive<Integer> integer(String name, String alias, int min, int max,
            Function<MaxMemory, Integer> read, BiFunction<MaxMemory, Integer, MaxMemory> with) {
        Directive.Builder<Integer> b = Directive.builder(name, Scope.REPLICATION,
                (n, v) -> (int) ConfigValues.parseInteger(n, v, min, max), (Integer v) -> Integer.toString(v));
        if (alias != null) {
            b.alias(alias);
        }
        return b.value(s -> read.apply(memory(s)), (d, v) -> set(d, m -> with.apply(m, v)));
    }

    private static Directive<Boolean> flag(String name, String alias, Function<MaxMemory, Boolean> read,
            BiFunction<MaxMemory, Boolean, MaxMemory> with) {
        Directive.Builder<Boolean> b = Directive.builder(name, Scope.REPLICATION, ConfigValues::parseBoolean,
                (Boolean v) -> v ? "yes" : "no");
        if (alias != null) {
            b.alias(alias);
        }
        return b.value(s -> read.apply(memory(s)), (d, v) -> set(d, m -> with.apply(m, v)));
    }
}
