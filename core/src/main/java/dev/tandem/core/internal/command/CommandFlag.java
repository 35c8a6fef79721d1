/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

/** Properties of a command that the executor acts on. */
public enum CommandFlag {
    /** May change the dataset: runs under the write lock and may propagate. */
    WRITE,
    /** Only reads: runs under the read lock, concurrently with other reads. */
    READONLY,
    /** MULTI/EXEC/DISCARD/WATCH/UNWATCH: not queued inside MULTI (WATCH is refused there). */
    TRANSACTION,
    /** Touches every database or the keyspace as a whole (FLUSHALL, SWAPDB). */
    KEYSPACE,
    /**
     * May look at any key, not only its arguments (SCAN, RANDOMKEY): the DELs of the expired keys
     * it meets go out bare, one unit each, not wrapped in MULTI/EXEC (Redis 7.0's
     * CMD_TOUCHES_ARBITRARY_KEYS in propagatePendingCommands).
     */
    TOUCHES_ARBITRARY_KEYS,
    /**
     * Not a write, yet it may change a value or propagate (Redis 7.0's CMD_MAY_REPLICATE: PUBLISH,
     * and PFCOUNT refreshing its cached cardinality). Runs under the write lock so that what it
     * propagates takes its place in the stream's order, but the write gate (READONLY, NOREPLICAS)
     * is not asked: Redis lets a read-only replica and a master without good replicas run these.
     */
    MAY_REPLICATE,
    /**
     * Runs code that calls other commands (EVAL, FCALL, SCRIPT, FUNCTION): executes under the write
     * lock, because the script engine is single-threaded and the script may write, but is not a
     * write itself: the write gate is asked by the write commands it calls (through
     * {@link dev.tandem.core.internal.ExecutionContext#writeRefusal()}), so a read-only script
     * still runs on a read-only replica, as in Redis 7.0.
     */
    SCRIPT,
    /** May block the client until a key is ready (Redis's CMD_BLOCKING: BLPOP, BZPOPMIN...). */
    BLOCKING,
    /** Refused inside scripts (Redis's CMD_NOSCRIPT: the blocking pops except BLMPOP/BZMPOP). */
    NOSCRIPT
}
