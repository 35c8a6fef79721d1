/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code SLOWLOG GET|LEN|RESET|HELP} and {@code LATENCY LATEST|HISTORY|RESET|DOCTOR|GRAPH|HISTOGRAM|HELP} as Redis 7.0.15. */
final class DiagnosticsCommands {

    private final RespServer server;

    DiagnosticsCommands(RespServer server) {
        this.server = server;
    }

    // ---- SLOWLOG ----------------------------------------------------------------------------

    ServerCommand slowlog() {
        Subcommands subs = new Subcommands("slowlog", Set.of())
                .add("get", -2, this::slowlogGet)
                .add("len", 2, (c, argv, tx) -> Reply.integer(server.diagnostics().slowLog().size()))
                .add("reset", 2, (c, argv, tx) -> {
                    server.diagnostics().slowLog().reset();
                    return Reply.OK;
                })
                .add("help", 2, (c, argv, tx) -> Subcommands.help("slowlog", List.of(
                        "GET [<count>]",
                        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                        "    Entries are made of:",
                        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                        "    client name",
                        "LEN",
                        "    Return the length of the slowlog.",
                        "RESET",
                        "    Reset the slowlog.")));
        return ServerCommand.of("slowlog", -2, subs::execute, ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    private Reply slowlogGet(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length > 3) {
            return Reply.error("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.");
        }
        long count = 10;
        if (argv.length == 3) {
            Long parsed = Args.parseLongStrict(argv[2]);
            if (parsed == null || parsed < -1) {
                return Reply.error("ERR count should be greater than or equal to -1");
            }
            count = parsed;
        }
        List<Reply> out = new ArrayList<>();
        for (SlowLog.Entry e : server.diagnostics().slowLog().newest(count)) {
            out.add(e.toReply());
        }
        return Reply.array(out);
    }

    // ---- LATENCY ----------------------------------------------------------------------------

    ServerCommand latency() {
        Subcommands subs = new Subcommands("latency", Set.of())
                .add("latest", 2, this::latest)
                .add("history", 3, this::history)
                .add("reset", -2, (c, argv, tx) -> {
                    List<String> names = new ArrayList<>();
                    for (int i = 2; i < argv.length; i++) {
                        names.add(CommandDispatcher.text(argv[i]));
                    }
                    return Reply.integer(server.diagnostics().latencyMonitor().reset(names));
                })
                .add("doctor", 2, (c, argv, tx) -> verbatim(doctor()))
                .add("graph", 3, this::graph)
                .add("histogram", -2, this::histogram)
                .add("help", 2, (c, argv, tx) -> Subcommands.help("latency", List.of(
                        "DOCTOR",
                        "    Return a human readable latency analysis report.",
                        "GRAPH <event>",
                        "    Return an ASCII latency graph for the <event> class.",
                        "HISTORY <event>",
                        "    Return time-latency samples for the <event> class.",
                        "LATEST",
                        "    Return the latest latency samples for all events.",
                        "RESET [<event> ...]",
                        "    Reset latency data of one or more <event> classes.",
                        "    (default: reset all data for all event classes)",
                        "HISTOGRAM [COMMAND ...]",
                        "    Return a cumulative distribution of latencies in the format of a histogram for the "
                                + "specified command names.",
                        "    If no commands are specified then all histograms are replied.")));
        return ServerCommand.of("latency", -2, subs::execute, ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    private static Reply verbatim(String text) {
        return new Reply.VerbatimReply("txt", text.getBytes(StandardCharsets.UTF_8));
    }

    private Reply latest(ClientConnection client, byte[][] argv, boolean inTransaction) {
        List<Reply> out = new ArrayList<>();
        server.diagnostics().latencyMonitor().snapshot().forEach((event, series) -> {
            LatencyMonitor.Sample last = series.latest();
            out.add(Reply.array(List.of(Reply.bulk(event), Reply.integer(last.unixSeconds()),
                    Reply.integer(last.millis()), Reply.integer(series.max))));
        });
        return Reply.array(out);
    }

    private Reply history(ClientConnection client, byte[][] argv, boolean inTransaction) {
        LatencyMonitor.Series series = server.diagnostics().latencyMonitor().snapshot()
                .get(CommandDispatcher.text(argv[2]));
        List<Reply> out = new ArrayList<>();
        if (series != null) {
            for (LatencyMonitor.Sample s : series.samples) {
                out.add(Reply.array(List.of(Reply.integer(s.unixSeconds()), Reply.integer(s.millis()))));
            }
        }
        return Reply.array(out);
    }

    /**
     * LATENCY GRAPH: Redis's header and rule, then one line per sample (age and latency) where
     * Redis draws a sparkline; the drawing is Tandem's own.
     */
    private Reply graph(ClientConnection client, byte[][] argv, boolean inTransaction) {
        String event = CommandDispatcher.text(argv[2]);
        LatencyMonitor.Series series = server.diagnostics().latencyMonitor().snapshot().get(event);
        if (series == null || series.samples.isEmpty()) {
            return Reply.error("ERR No samples available for event '" + event + "'");
        }
        long high = 0;
        long low = Long.MAX_VALUE;
        for (LatencyMonitor.Sample s : series.samples) {
            high = Math.max(high, s.millis());
            low = Math.min(low, s.millis());
        }
        StringBuilder out = new StringBuilder();
        out.append(event).append(" - high ").append(high).append(" ms, low ").append(low)
                .append(" ms (all time high ").append(series.max).append(" ms)\n");
        out.append("-".repeat(80)).append('\n');
        long now = System.currentTimeMillis() / 1000;
        for (LatencyMonitor.Sample s : series.samples) {
            out.append(now - s.unixSeconds()).append("s ago: ").append(s.millis()).append(" ms\n");
        }
        return verbatim(out.toString());
    }

    /** LATENCY DOCTOR: Redis's texts for a disabled monitor and for no spikes; per-event statistics otherwise. */
    String doctor() {
        Map<String, LatencyMonitor.Series> events = server.diagnostics().latencyMonitor().snapshot();
        if (events.isEmpty()) {
            if (server.diagnostics().latencyThresholdMillis() == 0) {
                return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
                        + "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
                        + "If we weren't in a deep space mission I'd suggest to take a look at "
                        + "https://redis.io/topics/latency-monitor.\n";
            }
            return "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                    + "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think "
                    + "things over.\n";
        }
        StringBuilder out = new StringBuilder("Dave, I have observed latency spikes in this Redis instance. "
                + "You don't mind talking about it, do you Dave?\n\n");
        long now = System.currentTimeMillis() / 1000;
        int n = 1;
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            List<LatencyMonitor.Sample> samples = e.getValue().samples;
            long sum = 0;
            long oldest = Long.MAX_VALUE;
            for (LatencyMonitor.Sample s : samples) {
                sum += s.millis();
                oldest = Math.min(oldest, s.unixSeconds());
            }
            long avg = sum / samples.size();
            long deviation = 0;
            for (LatencyMonitor.Sample s : samples) {
                deviation += Math.abs(s.millis() - avg);
            }
            deviation /= samples.size();
            long period = Math.max(1, now - oldest);
            out.append(n++).append(". ").append(e.getKey()).append(": ").append(samples.size())
                    .append(" latency spikes (average ").append(avg).append("ms, mean deviation ").append(deviation)
                    .append("ms, period ").append(String.format(Locale.ROOT, "%.2f", (double) period / samples.size()))
                    .append(" sec). Worst all time event ").append(e.getValue().max).append("ms.\n");
        }
        out.append("\nI have a few advices for you:\n\n")
                .append("- Check your Slow Log to understand what are the commands you are running which are too "
                        + "slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
        return out.toString();
    }

    /**
     * LATENCY HISTOGRAM [command ...]: per command, its calls and the cumulative count of calls
     * at or under each power-of-two microsecond bound (Redis iterates its HdrHistogram in
     * log buckets from 1024 ns, and prints each bound divided by 1000). A container's name
     * selects its subcommands; unknown names are skipped.
     */
    private Reply histogram(ClientConnection client, byte[][] argv, boolean inTransaction) {
        Map<String, CommandStats.Entry> all = server.stats().commandStats().commands();
        Map<String, CommandStats.Entry> selected = new LinkedHashMap<>();
        if (argv.length == 2) {
            selected.putAll(all);
        } else {
            for (int i = 2; i < argv.length; i++) {
                String name = CommandDispatcher.lowerName(argv[i]);
                all.forEach((stat, e) -> {
                    if (stat.equals(name) || stat.startsWith(name + "|")) {
                        selected.put(stat, e);
                    }
                });
            }
        }
        List<Reply> out = new ArrayList<>();
        selected.forEach((name, e) -> {
            LatencyHistogram h = e.histogram;
            if (h == null || h.count() == 0) {
                return;
            }
            out.add(Reply.bulk(name));
            out.add(new Reply.MapReply(List.of(Reply.bulk("calls"), Reply.integer(e.calls.sum()),
                    Reply.bulk("histogram_usec"), new Reply.MapReply(cumulative(h)))));
        });
        return new Reply.MapReply(out);
    }

    private static List<Reply> cumulative(LatencyHistogram h) {
        long[] counts = h.snapshot();
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        List<Reply> out = new ArrayList<>();
        long previous = 0;
        long seen = 0;
        int i = 0;
        for (long bound = 1024; previous < total; bound <<= 1) {
            while (i < counts.length && LatencyHistogram.highestValue(i) < bound) {
                seen += counts[i++];
            }
            if (seen > previous) {
                out.add(Reply.integer(bound / 1000));
                out.add(Reply.integer(seen));
            }
            previous = seen;
        }
        return out;
    }
}
