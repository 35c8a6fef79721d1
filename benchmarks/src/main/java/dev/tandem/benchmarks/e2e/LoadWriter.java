/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A background writer over RESP: {@code SET key:<r> <100 bytes>} for random {@code r} below the
 * dataset size, on one pipelined connection, either as fast as the server answers or at a fixed
 * rate. The same writer drives Tandem and redis-server.
 */
final class LoadWriter implements AutoCloseable {
    private static final int VALUES = 1024;
    private static final int MAX_SPEED_BATCH = 64;
    private static final int MAX_PACED_BATCH = 2000;

    private final int port;
    private final int keyRange;
    private final int ratePerSecond;
    private final Thread thread;
    private final AtomicLong writes = new AtomicLong();
    private final byte[][] values = new byte[VALUES][];
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long errors;
    private volatile long startNanos;
    private volatile long stopNanos;

    private LoadWriter(int port, int keyRange, int ratePerSecond) {
        this.port = port;
        this.keyRange = keyRange;
        this.ratePerSecond = ratePerSecond;
        for (int i = 0; i < VALUES; i++) {
            values[i] = Dataset.randomBytes(1_000_000_000L + i, 100);
        }
        this.thread = new Thread(this::runLoop, "load-writer-" + port);
        thread.setDaemon(true);
    }

    /** Writes as fast as the server answers (batches of 64 in flight). */
    static LoadWriter maxSpeed(int port, int keyRange) {
        LoadWriter w = new LoadWriter(port, keyRange, 0);
        w.thread.start();
        return w;
    }

    /** Writes {@code ratePerSecond} commands per second, paced every millisecond. */
    static LoadWriter fixedRate(int port, int keyRange, int ratePerSecond) {
        LoadWriter w = new LoadWriter(port, keyRange, ratePerSecond);
        w.thread.start();
        return w;
    }

    long writes() {
        return writes.get();
    }

    /** Commands per second achieved from start until now (or until stopped). */
    double achievedRate() {
        long end = stopNanos != 0 ? stopNanos : System.nanoTime();
        long begin = startNanos;
        return begin == 0 || end <= begin ? 0 : writes.get() / ((end - begin) / 1e9);
    }

    private void runLoop() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] set = Dataset.ascii("SET");
        try (PipelinedConnection c = PipelinedConnection.connect(port)) {
            startNanos = System.nanoTime();
            long sent = 0;
            while (running) {
                int batch;
                if (ratePerSecond == 0) {
                    batch = MAX_SPEED_BATCH;
                } else {
                    long due = (long) ((System.nanoTime() - startNanos) / 1e9 * ratePerSecond);
                    batch = (int) Math.min(MAX_PACED_BATCH, due - sent);
                    if (batch <= 0) {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
                        continue;
                    }
                }
                for (int i = 0; i < batch; i++) {
                    c.queue(set, Dataset.stringKey(random.nextInt(keyRange)), values[random.nextInt(VALUES)]);
                }
                int done = c.flush();
                sent += done;
                writes.addAndGet(done);
                errors = c.errors();
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                failure = e;
            }
        } finally {
            stopNanos = System.nanoTime();
        }
    }

    /** Stops the writer (bounded) and throws if it failed or met error replies. */
    void stop() throws IOException {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IOException("load writer on port " + port + " did not stop within 30 s");
        }
        if (failure != null) {
            throw new IOException("load writer on port " + port + " failed: " + failure, failure);
        }
        if (errors > 0) {
            throw new IOException("load writer on port " + port + " got " + errors + " error replies");
        }
    }

    @Override
    public void close() throws IOException {
        if (thread.isAlive()) {
            stop();
        }
    }
}
