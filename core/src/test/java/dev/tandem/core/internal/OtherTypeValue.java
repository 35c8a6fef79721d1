/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.ValueType;

/**
 * A value of a non-string type for WRONGTYPE and copy tests of string and key commands, which
 * must not depend on the collection families; {@link #deepCopy} gives a distinct instance.
 */
record OtherTypeValue(ValueType type, String content) implements RedisValue {
    @Override
    public RedisValue deepCopy() {
        return new OtherTypeValue(type, new String(content));
    }

    /** Stores a value of {@code type} under {@code key} in {@code db}, bypassing commands. */
    static void put(Keyspace ks, int db, String key, ValueType type) {
        ks.lock().writeLock().lock();
        try {
            ks.database(db).add(Key.of(key), new OtherTypeValue(type, key));
        } finally {
            ks.lock().writeLock().unlock();
        }
    }
}
