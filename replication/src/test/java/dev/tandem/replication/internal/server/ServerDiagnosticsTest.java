/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** INFO's sections and per-command statistics, CONFIG RESETSTAT, SLOWLOG and LATENCY, as Redis 7.0.15. */
class ServerDiagnosticsTest extends SharedServerTest {

    @BeforeEach
    void reset() {
        try (RawClient c = server.raw()) {
            c.send(RawClient.encode("CONFIG", "RESETSTAT") + RawClient.encode("SLOWLOG", "RESET")
                    + RawClient.encode("LATENCY", "RESET")
                    + RawClient.encode("CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128",
                    "latency-tracking", "yes", "latency-tracking-info-percentiles", "50 99 99.9"));
            c.readLine();
            c.readLine();
            c.readLine();
            assertEquals("+OK\r\n", c.readLine());
        }
    }

    /** Reads exactly {@code bytes}' length and compares. */
    private static void expect(RawClient c, String bytes) {
        assertEquals(bytes, c.readLike(bytes));
    }

    private static String bulk(RawClient c) {
        String header = c.readLine();
        int n = Integer.parseInt(header.substring(1, header.length() - 2));
        return c.read(n + 2).substring(0, n);
    }

    private static String info(RawClient c, String... sections) {
        String[] argv = new String[sections.length + 1];
        argv[0] = "INFO";
        System.arraycopy(sections, 0, argv, 1, sections.length);
        c.command(argv);
        return bulk(c);
    }

    private static List<String> headers(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                out.add(line.substring(2));
            }
        }
        return out;
    }

    @Test
    void sectionsAreSelectedAsRedisSelectsThem() {
        try (RawClient c = server.raw()) {
            List<String> defaults = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Errorstats", "Cluster", "Keyspace");
            List<String> all = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
            assertEquals(defaults, headers(info(c)));
            assertEquals(defaults, headers(info(c, "default")));
            assertEquals(all, headers(info(c, "all")));
            assertEquals(all, headers(info(c, "everything")));
            assertEquals(List.of("Server", "Clients"), headers(info(c, "clients", "SERVER")));
            assertEquals(all, headers(info(c, "cpu", "all"))); // each section once
            assertEquals("", info(c, "nosuchsection"));
            String cpu = info(c, "cpu");
            assertTrue(Pattern.compile("used_cpu_user:\\d+\\.\\d{6}\r\n").matcher(cpu).find(), cpu);
            assertTrue(cpu.contains("used_cpu_sys_children:0.000000\r\n"), cpu);
        }
    }

    @Test
    void commandErrorAndLatencyStatsCountAsRedisDoes() {
        try (RawClient c = server.raw()) {
            c.send(RawClient.encode("SET", "stats-k", "v") + RawClient.encode("GET", "stats-k")
                    + RawClient.encode("LPUSH", "stats-k", "x") + RawClient.encode("GET")
                    + RawClient.encode("NOSUCH") + RawClient.encode("CLIENT", "ID")
                    + RawClient.encode("CLIENT", "ID", "extra"));
            c.readLine();
            bulk(c);
            c.readLine();
            c.readLine();
            c.readLine();
            c.readLine();
            c.readLine();
            String stats = info(c, "commandstats");
            assertTrue(Pattern.compile("cmdstat_set:calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,"
                    + "failed_calls=0\r\n").matcher(stats).find(), stats);
            assertTrue(stats.contains(",rejected_calls=1,failed_calls=0\r\n"), stats);
            assertTrue(Pattern.compile("cmdstat_get:calls=1,.*,rejected_calls=1,failed_calls=0\r\n").matcher(stats)
                    .find(), stats);
            assertTrue(Pattern.compile("cmdstat_lpush:calls=1,.*,rejected_calls=0,failed_calls=1\r\n").matcher(stats)
                    .find(), stats);
            assertTrue(Pattern.compile("cmdstat_client\\|id:calls=1,.*,rejected_calls=1,failed_calls=0\r\n")
                    .matcher(stats).find(), stats);
            assertFalse(stats.contains("nosuch"), stats);
            String errors = info(c, "errorstats");
            assertEquals("# Errorstats\r\nerrorstat_ERR:count=3\r\nerrorstat_WRONGTYPE:count=1\r\n", errors);
            String latency = info(c, "latencystats");
            assertTrue(Pattern.compile("latency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},"
                    + "p99\\.9=\\d+\\.\\d{3}\r\n").matcher(latency).find(), latency);

            c.command("CONFIG", "SET", "latency-tracking-info-percentiles", "0 50 100");
            assertEquals("+OK\r\n", c.readLine());
            assertTrue(info(c, "latencystats").contains("latency_percentiles_usec_get:p0="), "percentiles reconfigured");
            c.command("CONFIG", "GET", "latency-tracking-info-percentiles");
            expect(c, "*2\r\n$33\r\nlatency-tracking-info-percentiles\r\n$8\r\n0 50 100\r\n");
            c.command("CONFIG", "SET", "latency-tracking-info-percentiles", "10 101");
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - "
                    + "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]\r\n", c.readLine());

            c.command("CONFIG", "RESETSTAT");
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("# Errorstats\r\n", info(c, "errorstats"));
            String afterReset = info(c, "commandstats");
            assertTrue(afterReset.startsWith("# Commandstats\r\ncmdstat_config|resetstat:calls=1,"), afterReset);
        }
    }

    @Test
    void slowlogRecordsTrimmedAndRedactedCommands() {
        try (RawClient c = server.raw()) {
            c.command("CONFIG", "SET", "slowlog-log-slower-than", "0");
            assertEquals("+OK\r\n", c.readLine());
            c.command("SLOWLOG", "RESET");
            assertEquals("+OK\r\n", c.readLine());
            String[] many = new String[35];
            many[0] = "SADD";
            many[1] = "slow-set";
            for (int i = 2; i < many.length; i++) {
                many[i] = Integer.toString(i);
            }
            c.command(many);
            c.readLine();
            c.command("SET", "slow-long", "A".repeat(130));
            c.readLine();
            c.command("CONFIG", "SET", "masterauth", "secret");
            c.readLine();
            c.command("CLIENT", "SETNAME", "slow-client");
            c.readLine();
            c.command("CONFIG", "SET", "slowlog-log-slower-than", "-1");
            assertEquals("+OK\r\n", c.readLine());
            c.command("SLOWLOG", "LEN");
            assertEquals(":5\r\n", c.readLine()); // RESET, SADD, SET, CONFIG SET masterauth, SETNAME

            c.command("SLOWLOG", "GET", "1");
            assertEquals("*1\r\n", c.readLine());
            assertEquals("*6\r\n", c.readLine());
            assertTrue(c.readLine().startsWith(":")); // id
            assertTrue(c.readLine().startsWith(":")); // timestamp
            assertTrue(c.readLine().startsWith(":")); // microseconds
            expect(c, "*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$11\r\nslow-client\r\n");
            assertTrue(bulk(c).startsWith("127.0.0.1:"));
            assertEquals("slow-client", bulk(c));

            c.command("SLOWLOG", "GET", "-1");
            String all = c.readUntil("$11\r\nslow-client\r\n"); // the newest entry comes first
            assertTrue(all.startsWith("*5\r\n"), all);
            c.readUntil("(redacted)\r\n");
            c.readUntil("... (2 more bytes)\r\n");
            String sadd = c.readUntil("... (4 more arguments)\r\n");
            assertTrue(sadd.contains("*32\r\n$4\r\nSADD\r\n"), sadd);
            assertTrue(bulk(c).startsWith("127.0.0.1:"));
            assertEquals("", bulk(c)); // the name when the SADD was logged: none yet
            c.readUntil("$5\r\nRESET\r\n"); // the oldest: SLOWLOG RESET, logged after it ran
            assertTrue(bulk(c).startsWith("127.0.0.1:"));
            assertEquals("", bulk(c));

            c.command("SLOWLOG", "GET", "-2");
            assertEquals("-ERR count should be greater than or equal to -1\r\n", c.readLine());
            c.command("SLOWLOG", "GET", "1", "2");
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.\r\n",
                    c.readLine());
        }
    }

    @Test
    void slowlogMaxLenTrimsAtOnce() {
        try (RawClient c = server.raw()) {
            c.command("CONFIG", "SET", "slowlog-log-slower-than", "0");
            c.readLine();
            for (int i = 0; i < 5; i++) {
                c.command("PING");
                c.readLine();
            }
            c.command("CONFIG", "SET", "slowlog-max-len", "2");
            c.readLine();
            c.command("SLOWLOG", "LEN");
            assertEquals(":2\r\n", c.readLine());
            c.command("CONFIG", "SET", "slowlog-max-len", "-1");
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must be "
                    + "between 0 and 9223372036854775807 inclusive\r\n", c.readLine());
        }
    }

    @Test
    void latencyHistogramAndMonitor() {
        try (RawClient c = server.raw()) {
            c.command("LATENCY", "HISTOGRAM", "nosuch");
            assertEquals("*0\r\n", c.readLine());
            c.command("SET", "lat", "1");
            c.readLine();
            c.command("CLIENT", "ID");
            c.readLine();
            c.command("LATENCY", "HISTOGRAM", "set", "client");
            String reply = c.readUntil("client|id\r\n");
            c.readUntil("histogram_usec\r\n");
            assertEquals("*2\r\n", c.readLine());
            c.readLine();
            assertEquals(":1\r\n", c.readLine());
            assertTrue(reply.startsWith("*4\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n*"), reply);

            c.command("LATENCY", "DOCTOR");
            assertTrue(bulk(c).startsWith("I'm sorry, Dave, I can't do that. Latency monitoring is disabled"));
            c.command("LATENCY", "GRAPH", "command");
            assertEquals("-ERR No samples available for event 'command'\r\n", c.readLine());
            c.command("LATENCY", "HELP", "x");
            assertEquals("-ERR wrong number of arguments for 'latency|help' command\r\n", c.readLine());
        }
        Diagnostics diagnostics = server.server.diagnostics();
        diagnostics.prepare(java.util.Map.of("latency-monitor-threshold", "5")).run();
        try {
            // Durations are given, not measured: the monitor's bookkeeping is what is tested here.
            diagnostics.commandRan(2_000_000, null, new byte[][] {"x".getBytes()});
            assertTrue(diagnostics.latencyMonitor().snapshot().isEmpty(), "under the threshold");
            diagnostics.commandRan(7_000_000, null, new byte[][] {"x".getBytes()});
            diagnostics.commandRan(9_000_000, null, new byte[][] {"x".getBytes()});
            LatencyMonitor.Series series = diagnostics.latencyMonitor().snapshot().get("command");
            assertEquals(9, series.max);
            assertEquals(9, series.latest().millis()); // one sample per second: the larger is kept
            try (RawClient c = server.raw()) {
                c.command("LATENCY", "LATEST");
                expect(c, "*1\r\n*4\r\n$7\r\ncommand\r\n");
                c.readLine();
                assertEquals(":9\r\n", c.readLine());
                assertEquals(":9\r\n", c.readLine());
                c.command("LATENCY", "DOCTOR");
                assertTrue(bulk(c).contains("1. command: 1 latency spikes (average 9ms, mean deviation 0ms"));
                c.command("LATENCY", "RESET", "nosuch");
                assertEquals(":0\r\n", c.readLine());
                c.command("LATENCY", "RESET");
                assertEquals(":1\r\n", c.readLine());
            }
        } finally {
            diagnostics.prepare(java.util.Map.of("latency-monitor-threshold", "0")).run();
        }
    }

    @Test
    void statsTablesAreBounded() {
        CommandStats stats = new CommandStats();
        for (int i = 0; i < 3000; i++) {
            stats.called("client|made-up-" + i, 1000, false, true);
            stats.error("CODE" + i + " text");
        }
        assertEquals(CommandStats.MAX_COMMANDS, stats.commands().size());
        assertEquals(CommandStats.MAX_ERROR_CODES, stats.errors().size());
    }

    @Test
    void histogramPercentilesAreWithinThreePercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1000L); // 1 µs .. 1 ms
        }
        long p50 = h.valueAt(50);
        long p99 = h.valueAt(99);
        assertTrue(p50 >= 500_000 && p50 <= 500_000 * 1.04, Long.toString(p50));
        assertTrue(p99 >= 990_000 && p99 <= 990_000 * 1.04, Long.toString(p99));
        assertEquals(0, new LatencyHistogram().valueAt(50));
    }
}
