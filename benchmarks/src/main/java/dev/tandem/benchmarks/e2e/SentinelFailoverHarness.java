/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.testkit.ProcessLog;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Time from {@code kill -9} of the master to a writable new master under three real
 * {@code redis-sentinel} 7.0 processes (quorum 2, {@code down-after-milliseconds 1000},
 * {@code failover-timeout 10000}, Sentinel's other timings at their defaults), Tandem nodes
 * ({@code tandem-server} child JVMs) against {@code redis-server} nodes, alternating which kind
 * goes first in each round. Each run: a master, a replica and a {@code replica-priority 0}
 * replica; once the sentinels know both replicas and each other the master is killed with
 * SIGKILL, and a {@code SET} on the eligible replica is tried every 2 ms until it answers
 * {@code OK}. The leader sentinel's log splits the time: kill → its {@code +sdown} (when
 * Sentinel's last {@code PONG} was, up to a ping period plus {@code down-after-milliseconds}),
 * {@code +sdown} → {@code +failover-state-send-slaveof-noone} (ODOWN, election), and from there
 * to the first {@code OK} — the only part the node's own speed decides.
 * <pre>
 * mvn -B -q -o -pl examples,benchmarks -am package -DskipTests
 * java -cp benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.e2e.SentinelFailoverHarness \
 *     examples/target/tandem-server.jar [rounds]
 * </pre>
 * Default 9 rounds (one run of each kind per round). Loopback only, temporary directories.
 */
public final class SentinelFailoverHarness {

    private static final String MASTER_NAME = "mymaster";
    private static final DateTimeFormatter SENTINEL_TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

    private SentinelFailoverHarness() {
    }

    /** One run's figures, in milliseconds; -1 where the sentinel's log did not show the event. */
    private record Run(String kind, long total, long toSdown, long toPromotionSent, long nodeShare) {
    }

    /** A data node of either kind: its port and a SIGKILL. */
    private interface Node extends AutoCloseable {
        int port();

        long pid();

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "examples/target/tandem-server.jar");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        List<Run> tandem = new ArrayList<>();
        List<Run> redis = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean tandemFirst = round % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isTandem = (k == 0) == tandemFirst;
                Run run = run(jar, isTandem);
                for (int retry = 0; run == null && retry < 3; retry++) {
                    System.out.println("round " + (round + 1) + " " + (isTandem ? "tandem" : "redis")
                            + ": a failover happened during the set-up; run again");
                    run = run(jar, isTandem);
                }
                if (run == null) {
                    throw new IllegalStateException("three set-ups in a row failed over before the kill");
                }
                System.out.printf("round %d %-6s kill->writable %5d ms  (kill->+sdown %5d, ->send-slaveof-noone %5d,"
                        + " ->writable %4d)%n", round + 1, run.kind(), run.total(), run.toSdown(),
                        run.toPromotionSent(), run.nodeShare());
                (isTandem ? tandem : redis).add(run);
            }
        }
        summary("tandem", tandem);
        summary("redis", redis);
    }

    private static void summary(String kind, List<Run> runs) {
        System.out.printf("%-6s median kill->writable %d ms (kill->+sdown %d, +sdown->send-slaveof-noone %d,"
                + " send-slaveof-noone->writable %d) over %d runs; all: %s%n", kind,
                median(runs.stream().mapToLong(Run::total).toArray()),
                median(runs.stream().mapToLong(Run::toSdown).toArray()),
                median(runs.stream().mapToLong(Run::toPromotionSent).toArray()),
                median(runs.stream().mapToLong(Run::nodeShare).toArray()), runs.size(),
                runs.stream().map(r -> Long.toString(r.total())).toList());
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
    }

    private static Run run(Path jar, boolean isTandem) throws Exception {
        Path dir = Files.createTempDirectory("sentinel-failover");
        List<Sentinel> sentinels = new ArrayList<>();
        try (Node master = start(jar, isTandem, "m", null, 100);
             Node replica = start(jar, isTandem, "r1", master.port(), 100);
             Node zero = start(jar, isTandem, "r2", master.port(), 0)) {
            Poll.until("replicas linked", java.time.Duration.ofSeconds(60), java.time.Duration.ofMillis(50), () -> linkUp(replica.port()) && linkUp(zero.port()));
            for (int i = 0; i < 3; i++) {
                sentinels.add(Sentinel.start(dir, master.port()));
            }
            for (Sentinel s : sentinels) {
                Poll.until("sentinel discovery", java.time.Duration.ofSeconds(60), java.time.Duration.ofMillis(50), () -> s.healthyReplicas() == 2 && s.sentinelsKnown() == 2);
            }
            // On a loaded machine a sentinel may have failed the master over during the set-up
            // already; such a run measures nothing, so it is reported and repeated.
            for (Sentinel s : sentinels) {
                if (s.masterPort() != master.port() || !s.logLines("+failover").isEmpty()) {
                    return null;
                }
            }
            long killedAt = System.currentTimeMillis();
            long killedNanos = System.nanoTime();
            ProcessHandle.of(master.pid()).ifPresent(ProcessHandle::destroyForcibly);
            long writableNanos = awaitWritable(replica.port(), killedNanos);
            long writableAt = killedAt + (writableNanos - killedNanos) / 1_000_000;
            long total = (writableNanos - killedNanos) / 1_000_000;
            // The sentinel that sent SLAVEOF NO ONE is the leader; its log has the whole sequence.
            Sentinel leader = null;
            for (int attempt = 0; attempt < 100 && leader == null; attempt++) {
                for (Sentinel s : sentinels) {
                    if (s.eventTime("+failover-state-send-slaveof-noone", killedAt).isPresent()) {
                        leader = s;
                    }
                }
                if (leader == null) {
                    TimeUnit.MILLISECONDS.sleep(20);
                }
            }
            long sdown = leader == null ? -1 : leader.eventTime("+sdown master", killedAt).orElse(-1);
            long sent = leader == null ? -1 : leader.eventTime("+failover-state-send-slaveof-noone", killedAt).orElse(-1);
            return new Run(isTandem ? "tandem" : "redis", total,
                    sdown < 0 ? -1 : sdown - killedAt, sdown < 0 || sent < 0 ? -1 : sent - sdown,
                    sent < 0 ? -1 : writableAt - sent);
        } finally {
            sentinels.forEach(Sentinel::close);
            deleteRecursively(dir);
        }
    }

    /** Tries a SET every 2 ms (a new connection when Sentinel's CLIENT KILL closed the last one). */
    private static long awaitWritable(int port, long since) throws Exception {
        RespClient c = null;
        try {
            while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(60)) {
                try {
                    if (c == null) {
                        c = RespClient.connect("127.0.0.1", port);
                    }
                    if ("OK".equals(c.call("SET", "probe", "1"))) {
                        return System.nanoTime();
                    }
                } catch (IOException closed) {
                    if (c != null) {
                        c.close();
                    }
                    c = null;
                } catch (RuntimeException readOnly) {
                    // -READONLY until the promotion: try again
                }
                TimeUnit.MILLISECONDS.sleep(2);
            }
            throw new IOException("no writable master 60 s after the kill");
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    private static boolean linkUp(int port) throws IOException {
        try (RespClient c = RespClient.connect("127.0.0.1", port)) {
            String info = new String((byte[]) c.call("INFO", "replication"), StandardCharsets.UTF_8);
            return info.contains("master_link_status:up");
        }
    }

    private static Node start(Path jar, boolean isTandem, String name, Integer masterPort, int priority)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--replica-priority", Integer.toString(priority), "--save", ""));
        if (masterPort != null) {
            args.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
        }
        if (isTandem) {
            TandemProcess p = TandemProcess.launcher(jar, name, "256m", args.toArray(String[]::new));
            return new Node() {
                public int port() {
                    return p.port();
                }

                public long pid() {
                    return p.pid();
                }

                public void close() {
                    p.close();
                }
            };
        }
        RedisServerProcess p = Nodes.redis(args.toArray(String[]::new));
        return new Node() {
            public int port() {
                return p.port();
            }

            public long pid() {
                return p.pid();
            }

            public void close() {
                p.close();
            }
        };
    }

    /** A {@code redis-sentinel} on a free port with a generated configuration. */
    private static final class Sentinel implements AutoCloseable {
        private final Process process;
        private final ProcessLog log;
        private final int port;

        private Sentinel(Process process, ProcessLog log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static Sentinel start(Path dir, int masterPort) throws IOException {
            String binary = RedisServerProcess.requireTool("redis-sentinel");
            int port = RedisServerProcess.freeLoopbackPort();
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "daemonize no",
                    "protected-mode no", "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 10000", ""));
            Process p = new ProcessBuilder(binary, conf.toString()).redirectErrorStream(true).start();
            ProcessLog log = ProcessLog.follow(p, "redis-sentinel", line -> line.contains("+monitor master"));
            Sentinel s = new Sentinel(p, log, port);
            try {
                log.awaitLine(20, "redis-sentinel on port " + port);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            return s;
        }

        long healthyReplicas() throws IOException {
            return rows("REPLICAS").stream().filter(r -> r.contains("flags\u0000slave\u0000")).count();
        }

        int masterPort() throws IOException {
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                Object addr = c.call("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
                return Integer.parseInt(new String((byte[]) ((List<?>) addr).get(1), StandardCharsets.UTF_8));
            }
        }

        /** Log lines containing {@code fragment}. */
        List<String> logLines(String fragment) {
            return log.lines().stream().filter(l -> l.contains(fragment)).toList();
        }

        long sentinelsKnown() throws IOException {
            return rows("SENTINELS").size();
        }

        /** Rows of SENTINEL REPLICAS/SENTINELS as "field\0value\0..." strings. */
        private List<String> rows(String what) throws IOException {
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                List<String> out = new ArrayList<>();
                for (Object row : (List<?>) c.call("SENTINEL", what, MASTER_NAME)) {
                    StringBuilder b = new StringBuilder();
                    for (Object field : (List<?>) row) {
                        b.append(new String((byte[]) field, StandardCharsets.UTF_8)).append('\u0000');
                    }
                    out.add(b.toString());
                }
                return out;
            }
        }

        /**
         * When the sentinel first logged {@code event} at or after {@code since} (epoch ms; its
         * log's millisecond timestamps), if it did. Earlier lines are ignored: on a loaded machine a
         * sentinel may flag a node {@code +sdown} (and {@code -sdown}) during the set-up.
         */
        OptionalLong eventTime(String event, long since) {
            for (String line : log.lines()) {
                if (line.contains(event)) {
                    // "<pid>:X 08 Dec 2026 00:42:25.489 # +sdown master ..."
                    String stamp = line.substring(line.indexOf(' ') + 1, line.indexOf(' ') + 25);
                    long at = LocalDateTime.parse(stamp, SENTINEL_TIME).atZone(ZoneId.systemDefault())
                            .toInstant().toEpochMilli();
                    if (at >= since) {
                        return OptionalLong.of(at);
                    }
                }
            }
            return OptionalLong.empty();
        }

        @Override
        public void close() {
            process.toHandle().destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.toHandle().destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
