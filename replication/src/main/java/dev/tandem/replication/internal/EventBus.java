/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal;

import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a node's {@link ReplicationEvent}s to its listeners on one executor that runs one
 * task at a time (a dedicated thread, or the deterministic simulation's loop), in order. Emitting never blocks and never runs listener code on the emitting thread, so event
 * loops and holders of the keyspace lock may emit. Internal: shared by the master and replica
 * sides of a node.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<ReplicationListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;

    public EventBus(String threadName) {
        this(new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
    }

    /**
     * Delivers on {@code executor}, which must run one task at a time in submission order (the
     * order listeners see); the bus shuts it down on {@link #close()}.
     */
    public EventBus(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public void addListener(ReplicationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ReplicationListener listener) {
        listeners.remove(listener);
    }

    /** Queues {@code event} for delivery; dropped silently once the bus is closed. */
    public void emit(ReplicationEvent event) {
        Objects.requireNonNull(event, "event");
        if (listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> deliver(event));
        } catch (RejectedExecutionException closed) {
            log.debug("Replication event after close dropped: {}", event);
        }
    }

    /**
     * Runs {@code task} on the event thread, in order with the events (pub/sub messages for the
     * API's listeners); dropped once the bus is closed.
     */
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("Task after close dropped: {}", task);
        }
    }

    private void deliver(ReplicationEvent event) {
        for (ReplicationListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("Replication listener {} failed on {}", listener, event, e);
            }
        }
    }

    /** Delivers what is queued, then stops (waits up to a second). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
