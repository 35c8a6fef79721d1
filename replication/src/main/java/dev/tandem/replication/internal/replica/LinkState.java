/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.replication.ReplicaLinkState;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The state of a replica's link to its master (modelled on Kafka raft's {@code EpochState}s):
 * one value, held by {@link ReplicaLink}, that carries exactly what exists in it. The legal
 * transitions are the table {@link #LEGAL} plus two rules: the states of one connection attempt
 * ({@link AttemptState}) follow each other only within that attempt, and a
 * {@link Handshake}'s step only moves forward ({@link HandshakeStep#mayAdvanceTo}).
 *
 * <pre>
 *             start / timer             channel active
 *   Backoff ---------------> Connecting ---------------> Handshake(step)
 *    ^  ^                        |                        |          |
 *    |  |   attempt failed       |                        |          |
 *    |  +------------------------+------------------------+          |
 *    |  |                                     +FULLRESYNC |          | +CONTINUE
 *    |  |   attempt failed                                v          |
 *    |  +-------------------------------------------- Transfer(loader)
 *    |                                                 |        |    |
 *    |                       guard refused the master  |        |    |
 *    |                                                 v        v    v
 *    |                       Connecting <--resume-- Parked   Streaming(applier)
 *    |          link lost                                         |
 *    +------------------------------------------------------------+
 *
 *   any state but Stopped --stop()--> Stopped (terminal)
 * </pre>
 *
 * What {@code ROLE} and {@code INFO replication} say about the link is derived from the state
 * ({@link #reported()}, {@link ReplicaLink#infoLink()}).
 */
sealed interface LinkState {

    /** The state {@code ROLE} and {@code INFO} report (Redis's {@code repl_state}, grouped). */
    ReplicaLinkState reported();

    /**
     * Legal transitions by kind of state. A kind missing from a set may not follow; nothing
     * follows {@link Stopped}.
     */
    Map<Class<? extends LinkState>, Set<Class<? extends LinkState>>> LEGAL = Map.of(
            // -> Parked from any live state: REPLDELAY SKIP detaches a delayed replica (ReplicaLink.detach).
            Backoff.class, Set.of(Connecting.class, Parked.class, Stopped.class),
            Connecting.class, Set.of(Handshake.class, Backoff.class, Parked.class, Stopped.class),
            Handshake.class, Set.of(Handshake.class, Transfer.class, Streaming.class, Backoff.class, Parked.class,
                    Stopped.class),
            Transfer.class, Set.of(Streaming.class, Parked.class, Backoff.class, Stopped.class),
            // Streaming -> Parked: propagation-error-behavior panic stops the link (StreamApplier).
            Streaming.class, Set.of(Backoff.class, Parked.class, Stopped.class),
            Parked.class, Set.of(Connecting.class, Stopped.class),
            Stopped.class, Set.of());

    /** Whether {@code next} may follow {@code from}. */
    static boolean isLegal(LinkState from, LinkState next) {
        if (!LEGAL.get(from.getClass()).contains(next.getClass())) {
            return false;
        }
        if (from instanceof AttemptState before && next instanceof AttemptState after
                && before.connection() != after.connection()) {
            return false; // an attempt's states never hand over to another attempt's
        }
        if (next instanceof Handshake handshake) {
            return from instanceof Handshake previous
                    ? previous.step().mayAdvanceTo(handshake.step())
                    : handshake.step() == HandshakeStep.RECEIVE_PING_REPLY;
        }
        return true;
    }

    /** A state that belongs to one connection attempt: it ends when that connection ends. */
    sealed interface AttemptState extends LinkState {
        MasterConnection connection();
    }

    /**
     * Waiting for the next attempt ({@code connect}); also the state of a link not started yet.
     *
     * @param nextAttemptAtMillis when the timer fires, on the node's clock
     * @param streak the attempts that failed since the link was last up
     * @param timer the pending attempt; cancelled when the link stops
     */
    record Backoff(long nextAttemptAtMillis, FailureStreak streak, Future<?> timer) implements LinkState {

        private static final Future<?> NO_TIMER = CompletableFuture.completedFuture(null);

        public Backoff {
            Objects.requireNonNull(streak, "streak");
            Objects.requireNonNull(timer, "timer");
        }

        /** A link that was created and waits for {@link ReplicaLink#start()}. */
        static Backoff notStarted(long nowMillis) {
            return new Backoff(nowMillis, FailureStreak.NONE, NO_TIMER);
        }

        /** The node's scheduler refused the timer (it is closing): no further attempt. */
        static Backoff withoutTimer(long nowMillis, FailureStreak streak) {
            return new Backoff(nowMillis, streak, NO_TIMER);
        }

        @Override
        public ReplicaLinkState reported() {
            return ReplicaLinkState.CONNECT;
        }

        @Override
        public String toString() {
            return "Backoff";
        }
    }

    /** The transport is connecting (no channel may exist yet). */
    record Connecting(MasterConnection connection) implements AttemptState {

        public Connecting {
            Objects.requireNonNull(connection, "connection");
        }

        @Override
        public ReplicaLinkState reported() {
            return ReplicaLinkState.CONNECTING;
        }

        @Override
        public String toString() {
            return "Connecting";
        }
    }

    /** Connected; the handshake waits for the reply of {@code step}. */
    record Handshake(MasterConnection connection, HandshakeStep step) implements AttemptState {

        public Handshake {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(step, "step");
        }

        @Override
        public ReplicaLinkState reported() {
            return ReplicaLinkState.HANDSHAKE;
        }

        @Override
        public String toString() {
            return "Handshake(" + step + ")";
        }
    }

    /** {@code +FULLRESYNC} was received; {@code loader} receives and loads the snapshot. */
    record Transfer(MasterConnection connection, FullSyncLoader loader) implements AttemptState {

        public Transfer {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(loader, "loader");
        }

        @Override
        public ReplicaLinkState reported() {
            return ReplicaLinkState.TRANSFER;
        }

        @Override
        public String toString() {
            return "Transfer";
        }
    }

    /** The sync completed; {@code applier} applies the master's stream ({@code master_link_status:up}). */
    record Streaming(MasterConnection connection, StreamApplier applier) implements AttemptState {

        public Streaming {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(applier, "applier");
        }

        @Override
        public ReplicaLinkState reported() {
            return ReplicaLinkState.CONNECTED;
        }

        @Override
        public String toString() {
            return "Streaming";
        }
    }

    /**
     * The link refused its master and does not retry on its own (the empty-master guard): down
     * until {@link ReplicaLink#resume()} ({@code replica-allow-empty-unrelated-master yes}) or a
     * new {@code REPLICAOF}.
     */
    record Parked(String reason) implements LinkState {

        public Parked {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public ReplicaLinkState reported() {
            return ReplicaLinkState.CONNECT;
        }

        @Override
        public String toString() {
            return "Parked";
        }
    }

    /**
     * Terminal: {@link ReplicaLink#stop()} was called (REPLICAOF elsewhere, promotion, close).
     * Nothing of the link touches the data set any more.
     */
    record Stopped() implements LinkState {

        @Override
        public ReplicaLinkState reported() {
            // What the node reported between attempts; a stopped link is normally no longer asked.
            return ReplicaLinkState.CONNECT;
        }

        @Override
        public String toString() {
            return "Stopped";
        }
    }
}
