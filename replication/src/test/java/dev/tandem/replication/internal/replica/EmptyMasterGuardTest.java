/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationId;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmptyMasterGuardTest {

    private static final ReplicationId OURS = ReplicationId.parse("a".repeat(40));
    private static final ReplicationId PREVIOUS = ReplicationId.parse("b".repeat(40));
    private static final ReplicationId OTHER = ReplicationId.parse("c".repeat(40));
    private static final ReplicationHistory FRESH = new ReplicationHistory(OURS, ReplicationId.NONE, -1);
    private static final ReplicationHistory SHIFTED = new ReplicationHistory(OURS, PREVIOUS, 100);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty unrelated master, replica with data", false, 10, 0, OTHER, FRESH, true),
                Arguments.of("... unless allowed", true, 10, 0, OTHER, FRESH, false),
                Arguments.of("... unrelated to both ids", false, 10, 0, OTHER, SHIFTED, true),
                Arguments.of("replica without data", false, 0, 0, OTHER, FRESH, false),
                Arguments.of("master with data", false, 10, 1, OTHER, FRESH, false),
                Arguments.of("same history (e.g. backlog ran out)", false, 10, 0, OURS, FRESH, false),
                Arguments.of("our previous history", false, 10, 0, PREVIOUS, SHIFTED, false),
                Arguments.of("replid2 NONE never matches", false, 10, 0, ReplicationId.NONE, FRESH, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesOnlyAnEmptyUnrelatedHistoryOverData(String label, boolean allowed, long localKeys, long snapshotKeys,
            ReplicationId masterReplid, ReplicationHistory history, boolean refused) {
        assertEquals(refused, EmptyMasterGuard.refuses(allowed, localKeys, snapshotKeys, masterReplid, history));
    }
}
