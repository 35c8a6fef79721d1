/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica.delay;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The units a delayed replica received and has not applied, oldest first, with a bounded heap:
 * the oldest units are in memory; once their estimated size reaches the memory limit, newer
 * units go to a {@link SpillFile} (and every unit after them too, so the order is memory first,
 * then the file). When the memory part runs empty it is refilled from the file, up to half the
 * limit, so reading back costs a few large reads, not one per unit; a file read to its end is
 * emptied and reused.
 *
 * <p>Not thread-safe: {@link DelayController} calls it under its own monitor.
 */
final class PendingStream implements AutoCloseable {

    private final ArrayDeque<HeldUnit> memory = new ArrayDeque<>();
    private final Supplier<Path> spillPath;
    private SpillFile spill;
    private long memoryHeapBytes;
    /** Units and stream bytes in the file, not read back yet. */
    private long spilledUnits;
    /** Units in the file that SKIP removed; dropped when read back. */
    private final java.util.Set<Long> skippedInFile = new java.util.HashSet<>();
    private long spilledBytes;
    /** All pending units and their stream bytes (memory and file). */
    private long units;
    private long bytes;

    /** @param spillPath where the spill file goes; asked when the first unit spills */
    PendingStream(Supplier<Path> spillPath) {
        this.spillPath = spillPath;
    }

    long units() {
        return units;
    }

    long bytes() {
        return bytes;
    }

    long spilledBytes() {
        return spilledBytes;
    }

    long memoryHeapBytes() {
        return memoryHeapBytes;
    }

    boolean isEmpty() {
        return units == 0;
    }

    /** Adds the newest unit: in memory while under {@code memoryLimit}, else to the file. */
    void add(HeldUnit unit, long memoryLimit) {
        long heap = unit.heapBytes();
        if (spilledUnits == 0 && (memory.isEmpty() || memoryHeapBytes + heap <= memoryLimit)) {
            memory.addLast(unit);
            memoryHeapBytes += heap;
        } else {
            if (spill == null) {
                spill = new SpillFile(spillPath.get());
            }
            spill.append(unit);
            spilledUnits++;
            spilledBytes += unit.length();
        }
        units++;
        bytes += unit.length();
    }

    /** The oldest unit, or null. */
    HeldUnit peek(long memoryLimit) {
        if (memory.isEmpty() && spilledUnits > 0) {
            refill(memoryLimit);
        }
        return memory.peekFirst();
    }

    /** Removes and returns the oldest unit, or null. */
    HeldUnit poll(long memoryLimit) {
        HeldUnit unit = peek(memoryLimit);
        if (unit != null) {
            memory.removeFirst();
            memoryHeapBytes -= unit.heapBytes();
            units--;
            bytes -= unit.length();
        }
        return unit;
    }

    /**
     * Removes the unit starting at {@code startOffset}; returns it, or null if none starts there.
     * A unit in the file is not rewritten out of it: its offset is remembered and the unit is
     * dropped when it is read back (the counts change at once).
     */
    HeldUnit remove(long startOffset) {
        for (var it = memory.iterator(); it.hasNext(); ) {
            HeldUnit unit = it.next();
            if (unit.startOffset() == startOffset) {
                it.remove();
                memoryHeapBytes -= unit.heapBytes();
                units--;
                bytes -= unit.length();
                return unit;
            }
        }
        if (spilledUnits == 0 || skippedInFile.contains(startOffset)) {
            return null;
        }
        HeldUnit[] found = new HeldUnit[1];
        spill.scan(unit -> {
            if (unit.startOffset() == startOffset) {
                found[0] = unit;
                return false;
            }
            return unit.startOffset() < startOffset; // offsets only grow: stop once past it
        });
        if (found[0] != null) {
            skippedInFile.add(startOffset);
            units--;
            bytes -= found[0].length();
            spilledBytes -= found[0].length();
        }
        return found[0];
    }

    /**
     * Up to {@code max} units, oldest first, from the first one that {@code from} accepts on
     * (memory, then the file read one record at a time without consuming it).
     */
    List<HeldUnit> list(int max, Predicate<HeldUnit> from) {
        List<HeldUnit> out = new ArrayList<>();
        boolean[] started = {false};
        for (HeldUnit unit : memory) {
            if (out.size() >= max) {
                return out;
            }
            if (started[0] || from.test(unit)) {
                started[0] = true;
                out.add(unit);
            }
        }
        if (spilledUnits > 0) {
            spill.scan(unit -> {
                if (out.size() >= max) {
                    return false;
                }
                if (!skippedInFile.contains(unit.startOffset()) && (started[0] || from.test(unit))) {
                    started[0] = true;
                    out.add(unit);
                }
                return true;
            });
        }
        return out;
    }

    /** Drops every pending unit (a full sync, a promotion, a new master). */
    void clear() {
        memory.clear();
        memoryHeapBytes = 0;
        if (spill != null && spilledUnits > 0) {
            spill.reset();
        }
        spilledUnits = 0;
        spilledBytes = 0;
        skippedInFile.clear();
        units = 0;
        bytes = 0;
    }

    private void refill(long memoryLimit) {
        long budget = Math.max(1, memoryLimit / 2);
        while (spilledUnits > 0 && (memory.isEmpty() || memoryHeapBytes < budget)) {
            HeldUnit unit = spill.readNext();
            spilledUnits--;
            if (skippedInFile.remove(unit.startOffset())) {
                continue; // already taken out of the counts by remove()
            }
            spilledBytes -= unit.length();
            memory.addLast(unit);
            memoryHeapBytes += unit.heapBytes();
        }
        if (spilledUnits == 0) {
            spill.reset();
        }
    }

    @Override
    public void close() {
        clear();
        if (spill != null) {
            spill.close();
            spill = null;
        }
    }
}
