/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/**
 * Where the keyspace reports modified keys for client-side caching (Redis's
 * {@code trackingInvalidateKey} from {@code signalModifiedKey}, and
 * {@code trackingInvalidateKeysOnFlush} from {@code signalFlushedDb}). Called under the write
 * lock, in the order of the changes, at the end of each execution unit: implementations only
 * queue what they send and never block.
 */
public interface KeyInvalidations {

    /**
     * {@code key} (in any database: tracking ignores the db, as Redis's) was modified in a unit
     * run for {@code current}; {@code byCurrent} is false when no client made the change (a key
     * expired on access, as Redis's {@code signalModifiedKey(NULL, ...)}), which NOLOOP needs.
     */
    void keyModified(ClientState current, boolean byCurrent, byte[] key);

    /** A database, or all of them, was flushed in a unit run for {@code current} (null: a full sync replaced the data set). */
    void flushed(ClientState current);
}
