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
}
