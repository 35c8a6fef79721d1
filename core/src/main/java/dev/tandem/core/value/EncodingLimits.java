/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

/**
 * The thresholds below which hashes, sets and sorted sets keep their compact encoding (Redis's
 * {@code hash-max-listpack-entries/value}, {@code set-max-intset-entries},
 * {@code zset-max-listpack-entries/value}), and the quicklist options of lists created from now on
 * ({@code list-max-listpack-size}, {@code list-compress-depth}) together with the size from which
 * a list element gets a PLAIN node of its own ({@code DEBUG QUICKLIST-PACKED-THRESHOLD}, a
 * process-wide static in Redis, kept per keyspace here so that nodes in one JVM stay apart).
 *
 * <p>One holder per keyspace, changed at run time by {@code CONFIG SET}: values read the limits
 * at the moment they grow, as Redis reads {@code server.*} (a change affects later writes only;
 * nothing converts back when a limit is raised). The fields are volatile because CONFIG SET may
 * run on another thread than the one holding the keyspace lock. {@link #DEFAULTS} is frozen.
 */
public final class EncodingLimits {
    /** Redis 7.0's built-in defaults (config.c); the sample redis.conf sets hash entries to 128. */
    public static final EncodingLimits DEFAULTS = new EncodingLimits(true);

    private final boolean frozen;
    private volatile long hashMaxListpackEntries = 512;
    private volatile long hashMaxListpackValue = 64;
    private volatile long setMaxIntsetEntries = 512;
    private volatile long zsetMaxListpackEntries = 128;
    private volatile long zsetMaxListpackValue = 64;
    private volatile int listMaxListpackSize = -2;
    private volatile int listCompressDepth = 0;
    private volatile long listPackedThreshold = 1L << 30;

    /** A mutable holder with Redis's defaults. */
    public EncodingLimits() {
        this(false);
    }

    private EncodingLimits(boolean frozen) {
        this.frozen = frozen;
    }

    private void check() {
        if (frozen) {
            throw new UnsupportedOperationException("the default encoding limits are immutable");
        }
    }

    public long hashMaxListpackEntries() {
        return hashMaxListpackEntries;
    }

    public long hashMaxListpackValue() {
        return hashMaxListpackValue;
    }

    public long setMaxIntsetEntries() {
        return setMaxIntsetEntries;
    }

    public long zsetMaxListpackEntries() {
        return zsetMaxListpackEntries;
    }

    public long zsetMaxListpackValue() {
        return zsetMaxListpackValue;
    }

    public int listMaxListpackSize() {
        return listMaxListpackSize;
    }

    public int listCompressDepth() {
        return listCompressDepth;
    }

    /** Elements of at least this many bytes go into PLAIN quicklist nodes (default 1 GB). */
    public long listPackedThreshold() {
        return listPackedThreshold;
    }

    /**
     * quicklistisSetPackedThreshold: 0 restores the 1 GB default; above 4 GB - 1 MB is refused.
     *
     * @return false when refused (the value is unchanged)
     */
    public boolean listPackedThreshold(long v) {
        check();
        if (v < 0 || v > (1L << 32) - (1 << 20)) {
            return false;
        }
        listPackedThreshold = v == 0 ? 1L << 30 : v;
        return true;
    }

    public void hashMaxListpackEntries(long v) {
        check();
        hashMaxListpackEntries = nonNegative(v);
    }

    public void hashMaxListpackValue(long v) {
        check();
        hashMaxListpackValue = nonNegative(v);
    }

    public void setMaxIntsetEntries(long v) {
        check();
        setMaxIntsetEntries = nonNegative(v);
    }

    public void zsetMaxListpackEntries(long v) {
        check();
        zsetMaxListpackEntries = nonNegative(v);
    }

    public void zsetMaxListpackValue(long v) {
        check();
        zsetMaxListpackValue = nonNegative(v);
    }

    public void listMaxListpackSize(int v) {
        check();
        listMaxListpackSize = v;
    }

    public void listCompressDepth(int v) {
        check();
        if (v < 0) {
            throw new IllegalArgumentException("list-compress-depth must be >= 0");
        }
        listCompressDepth = v;
    }

    private static long nonNegative(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("an encoding limit must be >= 0: " + v);
        }
        return v;
    }
}
