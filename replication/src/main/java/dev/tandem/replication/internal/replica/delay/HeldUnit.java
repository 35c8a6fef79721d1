/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica.delay;

import dev.tandem.resp.RespCommand;
import java.util.List;
import java.util.Objects;

/**
 * One unit of the master's stream held by a delayed replica: a single command, or a whole
 * {@code MULTI ... EXEC} (or {@code ... DISCARD}), which is applied whole or not at all.
 *
 * @param startOffset offset of the unit's first byte in the master's stream
 * @param length the unit's bytes on the wire (the commands' wire lengths summed)
 * @param receivedUnixMillis when it arrived, on the keyspace clock (what PENDING shows, what
 *     {@code APPLY-UNTIL TIME} compares)
 * @param receivedMonoMillis when it arrived, on the node's monotonic clock (its due time is this
 *     plus the delay: a wall-clock step does not release or hold back units)
 * @param db the db the master's stream had selected when the unit began
 * @param execute false for a {@code MULTI ... DISCARD} unit: forwarded, not executed
 * @param commands its commands in order, with their exact wire lengths
 */
public record HeldUnit(long startOffset, long length, long receivedUnixMillis, long receivedMonoMillis, int db,
        boolean execute, List<RespCommand> commands) {

    /** Per-object overheads the heap estimate adds (headers, references, array headers). */
    private static final int UNIT_OVERHEAD = 96;
    private static final int COMMAND_OVERHEAD = 48;
    private static final int ARG_OVERHEAD = 24;

    public HeldUnit {
        Objects.requireNonNull(commands, "commands");
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a unit has at least one command");
        }
    }

    /** Offset of the unit's last byte. */
    public long endOffset() {
        return startOffset + length - 1;
    }

    /**
     * An estimate of the heap the unit occupies while held in memory: the argument bytes plus
     * fixed overheads per object. Only used to decide when to spill, so an estimate suffices.
     */
    public long heapBytes() {
        long bytes = UNIT_OVERHEAD;
        for (RespCommand command : commands) {
            bytes += COMMAND_OVERHEAD;
            for (byte[] arg : command.argv()) {
                bytes += ARG_OVERHEAD + arg.length;
            }
        }
        return bytes;
    }
}
