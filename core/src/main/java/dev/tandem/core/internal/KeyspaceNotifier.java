/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

/**
 * Where keyspace notifications go (the node's pub/sub hub publishes them on
 * {@code __keyspace@<db>__:<key>} and {@code __keyevent@<db>__:<event>}). Called outside the
 * keyspace lock, one notification at a time, in the order the commands made them; only for
 * classes enabled in {@link Keyspace#notifyFlags()}.
 */
@FunctionalInterface
public interface KeyspaceNotifier {
    KeyspaceNotifier NONE = (db, event, key) -> { };

    /** One event: {@code event} (Redis's name, e.g. "set", "expired") happened to {@code key} in {@code db}. */
    void notify(int db, byte[] event, byte[] key);
}
