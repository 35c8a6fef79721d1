/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.history;

import java.util.Objects;

/**
 * The master's answer to {@code PSYNC <replid> <offset>}, as decided by
 * {@link ReplicationHistory#decide}: continue from the backlog or do a full resync, with the
 * reason and a log line worded like Redis's.
 *
 * @param outcome what to do
 * @param reason why
 * @param message a human-readable explanation for the log
 */
public record PsyncDecision(Outcome outcome, Reason reason, String message) {

    public PsyncDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (reason.outcome != outcome) {
            throw new IllegalArgumentException(reason + " does not lead to " + outcome);
        }
    }

    public enum Outcome {
        /** Reply {@code +CONTINUE [<replid>]} and stream the backlog from the requested offset. */
        CONTINUE,
        /** Reply {@code +FULLRESYNC <replid> <offset>} and send a snapshot. */
        FULL_RESYNC
    }

    public enum Reason {
        /** The requested id is this node's current replid and the offset is in the backlog. */
        SAME_HISTORY(Outcome.CONTINUE),
        /** The requested id is replid2, the offset is within it and in the backlog (PSYNC2). */
        PREVIOUS_HISTORY(Outcome.CONTINUE),
        /** {@code PSYNC ? -1}: the replica asks for a full sync on purpose. */
        FULL_RESYNC_REQUESTED(Outcome.FULL_RESYNC),
        /** The id is neither replid nor replid2. */
        REPLID_MISMATCH(Outcome.FULL_RESYNC),
        /** The id is replid2, but the offset is past where that history ended. */
        SECOND_REPLID_OFFSET_EXCEEDED(Outcome.FULL_RESYNC),
        /** This node has no backlog. */
        NO_BACKLOG(Outcome.FULL_RESYNC),
        /** The offset was trimmed from the backlog already. */
        OFFSET_BEFORE_BACKLOG(Outcome.FULL_RESYNC),
        /** The offset is beyond {@code master_repl_offset + 1}: the replica claims bytes we never produced. */
        OFFSET_AFTER_MASTER_OFFSET(Outcome.FULL_RESYNC);

        private final Outcome outcome;

        Reason(Outcome outcome) {
            this.outcome = outcome;
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    public boolean isContinue() {
        return outcome == Outcome.CONTINUE;
    }

    /**
     * Whether Redis counts this in {@code sync_partial_err}: every refused partial resync except
     * the deliberate {@code PSYNC ? -1}.
     */
    public boolean countsAsPartialSyncError() {
        return outcome == Outcome.FULL_RESYNC && reason != Reason.FULL_RESYNC_REQUESTED;
    }
}
