/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.replication.DelayedReplication;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.internal.replica.delay.DelayController;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A delayed replica following a master that takes a steady write rate (issue #19): an in-process
 * master and a replica with {@code replica-delay} over TCP loopback, one writer thread paced to
 * the target rate ({@code SET} of a 32-byte value, which starts with the write's number, over 100k
 * keys). Once a second it prints the
 * pending units and bytes, the bytes spilled to disk, the estimated heap of the held units, the
 * age of the oldest pending unit (the apply lag) and the JVM's used heap; at the end the writer
 * stops, the replica must apply everything within the delay plus a few seconds, and the digests
 * must be equal. Run it with a heap far below what the held stream would take in memory:
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx256m -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.DelayedReplicaHarness \
 *     [writes-per-second=50000] [delay-seconds=60] [run-seconds=120] [buffer-memory=16mb]
 * </pre>
 */
public final class DelayedReplicaHarness {

    private DelayedReplicaHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int delaySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int runSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        String bufferMemory = args.length > 3 ? args[3] : "16mb";
        Path spill = Files.createTempDirectory("tandem-delay-bench");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("bench-master")
                     .directive("repl-backlog-size", "64mb").start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("bench-delayed")
                     .replicaDelay(Duration.ofSeconds(delaySeconds))
                     .directive("replica-delay-buffer-memory", bufferMemory)
                     .replicaDelaySpillDirectory(spill)
                     .replicaOf("127.0.0.1", master.port()).start()) {
            if (!replica.awaitSynced(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the replica did not sync");
            }
            DelayController controller = NodeInternals.of(replica).context().delay();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> write(master, rate, writing, written), "bench-writer");
            long start = System.nanoTime();
            writer.start();
            long maxHeldHeap = 0;
            long maxUsedHeap = 0;
            long maxSpilled = 0;
            System.out.printf("rate %d writes/s, delay %d s, run %d s, replica-delay-buffer-memory %s, -Xmx %d MB%n",
                    rate, delaySeconds, runSeconds, bufferMemory, Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("  t(s)   written  pending-units  pending-MB  spilled-MB  held-heap-MB  apply-lag-s  "
                    + "used-heap-MB  applied-offset");
            for (int t = 1; t <= runSeconds; t++) {
                sleepUntil(start + TimeUnit.SECONDS.toNanos(t));
                DelayedReplication.Status s = replica.delayedReplication().status();
                long used = memory.getHeapMemoryUsage().getUsed();
                long held = controller.memoryHeapBytes();
                maxHeldHeap = Math.max(maxHeldHeap, held);
                maxUsedHeap = Math.max(maxUsedHeap, used);
                maxSpilled = Math.max(maxSpilled, s.spilledBytes());
                if (t % 5 == 0 || t == 1) {
                    System.out.printf("%6d %9d %14d %11.1f %11.1f %13.1f %12.1f %13.1f %15d%n", t, written.get(),
                            s.pendingUnits(), s.pendingBytes() / 1e6, s.spilledBytes() / 1e6, held / 1e6,
                            s.oldestPendingAge().toMillis() / 1000.0, used / 1e6, s.appliedOffset());
                }
            }
            writing.set(false);
            writer.join();
            long achieved = written.get() * 1_000_000_000L / (System.nanoTime() - start);
            // The master's heartbeat PINGs keep arriving (and wait their delay like any unit): the
            // end is the last write applied, not an empty pending stream.
            long lastWrite = master.masterReplOffset();
            long stopped = System.nanoTime();
            long deadline = stopped + TimeUnit.SECONDS.toNanos(delaySeconds + 10L);
            while (replica.masterReplOffset() < lastWrite && System.nanoTime() < deadline) {
                sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
            }
            boolean caughtUp = replica.masterReplOffset() >= lastWrite;
            String digest = master.digest();
            boolean equal = digest.equals(replica.digest());
            System.out.printf("written %d (%d writes/s achieved); the last write applied %s %.1f s after the writer "
                    + "stopped (delay %d s); digests %s%n", written.get(), achieved, caughtUp ? "" : "NOT within",
                    (System.nanoTime() - stopped) / 1e9, delaySeconds, equal ? "equal" : "DIFFERENT");
            System.out.printf("max held heap (estimate) %.1f MB, max spilled %.1f MB, max used heap %.1f MB%n",
                    maxHeldHeap / 1e6, maxSpilled / 1e6, maxUsedHeap / 1e6);
        } finally {
            try (var files = Files.list(spill)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(spill);
        }
    }

    /** One thread, paced per millisecond to {@code rate} writes a second. */
    private static void write(ReplicatedKeyspace master, int rate, AtomicBoolean writing, AtomicLong written) {
        String padding = "v".repeat(32);
        long start = System.nanoTime();
        long n = 0;
        while (writing.get()) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (n < due) {
                // The value carries the write's number, so equal digests mean the last writes arrived.
                String value = (n + padding).substring(0, 32);
                master.database(0).execute("SET", "key:" + (n % 100_000), value);
                n++;
                if ((n & 1023) == 0) {
                    written.set(n);
                }
            }
            written.set(n);
            LockSupport.parkNanos(200_000);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
