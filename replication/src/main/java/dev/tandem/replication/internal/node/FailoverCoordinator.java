/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicaSyncState;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.Role;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.failover.FailoverHandshake;
import dev.tandem.replication.internal.failover.FailoverState;
import dev.tandem.replication.internal.master.MasterReplication;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code FAILOVER} command of Redis 6.2+/7.0 ({@code replication.c}'s
 * {@code failoverCommand}, {@code updateFailoverStatus}, {@code abortFailover}) for one node.
 *
 * <p>The master pauses its clients' writes (they wait, as under {@code CLIENT PAUSE WRITE}),
 * waits in {@link FailoverState#WAITING_FOR_SYNC} until the target replica — or, without
 * {@code TO}, the first replica — acknowledged the master's offset, then turns itself into a
 * replica of the target ({@link FailoverState#FAILOVER_IN_PROGRESS}) whose {@code PSYNC}
 * carries {@code FAILOVER}: the target, seeing its own replication id, promotes itself and
 * answers {@code +CONTINUE}, which ends the failover; the paused writes then run against a
 * replica and get {@code READONLY}. A timeout aborts a failover still waiting (or, with
 * {@code FORCE}, starts the hand-off anyway); a refused hand-off or {@code FAILOVER ABORT}
 * makes the node master again (a new history, as Redis's {@code replicationUnsetMaster}).
 *
 * <p>All state changes serialize on this object; the cron calls {@link #tick()} every 100 ms
 * (Redis runs its replication cron at 10 Hz during a failover too).
 */
public final class FailoverCoordinator {

    private static final Logger log = LoggerFactory.getLogger(FailoverCoordinator.class);

    private final ReplicationContext context;
    private final MasterReplication master;
    private final RoleSwitch roles;

    private FailoverState state = FailoverState.NO_FAILOVER;
    private String targetHost;
    private int targetPort;
    /** Absolute deadline on the node's clock; 0: none. */
    private long endMillis;
    private boolean force;
    /** Completes when the pause ends; null while writes are not paused. */
    private volatile CompletableFuture<Void> pause;
    private volatile FailoverState published = FailoverState.NO_FAILOVER;
    /** Completed when the running failover ends: true when the roles were swapped. */
    private CompletableFuture<Boolean> outcome;

    public FailoverCoordinator(ReplicationContext context, MasterReplication master, RoleSwitch roles) {
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /** {@code master_failover_state}. */
    public FailoverState state() {
        return published;
    }

    /** While writes are paused: completes when they may run again; else null. */
    public CompletionStage<Void> writePause() {
        return pause;
    }

    /**
     * {@code FAILOVER [TO host port [FORCE]] [TIMEOUT ms]} once parsed, with Redis's checks in
     * Redis's order. On success the failover runs in the background; {@code outcome} (may be
     * null) completes when it ends.
     *
     * @param host null without {@code TO}
     * @param timeoutMillis 0 without {@code TIMEOUT}
     * @return {@code +OK} or Redis's error
     */
    public synchronized Reply start(String host, int port, boolean force, long timeoutMillis,
            CompletableFuture<Boolean> outcome) {
        if (state != FailoverState.NO_FAILOVER) {
            return Reply.error("ERR FAILOVER already in progress.");
        }
        if (context.role() != Role.MASTER) {
            return Reply.error("ERR FAILOVER is not valid when server is a replica.");
        }
        if (master.connectedReplicas() == 0) {
            return Reply.error("ERR FAILOVER requires connected replicas.");
        }
        if (force && (timeoutMillis == 0 || host == null)) {
            return Reply.error("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        if (host != null) {
            ReplicationInfo.ConnectedReplica replica = find(host, port);
            if (replica == null) {
                return Reply.error("ERR FAILOVER target HOST and PORT is not a replica.");
            }
            if (replica.state() != ReplicaSyncState.ONLINE) {
                return Reply.error("ERR FAILOVER target replica is not online.");
            }
            log.info("FAILOVER requested to {}:{}.", host, port);
        } else {
            log.info("FAILOVER requested to any replica.");
        }
        this.targetHost = host;
        this.targetPort = port;
        this.force = force;
        this.endMillis = timeoutMillis > 0 ? context.nowMillis() + timeoutMillis : 0;
        this.outcome = outcome;
        this.pause = new CompletableFuture<>();
        enter(FailoverState.WAITING_FOR_SYNC);
        // Redis checks in beforeSleep too: a target already caught up starts at once.
        update();
        return Reply.OK;
    }

    /** {@code FAILOVER ABORT}. */
    public synchronized Reply abort() {
        if (state == FailoverState.NO_FAILOVER) {
            return Reply.error("ERR No failover in progress.");
        }
        abortFailover("Failover manually aborted");
        return Reply.OK;
    }

    /** Called by the cron every 100 ms: Redis's {@code updateFailoverStatus}. */
    public void tick() {
        if (published == FailoverState.WAITING_FOR_SYNC) {
            synchronized (this) {
                update();
            }
        }
    }

    private void update() {
        if (state != FailoverState.WAITING_FOR_SYNC) {
            return;
        }
        if (endMillis != 0 && endMillis <= context.nowMillis()) {
            if (force) {
                log.info("FAILOVER to {}:{} time out exceeded, failing over.", targetHost, targetPort);
                handOff();
            } else {
                abortFailover("Replica never caught up before timeout");
            }
            return;
        }
        long offset = context.backlog().masterReplOffset();
        ReplicationInfo.ConnectedReplica replica = null;
        if (targetHost != null) {
            replica = find(targetHost, targetPort);
        } else {
            for (ReplicationInfo.ConnectedReplica r : master.infoRows()) {
                if (r.ackOffset() == offset) {
                    targetHost = r.ip();
                    targetPort = r.port();
                    replica = r;
                    break;
                }
            }
        }
        if (replica != null && replica.ackOffset() == offset) {
            log.info("Failover target {}:{} is synced, failing over.", targetHost, targetPort);
            handOff();
        }
    }

    /** waiting-for-sync → in-progress: become the target's replica; its PSYNC carries FAILOVER. */
    private void handOff() {
        enter(FailoverState.FAILOVER_IN_PROGRESS);
        roles.followForFailover(context.transport().address(targetHost, targetPort), new Handshake());
    }

    private void abortFailover(String reason) {
        if (state == FailoverState.NO_FAILOVER) {
            return;
        }
        if (targetHost != null) {
            log.info("FAILOVER to {}:{} aborted: {}", targetHost, targetPort, reason);
        } else {
            log.info("FAILOVER to any replica aborted: {}", reason);
        }
        if (state == FailoverState.FAILOVER_IN_PROGRESS) {
            roles.promote();
        }
        clear(false);
    }

    private void clear(boolean swapped) {
        targetHost = null;
        targetPort = 0;
        endMillis = 0;
        force = false;
        enter(FailoverState.NO_FAILOVER);
        CompletableFuture<Void> p = pause;
        pause = null;
        if (p != null) {
            p.complete(null);
        }
        CompletableFuture<Boolean> o = outcome;
        outcome = null;
        if (o != null) {
            o.complete(swapped);
        }
    }

    private void enter(FailoverState next) {
        state = next;
        published = next;
    }

    /** Redis's {@code findReplica}: the replica announcing that address and listening port. */
    private ReplicationInfo.ConnectedReplica find(String host, int port) {
        List<ReplicationInfo.ConnectedReplica> rows = master.infoRows();
        for (ReplicationInfo.ConnectedReplica r : rows) {
            if (r.ip().equalsIgnoreCase(host) && r.port() == port) {
                return r;
            }
        }
        return null;
    }

    /** The link's view of one hand-off: only the first answer counts. */
    private final class Handshake implements FailoverHandshake {
        @Override
        public boolean pending() {
            return published == FailoverState.FAILOVER_IN_PROGRESS;
        }

        @Override
        public void accepted() {
            synchronized (FailoverCoordinator.this) {
                if (state == FailoverState.FAILOVER_IN_PROGRESS) {
                    clear(true);
                }
            }
        }

        @Override
        public void rejected(String reason) {
            // Off the link's event loop: aborting stops the link that reports this.
            context.scheduler().execute(() -> {
                synchronized (FailoverCoordinator.this) {
                    if (state == FailoverState.FAILOVER_IN_PROGRESS) {
                        abortFailover("Failover target rejected psync request (" + reason + ")");
                    }
                }
            });
        }
    }
}
