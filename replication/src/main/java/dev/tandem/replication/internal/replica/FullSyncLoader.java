/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.core.internal.DatasetBuilder;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.spi.SnapshotLoader;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.sync.RdbPayloadSink;
import io.netty.buffer.ByteBuf;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a full sync's snapshot while it streams in (replica side): each payload chunk goes
 * straight into the {@link SnapshotLoader}, which fills a {@link DatasetBuilder} off to the side,
 * so the old dataset keeps serving reads until the new one is complete and valid, and is then
 * swapped in at once ({@code repl-diskless-load swapdb}-like: Tandem always loads this way —
 * neither a temp file nor an empty dataset during the load). A truncated or corrupt payload
 * discards the builder and leaves the old data untouched; the link then retries. A complete
 * one is handed to the link, which calls {@link #install()} under the keyspace write lock: the
 * swap, or the empty-master guard's refusal. The link's {@link LinkState.Transfer} holds the
 * loader, and INFO's {@code master_sync_*} fields are its {@link #progress}.
 *
 * <p>Runs on the connection's event loop. Parsing is CPU work with no I/O; a very large load
 * occupies that loop (Redis's replica is also unresponsive to its master while loading), which
 * is why a node uses its own I/O threads for its replication link.
 */
final class FullSyncLoader implements RdbPayloadSink {

    private static final Logger log = LoggerFactory.getLogger(FullSyncLoader.class);
    /** An {@link ReplicationEvent.RdbProgress} event per this many payload bytes. */
    static final long PROGRESS_EVERY_BYTES = 1024 * 1024;

    private final MasterConnection connection;
    private final ReplicationContext context;
    private final ReplicationId replid;
    private final long offset;
    private DatasetBuilder builder;
    private SnapshotLoader loader;
    private volatile boolean eofMarked;
    private volatile long announcedLength = -1;
    private volatile boolean started;
    private volatile long bytes;
    private volatile long lastPayloadIoMillis;
    private long lastProgressBytes;
    private boolean finished;

    FullSyncLoader(MasterConnection connection, ReplicationId replid, long offset) {
        this.connection = connection;
        this.context = connection.context();
        this.replid = replid;
        this.offset = offset;
        this.lastPayloadIoMillis = context.nowMillis();
    }

    ReplicationId replid() {
        return replid;
    }

    long offset() {
        return offset;
    }

    boolean eofMarked() {
        return eofMarked;
    }

    long bytes() {
        return bytes;
    }

    long keysLoaded() {
        SnapshotLoader l = loader;
        return l == null ? 0 : l.keysLoaded();
    }

    OptionalInt streamDb() {
        SnapshotLoader l = loader;
        return l == null ? OptionalInt.empty() : l.streamDb();
    }

    /** {@code master_sync_*} of INFO while the transfer runs. */
    ReplicationInfo.SyncProgress progress(long nowMillis) {
        // Redis's repl_transfer_size: -1 until the payload header is read, 0 for $EOF:, else $<len>.
        long total = !started ? -1 : eofMarked ? 0 : announcedLength;
        return new ReplicationInfo.SyncProgress(total, bytes, (int) ((nowMillis - lastPayloadIoMillis) / 1000));
    }

    @Override
    public void onKeepalive() {
        lastPayloadIoMillis = context.nowMillis();
    }

    @Override
    public void onStart(boolean eofMarked, long lengthOrMinus1) {
        this.eofMarked = eofMarked;
        this.announcedLength = lengthOrMinus1;
        this.started = true;
        this.builder = context.keyspace().newDatasetBuilder();
        if (!eofMarked) {
            builder.expectPayloadBytes(lengthOrMinus1);
        }
        this.loader = context.snapshotFormat().newLoader(builder);
        if (eofMarked) {
            log.info("MASTER <-> REPLICA sync: receiving streamed snapshot from master with EOF to the loader");
        } else {
            log.info("MASTER <-> REPLICA sync: receiving {} bytes from master to the loader", lengthOrMinus1);
        }
    }

    @Override
    public void onChunk(ByteBuf chunk) {
        try {
            bytes += chunk.readableBytes();
            lastPayloadIoMillis = context.nowMillis();
            loader.feed(chunk);
        } finally {
            chunk.release();
        }
        if (bytes - lastProgressBytes >= PROGRESS_EVERY_BYTES) {
            lastProgressBytes = bytes;
            context.events().emit(new ReplicationEvent.RdbProgress(connection.link().masterName(), bytes, loader.keysLoaded()));
        }
    }

    @Override
    public void onComplete() {
        try {
            loader.finish();
        } catch (RuntimeException e) {
            failed("the snapshot is invalid: " + e.getMessage());
            connection.fail("invalid snapshot from master: " + e.getMessage());
            return;
        }
        finished = true;
        context.events().emit(new ReplicationEvent.RdbProgress(connection.link().masterName(), bytes, loader.keysLoaded()));
        connection.link().fullSyncLoaded(connection, this);
    }

    @Override
    public void onFailure(Throwable cause) {
        // When the connection was ended on purpose (a timeout, stop, CLIENT KILL), that is the
        // reason; the transfer handler only sees the channel close.
        failed(connection.closeReason()
                .orElse(cause.getMessage() == null ? cause.toString() : cause.getMessage()));
    }

    /** What {@link #install()} did with the complete snapshot. */
    sealed interface Installation {
        /** The snapshot replaced the data set; the stream continues in {@code streamDb}. */
        record Committed(int streamDb) implements Installation { }

        /** The empty-master guard refused the snapshot; the data set and history are unchanged. */
        record Refused(long localKeys) implements Installation { }
    }

    /**
     * Under the keyspace write lock, once the payload is complete: swaps the snapshot in, adopts
     * the master's history at its offset and restarts the backlog there, unless
     * {@link EmptyMasterGuard} refuses it (then the snapshot is discarded and nothing changes).
     */
    Installation install() {
        long localKeys = 0;
        for (int i = 0; i < context.keyspace().databaseCount(); i++) {
            localKeys += context.keyspace().database(i).size();
        }
        if (EmptyMasterGuard.refuses(context.allowEmptyUnrelatedMaster(), localKeys, builder.size(), replid,
                context.history())) {
            builder.discard();
            return new Installation.Refused(localKeys);
        }
        builder.commit();
        context.history(context.history().adoptMaster(replid));
        context.backlog().reset(offset);
        int db = streamDb().orElse(0);
        return new Installation.Committed(db < 0 || db >= context.keyspace().databaseCount() ? 0 : db);
    }

    /**
     * The link no longer wants this snapshot (it stopped while the load completed): drop it
     * without a report, the link's end was reported already.
     */
    void abandon() {
        finished = true;
        if (builder != null) {
            builder.discard();
        }
    }

    private void failed(String reason) {
        if (finished) {
            return;
        }
        finished = true;
        if (loader != null) {
            loader.discard();
        }
        if (builder != null) {
            builder.discard();
        }
        log.warn("MASTER <-> REPLICA sync failed after {} payload bytes: {}; the old data set is kept", bytes, reason);
        context.events().emit(new ReplicationEvent.SyncFailed(connection.link().masterName(), reason));
    }
}
