/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis 7.0's latency monitor: per event, up to 160 samples (one per second: a second sample in
 * the same second keeps the larger latency), the latest and the all-time maximum. Events are
 * recorded only when they took at least {@code latency-monitor-threshold} milliseconds.
 */
final class LatencyMonitor {

    static final int HISTORY = 160;

    record Sample(long unixSeconds, long millis) { }

    /** One event's series (Redis's latencyTimeSeries). */
    static final class Series {
        final List<Sample> samples = new ArrayList<>();
        long max;

        Sample latest() {
            return samples.get(samples.size() - 1);
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    synchronized void add(String event, long millis) {
        long now = System.currentTimeMillis() / 1000;
        Series series = events.computeIfAbsent(event, e -> new Series());
        series.max = Math.max(series.max, millis);
        if (!series.samples.isEmpty() && series.latest().unixSeconds() == now) {
            Sample last = series.latest();
            series.samples.set(series.samples.size() - 1, new Sample(now, Math.max(last.millis(), millis)));
            return;
        }
        series.samples.add(new Sample(now, millis));
        if (series.samples.size() > HISTORY) {
            series.samples.remove(0);
        }
    }

    /** A copy of every event's series, by name. */
    synchronized Map<String, Series> snapshot() {
        Map<String, Series> out = new TreeMap<>();
        events.forEach((name, s) -> {
            Series copy = new Series();
            copy.samples.addAll(s.samples);
            copy.max = s.max;
            out.put(name, copy);
        });
        return out;
    }

    /** Drops the given events (all when none given); how many existed. */
    synchronized int reset(List<String> names) {
        if (names.isEmpty()) {
            int n = events.size();
            events.clear();
            return n;
        }
        int n = 0;
        for (String name : names) {
            if (events.remove(name) != null) {
                n++;
            }
        }
        return n;
    }
}
