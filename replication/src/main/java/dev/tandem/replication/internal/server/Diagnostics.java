/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's self-observation settings and logs: the slow log ({@code slowlog-log-slower-than},
 * {@code slowlog-max-len}), the latency monitor ({@code latency-monitor-threshold}) and the
 * per-command latency histograms ({@code latency-tracking},
 * {@code latency-tracking-info-percentiles}), with {@code CONFIG GET/SET} of those directives as
 * Redis 7.0.15 parses and renders them.
 */
final class Diagnostics implements ConfigDirectives {

    static final String SLOWLOG_SLOWER_THAN = "slowlog-log-slower-than";
    static final String SLOWLOG_MAX_LEN = "slowlog-max-len";
    static final String LATENCY_MONITOR_THRESHOLD = "latency-monitor-threshold";
    static final String LATENCY_TRACKING = "latency-tracking";
    static final String LATENCY_PERCENTILES = "latency-tracking-info-percentiles";

    private static final Set<String> NAMES = Set.of(SLOWLOG_SLOWER_THAN, SLOWLOG_MAX_LEN,
            LATENCY_MONITOR_THRESHOLD, LATENCY_TRACKING, LATENCY_PERCENTILES);

    /** Microseconds; negative disables the slow log, 0 logs every command (Redis's default 10000). */
    private volatile long slowerThanMicros = 10_000;
    private volatile long maxLen = 128;
    /** Milliseconds; 0 disables the latency monitor (Redis's default). */
    private volatile long latencyThresholdMillis;
    private volatile boolean latencyTracking = true;
    private volatile double[] percentiles = {50.0, 99.0, 99.9};

    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latencyMonitor = new LatencyMonitor();

    SlowLog slowLog() {
        return slowLog;
    }

    LatencyMonitor latencyMonitor() {
        return latencyMonitor;
    }

    boolean latencyTracking() {
        return latencyTracking;
    }

    double[] percentiles() {
        return percentiles;
    }

    /**
     * A command ran for {@code nanos}: the slow log and the latency monitor's {@code command}
     * event get it when over their thresholds. (Redis files a command flagged {@code fast} under
     * {@code fast-command}; Tandem's command table has no such flag, so every command is a
     * {@code command} event.)
     */
    void commandRan(long nanos, ClientConnection client, byte[][] argv) {
        long micros = nanos / 1000;
        long slower = slowerThanMicros;
        if (slower >= 0 && micros >= slower) {
            slowLog.add(client, argv, micros, maxLen);
        }
        long threshold = latencyThresholdMillis;
        long millis = micros / 1000;
        if (threshold > 0 && millis >= threshold) {
            latencyMonitor.add("command", millis);
        }
    }

    /** The latency monitor's threshold in milliseconds (0: off), for other events Tandem measures. */
    long latencyThresholdMillis() {
        return latencyThresholdMillis;
    }

    // ---- CONFIG GET / SET ---------------------------------------------------------------------

    @Override
    public Set<String> names() {
        return NAMES;
    }

    @Override
    public Optional<String> get(String name) {
        return switch (name) {
            case SLOWLOG_SLOWER_THAN -> Optional.of(Long.toString(slowerThanMicros));
            case SLOWLOG_MAX_LEN -> Optional.of(Long.toString(maxLen));
            case LATENCY_MONITOR_THRESHOLD -> Optional.of(Long.toString(latencyThresholdMillis));
            case LATENCY_TRACKING -> Optional.of(latencyTracking ? "yes" : "no");
            case LATENCY_PERCENTILES -> Optional.of(renderPercentiles(percentiles));
            default -> Optional.empty();
        };
    }

    /** Redis prints each percentile with %f and trims the trailing zeros (and the dot). */
    static String renderPercentiles(double[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(trim(v));
        }
        return String.join(" ", out);
    }

    /** A double as %f without trailing zeros: 99.9, 50, 0. */
    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%f", v);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    @Override
    public Runnable prepare(Map<String, String> changes) {
        Map<String, Object> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String given = change.getKey();
            String name = given.toLowerCase(Locale.ROOT);
            String value = change.getValue();
            parsed.put(name, switch (name) {
                case SLOWLOG_SLOWER_THAN -> parseLong(given, value, -1);
                case SLOWLOG_MAX_LEN, LATENCY_MONITOR_THRESHOLD -> parseLong(given, value, 0);
                case LATENCY_TRACKING -> parseBool(given, value);
                case LATENCY_PERCENTILES -> parsePercentiles(given, value);
                default -> throw new ConfigRejectedException(given, "Unknown option");
            });
        }
        return () -> parsed.forEach((name, value) -> {
            switch (name) {
                case SLOWLOG_SLOWER_THAN -> slowerThanMicros = (Long) value;
                case SLOWLOG_MAX_LEN -> {
                    maxLen = (Long) value;
                    slowLog.trim(maxLen); // Redis trims at once, not at the next entry
                }
                case LATENCY_MONITOR_THRESHOLD -> latencyThresholdMillis = (Long) value;
                case LATENCY_TRACKING -> latencyTracking = (Boolean) value;
                default -> percentiles = (double[]) value;
            }
        });
    }

    private static long parseLong(String given, String value, long min) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigRejectedException(given, "argument couldn't be parsed into an integer");
        }
        if (v < min) {
            throw new ConfigRejectedException(given,
                    "argument must be between " + min + " and " + Long.MAX_VALUE + " inclusive");
        }
        return v;
    }

    private static boolean parseBool(String given, String value) {
        if (value.equalsIgnoreCase("yes")) {
            return true;
        }
        if (value.equalsIgnoreCase("no")) {
            return false;
        }
        throw new ConfigRejectedException(given, "argument must be 'yes' or 'no'");
    }

    private static double[] parsePercentiles(String given, String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return new double[0];
        }
        String[] parts = trimmed.split(" +");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            double d;
            try {
                d = new BigDecimal(parts[i]).doubleValue(); // decimal only: no NaN, Infinity or hex floats
            } catch (NumberFormatException e) {
                throw new ConfigRejectedException(given, "Invalid latency-tracking-info-percentiles parameters");
            }
            if (d < 0 || d > 100) {
                throw new ConfigRejectedException(given,
                        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            out[i] = d;
        }
        return out;
    }
}
