/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes replica senders after the backlog grew, at most once per batch (brief §2): one flag and
 * one task per event loop, never one task per write. {@link #wake()} runs under the keyspace
 * write lock after every append, so it only flips a flag and, when the flag was clear, queues
 * one task on each event loop that has senders; that task clears the flag and pumps every
 * sender of its loop. Writes that land while the task is queued ride along with it, so load
 * turns into batching on its own.
 */
final class SenderWakeup {

    /** One entry per event loop ever used (a transport has a fixed, small set of loops). */
    private volatile LoopSenders[] loops = new LoopSenders[0];

    /** Adds a session's sender to its channel's loop. */
    synchronized void register(ReplicaSession session) {
        loopOf(session.eventLoop()).add(session);
    }

    synchronized void unregister(ReplicaSession session) {
        for (LoopSenders l : loops) {
            if (l.loop == session.eventLoop()) {
                l.remove(session);
            }
        }
    }

    private LoopSenders loopOf(EventLoop loop) {
        for (LoopSenders l : loops) {
            if (l.loop == loop) {
                return l;
            }
        }
        LoopSenders created = new LoopSenders(loop);
        LoopSenders[] next = Arrays.copyOf(loops, loops.length + 1);
        next[next.length - 1] = created;
        loops = next;
        return created;
    }

    /** Non-blocking: flips each busy loop's flag and queues its pump task if the flag was clear. */
    void wake() {
        for (LoopSenders l : loops) {
            l.wake();
        }
    }

    private static final class LoopSenders implements Runnable {
        final EventLoop loop;
        final AtomicBoolean scheduled = new AtomicBoolean();
        /** Copy on write; changed under the outer lock. */
        volatile ReplicaSession[] senders = new ReplicaSession[0];

        LoopSenders(EventLoop loop) {
            this.loop = loop;
        }

        void add(ReplicaSession s) {
            ReplicaSession[] next = Arrays.copyOf(senders, senders.length + 1);
            next[next.length - 1] = s;
            senders = next;
        }

        void remove(ReplicaSession s) {
            ReplicaSession[] current = senders;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == s) {
                    ReplicaSession[] next = new ReplicaSession[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    senders = next;
                    return;
                }
            }
        }

        void wake() {
            if (senders.length > 0 && scheduled.compareAndSet(false, true)) {
                try {
                    loop.execute(this);
                } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                    scheduled.set(false);
                }
            }
        }

        @Override
        public void run() {
            // Clear first: an append after this point queues a new task rather than being missed.
            scheduled.set(false);
            for (ReplicaSession s : senders) {
                s.pump();
            }
        }
    }
}
