/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Keyspace;

/**
 * The RESP server's hook that answers {@code DEBUG DIGEST} and {@code DEBUG DIGEST-VALUE}
 * (Redis's order-independent SHA-1 based digest). The server does not compute the digest
 * itself: the node plugs in core's {@code DatasetDigest}, tests plug in fixed values.
 * Called with the keyspace's read lock held.
 */
public interface DebugDigestProvider {

    /** The digest of every database, as 40 lower-case hex characters (forty zeros when empty). */
    String digest(Keyspace keyspace);

    /**
     * The digest of one key's value in database {@code db} (40 hex characters; forty zeros
     * for a missing key, as Redis).
     */
    String digestValue(Keyspace keyspace, int db, byte[] key);
}
