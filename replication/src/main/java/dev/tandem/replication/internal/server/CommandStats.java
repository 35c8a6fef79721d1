/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-command and per-error counters of {@code INFO commandstats}, {@code errorstats} and
 * {@code latencystats}, as Redis 7.0 keeps them: calls and their time, calls rejected before
 * running (arity, ACL, READONLY, ...), calls that ran and failed, and the count of error replies
 * by their code (the first word: {@code ERR}, {@code WRONGTYPE}). Commands are named as Redis
 * names them, {@code container|subcommand} for subcommands.
 */
final class CommandStats {

    /** Redis 7.0's bound on distinct error codes; later new codes are not counted (the table stays small). */
    static final int MAX_ERROR_CODES = 128;

    /** One command's counters. */
    static final class Entry {
        final LongAdder calls = new LongAdder();
        final LongAdder micros = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder failed = new LongAdder();
        /** Created at the first timed call while latency-tracking is on. */
        volatile LatencyHistogram histogram;
    }

    private final ConcurrentHashMap<String, Entry> commands = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    /**
     * Bound on distinct names: subcommand names come from the client's arguments, and a
     * container whose unknown-subcommand error is worded otherwise must not grow the table.
     * Redis 7.0 has about 380 commands and subcommands; Tandem's are fewer.
     */
    static final int MAX_COMMANDS = 1024;

    private Entry entry(String name) {
        Entry e = commands.get(name);
        if (e != null) {
            return e;
        }
        if (commands.size() >= MAX_COMMANDS) {
            return new Entry();
        }
        return commands.computeIfAbsent(name, n -> new Entry());
    }

    /** A command ran for {@code nanos}; {@code failed} when it replied with an error. */
    void called(String name, long nanos, boolean failed, boolean trackLatency) {
        Entry e = entry(name);
        e.calls.increment();
        e.micros.add(nanos / 1000);
        if (failed) {
            e.failed.increment();
        }
        if (trackLatency) {
            LatencyHistogram h = e.histogram;
            if (h == null) {
                synchronized (e) {
                    h = e.histogram;
                    if (h == null) {
                        h = new LatencyHistogram();
                        e.histogram = h;
                    }
                }
            }
            h.record(nanos);
        }
    }

    /** A known command was refused before it ran. */
    void rejected(String name) {
        entry(name).rejected.increment();
    }

    /** An error reply went out: counted under its code (Redis's afterErrorReply). */
    void error(String text) {
        int space = text.indexOf(' ');
        String code = space < 0 ? text : text.substring(0, space);
        LongAdder counter = errors.get(code);
        if (counter == null) {
            if (errors.size() >= MAX_ERROR_CODES) {
                return;
            }
            counter = errors.computeIfAbsent(code, c -> new LongAdder());
        }
        counter.increment();
    }

    /** Commands with any count, by name. */
    Map<String, Entry> commands() {
        Map<String, Entry> out = new TreeMap<>();
        commands.forEach((name, e) -> {
            if (e.calls.sum() > 0 || e.rejected.sum() > 0 || e.failed.sum() > 0 || e.histogram != null) {
                out.put(name, e);
            }
        });
        return out;
    }

    /** The histogram of one command, or null when it has none. */
    LatencyHistogram histogram(String name) {
        Entry e = commands.get(name);
        return e == null ? null : e.histogram;
    }

    /** Error codes and their counts, sorted as Redis's rax iterates them. */
    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    void reset() {
        commands.clear();
        errors.clear();
    }
}
