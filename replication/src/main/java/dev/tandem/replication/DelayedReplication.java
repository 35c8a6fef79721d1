/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.time.Duration;
import java.util.List;

/**
 * The operator's controls of a delayed replica ({@code replica-delay}, {@code REPLDELAY}): the
 * replica receives its master's stream at full speed, keeps every command unit with the time it
 * arrived and applies it once that time plus the delay has passed. These calls are the Java form
 * of the {@code REPLDELAY} subcommands and behave the same. See {@code docs/delayed-replicas.md}.
 *
 * <p>Offsets are replication offsets of the master's stream: a unit "starting at" {@code o}
 * begins with byte {@code o}; {@link Status#appliedOffset()} is the last byte applied,
 * {@link Status#receivedOffset()} the last byte received and kept (what {@code REPLCONF ACK}
 * reports).
 */
public interface DelayedReplication {

    /** {@code REPLDELAY STATUS}. */
    Status status();

    /** {@code REPLDELAY PAUSE}: stop applying; receiving goes on. */
    void pause();

    /** {@code REPLDELAY RESUME}: apply again, each unit at its due time. */
    void resume();

    /**
     * {@code REPLDELAY PENDING COUNT n FROM offset}: up to {@code count} pending units, oldest
     * first, starting with the first unit that starts at or after {@code fromOffset}.
     */
    List<PendingUnit> pending(int count, long fromOffset);

    /**
     * {@code REPLDELAY APPLY-UNTIL offset}: applies now every pending unit that starts before
     * {@code offset} (the unit starting at it is not applied), then pauses. Returns how many
     * units were applied.
     *
     * @throws IllegalArgumentException if {@code offset} is at or behind the applied offset
     */
    long applyUntil(long offset);

    /**
     * {@code REPLDELAY APPLY-UNTIL TIME unix-ms}: applies now every pending unit received before
     * {@code unixMillis}, then pauses. Returns how many units were applied.
     */
    long applyUntilTime(long unixMillis);

    /**
     * {@code REPLDELAY SKIP offset}: drops the pending unit that starts at {@code offset}. The
     * replica's history is then its own: it takes a new replication id (as a promotion does) and
     * is detached from its master (the link is parked until a {@code REPLICAOF}); the pending
     * units after the skipped one are still applied at their due times.
     *
     * @throws IllegalArgumentException if no pending unit starts at {@code offset}
     */
    void skip(long offset);

    /**
     * What {@code REPLDELAY STATUS} reports.
     *
     * @param delay the configured delay ({@code replica-delay}); zero: off
     * @param paused whether applying is paused
     * @param appliedOffset the last byte of the master's stream applied here
     * @param receivedOffset the last byte received and kept (ACKed)
     * @param pendingUnits units received, not applied
     * @param pendingBytes their bytes in the stream
     * @param spilledBytes of those, bytes kept in the spill file (beyond the memory limit)
     * @param oldestPendingAge how long ago the oldest pending unit arrived (zero when none)
     * @param detached whether a {@code SKIP} detached this replica from its master
     */
    record Status(Duration delay, boolean paused, long appliedOffset, long receivedOffset, long pendingUnits,
            long pendingBytes, long spilledBytes, Duration oldestPendingAge, boolean detached) { }

    /**
     * One pending unit, as {@code REPLDELAY PENDING} lists it.
     *
     * @param startOffset offset of the unit's first byte
     * @param receivedAtUnixMillis when it arrived (Unix milliseconds)
     * @param db the db the master's stream had selected when it started
     * @param commands its commands, each {@code [name, arg, ...]}, long arguments truncated
     *     (a {@code MULTI ... EXEC} unit lists all of them)
     */
    record PendingUnit(long startOffset, long receivedAtUnixMillis, int db, List<List<String>> commands) {
        public PendingUnit {
            commands = List.copyOf(commands);
        }
    }
}
