package dev.tandem.replication.internal.master;

import dev.tandem.replication.internal.ReplicationContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * <p>Sessions run on one driver thread of the node, never on an event loop: producing a
 * snapshot is CPU work interleaved with waits for the channels (back-pressure).
 */
final class FullSyncCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FullSyncCoordinator.class);

    private final MasterReplication master;
    private final ReplicationContext context;
    private final ScheduledExecutorService driver;
    private final List<ReplicaSession> waiting = new ArrayList<>();
    /** A session is scheduled or running. Guarded by this. */
    private boolean busy;
    private volatile FullSyncSession current;
    private final java.util.concurrent.atomic.AtomicLong snapshots = new java.util.concurrent.atomic.AtomicLong();

    FullSyncCoordinator(MasterReplication master) {
        this.master = master;
        this.context = master.context();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, context.nodeName() + "-snapshot");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.driver = pool;
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
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            log.debug("Full sync not scheduled: the node is closing");
        }
    }

    /** Snapshots started for full syncs so far (each may serve several replicas). */
    long snapshotsStarted() {
        return snapshots.get();
    }

    /** Replicas waiting for a snapshot (INFO shows them as {@code wait_bgsave}). */
    synchronized int waitingCount() {
        return waiting.size();
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
        try {
            if (!members.isEmpty()) {
                FullSyncSession session = new FullSyncSession(master, members);
                current = session;
                snapshots.incrementAndGet();
                session.run();
            }
        } catch (RuntimeException e) {
            log.error("Full sync failed", e);
            for (ReplicaSession s : members) {
                s.close("full sync failed: " + e);
            }
        } finally {
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
    }

    @Override
    public void close() {
        FullSyncSession session = current;
        if (session != null) {
            session.cancel();
        }
        driver.shutdownNow();
        try {
            driver.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
