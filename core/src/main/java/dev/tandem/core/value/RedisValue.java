/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

/**
 * A value held under a key. Implementations are mutable collections owned by the keyspace
 * and changed only under its write lock; {@link StringValue} is immutable.
 */
public interface RedisValue {
    ValueType type();

    /** An independent copy (COPY command, snapshots of values for tests). */
    RedisValue deepCopy();

    /**
     * The estimated heap bytes of this value (not its key), as Redis's {@code objectComputeSize}:
     * exact for strings and compact encodings (their arrays), and for a big collection its fixed
     * parts plus the first {@code samples} elements' sizes scaled to its length ({@code samples}
     * 0: every element). The keyspace's memory accounting calls it with
     * {@link dev.tandem.core.internal.MemoryLayout#DEFAULT_SAMPLES} after each change of the value,
     * so it must cost O(samples), never O(length), and give the same figure for the same contents.
     * The default counts the value object alone.
     */
    default long memoryUsage(int samples) {
        return dev.tandem.core.internal.MemoryLayout.shallow(getClass());
    }
}
