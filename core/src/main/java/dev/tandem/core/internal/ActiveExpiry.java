/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The active expiry cycle (expire.c activeExpireCycle, Redis 7.0): reclaims expired keys that
 * nobody reads. Core has no threads: the owner of the keyspace calls {@link #runCycle} on a
 * timer — Redis runs its slow cycle {@code hz} (10) times a second with a budget of 25% of the
 * period, i.e. {@link #SLOW_CYCLE_BUDGET_MICROS} — and may call {@link #runFastCycle} more
 * often (Redis does before every event-loop sleep).
 *
 * <p>Each step samples up to 20 keys of one database's TTL table, walking it bucket by bucket
 * with a cursor kept between cycles (so successive cycles cover the whole table), and deletes
 * the expired ones. A database is sampled again while more than 10% of a sample was expired
 * (7.0's acceptable-stale percentage at the default effort). Up to 16 databases are visited per
 * cycle, continuing from where the previous cycle stopped, and the time budget is checked every
 * 16 steps.
 *
 * <p>Each step holds the write lock only for its own ≤ 20 keys, so writers and readers
 * interleave with a long cycle. Every expired key is its own execution unit: one bare
 * {@code DEL key}, never wrapped in MULTI/EXEC, exactly as Redis propagates active expiry.
 * Nothing happens unless the keyspace is in {@link ExpiryMode#MASTER} mode (a replica waits for
 * its master's DELs).
 *
 * <p>Not thread-safe: one scheduler thread drives an instance.
 */
public final class ActiveExpiry {
    /** Redis's slow cycle budget at hz 10: 25% of a 100 ms period. */
    public static final long SLOW_CYCLE_BUDGET_MICROS = 25_000;
    /** ACTIVE_EXPIRE_CYCLE_FAST_DURATION. */
    public static final long FAST_CYCLE_BUDGET_MICROS = 1_000;
    /** ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    static final int KEYS_PER_LOOP = 20;
    /** ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE at effort 1: resample a db while more are expired. */
    static final int ACCEPTABLE_STALE_PERCENT = 10;
    /** CRON_DBS_PER_CALL. */
    static final int DBS_PER_CALL = 16;

    /** What one cycle did. */
    public record CycleStats(long sampled, long expired, boolean timeLimitHit) { }

    private final Keyspace keyspace;
    private final LongSupplier nanoTime;
    private final ClientState internalClient = ClientState.client();
    /** Next database to visit (grows without bound, used modulo the db count, as Redis). */
    private long currentDb;
    /** The TTL-table cursor of each database. */
    private final long[] cursors;
    private boolean timeLimitExit;
    private long lastFastCycleNanos = Long.MIN_VALUE / 2;
    /** Running estimate of the share of sampled keys that were expired. */
    private double stalePercent;

    public ActiveExpiry(Keyspace keyspace) {
        this(keyspace, System::nanoTime);
    }

    /**
     * {@code nanoTime} measures the budget (tests and the deterministic simulation inject one; the
     * keyspace clock decides expiry).
     */
    public ActiveExpiry(Keyspace keyspace, LongSupplier nanoTime) {
        this.keyspace = Objects.requireNonNull(keyspace);
        this.nanoTime = Objects.requireNonNull(nanoTime);
        this.cursors = new long[keyspace.databaseCount()];
    }

    /** The slow cycle with Redis's default budget. */
    public CycleStats runCycle() {
        return runCycle(SLOW_CYCLE_BUDGET_MICROS);
    }

    /**
     * Runs one cycle of at most about {@code timeBudgetMicros} (checked every 16 steps, as in
     * Redis, so a cycle always makes some progress). Returns what it did; change events of the
     * deleted keys are dispatched as each step releases the lock.
     */
    public CycleStats runCycle(long timeBudgetMicros) {
        if (keyspace.expiryMode() != ExpiryMode.MASTER) {
            return new CycleStats(0, 0, false);
        }
        int dbCount = keyspace.databaseCount();
        int dbsPerCall = Math.min(DBS_PER_CALL, dbCount);
        if (timeLimitExit) {
            dbsPerCall = dbCount; // work was left over last time: visit every db
        }
        long budgetNanos = Math.max(1, timeBudgetMicros) * 1000;
        long start = nanoTime.getAsLong();
        timeLimitExit = false;
        long totalSampled = 0;
        long totalExpired = 0;
        int iteration = 0;
        for (int j = 0; j < dbsPerCall && !timeLimitExit; j++) {
            int db = (int) (currentDb % dbCount);
            // Advance first, so a cycle cut short here resumes with the next db.
            currentDb++;
            long sampled;
            long expired;
            do {
                iteration++;
                long[] result = sampleStep(db);
                if (result == null) {
                    break; // nothing with a TTL in this db
                }
                sampled = result[0];
                expired = result[1];
                totalSampled += sampled;
                totalExpired += expired;
                if ((iteration & 0xf) == 0 && nanoTime.getAsLong() - start > budgetNanos) {
                    timeLimitExit = true;
                    break;
                }
            } while (sampled == 0 || expired * 100 / sampled > ACCEPTABLE_STALE_PERCENT);
        }
        double current = totalSampled == 0 ? 0 : (double) totalExpired / totalSampled;
        stalePercent = current * 0.05 + stalePercent * 0.95;
        return new CycleStats(totalSampled, totalExpired, timeLimitExit);
    }

    /**
     * Redis's fast cycle: runs with a 1 ms budget only when the last cycle ran out of time or
     * the estimated share of expired keys is high, and not twice within 2 ms. Returns null when
     * it did not run.
     */
    public CycleStats runFastCycle() {
        if (!timeLimitExit && stalePercent * 100 < ACCEPTABLE_STALE_PERCENT) {
            return null;
        }
        long now = nanoTime.getAsLong();
        if (now < lastFastCycleNanos + FAST_CYCLE_BUDGET_MICROS * 2 * 1000) {
            return null;
        }
        lastFastCycleNanos = now;
        return runCycle(FAST_CYCLE_BUDGET_MICROS);
    }

    /** Whether the last cycle stopped for its time budget (there is work left). */
    public boolean lastCycleHitTimeLimit() {
        return timeLimitExit;
    }

    /**
     * One step under the write lock: samples up to 20 keys of {@code db}'s TTL table from its
     * cursor (looking at no more than 20 buckets per wanted key) and expires those past their
     * time. Returns {sampled, expired}, or null when the db has no key with a TTL.
     */
    private long[] sampleStep(int dbIndex) {
        long sampled = 0;
        long expired = 0;
        keyspace.lock.writeLock().lock();
        try {
            if (keyspace.expiryMode() != ExpiryMode.MASTER) {
                return null;
            }
            Database db = keyspace.database(dbIndex);
            long num = db.expiresSize();
            if (num == 0) {
                return null;
            }
            long now = keyspace.clock().nowMillis();
            num = Math.min(num, KEYS_PER_LOOP);
            long maxBuckets = num * 20;
            long checkedBuckets = 0;
            List<Entry> bucket = new ArrayList<>(4);
            while (sampled < num && checkedBuckets < maxBuckets) {
                bucket.clear();
                cursors[dbIndex] = db.scanExpires(cursors[dbIndex], (k, e) -> bucket.add(e));
                checkedBuckets++;
                for (Entry e : bucket) {
                    if (e.isExpiredAt(now)) {
                        expire(db, e, now);
                        expired++;
                    }
                    sampled++;
                }
                if (db.expiresSize() == 0) {
                    break;
                }
            }
        } finally {
            keyspace.lock.writeLock().unlock();
        }
        keyspace.dispatchChangeEvents();
        return new long[] {sampled, expired};
    }

    /** Deletes one expired key as its own unit: a bare DEL, WATCH invalidation, change event. */
    private void expire(Database db, Entry e, long now) {
        ExecutionContext unit = new ExecutionContext(keyspace, internalClient, now, true);
        unit.lookupRead(db, e.key());
        keyspace.finishUnit(unit);
    }
}
