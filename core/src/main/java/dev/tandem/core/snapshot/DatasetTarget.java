/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.snapshot;

import dev.tandem.core.Key;
import dev.tandem.core.value.RedisValue;

/**
 * Where a snapshot being loaded puts its keys (the loading side of the snapshot SPI): a data set
 * built off to the side, which its owner swaps in whole once the snapshot is complete and valid,
 * or drops. A loader only adds keys; it never commits. Used by one thread at a time.
 */
public interface DatasetTarget {

    /** How many databases the data set has (keys go to {@code 0..databaseCount()-1}). */
    int databaseCount();

    /**
     * Adds a key; {@code expireAtMillis} -1 for none (absolute Unix milliseconds otherwise).
     *
     * @return false when the key was already present: the value is replaced, and a loader that
     *         must refuse duplicates (an RDB) reports it
     * @throws IllegalArgumentException for a database out of range
     */
    boolean put(int db, Key key, RedisValue value, long expireAtMillis);

    /** Keys added so far. */
    long size();

    /**
     * The compact-encoding thresholds values loaded into this target follow (Redis converts a
     * loaded listpack or intset past them); Redis's defaults unless the target knows better.
     */
    default dev.tandem.core.value.EncodingLimits encodingLimits() {
        return dev.tandem.core.value.EncodingLimits.DEFAULTS;
    }

    /**
     * A hint that database {@code db} is about to receive about {@code keys} keys, {@code expires}
     * of them with a TTL (an RDB's RESIZEDB), so that its tables can be sized once instead of
     * growing by doubling. Only a hint: it may be wrong or hostile, and a target bounds what it
     * allocates for it. Ignored by default.
     */
    default void sizeHint(int db, long keys, long expires) {
    }
}
