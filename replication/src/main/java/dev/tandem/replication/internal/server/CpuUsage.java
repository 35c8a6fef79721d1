/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code INFO cpu}: the process's system and user CPU time. On Linux they come from
 * {@code /proc/self/stat} (utime/stime, in clock ticks of 1/100 s: USER_HZ is 100 on every
 * mainstream kernel), as Redis's getrusage gives them; elsewhere the JVM's process CPU time is
 * reported as user time. {@code *_main_thread} is the thread that runs INFO (one of Tandem's I/O
 * threads; Redis has one main thread), from the JVM's thread CPU clock. Tandem forks no
 * children: their times are 0.
 */
final class CpuUsage {

    private static final Path PROC_STAT = Path.of("/proc/self/stat");
    private static final long TICKS_PER_SECOND = 100;

    private CpuUsage() {
    }

    static void append(StringBuilder out) {
        long[] process = processNanos();
        long mainUser = 0;
        long mainSys = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            if (threads.isCurrentThreadCpuTimeSupported()) {
                long cpu = threads.getCurrentThreadCpuTime();
                mainUser = threads.getCurrentThreadUserTime();
                mainSys = Math.max(0, cpu - mainUser);
            }
        } catch (UnsupportedOperationException e) {
            // no per-thread clock: reported as 0
        }
        out.append("# CPU\r\n");
        field(out, "used_cpu_sys", process[1]);
        field(out, "used_cpu_user", process[0]);
        field(out, "used_cpu_sys_children", 0);
        field(out, "used_cpu_user_children", 0);
        field(out, "used_cpu_sys_main_thread", mainSys);
        field(out, "used_cpu_user_main_thread", mainUser);
    }

    /** Redis prints seconds with six decimals ({@code %ld.%06ld}). */
    private static void field(StringBuilder out, String name, long nanos) {
        out.append(name).append(':')
                .append(String.format(Locale.ROOT, "%d.%06d", nanos / 1_000_000_000L, nanos / 1000 % 1_000_000))
                .append("\r\n");
    }

    /** {user, system} CPU time of the process in nanoseconds. */
    static long[] processNanos() {
        try {
            String stat = Files.readString(PROC_STAT, StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may contain spaces: split after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]); // field 14
            long stime = Long.parseLong(fields[12]); // field 15
            return new long[] {utime * 1_000_000_000L / TICKS_PER_SECOND, stime * 1_000_000_000L / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            return new long[] {Math.max(0, total), 0};
        }
    }
}
