/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RawClient;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the extra memory a master uses for a full sync of {@code keys} keys while a writer
 * rewrites every key during the sync (the worst case for forkless snapshots: every entry is
 * side-saved). The replica is a minimal raw-socket client in this JVM (handshake,
 * {@code PSYNC ? -1}, then it drains the payload at full speed), so the heap measured is the
 * master's alone.
 *
 * <p>Method: the live heap after a full GC before the sync is the baseline; during the sync a
 * sampler forces a GC every 100 ms and records the live heap; the report gives the largest
 * excess over the baseline, and the pooled direct memory (backlog and snapshot chunks), whose
 * growth is dominated by the stream of rewrites that the replica's backlog cursor pins until
 * the snapshot has been sent (Redis keeps the same bytes in the replica's output buffer).
 *
 * <p>The forced GCs slow everything down (the sync and the rewrite alike, so they still
 * overlap); {@code -DsampleMillis=} changes the sampling period, {@code -Dtrace=true} prints the
 * payload's progress.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/tandem-benchmarks.jar
 * dev.tandem.benchmarks.FullSyncHeapHarness [keys]}.
 */
public final class FullSyncHeapHarness {

    private static final long SAMPLE_MILLIS = Long.getLong("sampleMillis", 100);

    private FullSyncHeapHarness() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder()
                .directive("client-output-buffer-limit", "replica 0 0 0").start()) {
            for (int i = 0; i < keys; i++) {
                master.set("key:" + i, "value-" + i + "-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
            }
            long baseline = liveHeap(memory);
            long directBaseline = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            System.out.printf("dataset: %d keys, live heap %.1f MB, pooled direct %.1f MB%n", keys, baseline / 1e6,
                    directBaseline / 1e6);

            AtomicLong peakHeap = new AtomicLong(baseline);
            AtomicLong peakDirect = new AtomicLong(directBaseline);
            AtomicLong payload = new AtomicLong();
            AtomicLong payloadDoneNanos = new AtomicLong();
            java.util.concurrent.ScheduledExecutorService sampler =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            Runnable sample = () -> {
                peakHeap.accumulateAndGet(liveHeap(memory), Math::max);
                peakDirect.accumulateAndGet(PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), Math::max);
            };
            long start = System.nanoTime();
            Thread replica = new Thread(() -> {
                drainFullSync(master.port(), payload);
                payloadDoneNanos.set(System.nanoTime());
            });
            replica.start();
            sampler.scheduleWithFixedDelay(sample, 0, SAMPLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            // Rewrite every key while the snapshot is produced and sent.
            long rewritten = 0;
            for (int i = 0; i < keys; i++) {
                master.set("key:" + i, "rewritten-" + i + "-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
                rewritten++;
            }
            long rewriteDone = System.nanoTime();
            replica.join();
            sampler.shutdown();
            sampler.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            sample.run();
            System.out.printf("rewrote %d keys in %.0f ms; snapshot payload %.1f MB received in %.0f ms%n", rewritten,
                    (rewriteDone - start) / 1e6, payload.get() / 1e6, (payloadDoneNanos.get() - start) / 1e6);
            System.out.printf("extra live heap during the sync: peak %.1f MB over the %.1f MB baseline (%.1f%% of it)%n",
                    (peakHeap.get() - baseline) / 1e6, baseline / 1e6, 100.0 * (peakHeap.get() - baseline) / baseline);
            System.out.printf("pooled direct memory: peak %.1f MB (baseline %.1f MB)%n", peakDirect.get() / 1e6,
                    directBaseline / 1e6);
        }
    }

    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A bare replica: handshake, PSYNC ? -1, read +FULLRESYNC and the $EOF payload to its mark. */
    private static void drainFullSync(int port, AtomicLong payload) {
        try (RawClient replica = RawClient.connect("127.0.0.1", port)) {
            replica.command("PING").readReplyLine();
            replica.command("REPLCONF", "capa", "eof", "capa", "psync2").readReplyLine();
            String line = replica.command("PSYNC", "?", "-1").readReplyLine();
            if (!line.startsWith("+FULLRESYNC")) {
                throw new IllegalStateException("unexpected " + line);
            }
            String header = replica.readReplyLine();
            byte[] mark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
            byte[] tail = new byte[mark.length];
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            long t0 = System.nanoTime();
            long nextReport = 0;
            while ((n = replica.readSome(buf)) > 0) {
                total += n;
                if (Boolean.getBoolean("trace") && total >= nextReport) {
                    System.out.printf("  %.0f ms: %d payload bytes%n", (System.nanoTime() - t0) / 1e6, total);
                    nextReport += 4_000_000;
                }
                for (int i = 0; i < n; i++) {
                    System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                    tail[tail.length - 1] = buf[i];
                }
                if (total >= mark.length && java.util.Arrays.equals(tail, mark)) {
                    break;
                }
            }
            payload.set(total - mark.length);
        }
    }
}
