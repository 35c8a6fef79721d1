/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.value.EncodingLimits;

/**
 * The compact-encoding thresholds of a node, Redis's directives of the same names: below them a
 * hash or sorted set is one listpack byte array and an all-integer set an intset; past them the
 * value converts to its big form for good; a list is a quicklist whose node size and compression
 * depth are fixed when the list is created. Changing them at run time ({@code CONFIG SET}) affects
 * later writes, as in Redis.
 *
 * @param hashMaxListpackEntries {@code hash-max-listpack-entries} (alias {@code hash-max-ziplist-entries}), default 512
 * @param hashMaxListpackValue   {@code hash-max-listpack-value} (alias {@code hash-max-ziplist-value}), default 64
 * @param setMaxIntsetEntries    {@code set-max-intset-entries}, default 512
 * @param zsetMaxListpackEntries {@code zset-max-listpack-entries} (alias {@code zset-max-ziplist-entries}), default 128
 * @param zsetMaxListpackValue   {@code zset-max-listpack-value} (alias {@code zset-max-ziplist-value}), default 64
 * @param listMaxListpackSize    {@code list-max-listpack-size} (alias {@code list-max-ziplist-size}), default -2
 * @param listCompressDepth      {@code list-compress-depth}, default 0 (quicklist nodes this far from either end stay uncompressed; 0 = none)
 */
public record CompactEncodings(long hashMaxListpackEntries, long hashMaxListpackValue, long setMaxIntsetEntries,
        long zsetMaxListpackEntries, long zsetMaxListpackValue, int listMaxListpackSize, int listCompressDepth) {

    /** Redis 7.0's built-in defaults. */
    public static final CompactEncodings DEFAULTS = new CompactEncodings(512, 64, 512, 128, 64, -2, 0);

    public CompactEncodings {
        if (hashMaxListpackEntries < 0 || hashMaxListpackValue < 0 || setMaxIntsetEntries < 0
                || zsetMaxListpackEntries < 0 || zsetMaxListpackValue < 0 || listCompressDepth < 0) {
            throw new IllegalArgumentException("encoding thresholds must be >= 0");
        }
    }

    public CompactEncodings withHashMaxListpackEntries(long v) {
        return new CompactEncodings(v, hashMaxListpackValue, setMaxIntsetEntries, zsetMaxListpackEntries,
                zsetMaxListpackValue, listMaxListpackSize, listCompressDepth);
    }

    public CompactEncodings withHashMaxListpackValue(long v) {
        return new CompactEncodings(hashMaxListpackEntries, v, setMaxIntsetEntries, zsetMaxListpackEntries,
                zsetMaxListpackValue, listMaxListpackSize, listCompressDepth);
    }

    public CompactEncodings withSetMaxIntsetEntries(long v) {
        return new CompactEncodings(hashMaxListpackEntries, hashMaxListpackValue, v, zsetMaxListpackEntries,
                zsetMaxListpackValue, listMaxListpackSize, listCompressDepth);
    }

    public CompactEncodings withZsetMaxListpackEntries(long v) {
        return new CompactEncodings(hashMaxListpackEntries, hashMaxListpackValue, setMaxIntsetEntries, v,
                zsetMaxListpackValue, listMaxListpackSize, listCompressDepth);
    }

    public CompactEncodings withZsetMaxListpackValue(long v) {
        return new CompactEncodings(hashMaxListpackEntries, hashMaxListpackValue, setMaxIntsetEntries,
                zsetMaxListpackEntries, v, listMaxListpackSize, listCompressDepth);
    }

    public CompactEncodings withListMaxListpackSize(int v) {
        return new CompactEncodings(hashMaxListpackEntries, hashMaxListpackValue, setMaxIntsetEntries,
                zsetMaxListpackEntries, zsetMaxListpackValue, v, listCompressDepth);
    }

    public CompactEncodings withListCompressDepth(int v) {
        return new CompactEncodings(hashMaxListpackEntries, hashMaxListpackValue, setMaxIntsetEntries,
                zsetMaxListpackEntries, zsetMaxListpackValue, listMaxListpackSize, v);
    }

    /** Copies these thresholds into the keyspace's live holder. */
    public void applyTo(EncodingLimits limits) {
        limits.hashMaxListpackEntries(hashMaxListpackEntries);
        limits.hashMaxListpackValue(hashMaxListpackValue);
        limits.setMaxIntsetEntries(setMaxIntsetEntries);
        limits.zsetMaxListpackEntries(zsetMaxListpackEntries);
        limits.zsetMaxListpackValue(zsetMaxListpackValue);
        limits.listMaxListpackSize(listMaxListpackSize);
        limits.listCompressDepth(listCompressDepth);
    }
}
