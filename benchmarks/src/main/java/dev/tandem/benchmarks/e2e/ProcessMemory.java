/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Physical memory of a process and its children (Linux {@code /proc}).
 *
 * <p>A redis-server master that serves a full sync forks a child that shares every page with
 * it; the pages the master rewrites meanwhile are copied. Adding the two processes' RSS would
 * count the shared pages twice, so the harness adds their PSS (proportional set size: a page
 * shared by two processes counts half in each): the sum is the physical memory both use, and
 * its growth over the master's PSS before the fork is the copy-on-write cost plus the master's
 * own buffers.
 */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Whether this machine exposes what {@link #pssBytes} reads. */
    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/smaps_rollup"));
    }

    /** PSS of {@code pid} in bytes; 0 when the process has exited. */
    static long pssBytes(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"));
            for (String line : lines) {
                if (line.startsWith("Pss:")) {
                    return kilobytes(line) * 1024;
                }
            }
            return 0;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            // a child that exits while we read it
            return 0;
        }
    }

    /** PSS of {@code pid} plus that of its direct children (a forked redis-server child). */
    static long pssWithChildren(long pid) {
        long total = pssBytes(pid);
        Object[] children = ProcessHandle.of(pid).map(p -> p.children().toArray()).orElse(new Object[0]);
        for (Object child : children) {
            total += pssBytes(((ProcessHandle) child).pid());
        }
        return total;
    }

    /** How many direct children {@code pid} has now. */
    static long childCount(long pid) {
        return ProcessHandle.of(pid).map(p -> p.children().count()).orElse(0L);
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }
}
