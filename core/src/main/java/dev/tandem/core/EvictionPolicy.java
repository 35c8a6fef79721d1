/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core;

import java.util.Locale;

/**
 * Redis 7.0's {@code maxmemory-policy}: what a master evicts once its data set passes
 * {@code maxmemory}. The {@code volatile-*} policies consider only keys with a TTL; the LRU and
 * LFU ones are approximations over {@code maxmemory-samples} sampled keys and a pool of the best
 * candidates, as Redis's {@code evict.c}.
 */
public enum EvictionPolicy {
    VOLATILE_LRU(true, Kind.LRU),
    VOLATILE_LFU(true, Kind.LFU),
    VOLATILE_RANDOM(true, Kind.RANDOM),
    VOLATILE_TTL(true, Kind.TTL),
    ALLKEYS_LRU(false, Kind.LRU),
    ALLKEYS_LFU(false, Kind.LFU),
    ALLKEYS_RANDOM(false, Kind.RANDOM),
    NOEVICTION(false, Kind.NONE);

    /** How a policy chooses among candidates. */
    public enum Kind { LRU, LFU, RANDOM, TTL, NONE }

    private final boolean volatileOnly;
    private final Kind kind;

    EvictionPolicy(boolean volatileOnly, Kind kind) {
        this.volatileOnly = volatileOnly;
        this.kind = kind;
    }

    /** Whether only keys with a TTL are candidates. */
    public boolean volatileOnly() {
        return volatileOnly;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether keys keep an LFU counter (rather than an LRU clock) in their access field. */
    public boolean isLfu() {
        return kind == Kind.LFU;
    }

    /** The configuration name ({@code allkeys-lru}...). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy named {@code name} (any case), or null. */
    public static EvictionPolicy parse(String name) {
        for (EvictionPolicy p : values()) {
            if (p.configName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }
}
