/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.history;

import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.spi.BacklogRange;
import dev.tandem.replication.internal.history.PsyncDecision.Reason;
import java.util.Objects;

/**
 * Which replication histories a node can serve: its current id ({@code master_replid}) and the
 * previous one ({@code master_replid2}), valid for {@code PSYNC} offsets up to
 * {@code second_repl_offset}. Immutable: every transition returns a new value, so the owner can
 * publish it through one volatile field.
 *
 * @param replid the current history
 * @param replid2 the previous history, or {@link ReplicationId#NONE}
 * @param secondReplidOffset the last offset + 1 that replid2 is valid for (the offset of the
 *     first byte of the new history), or -1 when replid2 is cleared
 */
public record ReplicationHistory(ReplicationId replid, ReplicationId replid2, long secondReplidOffset) {

    public ReplicationHistory {
        Objects.requireNonNull(replid, "replid");
        Objects.requireNonNull(replid2, "replid2");
        if (replid2.isNone() != (secondReplidOffset == -1)) {
            throw new IllegalArgumentException("replid2 " + replid2 + " and second_repl_offset "
                    + secondReplidOffset + " must be cleared together");
        }
        if (secondReplidOffset < -1) {
            throw new IllegalArgumentException("second_repl_offset must be >= -1: " + secondReplidOffset);
        }
    }

    /** A new node: a random replid, no replid2. */
    public static ReplicationHistory fresh() {
        return fresh(ReplicationId.random());
    }

    /** A new node with the id {@code replid} (from the node's runtime), no replid2. */
    public static ReplicationHistory fresh(ReplicationId replid) {
        return new ReplicationHistory(replid, ReplicationId.NONE, -1);
    }

    /** Redis's {@code changeReplicationId}: a fresh random replid; replid2 unchanged. */
    public ReplicationHistory withNewReplid() {
        return withNewReplid(ReplicationId.random());
    }

    /** {@link #withNewReplid()} with the id {@code fresh} (from the node's runtime). */
    public ReplicationHistory withNewReplid(ReplicationId fresh) {
        return new ReplicationHistory(fresh, replid2, secondReplidOffset);
    }

    /** Redis's {@code clearReplicationId2}. */
    public ReplicationHistory withoutReplid2() {
        return new ReplicationHistory(replid, ReplicationId.NONE, -1);
    }

    /**
     * Redis's {@code shiftReplicationId}, done on promotion ({@code REPLICAOF NO ONE}): the
     * current id becomes replid2, valid up to {@code masterReplOffset + 1}, and a fresh id is
     * minted, so former sibling replicas continue with {@code PSYNC <old id> <offset>}.
     */
    public ReplicationHistory shiftReplicationId(long masterReplOffset) {
        return shiftReplicationId(masterReplOffset, ReplicationId::random);
    }

    /** {@link #shiftReplicationId(long)} with ids from {@code ids} (the node's runtime). */
    public ReplicationHistory shiftReplicationId(long masterReplOffset, java.util.function.Supplier<ReplicationId> ids) {
        ReplicationId fresh = ids.get();
        while (fresh.equals(replid)) { // astronomically unlikely, but a shift must change the id
            fresh = ids.get();
        }
        if (replid.isNone()) {
            // No history to keep serving (a node that never completed a sync under a real id):
            // there is nothing for a former sibling to continue, so no replid2.
            return new ReplicationHistory(fresh, ReplicationId.NONE, -1);
        }
        return new ReplicationHistory(fresh, replid, masterReplOffset + 1);
    }

    /**
     * A replica after a completed full sync from a master announcing {@code masterReplid}:
     * adopt its id and forget the previous history.
     */
    public ReplicationHistory adoptMaster(ReplicationId masterReplid) {
        return new ReplicationHistory(masterReplid, ReplicationId.NONE, -1);
    }

    /**
     * A replica receiving {@code +CONTINUE <newReplid>}: if the master's id changed (it was
     * promoted, or we follow a new master in the same history), our id becomes replid2 valid
     * up to {@code masterReplOffset + 1} and we adopt the new id; otherwise nothing changes.
     * (The caller must then disconnect its own sub-replicas so they learn the new id.)
     */
    public ReplicationHistory continueWith(ReplicationId newReplid, long masterReplOffset) {
        if (newReplid.equals(replid)) {
            return this;
        }
        return new ReplicationHistory(newReplid, replid, masterReplOffset + 1);
    }

    /**
     * The master's partial-resync decision, Redis's {@code masterTryPartialResynchronization}:
     * continue iff the requested id is {@code replid}, or {@code replid2} with
     * {@code offset <= second_repl_offset}, and the backlog holds
     * {@code firstByteOffset <= offset <= masterReplOffset + 1}. Ids compare case-insensitively.
     *
     * @param requestedReplid the first PSYNC argument as sent ({@code ?} forces a full sync)
     * @param requestedOffset the second PSYNC argument: the first byte the replica lacks
     * @param backlog what the backlog holds right now
     */
    public PsyncDecision decide(String requestedReplid, long requestedOffset, BacklogRange backlog) {
        Objects.requireNonNull(requestedReplid, "requestedReplid");
        Objects.requireNonNull(backlog, "backlog");
        boolean current = replid.matches(requestedReplid);
        boolean previous = !current && replid2.matches(requestedReplid);
        if (!current && !(previous && requestedOffset <= secondReplidOffset)) {
            if (requestedReplid.startsWith("?")) {
                return new PsyncDecision(PsyncDecision.Outcome.FULL_RESYNC, Reason.FULL_RESYNC_REQUESTED,
                        "Full resync requested by replica");
            }
            if (!previous) {
                return new PsyncDecision(PsyncDecision.Outcome.FULL_RESYNC, Reason.REPLID_MISMATCH,
                        "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '"
                                + requestedReplid + "', my replication IDs are '" + replid + "' and '" + replid2 + "')");
            }
            return new PsyncDecision(PsyncDecision.Outcome.FULL_RESYNC, Reason.SECOND_REPLID_OFFSET_EXCEEDED,
                    "Partial resynchronization not accepted: Requested offset for second ID was " + requestedOffset
                            + ", but I can reply up to " + secondReplidOffset);
        }
        if (!backlog.active()) {
            return new PsyncDecision(PsyncDecision.Outcome.FULL_RESYNC, Reason.NO_BACKLOG,
                    "Unable to partial resync with replica for lack of backlog (Replica request was: "
                            + requestedOffset + ").");
        }
        if (!backlog.canServe(requestedOffset)) {
            boolean ahead = requestedOffset > backlog.masterReplOffset();
            return new PsyncDecision(PsyncDecision.Outcome.FULL_RESYNC,
                    ahead ? Reason.OFFSET_AFTER_MASTER_OFFSET : Reason.OFFSET_BEFORE_BACKLOG,
                    "Unable to partial resync with replica for lack of backlog (Replica request was: "
                            + requestedOffset + ")." + (ahead
                                    ? " Warning: replica tried to PSYNC with an offset that is greater than the master replication offset."
                                    : ""));
        }
        long backlogBytes = backlog.masterReplOffset() - requestedOffset + 1;
        return new PsyncDecision(PsyncDecision.Outcome.CONTINUE,
                current ? Reason.SAME_HISTORY : Reason.PREVIOUS_HISTORY,
                "Partial resynchronization request accepted. Sending " + backlogBytes
                        + " bytes of backlog starting from offset " + requestedOffset + ".");
    }
}
