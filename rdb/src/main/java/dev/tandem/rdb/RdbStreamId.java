/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * A stream entry ID as the RDB reader sees it on the wire: two unsigned 64-bit numbers,
 * compared unsigned. It is the reader's value type; the loader maps it to core's
 * {@code dev.tandem.core.value.StreamId} when it builds a keyspace.
 */
public record RdbStreamId(long ms, long seq) implements Comparable<RdbStreamId> {
    public static final RdbStreamId ZERO = new RdbStreamId(0, 0);

    @Override
    public int compareTo(RdbStreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    /** Redis's text form, {@code <ms>-<seq>}. */
    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
}
