/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.OutputBufferLimit.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputBufferLimitTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void redisDefaultForReplicas() {
        assertEquals(new OutputBufferLimit(268435456L, 67108864L, 60), OutputBufferLimit.REPLICA_DEFAULT);
    }

    @ParameterizedTest(name = "hard {0} soft {1}: usage {2} -> {3}")
    @CsvSource({
        "100, 50, 99, WITHIN",
        "100, 50, 100, HARD_LIMIT_REACHED",
        "100, 50, 1000, HARD_LIMIT_REACHED",
        "0, 50, 1000000, WITHIN",            // hard limit disabled; soft only starts the clock
        "100, 0, 99, WITHIN",
        "0, 0, 9999999, WITHIN",
    })
    void firstCheck(long hard, long soft, long usage, Verdict expected) {
        assertEquals(expected, new OutputBufferLimit(hard, soft, 10).newTracker(now::get).check(usage));
    }

    @Test
    void softLimitMustHoldContinuouslyForMoreThanTheSeconds() {
        OutputBufferLimit.Tracker tracker = new OutputBufferLimit(0, 50, 3).newTracker(now::get);
        assertEquals(Verdict.WITHIN, tracker.check(50), "first time reached: the clock starts");
        assertTrue(tracker.softLimitReached());
        now.addAndGet(3000);
        assertEquals(Verdict.WITHIN, tracker.check(60), "exactly the allowed time is still fine");
        now.addAndGet(1);
        assertEquals(Verdict.SOFT_LIMIT_EXCEEDED_TOO_LONG, tracker.check(60));
        assertTrue(tracker.check(60).disconnect());
    }

    @Test
    void droppingBelowTheSoftLimitRestartsTheClock() {
        OutputBufferLimit.Tracker tracker = new OutputBufferLimit(0, 50, 3).newTracker(now::get);
        tracker.check(70);
        now.addAndGet(2500);
        assertEquals(Verdict.WITHIN, tracker.check(49));
        assertFalse(tracker.softLimitReached());
        now.addAndGet(2500);
        assertEquals(Verdict.WITHIN, tracker.check(70), "new streak");
        now.addAndGet(2500);
        assertEquals(Verdict.WITHIN, tracker.check(70));
        now.addAndGet(600);
        assertEquals(Verdict.SOFT_LIMIT_EXCEEDED_TOO_LONG, tracker.check(70));
    }

    @Test
    void zeroSecondsStillNeedsASecondCheckLaterThanTheFirst() {
        OutputBufferLimit.Tracker tracker = new OutputBufferLimit(0, 10, 0).newTracker(now::get);
        assertEquals(Verdict.WITHIN, tracker.check(10));
        assertEquals(Verdict.WITHIN, tracker.check(10));
        now.incrementAndGet();
        assertEquals(Verdict.SOFT_LIMIT_EXCEEDED_TOO_LONG, tracker.check(10));
    }

    @Test
    void hardLimitBelowTheBacklogSizeIsRaisedToIt() {
        OutputBufferLimit small = new OutputBufferLimit(2 * 1024 * 1024, 1024 * 1024, 3);
        assertEquals(new OutputBufferLimit(4 * 1024 * 1024, 1024 * 1024, 3), small.effectiveForReplica(4 * 1024 * 1024));
        assertSame(small, small.effectiveForReplica(1024 * 1024));
        OutputBufferLimit noHard = new OutputBufferLimit(0, 10, 3);
        assertSame(noHard, noHard.effectiveForReplica(1 << 20), "a disabled hard limit stays disabled");
    }

    @Test
    void negativeValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OutputBufferLimit(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new OutputBufferLimit(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new OutputBufferLimit(0, 0, -1));
    }

    /** Client connections check at their cron's time: the same streak rules, the caller's clock. */
    @Test
    void checkAtAGivenTimeAndAChangingClass() {
        OutputBufferLimit.Tracker tracker = OutputBufferLimit.UNLIMITED.newTracker(() -> {
            throw new AssertionError("the caller gives the time");
        });
        assertEquals(Verdict.WITHIN, tracker.check(1_000_000, 0), "unlimited: 0 0 0");
        tracker.limit(OutputBufferLimit.PUBSUB_DEFAULT); // the client subscribed
        assertEquals(Verdict.WITHIN, tracker.check(8L * 1024 * 1024, 1_000));
        assertEquals(Verdict.WITHIN, tracker.check(8L * 1024 * 1024, 61_000));
        assertEquals(Verdict.SOFT_LIMIT_EXCEEDED_TOO_LONG, tracker.check(8L * 1024 * 1024, 61_001));
        assertEquals(Verdict.HARD_LIMIT_REACHED, tracker.check(32L * 1024 * 1024, 61_002));
        assertTrue(OutputBufferLimit.UNLIMITED.isUnlimited());
        assertFalse(OutputBufferLimit.PUBSUB_DEFAULT.isUnlimited());
    }
}
