/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak of issue #14 (not in CI): a master and two replicas, each a {@code tandem-server} in a
 * JVM of its own with a small heap ({@code -Xmx256m} by default), a writer at a fixed rate, and
 * faults at random: replica links cut for a few seconds (through a {@link LoopbackProxy} per
 * replica), stalls ({@code DEBUG SLEEP} on a replica or the master), {@code kill -9} of a replica
 * (restarted and re-attached) and of the master (a replica is promoted with
 * {@code REPLICAOF NO ONE}, the other one and a restarted node follow it). Every 10 s it samples
 * each node's heap in use ({@code INFO memory tandem_jvm_heap_used}), {@code used_memory} and
 * thread count ({@code /proc/<pid>/status}). At the end it stops the faults and the writer, waits
 * for quiescence and checks: every replica's digest equals the master's, no node died on its own
 * (a node that runs out of heap exits with status 1), and heap and threads are flat (the last
 * quarter's averages against the second quarter's).
 *
 * <pre>
 * mvn -B -q -o package -pl examples,benchmarks -am -DskipTests
 * java -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.e2e.SoakHarness \
 *     --minutes 30 [--jar examples/target/tandem-server.jar] [--heap 256m] [--rate 500] [--keys 20000] [--seed 1]
 * </pre>
 * Exit status 0 when every check holds.
 */
public final class SoakHarness {

    private static final long SAMPLE_MILLIS = 10_000;

    private final Path jar;
    private final String heap;
    private final Random random;
    private final int keys;
    private final List<String> log = new ArrayList<>();
    private final List<long[]> samples = new ArrayList<>(); // {elapsed s, max heap used, max used_memory, max threads}
    private volatile TandemProcess master;
    private final TandemProcess[] replicas = new TandemProcess[2];
    private final LoopbackProxy[] proxies = new LoopbackProxy[2];
    /** Heals cut links when their time is up (a daemon timer: a cut still pending at exit does not hold the JVM). */
    private final ScheduledExecutorService linkRestorer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-restore");
        t.setDaemon(true);
        return t;
    });
    private int unexpectedDeaths;
    private int restarts;

    private SoakHarness(Path jar, String heap, long seed, int keys) {
        this.jar = jar;
        this.heap = heap;
        this.random = new Random(seed);
        this.keys = keys;
    }

    public static void main(String[] args) throws Exception {
        double minutes = 30;
        Path jar = Path.of("examples/target/tandem-server.jar");
        String heap = "256m";
        int rate = 500;
        int keys = 20_000;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: SoakHarness [--minutes 30] [--jar examples/target/tandem-server.jar] "
                            + "[--heap 256m] [--rate 500] [--keys 20000] [--seed 1]");
                    System.exit(2);
                }
            }
        }
        SoakHarness soak = new SoakHarness(jar, heap, seed, keys);
        boolean ok;
        try {
            ok = soak.run((long) (minutes * 60_000), rate);
        } finally {
            soak.stopAll();
        }
        System.exit(ok ? 0 : 1);
    }

    private TandemProcess start(String name) throws IOException {
        restarts++;
        // A small backlog: the heap is small, and losing the backlog only costs a full sync.
        return TandemProcess.launcher(jar, name, heap, "--repl-backlog-size", "8mb", "--repl-timeout", "10",
                "--save", "");
    }

    private void note(long startNanos, String what) {
        String line = String.format(Locale.ROOT, "[%7.1f s] %s", (System.nanoTime() - startNanos) / 1e9, what);
        log.add(line);
        System.out.println(line);
    }

    private boolean run(long durationMillis, int rate) throws Exception {
        long start = System.nanoTime();
        master = start("soak-master");
        for (int i = 0; i < 2; i++) {
            replicas[i] = start("soak-replica-" + i);
            attach(i);
        }
        note(start, "master on " + master.port() + ", replicas on " + replicas[0].port() + " and " + replicas[1].port());
        AtomicLong written = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Writer writer = new Writer(rate, written, refused);
        writer.start();
        long end = System.currentTimeMillis() + durationMillis;
        long nextSample = 0;
        long nextFault = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < end) {
            checkAlive(start);
            long now = System.currentTimeMillis();
            if (now >= nextSample) {
                sample(start);
                nextSample = now + SAMPLE_MILLIS;
            }
            if (now >= nextFault) {
                fault(start);
                nextFault = now + 5_000 + random.nextInt(15_000);
            }
            Thread.sleep(200); // the harness's pacing, not a test wait
        }
        writer.stopWriting();
        note(start, "faults and writer stopped: " + written.get() + " writes, " + refused.get() + " refused or lost");
        for (LoopbackProxy p : proxies) {
            p.restore();
        }
        boolean converged = quiesce(start);
        sample(start);
        return report(start, converged);
    }

    private void attach(int i) throws IOException {
        if (proxies[i] != null) {
            proxies[i].close();
        }
        proxies[i] = LoopbackProxy.to(master.port());
        try (NodeClient c = NodeClient.connect(replicas[i].port())) {
            c.replicaOf(proxies[i].port());
        }
    }

    private void checkAlive(long start) throws IOException {
        if (!master.alive()) {
            unexpectedDeaths++;
            note(start, "MASTER DIED on its own (status " + master.exitValue() + ")");
            promote(start, 0);
        }
        for (int i = 0; i < 2; i++) {
            if (!replicas[i].alive()) {
                unexpectedDeaths++;
                note(start, "replica " + i + " DIED on its own (status " + replicas[i].exitValue() + ")");
                replicas[i] = start("soak-replica-" + i);
                attach(i);
            }
        }
    }

    private void fault(long start) throws IOException {
        int kind = random.nextInt(10);
        int i = random.nextInt(2);
        if (kind < 4) {
            int seconds = 1 + random.nextInt(5);
            note(start, "cut the link of replica " + i + " for " + seconds + " s");
            proxies[i].cut();
            linkRestorer.schedule(proxies[i]::restore, seconds, TimeUnit.SECONDS);
        } else if (kind < 6) {
            boolean onMaster = random.nextBoolean();
            TandemProcess target = onMaster ? master : replicas[i];
            note(start, "stall " + (onMaster ? "the master" : "replica " + i) + " for 2 s (DEBUG SLEEP 2)");
            try (NodeClient c = NodeClient.connect(target.port())) {
                c.call("DEBUG", "SLEEP", "2");
            } catch (IOException e) {
                note(start, "  stall failed: " + e.getMessage());
            }
        } else if (kind < 9) {
            note(start, "kill -9 replica " + i + " and start a new one");
            replicas[i].kill();
            replicas[i] = start("soak-replica-" + i);
            attach(i);
        } else {
            note(start, "kill -9 the master; replica " + i + " is promoted");
            master.kill();
            promote(start, i);
        }
    }

    /** The master is gone: replica {@code i} becomes master, the other follows it, a new node replaces {@code i}. */
    private void promote(long start, int i) throws IOException {
        try (NodeClient c = NodeClient.connect(replicas[i].port())) {
            c.call("REPLICAOF", "NO", "ONE");
        }
        master = replicas[i];
        replicas[i] = start("soak-replica-" + i);
        attach(i);
        attach(1 - i);
        note(start, "  new master on " + master.port());
    }

    private void sample(long start) {
        long heapUsed = 0;
        long used = 0;
        long threads = 0;
        List<TandemProcess> nodes = List.of(master, replicas[0], replicas[1]);
        StringBuilder row = new StringBuilder("sample:");
        for (TandemProcess p : nodes) {
            try (NodeClient c = NodeClient.connect(p.port())) {
                long h = c.infoLong("memory", "tandem_jvm_heap_used");
                long u = c.infoLong("memory", "used_memory");
                long t = threads(p.pid());
                heapUsed = Math.max(heapUsed, h);
                used = Math.max(used, u);
                threads = Math.max(threads, t);
                row.append(String.format(Locale.ROOT, " [%d: heap %d MB, used_memory %d MB, %d threads, %d keys]",
                        p.port(), h >> 20, u >> 20, t, c.dbsize()));
            } catch (IOException e) {
                row.append(" [").append(p.port()).append(": ").append(e.getMessage()).append(']');
            }
        }
        samples.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, heapUsed, used, threads});
        note(start, row.toString());
    }

    private static long threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private boolean quiesce(long start) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (NodeClient m = NodeClient.connect(master.port());
                    NodeClient a = NodeClient.connect(replicas[0].port());
                    NodeClient b = NodeClient.connect(replicas[1].port())) {
                long offset = m.replOffset();
                if (a.linkUp() && b.linkUp() && a.replOffset() == offset && b.replOffset() == offset) {
                    String digest = m.digest();
                    boolean equal = digest.equals(a.digest()) && digest.equals(b.digest());
                    note(start, "quiescent at offset " + offset + ": " + m.dbsize() + " keys, digests "
                            + (equal ? "equal (" + digest + ")" : "DIFFER: " + digest + " " + a.digest() + " " + b.digest()));
                    return equal;
                }
            } catch (IOException e) {
                // a node still loading; try again
            }
            Thread.sleep(500);
        }
        note(start, "NOT quiescent within 120 s");
        return false;
    }

    private boolean report(long start, boolean converged) {
        int n = samples.size();
        boolean flat = true;
        if (n >= 8) {
            double[] second = average(samples.subList(n / 4, n / 2));
            double[] last = average(samples.subList(n * 3 / 4, n));
            // Flat: the last quarter within 25% (heap: plus 32 MB of collector slack) of the second quarter.
            boolean heapFlat = last[1] <= second[1] * 1.25 + (32 << 20);
            boolean threadsFlat = last[3] <= second[3] * 1.25;
            flat = heapFlat && threadsFlat;
            note(start, String.format(Locale.ROOT, "heap in use (max of the nodes): second quarter %.0f MB, last quarter "
                    + "%.0f MB%s; threads: %.0f, %.0f%s", second[1] / (1 << 20), last[1] / (1 << 20),
                    heapFlat ? "" : " GROWING", second[3], last[3], threadsFlat ? "" : " GROWING"));
        } else {
            note(start, "too few samples to judge heap and threads (" + n + ")");
        }
        note(start, "nodes started " + restarts + ", unexpected deaths " + unexpectedDeaths);
        boolean ok = converged && unexpectedDeaths == 0 && flat;
        note(start, ok ? "SOAK PASSED" : "SOAK FAILED");
        return ok;
    }

    private static double[] average(List<long[]> rows) {
        double[] sum = new double[4];
        for (long[] r : rows) {
            for (int i = 0; i < 4; i++) {
                sum[i] += r[i];
            }
        }
        for (int i = 0; i < 4; i++) {
            sum[i] /= Math.max(1, rows.size());
        }
        return sum;
    }

    private void stopAll() {
        for (LoopbackProxy p : proxies) {
            try {
                if (p != null) {
                    p.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (TandemProcess p : new TandemProcess[] {master, replicas[0], replicas[1]}) {
            if (p != null) {
                p.close();
            }
        }
    }

    /** SET/INCR/DEL/LPUSH+LTRIM/HSET at a fixed rate against whichever node is master now. */
    private final class Writer extends Thread {
        private final int rate;
        private final AtomicLong written;
        private final AtomicLong refused;
        private volatile boolean running = true;

        Writer(int rate, AtomicLong written, AtomicLong refused) {
            super("soak-writer");
            setDaemon(true);
            this.rate = rate;
            this.written = written;
            this.refused = refused;
        }

        void stopWriting() throws InterruptedException {
            running = false;
            join(30_000);
        }

        @Override
        public void run() {
            Random r = new Random(random.nextLong());
            byte[] value = new byte[200];
            NodeClient client = null;
            int clientPort = -1;
            long next = System.nanoTime();
            long period = 1_000_000_000L / rate;
            while (running) {
                try {
                    int port = master.port();
                    if (client == null || clientPort != port) {
                        if (client != null) {
                            client.close();
                        }
                        client = NodeClient.connect(port);
                        clientPort = port;
                    }
                    String key = "k:" + r.nextInt(keys);
                    switch (r.nextInt(5)) {
                        case 0 -> {
                            r.nextBytes(value);
                            client.call("SET", key, new String(value, StandardCharsets.ISO_8859_1));
                        }
                        case 1 -> client.call("INCR", "n:" + r.nextInt(keys));
                        case 2 -> client.call("DEL", key);
                        case 3 -> {
                            client.call("LPUSH", "l:" + r.nextInt(100), Long.toString(r.nextLong()));
                            client.call("LTRIM", "l:" + r.nextInt(100), "0", "99");
                        }
                        default -> client.call("HSET", "h:" + r.nextInt(1000), "f" + r.nextInt(100), key);
                    }
                    written.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    refused.incrementAndGet();
                    if (client != null) {
                        try {
                            client.close();
                        } catch (IOException ignored) {
                            // reconnect below
                        }
                    }
                    client = null;
                }
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                } else if (wait < -1_000_000_000L) {
                    next = System.nanoTime(); // fell behind by a second (a stall): do not burst to catch up
                }
            }
        }
    }
}
