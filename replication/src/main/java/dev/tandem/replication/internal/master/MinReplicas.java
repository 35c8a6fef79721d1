/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

/**
 * {@code min-replicas-to-write} / {@code min-replicas-max-lag} (reference §11.1): the two
 * settings, changeable at run time ({@code CONFIG SET}), and the number of "good" replicas last
 * counted ({@code repl_good_slaves_count}). A good replica is online and acknowledged within the
 * last {@code max-lag} seconds. The check is on only when both settings are non-zero, as in
 * Redis.
 *
 * <p>The count is cached, not computed per write: {@link MasterReplication} refreshes it once a
 * second and whenever a replica goes online, acknowledges or goes away, so a write only reads
 * three volatile fields. All fields are volatile; the setters may run on any thread.
 */
public final class MinReplicas {

    private volatile int toWrite;
    private volatile int maxLagSeconds;
    private volatile int goodReplicas;

    MinReplicas(int toWrite, int maxLagSeconds) {
        settings(toWrite, maxLagSeconds);
    }

    /** Both settings at once (the caller refreshes the count afterwards). */
    void settings(int toWrite, int maxLagSeconds) {
        if (toWrite < 0 || maxLagSeconds < 0) {
            throw new IllegalArgumentException("min-replicas settings must be >= 0: " + toWrite + ", " + maxLagSeconds);
        }
        this.toWrite = toWrite;
        this.maxLagSeconds = maxLagSeconds;
    }

    /** {@code min-replicas-to-write}. */
    public int toWrite() {
        return toWrite;
    }

    /** {@code min-replicas-max-lag}, seconds. */
    public int maxLagSeconds() {
        return maxLagSeconds;
    }

    /** Whether writes are checked at all: both settings non-zero. */
    public boolean enabled() {
        return toWrite != 0 && maxLagSeconds != 0;
    }

    /** The good replicas at the last refresh ({@code min_slaves_good_slaves}). */
    public int goodReplicas() {
        return goodReplicas;
    }

    void goodReplicas(int count) {
        this.goodReplicas = count;
    }

    /** Whether the last count is below the setting while the check is on. */
    public boolean tooFewGoodReplicas() {
        return enabled() && goodReplicas < toWrite;
    }

    /** Whether a replica with this lag (seconds since its last ACK) counts as good. */
    boolean isGoodLag(long lagSeconds) {
        return lagSeconds <= maxLagSeconds;
    }
}
