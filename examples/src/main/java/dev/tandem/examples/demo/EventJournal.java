/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.demo;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Every {@link ReplicationEvent} of the demo's nodes, in arrival order, each tagged with the node
 * that reported it. The demo reads it in phases: {@link #mark()} notes where a phase starts, and
 * {@link #since} / {@link #await} look only at what happened after that.
 */
final class EventJournal {

    /** One event and the node that reported it. */
    record Entry(String node, ReplicationEvent event) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<Entry> entries = new ArrayList<>();

    /** Registers a listener on {@code node} that records its events under {@code nodeName}. */
    void follow(ReplicatedKeyspace node, String nodeName) {
        node.addListener(event -> record(nodeName, event));
    }

    void record(String node, ReplicationEvent event) {
        lock.lock();
        try {
            entries.add(new Entry(node, event));
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The position of the next event, for {@link #since} and {@link #await}. */
    int mark() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** The events of {@code node} from position {@code mark} on that are of {@code type}. */
    <E extends ReplicationEvent> List<E> since(int mark, String node, Class<E> type) {
        lock.lock();
        try {
            List<E> out = new ArrayList<>();
            for (Entry e : entries.subList(mark, entries.size())) {
                if (e.node().equals(node) && type.isInstance(e.event())) {
                    out.add(type.cast(e.event()));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeout} for an event of {@code node}, at position {@code mark} or
     * later, of {@code type} and matching {@code condition}; empty when none came in time.
     */
    <E extends ReplicationEvent> Optional<E> await(int mark, String node, Class<E> type, Predicate<E> condition,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            int scanned = mark;
            while (true) {
                for (; scanned < entries.size(); scanned++) {
                    Entry e = entries.get(scanned);
                    if (e.node().equals(node) && type.isInstance(e.event()) && condition.test(type.cast(e.event()))) {
                        return Optional.of(type.cast(e.event()));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                added.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
