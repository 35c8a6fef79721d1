/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import java.util.Objects;
import java.util.Optional;

/**
 * The connection attempts that failed in a row since the link was last up: their count sets
 * the reconnect delay ({@link dev.tandem.replication.ReconnectBackoff}), and the reason of the
 * last failed handshake is remembered so that a failure repeating itself (a refused
 * {@code AUTH}, an unreachable master) is reported once, not on every attempt.
 *
 * @param failures attempts failed in a row
 * @param lastHandshakeFailure why the last failed handshake (or connect) failed; a failed
 *     transfer is reported as {@code SyncFailed} on its own and does not change it
 */
record FailureStreak(int failures, Optional<String> lastHandshakeFailure) {

    /** No failure since the link was last up (or ever). */
    static final FailureStreak NONE = new FailureStreak(0, Optional.empty());

    FailureStreak {
        Objects.requireNonNull(lastHandshakeFailure, "lastHandshakeFailure");
    }

    /** Whether a handshake failing for {@code reason} repeats the last one (then it is not reported again). */
    boolean repeats(String reason) {
        return lastHandshakeFailure.filter(reason::equals).isPresent();
    }

    FailureStreak handshakeFailed(String reason) {
        return new FailureStreak(failures + 1, Optional.of(reason));
    }

    FailureStreak transferFailed() {
        return new FailureStreak(failures + 1, lastHandshakeFailure);
    }
}
