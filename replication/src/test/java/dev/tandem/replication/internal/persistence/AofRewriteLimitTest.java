/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Redis 7.0's aofRewriteLimited: 3 failures, then waits of 1, 2, 4 ... 60 minutes, one try after each. */
class AofRewriteLimitTest {

    @Test
    void belowThreeFailuresTheCronIsNeverHeld() {
        AofRewriteLimit limit = new AofRewriteLimit();
        for (long failures = 0; failures < AofRewriteLimit.THRESHOLD; failures++) {
            assertFalse(limit.limited(failures, 1000));
        }
        assertEquals(0, limit.delayMinutes());
    }

    @Test
    void waitsDoubleUpToAnHourWithOneAttemptAfterEach() {
        AofRewriteLimit limit = new AofRewriteLimit();
        long now = 1_000_000;
        int[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (int minutes : expected) {
            assertTrue(limit.limited(3, now), "entering the wait of " + minutes);
            assertEquals(minutes, limit.delayMinutes());
            assertTrue(limit.limited(3, now + minutes * 60L - 1), "still waiting");
            now += minutes * 60L;
            assertFalse(limit.limited(3, now), "the attempt after " + minutes + " minutes");
        }
    }

    @Test
    void aSuccessEndsTheBackOff() {
        AofRewriteLimit limit = new AofRewriteLimit();
        assertTrue(limit.limited(5, 100));
        assertFalse(limit.limited(0, 101)); // the failure count was reset (a success, or BGREWRITEAOF)
        assertEquals(0, limit.delayMinutes());
        assertTrue(limit.limited(3, 102));
        assertEquals(1, limit.delayMinutes(), "starts again from one minute");
    }
}
