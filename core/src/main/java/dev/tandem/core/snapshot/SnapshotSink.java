/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.snapshot;

import dev.tandem.core.Key;
import dev.tandem.core.value.RedisValue;

/**
 * Receives a point-in-time snapshot's entries (the RDB writer implements it).
 *
 * <p>Calls come from two sides: the thread that drives {@link Snapshot#step}, and writers
 * that side-save an entry just before changing it. The keyspace's lock serializes them, so
 * calls never overlap — but they do happen while that lock is held: implementations must
 * consume the value synchronously (it may change right after the call returns), must not block
 * and must not do I/O (buffer, and let the driver apply back-pressure between steps).
 *
 * <p>Entries arrive in no particular db order: a side-save for db 3 can come between walk
 * entries of db 0. Each key arrives exactly once.
 */
public interface SnapshotSink {
    /** Under the write lock, as the snapshot starts at {@code info.offset()}. */
    void begin(SnapshotInfo info);

    /** One key as it was at the snapshot's offset; {@code expireAtMillis} is -1 for none. */
    void entry(int db, Key key, RedisValue value, long expireAtMillis);

    /** Every key has been delivered. */
    void end();
}
