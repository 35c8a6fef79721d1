/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.Key;
import java.util.function.ObjDoubleConsumer;

/**
 * A collection that ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE (and ZUNION, ZINTER, ZDIFF,
 * ZINTERCARD) read as an input: a sorted set, or a plain set whose every member scores 1.0
 * (t_zset.c zuiFind/zuiNext accept both types).
 */
public interface ScoredMembers {
    /** Number of members. */
    int size();

    /** The member's score (1.0 for a plain set's member), or null when absent. */
    Double scoreOf(Key member);

    /** Visits every member with its score, in any order. */
    void forEachScored(ObjDoubleConsumer<Key> action);
}
