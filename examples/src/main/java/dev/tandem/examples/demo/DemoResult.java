/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.demo;

import dev.tandem.replication.SyncKind;
import java.time.Duration;
import java.util.Optional;

/**
 * What the demo observed, so that its test can hold it to the claims it prints.
 *
 * @param inSyncAfterWrites after the first writes, both replicas had the master's offset and digest
 * @param partialSyncsDuringCut partial resyncs replica-1 completed after its link was cut
 * @param fullSyncsDuringCut full syncs anyone started after the cut (must be 0)
 * @param inSyncAfterCut after the resync, both replicas had the master's offset and digest again
 * @param failoverSync how replica-2 synced with the promoted replica-1; empty if it did not in time
 * @param fullSyncsDuringFailover full syncs replica-2 started after the failover began
 * @param inSyncAfterFailover after writes to the promoted node, replica-2 had its offset and digest
 * @param elapsed how long the demo ran
 */
public record DemoResult(boolean inSyncAfterWrites, int partialSyncsDuringCut, int fullSyncsDuringCut,
        boolean inSyncAfterCut, Optional<SyncKind> failoverSync, int fullSyncsDuringFailover,
        boolean inSyncAfterFailover, Duration elapsed) {

    /** Whether a link cut was healed by a partial resync and nothing else. */
    public boolean cutHealedPartially() {
        return partialSyncsDuringCut >= 1 && fullSyncsDuringCut == 0 && inSyncAfterCut;
    }

    /** Whether replica-2 continued from the promoted replica-1 without a full sync (PSYNC2). */
    public boolean failoverContinuedPartially() {
        return failoverSync.equals(Optional.of(SyncKind.PARTIAL)) && fullSyncsDuringFailover == 0;
    }

    /** Whether everything the demo claims held. */
    public boolean claimsHold() {
        return inSyncAfterWrites && cutHealedPartially() && failoverContinuedPartially() && inSyncAfterFailover;
    }
}
