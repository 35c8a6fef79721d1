/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.node;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.Role;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.master.MasterPropagationSink;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.replica.ReplicaPropagationSink;
import dev.tandem.replication.internal.role.MasterRole;
import dev.tandem.replication.internal.role.ReplicaRole;
import dev.tandem.replication.internal.stream.StreamEncoder;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.ReplicationBacklog;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code REPLICAOF host port} and {@code REPLICAOF NO ONE} for one node: what happens around a
 * {@link dev.tandem.replication.internal.role.NodeRoles#transition role transition} — stopping
 * the old link, the PSYNC2 history shift of a promotion, fencing and disconnecting the node's
 * own replicas, starting the new link, the events.
 *
 * <p>Callers serialize on this object: the node's lifecycle (start, close) synchronizes on it
 * too, so a role change never overlaps a start or a close.
 */
public final class RoleSwitch {

    private static final Logger log = LoggerFactory.getLogger(RoleSwitch.class);

    private final ReplicationContext context;
    private final MasterReplication master;
    private final MasterPropagationSink masterSink;
    private final ReplicaPropagationSink replicaSink;
    private final ReconnectBackoff backoff;
    private final Runnable requireStarted;

    /** @param requireStarted throws {@link IllegalStateException} unless the node is started */
    public RoleSwitch(ReplicationContext context, MasterReplication master, MasterPropagationSink masterSink,
            ReplicaPropagationSink replicaSink, ReconnectBackoff backoff, Runnable requireStarted) {
        this.context = Objects.requireNonNull(context, "context");
        this.master = Objects.requireNonNull(master, "master");
        this.masterSink = Objects.requireNonNull(masterSink, "masterSink");
        this.replicaSink = Objects.requireNonNull(replicaSink, "replicaSink");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.requireStarted = Objects.requireNonNull(requireStarted, "requireStarted");
    }

    /** The link to this node's master while it is a replica, else null. */
    public ReplicaLink link() {
        return context.roles().current() instanceof ReplicaRole replica ? replica.link() : null;
    }

    /**
     * {@code REPLICAOF}: follow {@code masterAddress}. When it already does, nothing happens,
     * except that a link the empty-master guard parked retries now: asking again for the same
     * master is the operator's way to say "try it again" (Redis, which never parks a link,
     * compares host and port only and does nothing).
     */
    public synchronized void replicaOf(NodeAddress masterAddress) {
        sameMasterOrFollow(masterAddress);
    }

    /** {@link #replicaOf}; true when the node already followed that master with the link not parked. */
    private boolean sameMasterOrFollow(NodeAddress masterAddress) {
        Objects.requireNonNull(masterAddress, "masterAddress");
        requireStarted.run();
        ReplicaLink current = link();
        if (current != null && current.masterAddress().equals(masterAddress)) {
            if (current.resume()) {
                log.info("REPLICAOF {} again while the link was parked by the empty-master guard: retrying",
                        current.masterName());
                return false;
            }
            return true;
        }
        // Like Redis, a master turning replica uses its own history as the "cached master",
        // so a former replica of it can continue partially (PSYNC2).
        boolean cached = context.role() == Role.MASTER || (current != null && current.hasCachedHistory());
        becomeReplica(masterAddress, cached, null);
        return false;
    }

    /**
     * {@code FAILOVER}'s hand-off: this master follows the target with its own history as the
     * cached master, and the link's {@code PSYNC} carries {@code FAILOVER} while
     * {@code handshake} is pending.
     */
    public synchronized void followForFailover(NodeAddress target,
            dev.tandem.replication.internal.failover.FailoverHandshake handshake) {
        Objects.requireNonNull(handshake, "handshake");
        requireStarted.run();
        becomeReplica(target, true, handshake);
    }

    /**
     * The {@code REPLICAOF host port} command: Redis's reply when it already follows that master,
     * a plain {@code OK} when that retried a parked link (it is not connected, so saying so
     * would be false).
     */
    public synchronized Reply replicaOfCommand(NodeAddress target) {
        return sameMasterOrFollow(target) ? Reply.simple("OK Already connected to specified master") : Reply.OK;
    }

    /** A node built as a replica starts following its master (no cached history: a fresh node). */
    public synchronized void startFollowing(NodeAddress masterAddress) {
        becomeReplica(masterAddress, false, null);
    }

    /**
     * A node built as a replica starts following its master; with {@code cachedHistory} (its
     * replication state restored from its RDB file) its first PSYNC asks to continue.
     */
    public synchronized void startFollowing(NodeAddress masterAddress, boolean cachedHistory) {
        becomeReplica(masterAddress, cachedHistory, null);
    }

    private void becomeReplica(NodeAddress masterAddress, boolean cachedHistory,
            dev.tandem.replication.internal.failover.FailoverHandshake failover) {
        Role before = context.role();
        ReplicaLink previous = link();
        if (previous != null) {
            previous.stop();
        }
        ReplicaLink next = new ReplicaLink(context, master, masterAddress, cachedHistory, backoff);
        next.failoverHandshake(failover);
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            if (before == Role.MASTER) {
                // Continuing its own stream: a partial resync resumes in the db it last selected.
                int selected = context.stream().selectedDb();
                context.streamDb(selected == StreamEncoder.UNKNOWN_DB ? 0 : selected);
            }
            context.roles().transition(new ReplicaRole(next, replicaSink));
        } finally {
            lock.unlock();
        }
        log.info("REPLICAOF {} enabled", next.masterName());
        if (before == Role.MASTER) {
            // Redis's disconnectAllBlockedClients: a pop served later would diverge from the new
            // master's data. (Redis also closes those connections; Tandem keeps them open.)
            context.keyspace().blocking().unblockAll(dev.tandem.core.reply.Reply.error(
                    "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)"));
        }
        next.start();
        if (before != Role.REPLICA) {
            context.events().emit(new ReplicationEvent.RoleChanged(before, Role.REPLICA));
        }
    }

    /**
     * {@code REPLICAOF NO ONE}: stop following, start a new history (the old id stays valid as
     * replid2 up to the current offset, PSYNC2), fence and disconnect this node's replicas so
     * they learn the new id. No-op on a master.
     */
    public synchronized void promote() {
        if (context.role() == Role.MASTER) {
            return;
        }
        link().stop();
        Keyspace keyspace = context.keyspace();
        ReplicationBacklog backlog = context.backlog();
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            long offset = backlog.masterReplOffset();
            // Nothing written from now on may reach a replica that still thinks it follows
            // the old id (they are disconnected below, asynchronously).
            master.fenceAll(offset);
            context.history(context.history().shiftReplicationId(offset, context::newReplicationId));
            if (!backlog.isActive()) {
                backlog.reset(offset);
            }
            context.stream().resetSelectedDb();
            context.roles().transition(new MasterRole(masterSink));
        } finally {
            lock.unlock();
        }
        master.disconnectAll("promoted to master: replicas must learn the new replication id");
        context.scheduler().execute(master::restartBacklogClock);
        log.info("MASTER MODE enabled (user request); new replication id {}", context.history().replid());
        context.events().emit(new ReplicationEvent.RoleChanged(Role.REPLICA, Role.MASTER));
    }

    /** {@code CLIENT KILL TYPE master}: drops the link to the master (it reconnects); how many. */
    public int killMasterLink() {
        ReplicaLink l = link();
        return l != null && l.dropConnection("killed by CLIENT KILL TYPE master") ? 1 : 0;
    }

    /** On close: the link stops for good. */
    public synchronized void stopLink() {
        ReplicaLink l = link();
        if (l != null) {
            l.stop();
        }
    }
}
