/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.EvictionPolicy;
import java.util.Objects;

/**
 * A node's memory limit and eviction settings, Redis 7.0's directives of the same names. The
 * data set's memory is accounted incrementally (heap bytes of the keys and values, see
 * {@code docs/architecture.md}); past {@code maxmemory} a master evicts by {@code policy} before
 * each write, or refuses the commands that may grow memory with Redis's {@code -OOM} error.
 * Changing them at run time ({@code CONFIG SET}) takes effect at the next command.
 *
 * @param maxmemory              {@code maxmemory} in bytes; 0 (the default): no limit
 * @param policy                 {@code maxmemory-policy}, default {@code noeviction}
 * @param samples                {@code maxmemory-samples}, keys sampled per eviction round, default 5
 * @param tenacity               {@code maxmemory-eviction-tenacity} 0..100, default 10
 * @param lfuLogFactor           {@code lfu-log-factor}, default 10
 * @param lfuDecayTime           {@code lfu-decay-time} in minutes, default 1
 * @param lazyfreeLazyEviction   {@code lazyfree-lazy-eviction}: evictions propagate as {@code UNLINK}, default no
 * @param replicaIgnoreMaxmemory {@code replica-ignore-maxmemory}: a replica never evicts, default yes
 */
public record MaxMemory(long maxmemory, EvictionPolicy policy, int samples, int tenacity, int lfuLogFactor,
        int lfuDecayTime, boolean lazyfreeLazyEviction, boolean replicaIgnoreMaxmemory) {

    /** Redis 7.0's defaults: no limit, {@code noeviction}. */
    public static final MaxMemory DEFAULTS = new MaxMemory(0, EvictionPolicy.NOEVICTION, 5, 10, 10, 1, false, true);

    public MaxMemory {
        Objects.requireNonNull(policy, "policy");
        if (maxmemory < 0) {
            throw new IllegalArgumentException("maxmemory must not be negative: " + maxmemory);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("maxmemory-samples must be at least 1: " + samples);
        }
        if (tenacity < 0 || tenacity > 100) {
            throw new IllegalArgumentException("maxmemory-eviction-tenacity must be 0..100: " + tenacity);
        }
        if (lfuLogFactor < 0 || lfuDecayTime < 0) {
            throw new IllegalArgumentException("lfu-log-factor and lfu-decay-time must not be negative");
        }
    }

    public MaxMemory withMaxmemory(long v) {
        return new MaxMemory(v, policy, samples, tenacity, lfuLogFactor, lfuDecayTime, lazyfreeLazyEviction,
                replicaIgnoreMaxmemory);
    }

    public MaxMemory withPolicy(EvictionPolicy v) {
        return new MaxMemory(maxmemory, v, samples, tenacity, lfuLogFactor, lfuDecayTime, lazyfreeLazyEviction,
                replicaIgnoreMaxmemory);
    }

    public MaxMemory withSamples(int v) {
        return new MaxMemory(maxmemory, policy, v, tenacity, lfuLogFactor, lfuDecayTime, lazyfreeLazyEviction,
                replicaIgnoreMaxmemory);
    }

    public MaxMemory withTenacity(int v) {
        return new MaxMemory(maxmemory, policy, samples, v, lfuLogFactor, lfuDecayTime, lazyfreeLazyEviction,
                replicaIgnoreMaxmemory);
    }

    public MaxMemory withLfuLogFactor(int v) {
        return new MaxMemory(maxmemory, policy, samples, tenacity, v, lfuDecayTime, lazyfreeLazyEviction,
                replicaIgnoreMaxmemory);
    }

    public MaxMemory withLfuDecayTime(int v) {
        return new MaxMemory(maxmemory, policy, samples, tenacity, lfuLogFactor, v, lazyfreeLazyEviction,
                replicaIgnoreMaxmemory);
    }

    public MaxMemory withLazyfreeLazyEviction(boolean v) {
        return new MaxMemory(maxmemory, policy, samples, tenacity, lfuLogFactor, lfuDecayTime, v,
                replicaIgnoreMaxmemory);
    }

    public MaxMemory withReplicaIgnoreMaxmemory(boolean v) {
        return new MaxMemory(maxmemory, policy, samples, tenacity, lfuLogFactor, lfuDecayTime, lazyfreeLazyEviction,
                v);
    }
}
