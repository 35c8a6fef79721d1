/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core;

/**
 * A change to the dataset, delivered to {@link KeyspaceListener}s in replication-stream order.
 *
 * @param db      the database index
 * @param key     the changed key, or {@code null} when the whole database changed at once
 *                (FLUSHDB, FLUSHALL — one event per database — and SWAPDB, one per side)
 * @param command the lowercase name of the command that made the change (as the client spelled
 *                it, e.g. {@code "set"}, {@code "del"}), or {@code "expired"} when the key was
 *                deleted because its TTL had passed (lazily or by the active expiry cycle)
 * @param offset  the replication offset right after the execution unit that made the change;
 *                events of one unit (MSET, a MULTI/EXEC) share it, later units have larger ones
 */
public record ChangeEvent(int db, Key key, String command, long offset) {
    /** The {@link #command} of keys deleted for being expired. */
    public static final String EXPIRED = "expired";

    /** Whether this event stands for every key of {@link #db} (a flush or swap). */
    public boolean isWholeDatabase() {
        return key == null;
    }
}
