/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationId;
import java.util.Objects;

/**
 * Tandem's protection against the empty-master-restart hazard (a master without persistence
 * restarts empty, and every replica obediently full-syncs the empty data set, wiping the only
 * copies left): a replica that holds data refuses a full sync whose snapshot is empty when the
 * master's replication id is unrelated to this replica's history (neither its
 * {@code master_replid} nor its {@code master_replid2}). Redis has no such check; the directive
 * {@code replica-allow-empty-unrelated-master yes} turns it off.
 *
 * <p>A related master (same history, e.g. a full resync after the backlog ran out) may always
 * send an empty data set: the emptiness then came through the history itself (FLUSHALL, DELs),
 * which the replica would have followed anyway.
 */
public final class EmptyMasterGuard {

    private EmptyMasterGuard() {
    }

    /**
     * Whether loading must be refused.
     *
     * @param allowed {@code replica-allow-empty-unrelated-master}
     * @param localKeys keys this replica holds now, all databases
     * @param snapshotKeys keys the complete snapshot would install
     * @param masterReplid the id of {@code +FULLRESYNC <replid> <offset>}
     * @param history this replica's history before the sync
     */
    public static boolean refuses(boolean allowed, long localKeys, long snapshotKeys, ReplicationId masterReplid,
            ReplicationHistory history) {
        Objects.requireNonNull(masterReplid, "masterReplid");
        Objects.requireNonNull(history, "history");
        if (allowed || localKeys == 0 || snapshotKeys != 0) {
            return false;
        }
        return !masterReplid.equals(history.replid())
                && (history.replid2().isNone() || !masterReplid.equals(history.replid2()));
    }
}
