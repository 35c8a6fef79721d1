/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Samples a quantity on a timer and keeps its maximum (memory during a sync). */
final class PeakSampler implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final LongSupplier quantity;
    private volatile long peak = Long.MIN_VALUE;

    private PeakSampler(LongSupplier quantity, long periodMillis) {
        this.quantity = quantity;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peak-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    static PeakSampler every(long periodMillis, LongSupplier quantity) {
        return new PeakSampler(quantity, periodMillis);
    }

    private void sample() {
        long value = quantity.getAsLong();
        if (value > peak) {
            peak = value;
        }
    }

    /** Stops sampling (after one last sample) and returns the maximum seen. */
    long stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        return peak;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
