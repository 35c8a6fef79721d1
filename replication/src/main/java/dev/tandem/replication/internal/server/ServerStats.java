/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of {@code INFO stats}. {@code instantaneous_ops_per_sec} follows Redis's method: the
 * command counter is sampled at most every 100 ms and the rate is the average over the last 16
 * samples; samples are taken by the server's clients cron and by INFO itself.
 */
public final class ServerStats {

    private static final int SAMPLES = 16;
    private static final long SAMPLE_INTERVAL_MILLIS = 100;

    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    private final LongAdder outputLimitDisconnections = new LongAdder();
    private final CommandStats commandStats = new CommandStats();

    private final long[] sampleRates = new long[SAMPLES];
    private int sampleIndex;
    private long lastSampleMillis;
    private long lastSampleCount;
    private final AtomicLong sampling = new AtomicLong();

    public long commandsProcessed() {
        return commandsProcessed.sum();
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    public long errorReplies() {
        return errorReplies.sum();
    }

    public long netInputBytes() {
        return netInputBytes.sum();
    }

    public long netOutputBytes() {
        return netOutputBytes.sum();
    }

    /** Clients closed for overcoming their output buffer limit. */
    public long outputLimitDisconnections() {
        return outputLimitDisconnections.sum();
    }

    void commandProcessed(long n) {
        commandsProcessed.add(n);
    }

    void connectionReceived() {
        connectionsReceived.increment();
    }

    void connectionRejected() {
        rejectedConnections.increment();
    }

    /** An error reply, counted in total_error_replies and under its code in errorstats. */
    void errorReply(String text) {
        errorReplies.increment();
        commandStats.error(text);
    }

    /** INFO commandstats / errorstats / latencystats. */
    CommandStats commandStats() {
        return commandStats;
    }

    void netInput(long bytes) {
        netInputBytes.add(bytes);
    }

    void netOutput(long bytes) {
        netOutputBytes.add(bytes);
    }

    void outputLimitDisconnection() {
        outputLimitDisconnections.increment();
    }

    /** Takes an ops/sec sample when the last one is at least 100 ms old (any thread). */
    void sample(long nowMillis) {
        if (!sampling.compareAndSet(0, 1)) {
            return;
        }
        try {
            if (lastSampleMillis == 0) {
                lastSampleMillis = nowMillis;
                lastSampleCount = commandsProcessed();
                return;
            }
            long elapsed = nowMillis - lastSampleMillis;
            if (elapsed < SAMPLE_INTERVAL_MILLIS) {
                return;
            }
            long count = commandsProcessed();
            sampleRates[sampleIndex] = (count - lastSampleCount) * 1000 / elapsed;
            sampleIndex = (sampleIndex + 1) % SAMPLES;
            lastSampleMillis = nowMillis;
            lastSampleCount = count;
        } finally {
            sampling.set(0);
        }
    }

    /** Average of the last 16 samples, as Redis's getInstantaneousMetric. */
    public long instantaneousOpsPerSec() {
        long sum = 0;
        for (long rate : sampleRates) {
            sum += rate;
        }
        return sum / SAMPLES;
    }

    void reset() {
        commandsProcessed.reset();
        connectionsReceived.reset();
        rejectedConnections.reset();
        errorReplies.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        outputLimitDisconnections.reset();
        commandStats.reset();
    }
}
