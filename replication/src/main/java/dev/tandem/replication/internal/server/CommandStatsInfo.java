/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.Locale;
import java.util.Map;

/** The {@code commandstats}, {@code errorstats} and {@code latencystats} sections of INFO, as Redis 7.0.15 prints them. */
final class CommandStatsInfo {

    private CommandStatsInfo() {
    }

    static void append(String section, StringBuilder out, CommandStats stats, double[] percentiles) {
        switch (section) {
            case "commandstats" -> {
                out.append("# Commandstats\r\n");
                for (Map.Entry<String, CommandStats.Entry> e : stats.commands().entrySet()) {
                    CommandStats.Entry c = e.getValue();
                    long calls = c.calls.sum();
                    long micros = c.micros.sum();
                    if (calls == 0 && c.rejected.sum() == 0 && c.failed.sum() == 0) {
                        continue;
                    }
                    out.append("cmdstat_").append(e.getKey()).append(":calls=").append(calls)
                            .append(",usec=").append(micros)
                            .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f",
                                    calls == 0 ? 0.0 : (double) micros / calls))
                            .append(",rejected_calls=").append(c.rejected.sum())
                            .append(",failed_calls=").append(c.failed.sum()).append("\r\n");
                }
            }
            case "errorstats" -> {
                out.append("# Errorstats\r\n");
                stats.errors().forEach((code, count) ->
                        out.append("errorstat_").append(code).append(":count=").append(count).append("\r\n"));
            }
            default -> {
                out.append("# Latencystats\r\n");
                for (Map.Entry<String, CommandStats.Entry> e : stats.commands().entrySet()) {
                    LatencyHistogram h = e.getValue().histogram;
                    if (h == null || h.count() == 0) {
                        continue;
                    }
                    out.append("latency_percentiles_usec_").append(e.getKey()).append(':');
                    for (int i = 0; i < percentiles.length; i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        out.append('p').append(Diagnostics.trim(percentiles[i])).append('=')
                                .append(String.format(Locale.ROOT, "%.3f", h.valueAt(percentiles[i]) / 1000.0));
                    }
                    out.append("\r\n");
                }
            }
        }
    }
}
