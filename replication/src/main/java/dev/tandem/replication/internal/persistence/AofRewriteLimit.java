/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis 7.0's back-off for automatic AOF rewrites that keep failing ({@code aofRewriteLimited}
 * in {@code aof.c}): from the third consecutive failure on, the cron's rewrites (a scheduled one
 * and the growth-triggered one) wait 1 minute, then 2, 4, ... up to 60 between attempts; one
 * attempt is let through when the wait is over. A success (the failure count back below three)
 * ends the back-off. {@code BGREWRITEAOF} is not limited. Without it a rewrite that cannot
 * succeed (a full disk) would be retried ten times a second, each time snapshotting the data set.
 *
 * <p>Not thread-safe by itself: called from the persistence cron under its monitor.
 */
final class AofRewriteLimit {

    private static final Logger log = LoggerFactory.getLogger(AofRewriteLimit.class);

    /** Redis's {@code AOF_REWRITE_LIMITE_THRESHOLD}. */
    static final int THRESHOLD = 3;
    /** Redis's {@code AOF_REWRITE_LIMITE_MAX_MINUTES}. */
    static final int MAX_MINUTES = 60;

    private int nextDelayMinutes;
    /** Unix seconds before which the cron may not rewrite; 0 when no wait is running. */
    private long nextRewriteSeconds;

    /**
     * Whether the cron must not start a rewrite now. A call that enters (or re-enters) the
     * limited state starts the next, doubled wait and logs Redis's warning.
     */
    boolean limited(long consecutiveFailures, long nowSeconds) {
        if (consecutiveFailures < THRESHOLD) {
            // Recovering from the limited state (or never in it): start over.
            nextDelayMinutes = 0;
            nextRewriteSeconds = 0;
            return false;
        }
        if (nextRewriteSeconds != 0) {
            if (nowSeconds < nextRewriteSeconds) {
                return true;
            }
            nextRewriteSeconds = 0; // the wait is over: one attempt goes through
            return false;
        }
        nextDelayMinutes = nextDelayMinutes == 0 ? 1 : Math.min(nextDelayMinutes * 2, MAX_MINUTES);
        nextRewriteSeconds = nowSeconds + nextDelayMinutes * 60L;
        log.warn("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in {} minutes",
                nextDelayMinutes);
        return true;
    }

    /** The minutes of the current (or last) wait, 0 when not limited; for tests. */
    int delayMinutes() {
        return nextDelayMinutes;
    }
}
