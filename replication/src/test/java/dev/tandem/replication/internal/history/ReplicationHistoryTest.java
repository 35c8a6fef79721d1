/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.history;

import dev.tandem.replication.ReplicationId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.spi.BacklogRange;
import dev.tandem.replication.internal.history.PsyncDecision.Outcome;
import dev.tandem.replication.internal.history.PsyncDecision.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicationHistoryTest {

    private static final ReplicationId CURRENT = ReplicationId.parse("2abcb3aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    private static final ReplicationId PREVIOUS = ReplicationId.parse("9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8");
    private static final String OTHER = "aa6fb38dc4f66826e2d1762fac6a61188ee3a329";

    /** The node of the reference's 9.1/9.2: promoted at offset 1035, now at 1050. */
    private static final ReplicationHistory PROMOTED = new ReplicationHistory(CURRENT, PREVIOUS, 1036);

    private static String token(String name) {
        return switch (name) {
            case "CURRENT" -> CURRENT.toString();
            case "CURRENT_UPPER" -> CURRENT.toString().toUpperCase();
            case "PREVIOUS" -> PREVIOUS.toString();
            case "PREVIOUS_UPPER" -> PREVIOUS.toString().toUpperCase();
            case "OTHER" -> OTHER;
            case "ZEROS" -> ReplicationId.NONE.toString();
            case "EMPTY" -> "";
            default -> name;
        };
    }

    @ParameterizedTest(name = "PSYNC {0} {1} with backlog [{2}..{3}] active={4} -> {5}")
    @CsvSource({
        // the deliberate full sync
        "?,               -1,   1, 1050, true,  FULL_RESYNC_REQUESTED",
        "?,               500,  1, 1050, true,  FULL_RESYNC_REQUESTED",
        // current id: the backlog bounds, inclusive of master_repl_offset + 1
        "CURRENT,         1,    1, 1050, true,  SAME_HISTORY",
        "CURRENT,         2,    1, 1050, true,  SAME_HISTORY",
        "CURRENT,         1050, 1, 1050, true,  SAME_HISTORY",
        "CURRENT,         1051, 1, 1050, true,  SAME_HISTORY",
        "CURRENT,         1052, 1, 1050, true,  OFFSET_AFTER_MASTER_OFFSET",
        "CURRENT,         0,    1, 1050, true,  OFFSET_BEFORE_BACKLOG",
        "CURRENT,         -1,   1, 1050, true,  OFFSET_BEFORE_BACKLOG",
        "CURRENT_UPPER,   500,  1, 1050, true,  SAME_HISTORY",
        // a trimmed backlog
        "CURRENT,         500,  501, 1050, true, OFFSET_BEFORE_BACKLOG",
        "CURRENT,         501,  501, 1050, true, SAME_HISTORY",
        // an empty backlog just created at 1050 serves exactly 1051
        "CURRENT,         1051, 1051, 1050, true, SAME_HISTORY",
        "CURRENT,         1050, 1051, 1050, true, OFFSET_BEFORE_BACKLOG",
        // the previous id, valid up to second_repl_offset = 1036
        "PREVIOUS,        1036, 1, 1050, true,  PREVIOUS_HISTORY",
        "PREVIOUS,        500,  1, 1050, true,  PREVIOUS_HISTORY",
        "PREVIOUS_UPPER,  1036, 1, 1050, true,  PREVIOUS_HISTORY",
        "PREVIOUS,        1037, 1, 1050, true,  SECOND_REPLID_OFFSET_EXCEEDED",
        "PREVIOUS,        1096, 1, 1050, true,  SECOND_REPLID_OFFSET_EXCEEDED",
        "PREVIOUS,        500,  600, 1050, true, OFFSET_BEFORE_BACKLOG",
        // unknown ids
        "OTHER,           500,  1, 1050, true,  REPLID_MISMATCH",
        "EMPTY,           500,  1, 1050, true,  REPLID_MISMATCH",
        "x?,              500,  1, 1050, true,  REPLID_MISMATCH",
        // no backlog: the id check comes first
        "CURRENT,         10,   0, 1050, false, NO_BACKLOG",
        "PREVIOUS,        1036, 0, 1050, false, NO_BACKLOG",
        "OTHER,           10,   0, 1050, false, REPLID_MISMATCH",
        "?,               -1,   0, 1050, false, FULL_RESYNC_REQUESTED",
    })
    void decideFollowsMasterTryPartialResynchronization(String replid, long offset, long first, long master,
            boolean active, Reason expected) {
        BacklogRange range = active ? BacklogRange.active(master, master - first + 1) : BacklogRange.inactive(master);
        PsyncDecision decision = PROMOTED.decide(token(replid), offset, range);
        assertEquals(expected, decision.reason(), decision.message());
        assertEquals(expected.outcome(), decision.outcome());
        assertEquals(expected.outcome() == Outcome.CONTINUE, decision.isContinue());
        assertEquals(!decision.isContinue() && expected != Reason.FULL_RESYNC_REQUESTED, decision.countsAsPartialSyncError());
    }

    @Test
    void messagesReadLikeRedisLogLines() {
        BacklogRange range = BacklogRange.active(1050, 1050);
        assertEquals("Partial resynchronization not accepted: Requested offset for second ID was 1096, but I can reply up to 1036",
                PROMOTED.decide(PREVIOUS.toString(), 1096, range).message());
        assertTrue(PROMOTED.decide(CURRENT.toString(), 1052, range).message()
                .contains("tried to PSYNC with an offset that is greater than the master replication offset"));
        assertTrue(PROMOTED.decide(OTHER, 1, range).message().contains("Replication ID mismatch (Replica asked for '" + OTHER));
        assertEquals("Partial resynchronization request accepted. Sending 1049 bytes of backlog starting from offset 2.",
                PROMOTED.decide(CURRENT.toString(), 2, range).message());
    }

    @Test
    void clearedReplid2NeverContinuesAnything() {
        ReplicationHistory fresh = ReplicationHistory.fresh();
        BacklogRange range = BacklogRange.active(100, 100);
        for (long offset : new long[] {-1, 0, 1, 50, 101}) {
            assertFalse(fresh.decide(ReplicationId.NONE.toString(), offset, range).isContinue(), "offset " + offset);
        }
    }

    @Test
    void shiftOnPromotionKeepsTheOldIdUpToOffsetPlusOne() {
        // Reference 9.1: offset 1035 -> replid2 = old id, second_repl_offset 1036.
        ReplicationHistory replica = new ReplicationHistory(PREVIOUS, ReplicationId.NONE, -1);
        ReplicationHistory promoted = replica.shiftReplicationId(1035);
        assertEquals(PREVIOUS, promoted.replid2());
        assertEquals(1036, promoted.secondReplidOffset());
        assertNotEquals(PREVIOUS, promoted.replid());
        assertNotEquals(ReplicationId.NONE, promoted.replid());
        // A sibling replica at offset 1035 reconnects with PSYNC <old id> 1036 and continues.
        assertTrue(promoted.decide(PREVIOUS.toString(), 1036, BacklogRange.active(1035, 1035)).isContinue());
        // The rejoining old master that wrote past the split does not.
        assertEquals(Reason.SECOND_REPLID_OFFSET_EXCEEDED,
                promoted.decide(PREVIOUS.toString(), 1097, BacklogRange.active(1100, 1100)).reason());
    }

    @Test
    void shiftWithoutAnIdMintsOneAndKeepsNoReplid2() {
        // Issue #14: a node left with the blank id (Redis blanks it after a bad +FULLRESYNC)
        // must still promote; before, the shift built an invalid history and REPLICAOF NO ONE
        // failed with an internal error.
        ReplicationHistory blank = new ReplicationHistory(ReplicationId.NONE, ReplicationId.NONE, -1);
        ReplicationHistory promoted = blank.shiftReplicationId(0);
        assertNotEquals(ReplicationId.NONE, promoted.replid());
        assertEquals(ReplicationId.NONE, promoted.replid2());
        assertEquals(-1, promoted.secondReplidOffset());
    }

    @Test
    void replicaSideTransitions() {
        ReplicationHistory mine = ReplicationHistory.fresh();
        ReplicationId master = ReplicationId.random();
        ReplicationHistory synced = mine.shiftReplicationId(10).adoptMaster(master);
        assertEquals(new ReplicationHistory(master, ReplicationId.NONE, -1), synced);

        assertSame(synced, synced.continueWith(master, 500), "same id: nothing changes");
        ReplicationId promotedMaster = ReplicationId.random();
        // Reference 9.2: the rejoining node shows replid2 = its old id, second offset = offset + 1.
        ReplicationHistory afterContinue = synced.continueWith(promotedMaster, 1049);
        assertEquals(new ReplicationHistory(promotedMaster, master, 1050), afterContinue);
    }

    @Test
    void idMaintenance() {
        ReplicationHistory h = new ReplicationHistory(CURRENT, PREVIOUS, 1036);
        ReplicationHistory renewed = h.withNewReplid();
        assertNotEquals(CURRENT, renewed.replid());
        assertEquals(PREVIOUS, renewed.replid2());
        ReplicationHistory cleared = renewed.withoutReplid2();
        assertEquals(ReplicationId.NONE, cleared.replid2());
        assertEquals(-1, cleared.secondReplidOffset());
        ReplicationHistory fresh = ReplicationHistory.fresh();
        assertTrue(fresh.replid2().isNone());
        assertEquals(-1, fresh.secondReplidOffset());
    }

    @Test
    void replid2AndItsOffsetAreClearedTogether() {
        assertThrows(IllegalArgumentException.class, () -> new ReplicationHistory(CURRENT, ReplicationId.NONE, 5));
        assertThrows(IllegalArgumentException.class, () -> new ReplicationHistory(CURRENT, PREVIOUS, -1));
        assertThrows(IllegalArgumentException.class, () -> new ReplicationHistory(CURRENT, PREVIOUS, -2));
        assertThrows(NullPointerException.class, () -> new ReplicationHistory(null, PREVIOUS, 3));
    }
}
