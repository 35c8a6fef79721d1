/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.stream;

import dev.tandem.core.internal.Propagated;
import dev.tandem.replication.spi.ReplicationBacklog;
import java.util.List;
import java.util.Objects;

/**
 * The node's replication stream: the one place that appends to the backlog (brief §2, §9).
 * Everything that enters the stream comes through here — a master's propagated units (with
 * {@code SELECT} injected), its heartbeats and {@code GETACK}s, and a replica's exact copy of
 * its master's bytes — so the encoder's selected db, the backlog's offset and the senders'
 * wake-up can never disagree.
 *
 * <h2>Threading</h2>
 * Every method that changes the stream runs under the keyspace write lock: that lock is what
 * orders the stream with the data set. Waking the senders is cheap and non-blocking (a flag
 * and at most one task per event loop), so it may happen under the lock; a replica that applies
 * a unit of several commands wakes them once per unit ({@link #wakeSenders()}).
 */
public final class ReplicationStream {

    private final ReplicationBacklog backlog;
    private final StreamEncoder encoder = new StreamEncoder();
    /** Re-encodes a replica's received commands to check that the bytes it forwards are exact. */
    private final StreamEncoder reencoder = new StreamEncoder();
    private volatile Runnable senderWakeup = () -> { };
    /** The append-only file's view of the stream (heartbeats and GETACKs never reach it). */
    private volatile StreamTap tap = StreamTap.NONE;

    public ReplicationStream(ReplicationBacklog backlog) {
        this.backlog = Objects.requireNonNull(backlog, "backlog");
    }

    /** Installs what waking the senders does (the master side's {@code SenderWakeup}). */
    public void onAppended(Runnable wakeup) {
        this.senderWakeup = Objects.requireNonNull(wakeup, "wakeup");
    }

    /** Installs the stream's tap (the append-only file), or {@link StreamTap#NONE}. */
    public void tap(StreamTap value) {
        this.tap = Objects.requireNonNull(value, "tap");
    }

    /**
     * A master's execution unit: encodes it ({@code SELECT} injected on a db change), appends
     * it and wakes the senders. Returns {@code master_repl_offset} after it.
     */
    public long appendUnit(List<Propagated> unit) {
        // The file first (Redis: feedAppendOnlyFile, then the replicas' buffers): under
        // appendfsync always the tap gates the senders before the unit's bytes exist.
        tap.unit(unit);
        encoder.encode(unit);
        append(encoder.bytes(), encoder.length());
        return backlog.masterReplOffset();
    }

    /** A command that never causes a SELECT: the heartbeat {@code ping}, {@code REPLCONF GETACK *}. */
    public void appendWithoutSelect(byte[]... argv) {
        encoder.encodeWithoutSelect(argv);
        append(encoder.bytes(), encoder.length());
    }

    /**
     * A replica forwards one command of its master's stream byte for byte: appends its canonical
     * RESP2 encoding if that is exactly {@code wireLength} bytes long, as it was on the wire.
     * Does not wake the senders (the caller does once per unit).
     *
     * @return the length of the canonical encoding; when it differs from {@code wireLength}
     *         nothing was appended (the master's bytes cannot be forwarded exactly: a desync)
     */
    public int forward(byte[][] argv, long wireLength) {
        reencoder.encodeWithoutSelect(argv);
        if (reencoder.length() == wireLength) {
            tap.forwarded(argv); // first, as in appendUnit
            backlog.append(reencoder.bytes(), 0, reencoder.length());
        }
        return reencoder.length();
    }

    /** A replica forwards bytes that are no command (bare newlines, an empty array) as they came. */
    public void forwardRaw(byte[] bytes) {
        backlog.append(bytes);
    }

    /** Wakes the replica senders: once after a replica applied a unit. */
    public void wakeSenders() {
        senderWakeup.run();
    }

    /**
     * The last offset the replica senders may send ({@link StreamTap#sendableOffset()}); read it
     * after reading the bytes, so that bytes seen imply their gate is seen.
     */
    public long sendableOffset() {
        return tap.sendableOffset();
    }

    /** {@code master_repl_offset}: the offset of the last byte in the stream. */
    public long offset() {
        return backlog.masterReplOffset();
    }

    /** The db the stream has selected, or {@link StreamEncoder#UNKNOWN_DB}. */
    public int selectedDb() {
        return encoder.selectedDb();
    }

    /**
     * Forces a {@code SELECT} before the next keyed command: at a full sync's start (a snapshot
     * says nothing of the stream's db) and on promotion (protocol reference §6.2).
     */
    public void resetSelectedDb() {
        encoder.resetSelectedDb();
    }

    private void append(byte[] bytes, int length) {
        if (backlog.append(bytes, 0, length)) {
            senderWakeup.run();
        }
    }
}
