/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import dev.tandem.replication.internal.ReplicationContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules full syncs (reference §3.2, brief "at most one snapshot at a time"): replicas that
 * need one wait here; a {@link FullSyncSession} takes every waiting replica that wants the same
 * snapshot content (filtered or not) at once and serves
 * them one snapshot; replicas that arrive while a session runs wait for the next one. With
 * {@code repl-diskless-sync-delay} (Tandem default 0) the first waiting replica's session starts
 * that many seconds after it arrived, unless {@code repl-diskless-sync-max-replicas} are already
 * waiting.
 *
 * <p>Sessions run on the node's snapshot driver ({@code NodeRuntime#newSnapshotDriver}), never
 * on an event loop of the node's channels: producing a snapshot is CPU work interleaved with
 * waits for the channels (back-pressure). Normally the driver is a thread of its own and runs a
 * session to the end, waiting while it is blocked. In the deterministic simulation the driver is
 * the one loop every channel runs on and must never wait: each step is a task, a blocked session
 * is resumed by the next writability signal (or a wait slice later), and a session that has
 * more to do yields to the channels between steps.
 */
final class FullSyncCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FullSyncCoordinator.class);

    private final MasterReplication master;
    private final ReplicationContext context;
    private final ScheduledExecutorService driver;
    /** Whether a session may wait on the driver (a thread of its own) or must be stepped. */
    private final boolean driverMayBlock;
    private final List<ReplicaSession> waiting = new ArrayList<>();
    /** A session is scheduled or running. Guarded by this. */
    private boolean busy;
    private volatile FullSyncSession current;
    private final AtomicLong snapshots = new AtomicLong();
    /** How soon a full sync looks again when a save to disk holds the snapshot. */
    private static final long SNAPSHOT_BUSY_RETRY_MILLIS = 50;

    FullSyncCoordinator(MasterReplication master) {
        this.master = master;
        this.context = master.context();
        this.driver = context.runtime().newSnapshotDriver();
        this.driverMayBlock = context.runtime().snapshotDriverMayBlock();
    }

    /** A replica needs a full sync. */
    synchronized void enqueue(ReplicaSession session) {
        waiting.add(session);
        int maxReplicas = context.config().replDisklessSyncMaxReplicas();
        if (!busy) {
            busy = true;
            long delayMillis = diskless() ? context.config().replDisklessSyncDelaySeconds() * 1000L : 0;
            if (maxReplicas > 0 && waiting.size() >= maxReplicas) {
                delayMillis = 0;
            }
            schedule(delayMillis);
        }
    }

    private boolean diskless() {
        return context.config().replDisklessSync();
    }

    private void schedule(long delayMillis) {
        try {
            driver.schedule(this::runNext, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            log.debug("Full sync not scheduled: the node is closing");
        }
    }

    /** Snapshots started for full syncs so far (each may serve several replicas). */
    long snapshotsStarted() {
        return snapshots.get();
    }

    private void runNext() {
        List<ReplicaSession> members = new ArrayList<>();
        synchronized (this) {
            // One snapshot serves replicas that want the same content: a filtered replica
            // (REPLCONF rdb-filter-only) and a normal one wait for separate snapshots.
            waiting.removeIf(s -> !s.isOpen());
            Boolean excludeData = null;
            for (Iterator<ReplicaSession> it = waiting.iterator(); it.hasNext(); ) {
                ReplicaSession s = it.next();
                boolean filtered = s.capabilities().rdbExcludeData();
                if (excludeData == null || excludeData == filtered) {
                    excludeData = filtered;
                    members.add(s);
                    it.remove();
                }
            }
        }
        if (members.isEmpty()) {
            sessionEnded();
            return;
        }
        if (context.keyspace().snapshotInProgress()) {
            // A save to disk (BGSAVE) holds the keyspace's one snapshot: wait for it, as a Redis
            // replica waits for the next BGSAVE, instead of failing the sync.
            synchronized (this) {
                waiting.addAll(0, members);
            }
            schedule(SNAPSHOT_BUSY_RETRY_MILLIS);
            return;
        }
        FullSyncSession session = new FullSyncSession(master, members);
        current = session;
        snapshots.incrementAndGet();
        if (driverMayBlock) {
            try {
                session.run();
            } catch (RuntimeException e) {
                failed(members, e);
            } finally {
                sessionEnded();
            }
        } else {
            new Stepper(session, members).run();
        }
    }

    private static void failed(List<ReplicaSession> members, RuntimeException e) {
        log.error("Full sync failed", e);
        for (ReplicaSession s : members) {
            s.close("full sync failed: " + e);
        }
    }

    /** The session is over: the next one starts if replicas are waiting. */
    private void sessionEnded() {
        current = null;
        synchronized (this) {
            if (waiting.isEmpty()) {
                busy = false;
            } else {
                long delayMillis = diskless() ? context.config().replDisklessSyncDelaySeconds() * 1000L : 0;
                schedule(delayMillis);
            }
        }
    }

    /**
     * Drives a session on a driver that must not wait: one step per task. MORE queues the next
     * step behind whatever the step made the channels do; BLOCKED parks until the session's
     * signal (a writability change, a member closing) or a wait slice later, whichever is first.
     */
    private final class Stepper implements Runnable {
        private final FullSyncSession session;
        private final List<ReplicaSession> members;
        /** A step is queued or running; a second resumption before it runs is a no-op. */
        private final AtomicBoolean queued = new AtomicBoolean(true);

        Stepper(FullSyncSession session, List<ReplicaSession> members) {
            this.session = session;
            this.members = members;
            session.onSignal(this::resume);
        }

        private void resume() {
            if (queued.compareAndSet(false, true)) {
                submit(() -> driver.execute(this));
            }
        }

        @Override
        public void run() {
            queued.set(false);
            FullSyncSession.Progress progress;
            try {
                progress = session.step();
            } catch (RuntimeException e) {
                failed(members, e);
                sessionEnded();
                return;
            }
            switch (progress) {
                case MORE -> {
                    queued.set(true);
                    submit(() -> driver.execute(this));
                }
                case BLOCKED -> submit(() -> driver.schedule(this::resume, FullSyncSession.WAIT_SLICE_MILLIS,
                        TimeUnit.MILLISECONDS));
                case DONE -> sessionEnded();
            }
        }

        private void submit(Runnable submission) {
            try {
                submission.run();
            } catch (RejectedExecutionException closing) {
                // The node is closing: close() abandons the session.
            }
        }
    }

    @Override
    public void close() {
        FullSyncSession session = current;
        if (session != null) {
            session.cancel();
        }
        driver.shutdownNow();
        if (driverMayBlock) {
            try {
                driver.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (session != null) {
            // Its steps will not run any more: release the snapshot and its buffers here.
            session.abandon("full sync cancelled: the node is closing");
        }
    }
}
