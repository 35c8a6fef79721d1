/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

/**
 * The sub-steps of {@link LinkState.Handshake}, Redis's handshake {@code repl_state}s (reference
 * §2): which reply the replica waits for. {@code PING} goes alone; {@code AUTH} (optional) and
 * the {@code REPLCONF}s go back to back and their replies are read one per step; {@code PSYNC}
 * goes only after every earlier reply was read.
 */
enum HandshakeStep {
    /** {@code PING} sent alone; waiting for its reply. */
    RECEIVE_PING_REPLY,
    /** {@code AUTH} and the {@code REPLCONF}s sent back to back; reading the AUTH reply. */
    RECEIVE_AUTH_REPLY,
    RECEIVE_PORT_REPLY,
    /** Only with {@code replica-announce-ip}. */
    RECEIVE_IP_REPLY,
    RECEIVE_CAPA_REPLY,
    /** {@code PSYNC} sent; waiting for {@code +FULLRESYNC} or {@code +CONTINUE}. */
    RECEIVE_PSYNC_REPLY;

    /**
     * Whether {@code next} may follow this step. Steps only move forward, and AUTH and the IP
     * reply may be skipped (no {@code masterauth}, no {@code replica-announce-ip}).
     */
    boolean mayAdvanceTo(HandshakeStep next) {
        return switch (this) {
            case RECEIVE_PING_REPLY -> next == RECEIVE_AUTH_REPLY || next == RECEIVE_PORT_REPLY;
            case RECEIVE_AUTH_REPLY -> next == RECEIVE_PORT_REPLY;
            case RECEIVE_PORT_REPLY -> next == RECEIVE_IP_REPLY || next == RECEIVE_CAPA_REPLY;
            case RECEIVE_IP_REPLY -> next == RECEIVE_CAPA_REPLY;
            case RECEIVE_CAPA_REPLY -> next == RECEIVE_PSYNC_REPLY;
            case RECEIVE_PSYNC_REPLY -> false;
        };
    }
}
