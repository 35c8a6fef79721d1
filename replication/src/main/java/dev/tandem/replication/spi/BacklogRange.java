/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

/**
 * A snapshot of what a backlog can serve, in Redis's offset terms.
 *
 * @param active {@code repl_backlog_active}
 * @param firstByteOffset {@code repl_backlog_first_byte_offset} (0 when inactive)
 * @param historyLength {@code repl_backlog_histlen} (0 when inactive)
 * @param masterReplOffset {@code master_repl_offset}
 */
public record BacklogRange(boolean active, long firstByteOffset, long historyLength, long masterReplOffset) {

    public BacklogRange {
        if (historyLength < 0) {
            throw new IllegalArgumentException("historyLength must be >= 0: " + historyLength);
        }
        if (active && firstByteOffset + historyLength - 1 != masterReplOffset) {
            throw new IllegalArgumentException("inconsistent backlog range: first byte " + firstByteOffset
                    + ", histlen " + historyLength + ", master_repl_offset " + masterReplOffset);
        }
    }

    /** The range of a node without backlog (Redis reports first byte offset 0 and histlen 0). */
    public static BacklogRange inactive(long masterReplOffset) {
        return new BacklogRange(false, 0, 0, masterReplOffset);
    }

    /** The range of an active backlog holding {@code historyLength} bytes up to {@code masterReplOffset}. */
    public static BacklogRange active(long masterReplOffset, long historyLength) {
        return new BacklogRange(true, masterReplOffset - historyLength + 1, historyLength, masterReplOffset);
    }

    /**
     * Redis's test in {@code masterTryPartialResynchronization}: a backlog exists and
     * {@code offset <= psync_offset <= offset + histlen}. The upper bound is
     * {@code master_repl_offset + 1}: "nothing is missing".
     */
    public boolean canServe(long offset) {
        return active && offset >= firstByteOffset && offset <= firstByteOffset + historyLength;
    }
}
