/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.time.Duration;
import java.util.Objects;

/**
 * When the replica tries again after a failed attempt: at once after losing an established link
 * (Redis reconnects immediately, reference §2.5), then after {@code initial}, doubling per
 * consecutive failure up to {@code max}, so an unreachable master or a refused AUTH costs a
 * bounded trickle of attempts instead of a retry storm.
 *
 * @param initial the delay after the first failure of a series
 * @param max the longest delay
 */
public record ReconnectBackoff(Duration initial, Duration max) {

    /** 100 ms doubling to 2 s. */
    public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    public ReconnectBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max: " + initial + ", " + max);
        }
    }

    /** The delay before the next attempt after {@code consecutiveFailures} failures (0 = at once). */
    public long delayMillis(int consecutiveFailures) {
        if (consecutiveFailures <= 0) {
            return 0;
        }
        long delay = initial.toMillis();
        for (int i = 1; i < consecutiveFailures && delay < max.toMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, max.toMillis());
    }
}
