/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.tandem.replication.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * The two invariants both simulations check on every sample of every node: one point of one
 * history (replid, offset) holds one data set, and a node's offset never goes back within a
 * history unless a full sync replaced its data. How long to wait for the full sync's event to
 * arrive is the caller's business (real threads wait, the deterministic loop runs).
 */
final class HistoryLedger {

    /** One node's (replid, offset, digest), taken atomically, and its full-sync count before. */
    record Sample(String replid, long offset, String digest, String node, int step, int fullSyncsBefore) { }

    /** "replid:offset" → the first sample taken there. */
    private final Map<String, Sample> firstAt = new HashMap<>();
    /** Node name → its previous sample. */
    private final Map<String, Sample> lastOf = new HashMap<>();

    /**
     * Records {@code s}.
     *
     * @return the node's previous sample when {@code s} went back within the same history (legal
     *         only if the node full-synced since that sample), else null
     * @throws IllegalStateException when another sample at the same point of the same history
     *         had another digest
     */
    Sample record(Sample s) {
        Sample first = firstAt.putIfAbsent(s.replid() + ":" + s.offset(), s);
        if (first != null && !first.digest().equals(s.digest())) {
            throw new IllegalStateException("two data sets at the same point of one history: " + first + " and " + s);
        }
        Sample last = lastOf.put(s.node(), s);
        return last != null && last.replid().equals(s.replid()) && s.offset() < last.offset() ? last : null;
    }

    /** The message for a node whose offset went back from {@code last} to {@code s} without a full sync. */
    static String wentBack(Sample last, Sample s) {
        return s.node() + "'s offset went backwards within history " + s.replid() + " without a full sync: "
                + last.offset() + " -> " + s.offset();
    }
}
