/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import io.netty.buffer.ByteBuf;

/**
 * Receives a full-sync payload as it arrives (replica side), from {@link RdbPayloadParser} or
 * {@link RdbTransferHandler}. Calls come in this order: any number of {@link #onKeepalive()},
 * then {@link #onStart}, any number of {@link #onChunk}, then exactly one of
 * {@link #onComplete()} or {@link #onFailure} (a failure may also come before
 * {@code onStart}). All calls happen on one thread (the channel's event loop).
 */
public interface RdbPayloadSink {

    /** A bare newline keepalive arrived before the payload header (refresh the transfer timeout). */
    default void onKeepalive() {
    }

    /**
     * The payload header was read.
     *
     * @param eofMarked {@code true} for the diskless {@code $EOF:<mark>} form, whose length is unknown
     * @param lengthOrMinus1 the announced length for the {@code $<len>} form, -1 for the EOF form
     */
    void onStart(boolean eofMarked, long lengthOrMinus1);

    /**
     * Payload bytes (never header, mark or stream bytes). The sink owns {@code chunk}: it must
     * release it, now or later. Usually a retained slice of the received buffer (no copy).
     */
    void onChunk(ByteBuf chunk);

    /** The whole payload was delivered. */
    void onComplete();

    /** The transfer failed (protocol error or lost connection); nothing more will be delivered. */
    void onFailure(Throwable cause);
}
