/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable, binary-safe byte string used as a hash key: keyspace keys, hash fields,
 * set and sorted-set members. The hash is computed once because every lookup needs it.
 *
 * <p>The wrapped array is never copied on the way in or out ({@link #bytes()}); callers
 * must not mutate an array after handing it to a {@code Key}, nor the array they get back.
 */
public final class Key implements Comparable<Key> {
    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = spread(Arrays.hashCode(bytes));
    }

    /** Wraps without copying; the caller gives up the right to mutate {@code bytes}. */
    public static Key of(byte[] bytes) {
        if (bytes == null) {
            throw new NullPointerException("key bytes");
        }
        return new Key(bytes);
    }

    public static Key of(String utf8) {
        return new Key(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The wrapped bytes (not a copy; do not mutate). */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** Avalanche the low bits, since tables index by {@code hash & mask}. */
    private static int spread(int h) {
        h ^= (h >>> 16);
        h *= 0x85ebca6b;
        h ^= (h >>> 13);
        return h;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Key other)) {
            return false;
        }
        return hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    /** Unsigned lexicographic order, as Redis's memcmp-based comparisons. */
    @Override
    public int compareTo(Key o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** UTF-8 rendering for logs and messages; lossy for non-UTF-8 bytes. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
