/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.backlog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.TrackingAllocator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BacklogExpiryTest {

    private final AtomicLong now = new AtomicLong(50_000);
    private final TrackingAllocator allocator = new TrackingAllocator();
    private ChunkedReplicationBacklog backlog;

    @BeforeEach
    void activeBacklog() {
        backlog = new ChunkedReplicationBacklog(16384, 64, allocator);
        backlog.reset(0);
        backlog.append(new byte[] {1, 2, 3});
    }

    @AfterEach
    void close() {
        backlog.close();
    }

    @Test
    void masterWithoutReplicasFreesAfterMoreThanTheTtl() {
        BacklogExpiry expiry = new BacklogExpiry(Duration.ofSeconds(10), now::get);
        now.addAndGet(10_000);
        assertFalse(expiry.freeIfExpired(backlog, true, 0), "exactly the TTL is not yet expired");
        now.addAndGet(1);
        assertTrue(expiry.freeIfExpired(backlog, true, 0));
        assertFalse(backlog.isActive());
        assertFalse(expiry.freeIfExpired(backlog, true, 0), "nothing left to free");
    }

    @Test
    void replicasNeverFreeTheirBacklog() {
        BacklogExpiry expiry = new BacklogExpiry(Duration.ofSeconds(1), now::get);
        now.addAndGet(3_600_000);
        assertFalse(expiry.freeIfExpired(backlog, false, 0));
        assertTrue(backlog.isActive());
    }

    @Test
    void attachedReplicasKeepItAndTheClockRestartsWhenTheLastOneLeaves() {
        BacklogExpiry expiry = new BacklogExpiry(Duration.ofSeconds(10), now::get);
        now.addAndGet(60_000);
        assertFalse(expiry.freeIfExpired(backlog, true, 1));
        expiry.replicaCountChanged(0);
        now.addAndGet(9_000);
        assertFalse(expiry.freeIfExpired(backlog, true, 0));
        now.addAndGet(1_001);
        assertTrue(expiry.freeIfExpired(backlog, true, 0));
    }

    @Test
    void promotionRestartsTheClock() {
        BacklogExpiry expiry = new BacklogExpiry(Duration.ofSeconds(10), now::get);
        now.addAndGet(9_000);
        expiry.restartClock();
        now.addAndGet(9_000);
        assertFalse(expiry.freeIfExpired(backlog, true, 0));
    }

    @Test
    void zeroTtlMeansNever() {
        BacklogExpiry expiry = new BacklogExpiry(Duration.ZERO, now::get);
        now.addAndGet(Long.MAX_VALUE / 4);
        assertFalse(expiry.freeIfExpired(backlog, true, 0));
        assertThrows(IllegalArgumentException.class, () -> expiry.setTtl(Duration.ofSeconds(-1)));
    }
}
