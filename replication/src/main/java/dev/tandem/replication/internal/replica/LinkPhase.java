package dev.tandem.replication.internal.replica;

import dev.tandem.replication.ReplicaLinkState;

/**
 * The replica's link state machine, Redis's {@code repl_state} (reference §2.5): connect →
 * handshake → PSYNC → transfer → stream. Any failure goes back to {@link #CONNECT}.
 */
public enum LinkPhase {
    /** Waiting for the next connection attempt. */
    CONNECT(ReplicaLinkState.CONNECT),
    /** A connection attempt is under way. */
    CONNECTING(ReplicaLinkState.CONNECTING),
    /** {@code PING} sent alone; waiting for its reply. */
    RECEIVE_PING_REPLY(ReplicaLinkState.HANDSHAKE),
    /** {@code AUTH} and the {@code REPLCONF}s sent back to back; reading the AUTH reply. */
    RECEIVE_AUTH_REPLY(ReplicaLinkState.HANDSHAKE),
    RECEIVE_PORT_REPLY(ReplicaLinkState.HANDSHAKE),
    RECEIVE_IP_REPLY(ReplicaLinkState.HANDSHAKE),
    RECEIVE_CAPA_REPLY(ReplicaLinkState.HANDSHAKE),
    /** {@code PSYNC} sent (only after every earlier reply was read); waiting for its reply. */
    RECEIVE_PSYNC_REPLY(ReplicaLinkState.HANDSHAKE),
    /** Receiving and loading the full-sync payload. */
    TRANSFER(ReplicaLinkState.TRANSFER),
    /** Applying the command stream; the link is up. */
    CONNECTED(ReplicaLinkState.CONNECTED);

    private final ReplicaLinkState reported;

    LinkPhase(ReplicaLinkState reported) {
        this.reported = reported;
    }

    /** The state {@code ROLE} and {@code INFO} report for this phase. */
    public ReplicaLinkState reported() {
        return reported;
    }

    public boolean isHandshake() {
        return reported == ReplicaLinkState.HANDSHAKE;
    }
}
