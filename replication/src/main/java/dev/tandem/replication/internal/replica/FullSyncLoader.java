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
import dev.tandem.core.Key;
import dev.tandem.core.snapshot.DatasetTarget;
import dev.tandem.core.value.RedisValue;
import dev.tandem.replication.DisklessLoad;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a full sync's snapshot (replica side) the way {@code repl-diskless-load} says, Redis
 * 7.0.15's {@code readSyncBulkPayload}:
 * <ul>
 * <li>{@code swapdb}: each payload chunk goes straight into the {@link SnapshotLoader}, which fills
 * a {@link DatasetBuilder} beside the live data (Redis's temp db), so the old data keeps serving
 * reads until the new one is complete and valid and is then swapped in at once. Keeping both
 * needs the memory of both: the payload's {@code $<len>} and RESIZEDB hints before, and the
 * accounted size of what is loaded while, the load runs are checked against {@code maxmemory} and
 * the JVM's free heap ({@link LoadHeadroom}); when they do not fit, the old data set is emptied
 * first and the load goes on (flush-then-load), with a WARN line and a
 * {@link ReplicationEvent.LoadFallback}.</li>
 * <li>{@code disabled} (the default), and {@code on-empty-db} while the replica holds keys: the
 * payload goes to a temp file in {@code dir} ({@link SyncSpoolFile}) while the old data keeps
 * serving; once complete, the file is parsed once without keeping anything (a truncated or corrupt
 * payload then leaves the old data untouched, where Redis has already flushed it), the old data
 * set is emptied, and the file is loaded — one data set on the heap at a time.</li>
 * <li>{@code on-empty-db} with an empty data set: straight from the socket (nothing to keep).</li>
 * </ul>
 * While the live data set is empty and the new one loading, commands get {@code -LOADING} (Redis's
 * {@code loading:1}). A complete snapshot is handed to the link, which calls {@link #install()}
 * under the keyspace write lock: the swap, or the empty-master guard's refusal. The link's
 * {@link LinkState.Transfer} holds the loader, and INFO's {@code master_sync_*} fields are its
 * {@link #progress}.
 *
 * <p>Runs on the connection's event loop. Parsing is CPU work (and the temp file's I/O); a very
 * large load occupies that loop (Redis's replica is also unresponsive to its master while
 * loading), which is why a node uses its own I/O threads for its replication link.
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
    /** The temp file of a disk-based load while the payload arrives; null when loading from the socket. */
    private SyncSpoolFile spool;
    /** Whether the old data set is still live beside the one loading (swapdb), so headroom matters. */
    private boolean beside;
    /** Whether this load emptied the live data set (and set the loading flag, cleared when it ends). */
    private boolean flushedLive;

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
        DisklessLoad mode = context.config().replDisklessLoad();
        // Redis's useDisklessLoad: swapdb always, on-empty-db only while the data set has no keys.
        boolean diskless = mode == DisklessLoad.SWAPDB || mode == DisklessLoad.ON_EMPTY_DB && liveKeys() == 0;
        if (!diskless) {
            try {
                spool = SyncSpoolFile.create(context.syncDirectory(), context.nowMillis() / 1000);
            } catch (IOException | RuntimeException e) {
                String reason = "Opening the temp file needed for MASTER <-> REPLICA synchronization: " + e;
                failed(reason);
                connection.fail(reason);
                return;
            }
            if (eofMarked) {
                log.info("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk ({})", spool.path());
            } else {
                log.info("MASTER <-> REPLICA sync: receiving {} bytes from master to disk ({})", lengthOrMinus1,
                        spool.path());
            }
            return;
        }
        openLoader(eofMarked ? -1 : lengthOrMinus1);
        if (eofMarked) {
            log.info("MASTER <-> REPLICA sync: receiving streamed snapshot from master with EOF to parser");
        } else {
            log.info("MASTER <-> REPLICA sync: receiving {} bytes from master to parser", lengthOrMinus1);
        }
        if (mode == DisklessLoad.SWAPDB) {
            beside = true;
            checkHeadroom();
        } else {
            flushLive(); // on-empty-db: nothing to keep, but the loading state and history are Redis's
        }
    }

    private void openLoader(long payloadBytes) {
        this.builder = context.keyspace().newDatasetBuilder();
        if (payloadBytes >= 0) {
            builder.expectPayloadBytes(payloadBytes);
        }
        this.loader = context.snapshotFormat().newLoader(builder);
    }

    private long liveKeys() {
        long n = 0;
        for (int i = 0; i < context.keyspace().databaseCount(); i++) {
            n += context.keyspace().database(i).size();
        }
        return n;
    }

    /**
     * swapdb: falls back to flush-then-load when the old data set and the new one (as far as the
     * payload lets one predict it, and as loaded so far) do not both fit.
     */
    private void checkHeadroom() {
        if (!beside || finished) {
            return;
        }
        long loaded = builder.usedMemory();
        long predicted = LoadHeadroom.predicted(eofMarked ? -1 : announcedLength, builder.hintedKeys(), loaded);
        String shortfall = LoadHeadroom.jvm().shortfall(context.keyspace().usedMemory(), predicted, loaded,
                context.keyspace().eviction().maxmemory());
        if (shortfall == null) {
            return;
        }
        beside = false;
        log.warn("MASTER <-> REPLICA sync: {}; repl-diskless-load swapdb falls back to flushing the old data set "
                + "before loading on", shortfall);
        context.events().emit(new ReplicationEvent.LoadFallback(connection.link().masterName(), shortfall));
        flushLive();
    }

    /** Empties the live data set for this load (Redis's replicationAttachToNewMaster + emptyData). */
    private void flushLive() {
        if (finished) {
            return;
        }
        if (!connection.link().flushForLoad(this)) {
            abandon(); // the link moved on (stopped, promoted): never touch a data set it no longer loads into
            return;
        }
        flushedLive = true;
        log.info("MASTER <-> REPLICA sync: Flushing old data");
    }

    /** Called by the link under the write lock once it checked this load is current. */
    void emptyLiveData() {
        builder.flushLiveData();
    }

    @Override
    public void onChunk(ByteBuf chunk) {
        try {
            bytes += chunk.readableBytes();
            lastPayloadIoMillis = context.nowMillis();
            if (finished) {
                return;
            }
            if (spool != null) {
                try {
                    spool.write(chunk);
                } catch (IOException e) {
                    String reason = "Write error writing to the DB dump file needed for MASTER <-> REPLICA "
                            + "synchronization: " + e.getMessage();
                    failed(reason);
                    connection.fail(reason);
                    return;
                }
            } else {
                loader.feed(chunk);
            }
        } finally {
            chunk.release();
        }
        if (spool == null) {
            checkHeadroom();
        }
        if (bytes - lastProgressBytes >= PROGRESS_EVERY_BYTES) {
            lastProgressBytes = bytes;
            context.events().emit(new ReplicationEvent.RdbProgress(connection.link().masterName(), bytes, keysLoaded()));
        }
    }

    @Override
    public void onComplete() {
        if (finished) {
            return;
        }
        try {
            if (spool != null) {
                loadSpooled();
                if (finished) {
                    return; // abandoned: the link moved on
                }
            } else {
                loader.finish();
            }
        } catch (IOException | RuntimeException e) {
            // From the socket a corrupt payload fails in the parser as it streams (the reason is
            // its message alone); the temp file's check pass reports the same words.
            String what = e instanceof IOException ? "the temp file could not be read: "
                    : spool != null ? "" : "the snapshot is invalid: ";
            failed(what + e.getMessage());
            connection.fail("invalid snapshot from master: " + e.getMessage());
            return;
        }
        finished = true;
        context.events().emit(new ReplicationEvent.RdbProgress(connection.link().masterName(), bytes, loader.keysLoaded()));
        connection.link().fullSyncLoaded(connection, this);
    }

    /**
     * The disk-based load once the payload is complete: a first pass checks it (and counts its
     * keys) without keeping anything, so a corrupt payload leaves the old data untouched; then the
     * old data set is emptied (unless the empty-master guard will refuse this snapshot, whose
     * nothing then costs no memory beside it) and the file loaded.
     */
    private void loadSpooled() throws IOException {
        KeyCounter counter = new KeyCounter(context.keyspace().databaseCount());
        SnapshotLoader check = context.snapshotFormat().newLoader(counter);
        spool.feedTo(check);
        check.finish();
        boolean refusedAnyway = EmptyMasterGuard.refuses(context.allowEmptyUnrelatedMaster(), liveKeys(), counter.size(),
                replid, context.history());
        openLoader(spool.size());
        if (!refusedAnyway) {
            flushLive();
            if (finished) {
                return;
            }
        }
        log.info("MASTER <-> REPLICA sync: Loading DB in memory");
        spool.feedTo(loader);
        loader.finish();
        closeSpool();
    }

    private void closeSpool() {
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }

    /** Counts a snapshot's keys and drops every value at once: the check pass of a disk-based load. */
    private static final class KeyCounter implements DatasetTarget {
        private final int databases;
        private long keys;

        KeyCounter(int databases) {
            this.databases = databases;
        }

        @Override
        public int databaseCount() {
            return databases;
        }

        @Override
        public boolean put(int db, Key key, RedisValue value, long expireAtMillis) {
            if (db < 0 || db >= databases) {
                throw new IllegalArgumentException("database " + db + " out of range 0.." + (databases - 1));
            }
            keys++;
            return true; // a duplicate key is not checked here; the real load refuses it before anything is swapped
        }

        @Override
        public long size() {
            return keys;
        }
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
        endLoading();
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
        closeSpool();
        endLoading();
    }

    private void endLoading() {
        if (flushedLive) {
            flushedLive = false;
            context.loadingFromDisk(false);
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
        closeSpool();
        if (flushedLive) {
            endLoading();
            log.warn("MASTER <-> REPLICA sync failed after {} payload bytes: {}; the old data set was flushed for this "
                    + "load, the data set is empty", bytes, reason);
        } else {
            log.warn("MASTER <-> REPLICA sync failed after {} payload bytes: {}; the old data set is kept", bytes, reason);
        }
        context.events().emit(new ReplicationEvent.SyncFailed(connection.link().masterName(), reason));
    }
}
