/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@code client-output-buffer-limit <class> <hard> <soft> <soft-seconds>} with the semantics of
 * Redis's {@code checkClientOutputBufferLimits}: a client (a replica, say) is disconnected when its buffered
 * bytes reach the hard limit, or stay at or above the soft limit for more than
 * {@code softSeconds} seconds. A limit of 0 disables that check.
 *
 * <p>One record serves every client class ({@code normal}, {@code replica}, {@code pubsub}).
 * It is the immutable configuration; the per-connection state (since when the soft limit has
 * been reached) lives in a {@link Tracker}, the one implementation of the check.
 *
 * @param hardLimitBytes disconnect at once at this usage (0 = no hard limit)
 * @param softLimitBytes disconnect when continuously at this usage ... (0 = no soft limit)
 * @param softLimitSeconds ... for longer than this many seconds
 */
public record OutputBufferLimit(long hardLimitBytes, long softLimitBytes, long softLimitSeconds) {

    /** Redis's default for replicas: {@code 256mb 64mb 60}. */
    public static final OutputBufferLimit REPLICA_DEFAULT =
            new OutputBufferLimit(256L * 1024 * 1024, 64L * 1024 * 1024, 60);

    /** {@code 0 0 0}: no limit (Redis's default for normal clients). */
    public static final OutputBufferLimit UNLIMITED = new OutputBufferLimit(0, 0, 0);

    /** Redis's default for the pubsub class: {@code 32mb 8mb 60}. */
    public static final OutputBufferLimit PUBSUB_DEFAULT =
            new OutputBufferLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60);

    public OutputBufferLimit {
        if (hardLimitBytes < 0 || softLimitBytes < 0 || softLimitSeconds < 0) {
            throw new IllegalArgumentException("output buffer limits must be >= 0: " + hardLimitBytes + " "
                    + softLimitBytes + " " + softLimitSeconds);
        }
    }

    /** Whether neither bound is set: nothing is ever disconnected. */
    public boolean isUnlimited() {
        return hardLimitBytes == 0 && softLimitBytes == 0;
    }

    /**
     * The limit as Redis applies it to replicas: a non-zero hard limit below
     * {@code repl-backlog-size} is raised to it, because the replica's buffer is shared with the
     * backlog and a smaller limit would only cause pointless disconnects after a partial sync.
     */
    public OutputBufferLimit effectiveForReplica(long backlogSize) {
        if (hardLimitBytes != 0 && hardLimitBytes < backlogSize) {
            return new OutputBufferLimit(backlogSize, softLimitBytes, softLimitSeconds);
        }
        return this;
    }

    /** A fresh per-connection state machine using {@code clockMillis} as the time source. */
    public Tracker newTracker(LongSupplier clockMillis) {
        return new Tracker(this, clockMillis);
    }

    /** What a check concluded. */
    public enum Verdict {
        /** Below the limits (or above the soft limit for not long enough yet). */
        WITHIN,
        /** Usage reached the hard limit. */
        HARD_LIMIT_REACHED,
        /** Usage stayed at or above the soft limit for longer than the allowed seconds. */
        SOFT_LIMIT_EXCEEDED_TOO_LONG;

        public boolean disconnect() {
            return this != WITHIN;
        }
    }

    /**
     * One connection's limit state (a replica's, a normal or pubsub client's). Call {@link #check} whenever the usage may have
     * grown (after queueing bytes) and from a periodic timer, as Redis does; it is not
     * thread-safe: use it from the connection's event loop.
     */
    public static final class Tracker {
        private OutputBufferLimit limit;
        private final LongSupplier clockMillis;
        /** When the soft limit was first seen reached in the current streak; -1 when not. */
        private long softLimitReachedAtMillis = -1;

        private Tracker(OutputBufferLimit limit, LongSupplier clockMillis) {
            this.limit = limit;
            this.clockMillis = clockMillis;
        }

        /**
         * Checks the current usage. As in Redis, the first check that sees the soft limit reached
         * only starts the clock; the soft verdict comes from a later check more than
         * {@code softLimitSeconds} after it, provided no check in between saw the usage below the
         * soft limit. Redis measures in whole seconds of its cron clock; this uses milliseconds
         * ("more than N seconds" = more than N*1000 ms).
         */
        public Verdict check(long usedBytes) {
            return check(usedBytes, clockMillis.getAsLong());
        }

        /** {@link #check(long)} at a time the caller already read (a cron tick checking many things at once). */
        public Verdict check(long usedBytes, long nowMillis) {
            boolean hard = limit.hardLimitBytes != 0 && usedBytes >= limit.hardLimitBytes;
            boolean soft = limit.softLimitBytes != 0 && usedBytes >= limit.softLimitBytes;
            boolean softExceeded = false;
            if (soft) {
                long now = nowMillis;
                if (softLimitReachedAtMillis < 0) {
                    softLimitReachedAtMillis = now;
                } else {
                    softExceeded = now - softLimitReachedAtMillis > limit.softLimitSeconds * 1000;
                }
            } else {
                softLimitReachedAtMillis = -1;
            }
            if (hard) {
                return Verdict.HARD_LIMIT_REACHED;
            }
            return softExceeded ? Verdict.SOFT_LIMIT_EXCEEDED_TOO_LONG : Verdict.WITHIN;
        }

        /** Whether the soft limit is currently being timed. */
        public boolean softLimitReached() {
            return softLimitReachedAtMillis >= 0;
        }

        public OutputBufferLimit limit() {
            return limit;
        }

        /**
         * Checks against {@code newLimit} from now on ({@code CONFIG SET client-output-buffer-limit}).
         * A soft-limit streak already being timed goes on, as in Redis, where the time the soft
         * limit was first reached belongs to the client and the limits are read at each check.
         */
        public void limit(OutputBufferLimit newLimit) {
            this.limit = Objects.requireNonNull(newLimit, "limit");
        }
    }
}
