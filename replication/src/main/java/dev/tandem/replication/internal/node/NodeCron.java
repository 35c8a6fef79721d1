/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.core.internal.ActiveExpiry;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.Role;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.replica.ReplicaLink;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's timer, as Redis's {@code serverCron}/{@code replicationCron}: active expiry at 10 Hz on
 * a master; once a second the master side's heartbeats, timeouts, output limits and backlog TTL,
 * and the replica link's ACK and timeout checks. Runs on the node's scheduler thread.
 */
public final class NodeCron {

    /** Work of other parts at the cron's rate (the clients' buffer sums that eviction reads). */
    private volatile Runnable everyTick = () -> { };

    private static final Logger log = LoggerFactory.getLogger(NodeCron.class);
    private static final long TICK_MILLIS = 100;

    private final ReplicationContext context;
    private final MasterReplication master;
    private final RoleSwitch roles;
    private final ActiveExpiry activeExpiry;
    private final FailoverCoordinator failover;
    private ScheduledFuture<?> task;
    private long lastSecondMillis;

    /** @param activeExpiry the master's expiry cycle, on the node runtime's clock */
    public NodeCron(ReplicationContext context, MasterReplication master, RoleSwitch roles, ActiveExpiry activeExpiry,
            FailoverCoordinator failover) {
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.activeExpiry = Objects.requireNonNull(activeExpiry, "activeExpiry");
        this.failover = Objects.requireNonNull(failover, "failover");
    }

    public synchronized void start() {
        lastSecondMillis = context.nowMillis();
        task = context.scheduler().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick() {
        if (context.keyspace().cronPaused()) {
            return; // DEBUG PAUSE-CRON 1
        }
        try {
            everyTick.run();
            if (context.role() == Role.MASTER) {
                if (context.keyspace().activeExpireEnabled()) {
                    activeExpiry.runCycle();
                }
            } else {
                context.delay().cronTick(); // a lowered replica-delay takes effect within a tick
            }
            // Redis's evictionTimeProc: a pass cut short by maxmemory-eviction-tenacity goes on here
            // (a no-op without maxmemory, and on a replica that ignores it).
            context.keyspace().evictionCron();
            // Both roles: a replica's tables grow and shrink with its master's stream.
            context.keyspace().rehashStep(Keyspace.CRON_REHASH_BUDGET_NANOS, context.runtime().nanoTime());
            failover.tick(); // at 10 Hz, as Redis's replication cron runs during a failover
            long now = context.nowMillis();
            if (now - lastSecondMillis >= 1000) {
                lastSecondMillis = now;
                master.cronSecond();
                ReplicaLink l = roles.link();
                if (l != null) {
                    l.cronSecond();
                }
            }
        } catch (RuntimeException e) {
            log.error("Replication cron of {} failed", context.nodeName(), e);
        } catch (VirtualMachineError e) {
            // Thrown on, the scheduler would cancel the cron silently: stop the whole node instead.
            context.fatalErrors().report(e);
        }
    }

    /** Runs {@code work} at the start of every tick (10 per second), on the cron's thread. */
    public void everyTick(Runnable work) {
        this.everyTick = java.util.Objects.requireNonNull(work, "work");
    }
}
