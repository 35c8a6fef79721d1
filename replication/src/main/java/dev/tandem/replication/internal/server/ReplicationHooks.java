/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicationInfo;
import java.util.concurrent.CompletionStage;

/**
 * What the RESP command server asks of the replication layer. The server owns client
 * connections and command dispatch; everything about roles, replicas and the replication
 * stream is behind this interface, which the replication layer implements
 * ({@link StandaloneReplicationHooks} is the implementation for a node nobody replicates).
 *
 * <p>Unless stated otherwise, methods are called on the calling connection's event loop and
 * must not block on I/O; they may take the keyspace lock briefly.
 */
public interface ReplicationHooks {

    /** The data of {@code INFO replication} and {@code ROLE}; also tells the node's role. */
    ReplicationInfo replicationInfo();

    /** Counters for {@code INFO stats}. */
    SyncStats syncStats();

    /**
     * Replication's refusal of a normal client's command, or null: {@code NOREPLICAS},
     * {@code READONLY} or {@code MASTERDOWN}, in Redis's order and with Redis's texts, from the
     * node's one write policy. Called for every command, so it must be cheap.
     *
     * @param write             the command writes (an {@code EXEC} whose transaction holds a write counts)
     * @param allowedWhileStale the command may run while a replica's link is down (Redis's {@code CMD_STALE})
     */
    String refusal(boolean write, boolean allowedWhileStale);

    /** Whether a full-sync load is replacing the dataset (commands without LOADING get {@code -LOADING}). */
    boolean isLoading();

    /**
     * {@code REPLICAOF host port}: start replicating from that master (asynchronously, as Redis
     * does). Returns the reply: {@code +OK}, or an error such as Redis's
     * {@code +OK Already connected to specified master}.
     */
    Reply replicaOf(String host, int port);

    /** {@code REPLICAOF NO ONE}: promote to master, keeping the dataset. */
    Reply promote();

    /**
     * {@code REPLCONF ...} from a connection that is not (yet) a replica link, e.g. during a
     * replica's handshake ({@code listening-port}, {@code capa}). Returns the reply.
     */
    Reply replconf(ClientInfo client, byte[][] argv);

    /**
     * {@code PSYNC replid offset} or {@code SYNC} ({@code argv} as sent). Called on the
     * connection's event loop after every reply to earlier commands was written. To accept, the
     * replication layer returns {@link SyncHandoff.Accepted}: from then on it owns the channel
     * ({@link ReplicaHandoff#channel()}): the server writes nothing more on it and passes each
     * later request ({@code REPLCONF ACK}, {@code REPLCONF GETACK}, bare newlines) to the
     * returned listener. To refuse (e.g. {@code -NOMASTERLINK}), it returns
     * {@link SyncHandoff.Refused} with the error reply, and the connection stays a normal client.
     */
    SyncHandoff sync(ReplicaHandoff handoff);

    /**
     * {@code WAIT numreplicas timeout}: completes with the number of replicas that acknowledged
     * {@code targetOffset} once {@code numReplicas} did or {@code timeoutMillis} elapsed
     * ({@code 0} = no timeout). The stage may complete on any thread. Not called on a replica
     * (the server replies Redis's error there). Cancelling the stage's future withdraws the
     * wait (the server does so when the waiting client disconnects).
     */
    CompletionStage<Long> waitForReplicas(long targetOffset, int numReplicas, long timeoutMillis);

    /** The number of replicas that acknowledged {@code targetOffset} now ({@code WAIT} inside MULTI). */
    long acknowledgedReplicas(long targetOffset);

    /**
     * The replication layer's directives for {@code CONFIG GET/SET} (a node lists every directive
     * of its registry, the server's included); they take precedence over the server's own.
     */
    ConfigDirectives config();

    /**
     * {@code CLIENT KILL TYPE master}: drops this replica's link to its master (it reconnects).
     * Returns the number of links closed (0 or 1).
     */
    int killMasterLink();

    /**
     * The delayed-replication controls {@code REPLDELAY} drives; null when the node has none (a
     * node without a replication layer), and {@code REPLDELAY} then answers an error.
     */
    default dev.tandem.replication.DelayedReplication delayedReplication() {
        return null;
    }

    /**
     * {@code FAILOVER [TO host port [FORCE]] [TIMEOUT ms]}, parsed: Redis's checks and, on
     * {@code +OK}, a failover running in the background. A node without replication has no
     * replicas, so Redis's answer is the one for that.
     *
     * @param host null without {@code TO}
     * @param timeoutMillis 0 without {@code TIMEOUT}
     */
    default Reply failover(String host, int port, boolean force, long timeoutMillis) {
        return Reply.error("ERR FAILOVER requires connected replicas.");
    }

    /** {@code FAILOVER ABORT}. */
    default Reply abortFailover() {
        return Reply.error("ERR No failover in progress.");
    }

    /**
     * While a failover pauses writes: a stage that completes when they may run again (writes
     * and may-replicate commands of normal clients wait for it, as under Redis's
     * {@code CLIENT PAUSE WRITE}); null when writes are not paused. Called for every write.
     */
    default CompletionStage<Void> writePause() {
        return null;
    }

    /** Sync counters of {@code INFO stats}. */
    /** {@code propagationErrors}: Tandem's {@code tandem_propagation_errors} (commands of the master's stream that failed here). */
    record SyncStats(long syncFull, long syncPartialOk, long syncPartialErr, long propagationErrors) {
        public static final SyncStats NONE = new SyncStats(0, 0, 0, 0);
    }
}
