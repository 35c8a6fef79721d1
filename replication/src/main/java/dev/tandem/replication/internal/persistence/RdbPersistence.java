/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.SaveRule;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.internal.server.PersistenceHooks;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's RDB persistence, Redis 7.0's semantics: the {@code save} rules checked ten times a
 * second (Redis's {@code serverCron}), {@code BGSAVE} on a thread of its own (forkless: the
 * snapshot is walked there while writers go on), {@code SAVE} on the caller's thread, the
 * {@code lastsave}/{@code dirty} bookkeeping, {@code stop-writes-on-bgsave-error}'s
 * {@code MISCONF}, the save a {@code SHUTDOWN} makes, the load at start and
 * {@code INFO persistence}.
 *
 * <p>Saves are serialized: one snapshot runs at a time in a keyspace (a full sync's or a save's),
 * so a save that finds one running is refused with Redis's "Background save already in progress"
 * ({@code BGSAVE SCHEDULE} and the save rules wait for it instead).
 */
public final class RdbPersistence implements PersistenceHooks, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RdbPersistence.class);

    /** Redis's {@code shared.bgsaveerr}, the text of 7.0.15. */
    public static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
            + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance "
            + "is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";
    static final String IN_PROGRESS = "ERR Background save already in progress";
    /** Redis's {@code CONFIG_BGSAVE_RETRY_DELAY}: after a failed BGSAVE, rules retry after 5 s. */
    static final long RETRY_DELAY_SECONDS = 5;
    private static final long CRON_PERIOD_MILLIS = 100;

    private final ReplicationContext context;
    private final ScheduledExecutorService thread;
    private final PersistenceDirectives directives = new PersistenceDirectives(this);
    private volatile Persistence settings;
    private volatile boolean incrementalFsync = true;
    private volatile boolean delSyncFiles;

    /** Redis's {@code server.dirty}: changes since the last successful save. */
    private final AtomicLong dirty = new AtomicLong();
    private volatile long dirtyBeforeBgsave;
    private volatile long lastSaveSeconds;
    private volatile long lastBgsaveTrySeconds;
    private volatile boolean lastBgsaveOk = true;
    private volatile long lastBgsaveTimeSeconds = -1;
    private volatile long bgsaveStartMillis = -1;
    private volatile boolean bgsaveScheduled;
    private final AtomicLong saves = new AtomicLong();
    /** The save running now (SAVE or BGSAVE), for INFO's progress fields; guarded by this for starts. */
    private volatile RdbSaveJob running;
    private volatile boolean runningInBackground;

    /** The append-only file while {@code appendonly yes}, else null. */
    private volatile AppendOnlyFile aof;

    private volatile boolean aofRewriteRunning;
    private volatile boolean aofRewriteScheduled;
    private volatile boolean lastAofRewriteOk = true;
    private volatile long lastAofRewriteSeconds = -1;
    private volatile long aofRewriteStartMillis = -1;
    private final AtomicLong aofRewrites = new AtomicLong();
    private final AtomicLong aofRewriteFailures = new AtomicLong();
    /** The cron's back-off after consecutive failed rewrites; guarded by this. */
    private final AofRewriteLimit rewriteLimit = new AofRewriteLimit();

    private volatile boolean loading;
    private volatile long loadingStartSeconds;
    private volatile long loadingTotalBytes;
    private volatile long loadingLoadedBytes;
    private volatile long lastLoadKeys;

    public RdbPersistence(ReplicationContext context, Persistence settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lastSaveSeconds = nowSeconds();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, context.nodeName() + "-bgsave");
            t.setDaemon(true);
            return t;
        });
        // Every change to the data set (a client's write, the master's stream applied on a
        // replica, an expiry) counts, as Redis's server.dirty does.
        context.keyspace().addListener(event -> dirty.incrementAndGet());
    }

    @Override
    public dev.tandem.replication.internal.server.ConfigDirectives config() {
        return directives;
    }

    public Persistence settings() {
        return settings;
    }

    /**
     * The group commit's counters while the AOF is on: {fsyncs it made, bytes appended, bytes
     * known to be on disk}; for tests and benchmarks, not INFO (Redis has no such field).
     */
    public long[] aofSyncCounters() {
        AppendOnlyFile file = aof;
        if (file == null) {
            return new long[] {0, 0, 0};
        }
        AofGroupCommit g = file.groupCommit();
        return new long[] {g.fsyncs(), g.appendedPosition(), g.syncedPosition()};
    }

    @Override
    public dev.tandem.replication.internal.server.ReplyBarrier replyBarrier() {
        AppendOnlyFile file = aof;
        return file != null && settings.appendFsync() == dev.tandem.replication.AppendFsync.ALWAYS
                ? file.groupCommit() : dev.tandem.replication.internal.server.ReplyBarrier.NONE;
    }

    public void settings(Persistence value) {
        this.settings = Objects.requireNonNull(value, "settings");
        AppendOnlyFile file = aof;
        if (file != null) {
            file.settings(value); // appendfsync changes at run time, as CONFIG SET appendfsync
        }
    }

    /**
     * AOF directives Tandem accepts and reports but whose behaviour it does not need or has not
     * yet: {@code aof-timestamp-enabled} (annotations are skipped on load, none are written),
     * {@code no-appendfsync-on-rewrite} (read by the file's fsyncs), {@code aof-rewrite-incremental-fsync}, and the
     * automatic rewrite thresholds (no {@code BGREWRITEAOF} yet). Redis's defaults.
     */
    private final java.util.Map<String, String> aofAccepted = new java.util.concurrent.ConcurrentHashMap<>(
            java.util.Map.of("aof-timestamp-enabled", "no", "no-appendfsync-on-rewrite", "no",
                    "aof-rewrite-incremental-fsync", "yes", "auto-aof-rewrite-percentage", "100",
                    "auto-aof-rewrite-min-size", "67108864"));

    String acceptedAofDirective(String name) {
        return aofAccepted.get(name);
    }

    void acceptAofDirective(String name, String value) {
        aofAccepted.put(name, value);
    }

    public boolean incrementalFsync() {
        return incrementalFsync;
    }

    public void incrementalFsync(boolean value) {
        incrementalFsync = value;
    }

    /** {@code rdb-del-sync-files}: accepted and reported; Tandem's full syncs never leave an RDB file behind. */
    public boolean delSyncFiles() {
        return delSyncFiles;
    }

    public void delSyncFiles(boolean value) {
        delSyncFiles = value;
    }

    /**
     * Starts checking the save rules and, with {@code appendonly yes}, opens the append-only
     * file (writing its base first when there is none) and fsyncs it each second for
     * {@code appendfsync everysec}.
     *
     * @throws RdbLoadFailedException when the AOF cannot be opened (Redis exits then too)
     */
    public void start() {
        if (settings.appendOnly()) {
            AppendOnlyFile file = newAppendOnlyFile();
            context.stream().tap(file);
            try {
                file.open(this);
            } catch (IOException e) {
                context.stream().tap(dev.tandem.replication.internal.stream.StreamTap.NONE);
                file.close();
                log.error("Can't open the append-only file: {}", e.getMessage());
                throw new RdbLoadFailedException("Can't open the append-only file: " + e.getMessage(), e);
            }
            aof = file;
        }
        // A full sync replaced the data set: the AOF no longer describes it. Redis restarts
        // its AOF after a sync (restartAOFAfterSYNC, a rewrite); Tandem schedules a rewrite,
        // whose base is taken after the swap (writes applied meanwhile end in the base too).
        context.events().addListener(event -> {
            if (aof != null && event instanceof ReplicationEvent.SyncCompleted done
                    && done.kind() == dev.tandem.replication.SyncKind.FULL) {
                aofRewriteScheduled = true;
            }
        });
        // Redis's everysec fsync is a background job started once a second from the cron.
        thread.scheduleWithFixedDelay(() -> {
            AppendOnlyFile file = aof;
            if (file != null) {
                file.fsyncIfDirty();
            }
        }, 1, 1, TimeUnit.SECONDS);
        thread.scheduleWithFixedDelay(this::cron, CRON_PERIOD_MILLIS, CRON_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private AppendOnlyFile newAppendOnlyFile() {
        return new AppendOnlyFile(context, settings, () -> "yes".equals(aofAccepted.get("aof-timestamp-enabled")),
                // Redis's hasActiveChildProcess(): here a forkless snapshot (BGSAVE, a rewrite, a full sync).
                () -> "yes".equals(aofAccepted.get("no-appendfsync-on-rewrite"))
                        && context.keyspace().snapshotInProgress());
    }

    // ------------------------------------------------------------------ CONFIG SET appendonly

    /** Redis's {@code AOF_WAIT_REWRITE}: on, waiting for the rewrite that writes its first base. */
    private volatile boolean aofWaitRewrite;

    /**
     * {@code CONFIG SET appendonly yes|no} at run time: Redis's {@code startAppendOnly} (the AOF
     * is on at once, in {@code aof_state} wait-rewrite: a rewrite writes a base of the data set
     * and the writes from its snapshot point go to a new incremental file; scheduled when another
     * snapshot runs) and {@code stopAppendOnly} (the file is synced and closed, appending stops,
     * a scheduled rewrite is dropped).
     */
    void appendOnlyChanged(boolean on) {
        synchronized (this) {
            if (on && aof == null) {
                AppendOnlyFile file = newAppendOnlyFile();
                context.stream().tap(file);
                aof = file;
                aofWaitRewrite = true;
                if (running != null || aofRewriteRunning || context.keyspace().snapshotInProgress()) {
                    aofRewriteScheduled = true;
                    log.warn("AOF was enabled but there is already another background operation. "
                            + "An AOF background was scheduled to start when possible.");
                } else {
                    startAofRewrite();
                }
            } else if (!on && aof != null) {
                AppendOnlyFile file = aof;
                context.stream().tap(dev.tandem.replication.internal.stream.StreamTap.NONE);
                aof = null;
                aofWaitRewrite = false;
                aofRewriteScheduled = false;
                file.close();
                log.info("AOF turned off: the append only file is synced and closed");
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AppendOnlyFile file = aof;
        if (file != null) {
            context.stream().tap(dev.tandem.replication.internal.stream.StreamTap.NONE);
            file.close();
            aof = null;
        }
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    // ------------------------------------------------------------------ load at start

    /** Whether the data set is being loaded from disk ({@code -LOADING} for commands without the flag). */
    public boolean loading() {
        return loading;
    }

    /**
     * Loads {@code dir/dbfilename} before the node serves, and restores the replication state the
     * file carries as Redis 7.0's {@code loadDataFromDisk} does: a replica takes the file's
     * {@code repl-id} and {@code repl-offset} as its own (its "cached master"), so it asks
     * {@code PSYNC <repl-id> <offset+1>}; a master keeps the file's id as {@code replid2} valid up
     * to {@code offset + 1}, rebases its offset on the file's and starts a new id, so its
     * replicas continue by partial resync.
     *
     * @param asReplica whether the node starts as a replica
     * @return whether the node continues a history (a replica's next PSYNC then asks to continue)
     * @throws RdbLoadFailedException when the file exists but cannot be loaded
     */
    public boolean loadAtStart(boolean asReplica) {
        if (settings.appendOnly()) {
            return loadAofAtStart();
        }
        var file = settings.rdbFile();
        long started = System.nanoTime();
        loadingStartSeconds = nowSeconds();
        try {
            loadingTotalBytes = java.nio.file.Files.size(file);
        } catch (IOException e) {
            loadingTotalBytes = 0;
        }
        loading = true;
        context.loadingFromDisk(true);
        Optional<RdbFileLoad.Loaded> loaded;
        long[] lastEvent = {System.nanoTime()};
        try {
            loaded = RdbFileLoad.load(context.keyspace(), file, (bytes, keys) -> {
                loadingLoadedBytes = bytes;
                long now = System.nanoTime();
                if (now - lastEvent[0] >= TimeUnit.SECONDS.toNanos(1)) {
                    lastEvent[0] = now;
                    log.info("Loading {}: {} of {} bytes, {} keys", file, bytes, loadingTotalBytes, keys);
                    context.events().emit(new ReplicationEvent.LoadProgress(file.toString(), bytes,
                            loadingTotalBytes, keys, false));
                }
            });
        } catch (RdbFileLoad.RdbLoadException e) {
            log.error(e.getMessage());
            throw new RdbLoadFailedException(e.getMessage(), e);
        } finally {
            loading = false;
            context.loadingFromDisk(false);
        }
        if (loaded.isEmpty()) {
            log.info("No RDB file {} to load: starting with an empty data set", file);
            return false;
        }
        RdbFileLoad.Loaded l = loaded.get();
        lastLoadKeys = l.keys();
        context.events().emit(new ReplicationEvent.LoadProgress(file.toString(), l.bytes(), l.bytes(), l.keys(), true));
        log.info("DB loaded from disk: {} seconds ({} keys, RDB version {})",
                String.format(Locale.ROOT, "%.3f", (System.nanoTime() - started) / 1e9), l.keys(), l.rdbVersion());
        dirty.set(0);
        if (!l.hasReplicationInfo()) {
            return false;
        }
        ReplicationId fileId = ReplicationId.parse(l.replid().orElseThrow().toLowerCase(Locale.ROOT));
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            if (asReplica) {
                context.history(ReplicationHistory.fresh(fileId));
                context.backlog().reset(l.offset());
                context.streamDb(l.streamDb());
            } else {
                ReplicationId fresh = ReplicationId.parse(context.runtime().randomHex(ReplicationId.LENGTH));
                context.history(new ReplicationHistory(fresh, fileId, l.offset() + 1));
                context.backlog().reset(l.offset());
            }
        } finally {
            lock.unlock();
        }
        if (asReplica) {
            log.info("Restored the replication state from the RDB file: replid {} offset {} (db {}): "
                    + "the link will ask for a partial resynchronization", fileId, l.offset(), l.streamDb());
        } else {
            log.info("Restored the replication state from the RDB file: replid2 {} valid up to offset {}, "
                    + "master_repl_offset {}", fileId, l.offset() + 1, l.offset());
        }
        return asReplica;
    }

    /**
     * With {@code appendonly yes} Redis loads the AOF and never the RDB file (its replication
     * fields are not restored: Redis 7.0 restores them from an RDB load only), so the node
     * starts a new history.
     */
    private boolean loadAofAtStart() {
        long started = System.nanoTime();
        loadingStartSeconds = nowSeconds();
        loading = true;
        context.loadingFromDisk(true);
        Optional<AofFileLoad.Loaded> loaded;
        try {
            loaded = AofFileLoad.load(context.keyspace(), settings);
        } catch (RdbFileLoad.RdbLoadException e) {
            log.error(e.getMessage());
            throw new RdbLoadFailedException(e.getMessage(), e);
        } finally {
            loading = false;
            context.loadingFromDisk(false);
        }
        if (loaded.isPresent()) {
            AofFileLoad.Loaded l = loaded.get();
            lastLoadKeys = l.baseKeys();
            log.info("DB loaded from append only file: {} seconds ({} keys from the base, {} commands)",
                    String.format(Locale.ROOT, "%.3f", (System.nanoTime() - started) / 1e9), l.baseKeys(),
                    l.commands());
        } else {
            log.info("No append only file in {}: starting with an empty data set", settings.aofDirectory());
        }
        dirty.set(0);
        return false;
    }

    /**
     * {@code DEBUG LOADAOF}, Redis's: the data set is emptied and the AOF files named by the
     * manifest are loaded again, under the keyspace write lock (Redis is single-threaded: no
     * command runs meanwhile) and with propagation off, so nothing reaches the stream or the AOF.
     * Tandem's appends are already in the file (no buffer to flush first). Redis exits when the
     * load fails; Tandem answers the error (the data set is then what was loaded up to the failure).
     */
    @Override
    public Reply debugLoadAof() {
        Persistence s = settings;
        try {
            if (AppendOnlyFile.readManifest(s).isEmpty()) {
                return Reply.error("ERR no append only file to load in " + s.aofDirectory());
            }
        } catch (IOException | RuntimeException e) {
            return Reply.error("ERR " + e.getMessage());
        }
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            context.keyspace().newDatasetBuilder().commit(); // Redis's emptyData
            AofFileLoad.load(context.keyspace(), s);
        } catch (RdbFileLoad.RdbLoadException e) {
            log.error(e.getMessage());
            return Reply.error("ERR " + e.getMessage());
        } finally {
            lock.unlock();
        }
        dirty.set(0);
        log.warn("Append Only File loaded by DEBUG LOADAOF");
        return Reply.OK;
    }

    // ------------------------------------------------------------------ saving

    /** Why a save did not happen; the text is Redis's reply. */
    public static final class SaveException extends Exception {
        SaveException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * {@code SAVE}: saves on the calling thread (writers go on: the snapshot is forkless).
     *
     * @throws SaveException with Redis's reply text
     */
    public void saveNow() throws SaveException {
        RdbSaveJob job;
        synchronized (this) {
            if (running != null) {
                throw new SaveException(IN_PROGRESS, null);
            }
            job = new RdbSaveJob(context, settings, incrementalFsync);
            running = job;
            runningInBackground = false;
        }
        long start = dirty.get();
        try {
            execute(job, false, start);
        } catch (RdbSaveJob.SnapshotBusyException e) {
            throw new SaveException(IN_PROGRESS, e);
        } catch (IOException e) {
            throw new SaveException("ERR", e);
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    /**
     * {@code BGSAVE}: starts a save on the persistence thread.
     *
     * @return Redis's status text
     * @throws SaveException with Redis's error text
     */
    public String bgsaveNow(boolean schedule) throws SaveException {
        synchronized (this) {
            if (running != null) {
                throw new SaveException(IN_PROGRESS, null);
            }
            if (context.keyspace().snapshotInProgress()) {
                // A full sync's snapshot: Redis's child is of the RDB type then too.
                if (schedule) {
                    bgsaveScheduled = true;
                    return "Background saving scheduled";
                }
                throw new SaveException(IN_PROGRESS, null);
            }
            startBackground();
        }
        return "Background saving started";
    }

    /** Under this monitor, with no save running. */
    private void startBackground() {
        RdbSaveJob job = new RdbSaveJob(context, settings, incrementalFsync);
        running = job;
        runningInBackground = true;
        bgsaveScheduled = false;
        lastBgsaveTrySeconds = nowSeconds();
        bgsaveStartMillis = System.currentTimeMillis();
        long start = dirty.get();
        dirtyBeforeBgsave = start;
        log.info("Background saving started (forkless snapshot on thread {}-bgsave)", context.nodeName());
        try {
            thread.execute(() -> {
                try {
                    execute(job, true, start);
                } catch (IOException e) {
                    // logged and counted by execute
                } finally {
                    synchronized (RdbPersistence.this) {
                        running = null;
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            running = null;
        }
    }

    private void execute(RdbSaveJob job, boolean background, long dirtyAtStart) throws IOException {
        String file = settings.rdbFile().toString();
        context.events().emit(new ReplicationEvent.SaveStarted(file, background));
        long started = System.nanoTime();
        try {
            RdbSaveJob.Result r = job.run();
            // A delayed replica's pending file continues the saved (applied) data set from here.
            context.delay().saved(r.offset());
            long millis = (System.nanoTime() - started) / 1_000_000;
            // Changes made while the snapshot was written belong to the next save, as Redis's
            // dirty - dirty_before_bgsave.
            dirty.addAndGet(-dirtyAtStart);
            lastSaveSeconds = nowSeconds();
            lastBgsaveOk = true;
            saves.incrementAndGet();
            if (background) {
                lastBgsaveTimeSeconds = millis / 1000;
                bgsaveStartMillis = -1;
                log.info("Background saving terminated with success ({} keys, {} bytes, {} ms)", r.keys(), r.bytes(),
                        millis);
            } else {
                log.info("DB saved on disk ({} keys, {} bytes, {} ms)", r.keys(), r.bytes(), millis);
            }
            context.events().emit(new ReplicationEvent.SaveFinished(file, background, r.keys(), r.bytes(), millis, null));
        } catch (IOException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (!(e instanceof RdbSaveJob.SnapshotBusyException)) {
                // Redis sets lastbgsave_status to C_ERR for a failed SAVE too (rdbSave's failure path).
                lastBgsaveOk = false;
                log.warn(e.getMessage());
                log.warn(background ? "Background saving error" : "Error saving DB on disk");
            }
            if (background) {
                lastBgsaveTimeSeconds = millis / 1000;
                bgsaveStartMillis = -1;
            }
            context.events().emit(new ReplicationEvent.SaveFinished(file, background, 0, 0, millis, e.getMessage()));
            throw e;
        }
    }

    // ------------------------------------------------------------------ BGREWRITEAOF

    static final String REWRITE_IN_PROGRESS = "ERR Background append only file rewriting already in progress";

    /**
     * {@code BGREWRITEAOF}: Redis's replies. A rewrite while another snapshot runs (a save, a
     * full sync) is scheduled, as Redis schedules it behind a child of another kind.
     */
    @Override
    public Reply bgrewriteaof() {
        synchronized (this) {
            if (aofRewriteRunning) {
                return Reply.error(REWRITE_IN_PROGRESS);
            }
            if (running != null || context.keyspace().snapshotInProgress()) {
                aofRewriteScheduled = true;
                // Redis 7.0: a rewrite the user asks for resets the failure count, so that the
                // cron's back-off does not hold it.
                aofRewriteFailures.set(0);
                return Reply.simple("Background append only file rewriting scheduled");
            }
            startAofRewrite();
        }
        return Reply.simple("Background append only file rewriting started");
    }

    /**
     * Under this monitor. With {@code appendonly no} (Redis 7.0's {@code BGREWRITEAOF} then) the
     * rewrite writes a base alone in the AOF directory and the manifest names only it.
     */
    private void startAofRewrite() {
        AppendOnlyFile current = aof;
        AppendOnlyFile file = current != null ? current : newAppendOnlyFile();
        AppendOnlyFile.RewriteMode mode = current == null ? AppendOnlyFile.RewriteMode.OFF
                : aofWaitRewrite ? AppendOnlyFile.RewriteMode.STARTING : AppendOnlyFile.RewriteMode.ON;
        aofRewriteRunning = true;
        aofRewriteScheduled = false;
        aofRewriteStartMillis = System.currentTimeMillis();
        log.info("Background append only file rewriting started (forkless snapshot on thread {}-bgsave)",
                context.nodeName());
        try {
            thread.execute(() -> {
                long started = System.nanoTime();
                try {
                    file.rewrite(this, mode);
                    lastAofRewriteOk = true;
                    aofRewrites.incrementAndGet();
                    aofRewriteFailures.set(0);
                    if (mode == AppendOnlyFile.RewriteMode.STARTING && aof == file) {
                        aofWaitRewrite = false; // Redis: AOF_WAIT_REWRITE -> AOF_ON
                    }
                    log.info("Background AOF rewrite finished successfully");
                } catch (IOException | RuntimeException e) {
                    if (!(e instanceof RdbSaveJob.SnapshotBusyException)) {
                        // Another snapshot taking the slot first is no failure: Redis would have
                        // scheduled the rewrite instead of starting it (no back-off for that).
                        lastAofRewriteOk = false;
                        aofRewriteFailures.incrementAndGet();
                    }
                    if (e instanceof RdbSaveJob.SnapshotBusyException
                            || (mode == AppendOnlyFile.RewriteMode.STARTING && aof == file)) {
                        // Another snapshot took the slot first, or the AOF still waits for its
                        // first base (Redis reschedules then too): retry from the cron.
                        aofRewriteScheduled = true;
                    }
                    log.warn("Background AOF rewrite failed: {}", e.getMessage());
                } finally {
                    if (current == null) {
                        file.close(); // the helper of a rewrite with appendonly no holds no open file
                    }
                    lastAofRewriteSeconds = (System.nanoTime() - started) / 1_000_000_000L;
                    aofRewriteStartMillis = -1;
                    aofRewriteRunning = false;
                }
            });
        } catch (RejectedExecutionException closing) {
            aofRewriteRunning = false;
        }
    }

    /** Ten times a second: a scheduled BGSAVE, else the save rules (Redis's serverCron). */
    private void cron() {
        try {
            synchronized (this) {
                if (running != null || aofRewriteRunning || context.keyspace().snapshotInProgress()) {
                    return;
                }
                if (aofRewriteScheduled && !rewriteLimited()) {
                    startAofRewrite();
                    return;
                }
                if (autoRewriteDue()) {
                    startAofRewrite();
                    return;
                }
                if (bgsaveScheduled) {
                    startBackground();
                    return;
                }
                long now = nowSeconds();
                long changes = dirty.get();
                for (SaveRule rule : settings.saveRules()) {
                    if (changes >= rule.changes() && now - lastSaveSeconds > rule.seconds()
                            && (now - lastBgsaveTrySeconds > RETRY_DELAY_SECONDS || lastBgsaveOk)) {
                        log.info("{} changes in {} seconds. Saving...", rule.changes(), rule.seconds());
                        startBackground();
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("Persistence cron failed", e);
        }
    }

    /**
     * Redis's {@code serverCron} check: with the AOF on (not waiting for its first base),
     * {@code auto-aof-rewrite-percentage} &gt; 0 and the AOF larger than
     * {@code auto-aof-rewrite-min-size}, a rewrite starts once it grew by the percentage over its
     * size after the last rewrite (at start: the base file's size).
     */
    private boolean autoRewriteDue() {
        AppendOnlyFile file = aof;
        if (file == null || aofWaitRewrite) {
            return false;
        }
        long perc = Long.parseLong(aofAccepted.getOrDefault("auto-aof-rewrite-percentage", "100"));
        long minSize = Long.parseLong(aofAccepted.getOrDefault("auto-aof-rewrite-min-size", "67108864"));
        long current = file.currentSize();
        if (perc == 0 || current <= minSize) {
            return false;
        }
        long base = file.baseSize() > 0 ? file.baseSize() : 1;
        long growth = current * 100 / base - 100;
        if (growth < perc || rewriteLimited()) {
            return false;
        }
        log.info("Starting automatic rewriting of AOF on {}% growth", growth);
        return true;
    }

    /** Under this monitor: Redis's {@code aofRewriteLimited()}, asked only when the cron would rewrite. */
    private boolean rewriteLimited() {
        return rewriteLimit.limited(aofRewriteFailures.get(), nowSeconds());
    }

    /**
     * The write refusal of {@code stop-writes-on-bgsave-error}, or null: while the last save
     * failed and save rules are set, a master refuses writes with Redis's {@code MISCONF}.
     */
    public String diskErrorRefusal() {
        Persistence s = settings;
        return !lastBgsaveOk && s.stopWritesOnBgsaveError() && !s.saveRules().isEmpty() ? MISCONF : null;
    }

    @Override
    public String pingRefusal() {
        // Like the write refusal, only a master's (Redis computes deny_write_type only without a master).
        return context.role() == dev.tandem.replication.Role.MASTER ? diskErrorRefusal() : null;
    }

    /** {@code rdb_changes_since_last_save}. */
    public long changesSinceLastSave() {
        return dirty.get();
    }

    /** {@code LASTSAVE}. */
    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean lastSaveOk() {
        return lastBgsaveOk;
    }

    /** Whether a save runs now ({@code rdb_bgsave_in_progress} for a BGSAVE). */
    public boolean saveInProgress() {
        return running != null;
    }

    /**
     * Saves before the node stops, waiting for a save in progress first (its snapshot is older
     * than the data set now), then for the keyspace's snapshot slot; returns whether the file is
     * written.
     */
    public boolean saveForShutdown() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                log.info("Saving the final RDB snapshot before exiting.");
                saveNow();
                return true;
            } catch (SaveException e) {
                if (!IN_PROGRESS.equals(e.getMessage()) || System.nanoTime() > deadline) {
                    log.warn("Error trying to save the DB, can't exit.");
                    return false;
                }
            }
            // Another snapshot (a BGSAVE, a full sync) holds the keyspace's one slot: wait for it.
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ PersistenceHooks

    @Override
    public Reply save() {
        try {
            saveNow();
            return Reply.OK;
        } catch (SaveException e) {
            return Reply.error(e.getMessage());
        }
    }

    @Override
    public Reply bgsave(boolean schedule) {
        try {
            return Reply.simple(bgsaveNow(schedule));
        } catch (SaveException e) {
            return Reply.error(e.getMessage());
        }
    }

    @Override
    public long lastSave(long serverStartSeconds) {
        return lastSaveSeconds;
    }

    @Override
    public boolean saveBeforeShutdown(boolean save, boolean nosave) {
        if (nosave || (!save && settings.saveRules().isEmpty())) {
            return true;
        }
        return saveForShutdown();
    }

    @Override
    public boolean info(StringBuilder out) {
        RdbSaveJob job = running;
        boolean bg = job != null && runningInBackground;
        long processed = job == null ? 0 : job.keysProcessed();
        long total = job == null ? 0 : job.keysTotal();
        out.append("# Persistence\r\n");
        // context.loadingFromDisk(): also a replica loading a full sync after flushing its data set.
        field(out, "loading", loading || context.loadingFromDisk() ? 1 : 0);
        field(out, "async_loading", 0);
        // Forkless: no child, no copy-on-write; the fields stay for Redis's tools.
        field(out, "current_cow_peak", 0);
        field(out, "current_cow_size", 0);
        field(out, "current_cow_size_age", 0);
        field(out, "current_fork_perc", String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : 100.0 * processed / total));
        field(out, "current_save_keys_processed", processed);
        field(out, "current_save_keys_total", total);
        field(out, "rdb_changes_since_last_save", dirty.get());
        field(out, "rdb_bgsave_in_progress", bg ? 1 : 0);
        field(out, "rdb_last_save_time", lastSaveSeconds);
        field(out, "rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        field(out, "rdb_last_bgsave_time_sec", lastBgsaveTimeSeconds);
        long startMillis = bgsaveStartMillis;
        field(out, "rdb_current_bgsave_time_sec", bg && startMillis >= 0
                ? (System.currentTimeMillis() - startMillis) / 1000 : -1);
        field(out, "rdb_saves", saves.get());
        field(out, "rdb_last_cow_size", 0);
        field(out, "rdb_last_load_keys_expired", 0);
        field(out, "rdb_last_load_keys_loaded", lastLoadKeys);
        AppendOnlyFile file = aof;
        field(out, "aof_enabled", file != null ? 1 : 0); // Redis: aof_state != AOF_OFF (wait-rewrite too)
        field(out, "aof_rewrite_in_progress", aofRewriteRunning ? 1 : 0);
        field(out, "aof_rewrite_scheduled", aofRewriteScheduled ? 1 : 0);
        field(out, "aof_last_rewrite_time_sec", lastAofRewriteSeconds);
        long rewriteStart = aofRewriteStartMillis;
        field(out, "aof_current_rewrite_time_sec", rewriteStart >= 0 ? (System.currentTimeMillis() - rewriteStart) / 1000 : -1);
        field(out, "aof_last_bgrewrite_status", lastAofRewriteOk ? "ok" : "err");
        field(out, "aof_rewrites", aofRewrites.get());
        field(out, "aof_rewrites_consecutive_failures", aofRewriteFailures.get());
        field(out, "aof_last_write_status", file == null || file.lastWriteOk() ? "ok" : "err");
        field(out, "aof_last_cow_size", 0);
        field(out, "module_fork_in_progress", 0);
        field(out, "module_fork_last_cow_size", 0);
        if (file != null) {
            field(out, "aof_current_size", file.currentSize());
            field(out, "aof_base_size", file.baseSize());
            field(out, "aof_pending_rewrite", 0);
            // Written straight to the file under the lock: no buffer waits for the event loop.
            field(out, "aof_buffer_length", 0);
            field(out, "aof_pending_bio_fsync", 0);
            field(out, "aof_delayed_fsync", file.delayedFsync());
        }
        if (loading) {
            long total2 = loadingTotalBytes;
            long loaded = loadingLoadedBytes;
            long elapsed = Math.max(0, nowSeconds() - loadingStartSeconds);
            double perc = total2 == 0 ? 0 : 100.0 * loaded / total2;
            field(out, "loading_start_time", loadingStartSeconds);
            field(out, "loading_total_bytes", total2);
            field(out, "loading_rdb_used_mem", 0);
            field(out, "loading_loaded_bytes", loaded);
            field(out, "loading_loaded_perc", String.format(Locale.ROOT, "%.2f", perc));
            // Redis's estimate: the time per byte so far times the bytes left (1 until known).
            field(out, "loading_eta_seconds", loaded == 0 ? 1 : (long) ((double) elapsed / loaded * (total2 - loaded)));
        }
        return true;
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    // ------------------------------------------------------------------ DEBUG RELOAD / LOADAOF

    /**
     * debug.c's RELOAD: the save and the load happen under the keyspace write lock, so no write
     * falls between them (Redis is single-threaded there); the save runs on this thread.
     */
    @Override
    public Reply debugReload(boolean save, boolean flush, boolean merge) {
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        lock.lock();
        try {
            if (save) {
                try {
                    saveNow();
                } catch (SaveException e) {
                    log.warn("DEBUG RELOAD: the save failed: {}", e.getMessage());
                    return Reply.error("ERR");
                }
            }
            RdbReload.load(context.keyspace(), settings.rdbFile(), flush, merge);
            log.warn("DB reloaded by DEBUG RELOAD");
            return Reply.OK;
        } catch (RdbReload.ReloadException e) {
            log.warn("DEBUG RELOAD could not load {}: {}", settings.rdbFile(), e.getMessage());
            return Reply.error("ERR Error trying to load the RDB dump, check server logs.");
        } finally {
            lock.unlock();
        }
    }
}
