/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

/**
 * One {@code save <seconds> <changes>} rule: snapshot the data set to disk when at least
 * {@code changes} changes happened and at least {@code seconds} seconds passed since the last
 * successful save (Redis's {@code saveparams}).
 *
 * @param seconds at least 1
 * @param changes at least 0
 */
public record SaveRule(long seconds, long changes) {

    public SaveRule {
        if (seconds < 1 || changes < 0) {
            throw new IllegalArgumentException("save rule needs seconds >= 1 and changes >= 0: " + seconds + " " + changes);
        }
    }

    @Override
    public String toString() {
        return seconds + " " + changes;
    }
}
