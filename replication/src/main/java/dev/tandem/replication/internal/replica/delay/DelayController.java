/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica.delay;

import dev.tandem.replication.DelayedReplication;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's delayed replication ({@code replica-delay}): the pending stream and its apply
 * scheduler. One per node; the current replica link installs its {@link Applier}.
 *
 * <p><b>Receiving.</b> While the delay is on, applying is paused, or units are still pending,
 * the link's stream applier {@link #hold}s each complete unit (with its receive times) instead of
 * applying it; otherwise it applies directly, as without a delay. The decision and the hold are
 * taken under the keyspace write lock, as is every removal, so a unit is never applied out of
 * order when the delay changes at run time.
 *
 * <p><b>Offsets.</b> The node's backlog and {@code master_repl_offset} are those of the
 * <em>applied</em> stream (sub-replicas follow it, delayed too); the received offset, which
 * {@code REPLCONF ACK}, {@code slave_repl_offset}, {@code ROLE} and the next {@code PSYNC} use,
 * is the applied offset plus the pending bytes ({@link #receivedOffset()}).
 *
 * <p><b>Applying.</b> Units are applied in order, whole, no earlier than their receive time
 * (node's monotonic clock) plus the delay, by a timer on the node's scheduler armed for the
 * oldest unit's due time (and a check on every cron tick, so a lowered delay takes effect within
 * a tick). In the deterministic simulation that scheduler and clock are virtual.
 *
 * <p><b>Memory.</b> Beyond {@code replica-delay-buffer-memory} (estimated heap of the held
 * units) the pending stream spills to a file ({@code SpillFile}).
 */
public final class DelayController implements DelayedReplication, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DelayController.class);
    /** Units applied per hold of the write lock, so readers and the receiver get their turns. */
    private static final int BATCH = 256;
    /** Batches per scheduler task before it yields to the node's other timer tasks. */
    private static final int SCHEDULED_BATCHES = 16;
    /** PENDING shows at most this many bytes of an argument. */
    static final int ARG_SHOWN = 64;

    /** What became of a held unit given to {@link Applier#applyHeld}. */
    public enum Applied {
        /** Applied; go on with the next. */
        CONTINUE,
        /**
         * Applied, but a command failed and {@code propagation-error-behavior} breaks the link:
         * nothing after it may be applied.
         */
        STOP_AFTER,
        /** Not applied: the link stopped. */
        NOT_APPLIED
    }

    /** What the current replica link provides to apply held units. */
    public interface Applier {
        /**
         * Applies {@code unit} (the caller holds the keyspace write lock): appends it to the
         * node's backlog and executes it.
         */
        Applied applyHeld(HeldUnit unit);

        /** After the lock is released: change events, sender wake-ups, propagation failures. */
        void afterApply();

        /**
         * SKIP dropped a unit: the history is now this node's own. The link detaches (parks);
         * the caller already shifted the replication id (under the keyspace write lock).
         */
        void detach(String reason);
    }

    private final ReplicationContext context;
    private final PendingStream pending;
    private volatile Path spillDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private volatile Applier applier;
    private volatile boolean paused;
    private volatile boolean detached;
    /** Mirrors of the pending stream's counts, for lock-free readers (INFO). */
    private volatile long pendingUnits;
    private volatile long pendingBytes;
    private volatile long spilledBytes;
    private volatile long oldestReceivedMono = -1;
    private volatile long fullSyncsLoadedAtOnce;
    private volatile long unitsDiscarded;
    private ScheduledFuture<?> timer;
    private long timerDue;
    /**
     * With persistence, the pending stream's copy on disk for a restart (write-through); null
     * without persistence or once the node closes. Guarded by the pending stream's monitor.
     */
    private PendingFile pendingFile;
    /**
     * The db the received stream has selected after the units a restart resumed (the RDB file's
     * {@code repl-stream-db} is the applied stream's); -1 when none were resumed. The link's
     * first unit takes it once.
     */
    private int restoredReceiveDb = -1;

    public DelayController(ReplicationContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.pending = new PendingStream(this::newSpillPath);
    }

    /** Where the spill file goes (the builder's option; the launcher's {@code dir}). */
    public void spillDirectory(Path directory) {
        this.spillDirectory = Objects.requireNonNull(directory, "directory");
    }

    public Path spillDirectory() {
        return spillDirectory;
    }

    /**
     * Keeps the pending stream on disk as well, in {@code file} (next to the RDB file), so that
     * a restart resumes it ({@link #restoreAtStart}). Called once, before the node starts.
     */
    public void persistTo(java.util.function.Supplier<Path> file) {
        synchronized (pending) {
            pendingFile = new PendingFile(Objects.requireNonNull(file, "file"));
        }
    }

    /**
     * At start, after the RDB file was loaded: resumes the pending stream its pending file
     * holds. {@code continuesHistory} says the RDB file gave this replica its master's
     * replication id and the applied offset (the backlog's offset now); the units from there on
     * are held again with their original receive times, so the received offset, and the next
     * {@code PSYNC}, are after them. A file that does not continue the data set is dropped, with
     * the reason in the log: the master then resends from the applied offset.
     */
    public void restoreAtStart(boolean continuesHistory) {
        synchronized (pending) {
            PendingFile file = pendingFile;
            if (file == null) {
                return;
            }
            Path where = file.path();
            if (!continuesHistory) {
                if (java.nio.file.Files.exists(where)) {
                    log.warn("Delayed replica: dropped the pending file {}: the node does not continue a replica's "
                            + "history from its RDB file", where);
                    file.clear();
                }
                return;
            }
            String replid = context.history().replid().toString();
            long applied = context.backlog().masterReplOffset();
            long monoNow = context.nowMillis();
            long unixNow = context.runtime().keyspaceClock().nowMillis();
            try {
                int[] db = {context.streamDb()};
                boolean found = file.restore(replid, applied, unit -> {
                    db[0] = dbAfter(unit, db[0]);
                    pending.add(new HeldUnit(unit.startOffset(),
                        unit.length(), unit.receivedUnixMillis(),
                        // The monotonic clock of the previous process means nothing here: the
                        // unit's age on the wall clock carries over (never negative, so a clock
                        // that stepped back holds a unit longer, never shorter).
                        monoNow - Math.max(0, unixNow - unit.receivedUnixMillis()), unit.db(), unit.execute(),
                        unit.commands()), memoryLimit());
                });
                if (found && pending.units() > 0) {
                    restoredReceiveDb = db[0];
                }
                if (found) {
                    log.info("Delayed replica: resumed {} pending unit(s) ({} bytes, offsets {} to {}) from {}; "
                            + "the link asks for a partial resynchronization from offset {}", pending.units(),
                            pending.bytes(), applied + 1, applied + pending.bytes(), where,
                            applied + pending.bytes() + 1);
                }
            } catch (PendingFile.Unusable | java.io.IOException | RuntimeException e) {
                pending.clear();
                file.clear();
                log.warn("Delayed replica: dropped the pending file {}: {}; the link asks for a partial "
                        + "resynchronization from the RDB file's offset {} (the master resends those units)", where,
                        e.getMessage(), applied + 1);
            }
            publishCounts();
        }
        arm();
    }

    /**
     * A save wrote the applied data set at {@code appliedOffset}: the pending file is rewritten
     * to continue it (the records before it dropped) and fsynced.
     */
    public void saved(long appliedOffset) {
        synchronized (pending) {
            PendingFile file = pendingFile;
            if (file == null) {
                return;
            }
            try {
                file.rewrite(context.history().replid().toString(), appliedOffset);
            } catch (java.io.UncheckedIOException e) {
                log.warn("Delayed replica: {}: a restart resumes from the RDB file's offset (the master resends)",
                        e.getMessage());
            }
        }
    }

    /**
     * The node closes: the pending file is fsynced and kept for the next start (the link's stop
     * that follows discards the pending units in memory only).
     */
    public void closePendingFile() {
        synchronized (pending) {
            PendingFile file = pendingFile;
            pendingFile = null;
            if (file != null) {
                try {
                    file.close();
                } catch (java.io.UncheckedIOException e) {
                    log.warn("Delayed replica: {}", e.getMessage());
                }
            }
        }
    }

    /** The db selected after {@code unit} in the received stream, which had {@code db} selected before it. */
    private int dbAfter(HeldUnit unit, int db) {
        int selected = unit.db();
        for (RespCommand command : unit.commands()) {
            if (command.argc() == 2 && command.name().equals("select")) {
                try {
                    long parsed = Long.parseLong(new String(command.arg(1), StandardCharsets.US_ASCII));
                    if (parsed >= 0 && parsed < context.keyspace().databaseCount()) {
                        selected = (int) parsed;
                    }
                } catch (NumberFormatException e) {
                    // not a valid SELECT: the stream's db stays (the applier refuses it when due)
                }
            }
        }
        return selected;
    }

    /**
     * The db the received stream has selected after the units a restart resumed, once (the
     * link's first received unit asks); -1 when there is none to take. Under the keyspace write lock.
     */
    public int takeRestoredReceiveDb() {
        synchronized (pending) {
            int db = pendingUnits > 0 ? restoredReceiveDb : -1;
            restoredReceiveDb = -1;
            return db;
        }
    }

    /** Under the pending stream's monitor: appends a held unit to the pending file. */
    private void writeThrough(HeldUnit unit) {
        PendingFile file = pendingFile;
        if (file == null) {
            return;
        }
        try {
            file.append(unit, context.history().replid().toString());
        } catch (java.io.UncheckedIOException e) {
            // The file now misses a unit: drop it, so a restart cannot resume across the gap
            // (the next unit starts a new file, which a restart finds does not continue its RDB).
            dropPendingFile("a write failed: " + e.getMessage());
        }
    }

    /** Under the pending stream's monitor. */
    private void dropPendingFile(String why) {
        PendingFile file = pendingFile;
        if (file == null) {
            return;
        }
        try {
            file.clear();
            log.warn("Delayed replica: dropped the pending file {}: {}", file.path(), why);
        } catch (java.io.UncheckedIOException e) {
            log.warn("Delayed replica: {}", e.getMessage());
        }
    }

    private Path newSpillPath() {
        return spillDirectory.resolve("tandem-delay-" + context.nodeName().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + context.runtime().randomHex(8) + ".spill");
    }

    // ------------------------------------------------------------------ link side

    /** The current link's applier (its link replaces or clears it). */
    public void install(Applier value) {
        this.applier = value;
    }

    /** Removes {@code value} if it is the installed one. */
    public void uninstall(Applier value) {
        if (applier == value) {
            applier = null;
        }
    }

    /** The configured delay in milliseconds (0: off). */
    public long delayMillis() {
        return context.config().replicaDelayMillis();
    }

    /**
     * Whether the next complete unit must be held rather than applied now. The caller holds
     * the keyspace write lock.
     */
    public boolean holds() {
        return pendingUnits > 0 || paused || delayMillis() > 0;
    }

    /** Holds a unit received now (the caller holds the keyspace write lock); arms the timer. */
    public void hold(List<RespCommand> commands, boolean execute, int db) {
        long length = 0;
        for (RespCommand command : commands) {
            length += command.wireLength();
        }
        long start = receivedOffset() + 1;
        HeldUnit unit = new HeldUnit(start, length, context.runtime().keyspaceClock().nowMillis(),
                context.nowMillis(), db, execute, commands);
        synchronized (pending) {
            pending.add(unit, memoryLimit());
            writeThrough(unit);
            publishCounts();
        }
        arm();
    }

    /**
     * The received offset: the applied offset plus the pending bytes. Exact under the keyspace
     * lock; without it a reader may see the sum while a unit moves from pending to applied.
     */
    public long receivedOffset() {
        return context.backlog().masterReplOffset() + pendingBytes;
    }

    public long pendingBytes() {
        return pendingBytes;
    }

    public long pendingUnits() {
        return pendingUnits;
    }

    /** Whether the delay is in use: configured, or units pending, or paused (INFO shows its fields then). */
    public boolean inUse() {
        return delayMillis() > 0 || pendingUnits > 0 || paused || detached;
    }

    public boolean paused() {
        return paused;
    }

    /** Full syncs that replaced the data set while delayed (their snapshot loads at once). */
    public long fullSyncsLoadedAtOnce() {
        return fullSyncsLoadedAtOnce;
    }

    /**
     * The pending stream belongs to a history that ends here (a new master, a promotion, the
     * node closing): drop it. The caller holds the keyspace write lock.
     */
    public void discard(String why) {
        discard(why, false);
    }

    /**
     * The link stopped (a new master, a promotion, the node closing): the pending units are
     * dropped and a pause ends with them, so the next master's stream is not held by an
     * operator's pause of the old one. The caller holds the keyspace write lock.
     */
    public void linkStopped(String why) {
        discard(why, true);
    }

    private void discard(String why, boolean endPause) {
        if (endPause) {
            paused = false;
        }
        long units;
        long bytes;
        synchronized (pending) {
            units = pending.units();
            bytes = pending.bytes();
            pending.clear();
            restoredReceiveDb = -1;
            if (pendingFile != null) {
                try {
                    pendingFile.clear();
                } catch (java.io.UncheckedIOException e) {
                    log.warn("Delayed replica: {}", e.getMessage());
                }
            }
            publishCounts();
        }
        detached = false;
        if (units > 0) {
            unitsDiscarded += units;
            log.warn("Delayed replica: discarded {} pending unit(s) ({} bytes) not applied yet: {}", units, bytes, why);
        }
    }

    /**
     * A full sync is about to replace the data set (the caller holds the keyspace write lock):
     * the pending units belong to the old history and are dropped, and the snapshot loads at
     * once — a snapshot carries no per-command times. The delay applies to the stream after it.
     */
    public void fullSyncLoaded(long snapshotOffset) {
        if (!inUse()) {
            return;
        }
        boolean dropped = pendingUnits > 0;
        discard("a full sync replaces the data set");
        fullSyncsLoadedAtOnce++;
        String message = "Delayed replica: a full sync loaded the master's snapshot at offset {} at once (a snapshot "
                + "has no per-command times); the delay of {} ms applies to the stream after it";
        if (dropped) {
            log.warn(message, snapshotOffset, delayMillis());
        } else {
            log.info(message, snapshotOffset, delayMillis());
        }
    }

    // ------------------------------------------------------------------ applying

    /** The node's cron tick: applies what is due (a lowered delay takes effect here). */
    public void cronTick() {
        synchronized (pending) {
            if (pendingFile != null) {
                try {
                    // To the operating system: a process crash loses nothing; a machine crash
                    // loses what was not fsynced, which the master resends (never applied early).
                    pendingFile.flush();
                } catch (java.io.UncheckedIOException e) {
                    dropPendingFile("a write failed: " + e.getMessage());
                }
            }
        }
        if (pendingUnits > 0 && !paused) {
            drain(this::isDue, SCHEDULED_BATCHES);
        }
    }

    private boolean isDue(HeldUnit unit) {
        return context.nowMillis() >= unit.receivedMonoMillis() + delayMillis();
    }

    /** Applies everything {@code ready} accepts (an operator's call, on its own thread). */
    private long drain(Predicate<HeldUnit> ready) {
        return drain(ready, Integer.MAX_VALUE);
    }

    /**
     * Applies the oldest units while {@code ready} accepts them, at most {@code maxBatches}
     * batches; returns how many. Ignores the pause (APPLY-UNTIL applies while paused); callers
     * check it when it matters. When the limit cut it short, the timer is re-armed at once.
     */
    private long drain(Predicate<HeldUnit> ready, int maxBatches) {
        long applied = 0;
        int batches = 0;
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        while (true) {
            Applier a = applier;
            if (a == null) {
                return applied;
            }
            int n = 0;
            boolean stopped = false;
            lock.lock();
            try {
                while (n < BATCH) {
                    HeldUnit head;
                    synchronized (pending) {
                        head = pending.peek(memoryLimit());
                        if (head == null || !ready.test(head)) {
                            break;
                        }
                        pending.poll(memoryLimit());
                        publishCounts();
                    }
                    Applied outcome = a.applyHeld(head);
                    if (outcome != Applied.NOT_APPLIED) {
                        n++;
                    }
                    if (outcome != Applied.CONTINUE) {
                        stopped = true;
                        break;
                    }
                }
            } finally {
                lock.unlock();
            }
            applied += n;
            if (n > 0) {
                a.afterApply();
            }
            if (stopped || n < BATCH) {
                break;
            }
            if (++batches >= maxBatches) {
                // The timer runs on the node's scheduler, which also runs the cron (ACKs,
                // timeouts): give it back and continue in a fresh task, else a replica that is
                // behind would apply for minutes and its master would time it out.
                rearmNow();
                return applied;
            }
        }
        arm();
        return applied;
    }

    /** Arms the timer for the oldest unit's due time, unless an earlier one is armed. */
    private void arm() {
        long oldest = oldestReceivedMono;
        if (paused || oldest < 0) {
            return;
        }
        long due = oldest + delayMillis();
        synchronized (this) {
            if (timer != null && !timer.isDone() && timerDue <= due) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            long wait = Math.max(0, due - context.nowMillis());
            try {
                timer = context.scheduler().schedule(this::timerFired, wait, TimeUnit.MILLISECONDS);
                timerDue = due;
            } catch (RejectedExecutionException closing) {
                timer = null; // the node is closing
            }
        }
    }

    private void rearmNow() {
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
            }
            try {
                timer = context.scheduler().schedule(this::timerFired, 0, TimeUnit.MILLISECONDS);
                timerDue = Long.MIN_VALUE;
            } catch (RejectedExecutionException closing) {
                timer = null;
            }
        }
    }

    private void timerFired() {
        synchronized (this) {
            timer = null;
        }
        try {
            if (!paused) {
                drain(this::isDue, SCHEDULED_BATCHES);
            }
        } catch (RuntimeException e) {
            log.error("Delayed replica {}: applying pending units failed", context.nodeName(), e);
        }
    }

    private long memoryLimit() {
        return context.config().replicaDelayBufferMemory();
    }

    /** Under the pending stream's monitor. */
    private void publishCounts() {
        pendingUnits = pending.units();
        pendingBytes = pending.bytes();
        spilledBytes = pending.spilledBytes();
        HeldUnit head = pending.units() == 0 ? null : pending.peek(memoryLimit());
        oldestReceivedMono = head == null ? -1 : head.receivedMonoMillis();
    }

    // ------------------------------------------------------------------ the operator's controls

    @Override
    public Status status() {
        long oldest = oldestReceivedMono;
        ReentrantReadWriteLock.ReadLock lock = context.keyspace().lock().readLock();
        lock.lock();
        try {
            long applied = context.backlog().masterReplOffset();
            return new Status(Duration.ofMillis(delayMillis()), paused, applied, applied + pendingBytes, pendingUnits,
                    pendingBytes, spilledBytes, Duration.ofMillis(oldest < 0 ? 0 : context.nowMillis() - oldest),
                    detached);
        } finally {
            lock.unlock();
        }
    }

    /** Seconds since the oldest pending unit arrived ({@code apply_lag_seconds}); 0 when none. */
    public long applyLagSeconds() {
        long oldest = oldestReceivedMono;
        return oldest < 0 ? 0 : (context.nowMillis() - oldest) / 1000;
    }

    public long spilledBytes() {
        return spilledBytes;
    }

    /** The estimated heap of the units held in memory (bounded by {@code replica-delay-buffer-memory}). */
    public long memoryHeapBytes() {
        synchronized (pending) {
            return pending.memoryHeapBytes();
        }
    }

    public boolean detached() {
        return detached;
    }

    @Override
    public void pause() {
        paused = true;
        log.info("Delayed replica: applying paused (REPLDELAY PAUSE); the stream is still received");
    }

    @Override
    public void resume() {
        paused = false;
        log.info("Delayed replica: applying resumed (REPLDELAY RESUME)");
        context.scheduler().execute(() -> timerFired());
    }

    @Override
    public List<PendingUnit> pending(int count, long fromOffset) {
        if (count < 0) {
            throw new IllegalArgumentException("COUNT must be non-negative");
        }
        List<HeldUnit> units;
        synchronized (pending) {
            units = pending.list(count, u -> u.startOffset() >= fromOffset);
        }
        List<PendingUnit> out = new ArrayList<>(units.size());
        for (HeldUnit unit : units) {
            List<List<String>> commands = new ArrayList<>(unit.commands().size());
            for (RespCommand command : unit.commands()) {
                List<String> shown = new ArrayList<>(command.argc());
                for (byte[] arg : command.argv()) {
                    shown.add(shown(arg));
                }
                commands.add(shown);
            }
            out.add(new PendingUnit(unit.startOffset(), unit.receivedUnixMillis(), unit.db(), commands));
        }
        return out;
    }

    /** An argument as PENDING shows it: the first {@link #ARG_SHOWN} bytes of a long one, and its length. */
    static String shown(byte[] arg) {
        if (arg.length <= ARG_SHOWN) {
            return new String(arg, StandardCharsets.UTF_8);
        }
        return new String(arg, 0, ARG_SHOWN, StandardCharsets.UTF_8) + "...(" + arg.length + " bytes)";
    }

    @Override
    public long applyUntil(long offset) {
        long applied = context.backlog().masterReplOffset();
        if (offset <= applied) {
            throw new IllegalArgumentException("offset " + offset + " is not after the applied offset " + applied
                    + ": every unit before it is applied already");
        }
        paused = true;
        long n = drain(u -> u.startOffset() < offset);
        log.info("Delayed replica: applied {} unit(s) starting before offset {} (REPLDELAY APPLY-UNTIL); applying is "
                + "paused at offset {}", n, offset, context.backlog().masterReplOffset());
        return n;
    }

    @Override
    public long applyUntilTime(long unixMillis) {
        paused = true;
        long n = drain(u -> u.receivedUnixMillis() < unixMillis);
        log.info("Delayed replica: applied {} unit(s) received before {} (REPLDELAY APPLY-UNTIL TIME); applying is "
                + "paused at offset {}", n, unixMillis, context.backlog().masterReplOffset());
        return n;
    }

    @Override
    public void skip(long offset) {
        Applier a = applier;
        ReentrantReadWriteLock.WriteLock lock = context.keyspace().lock().writeLock();
        HeldUnit removed;
        long applied;
        lock.lock();
        try {
            synchronized (pending) {
                removed = pending.remove(offset);
                if (removed != null) {
                    // The history is this node's own now, and a detachment does not survive a
                    // restart: the file must not bring the master's stream back past the skip.
                    dropPendingFile("REPLDELAY SKIP gave the replica a history of its own");
                }
                publishCounts();
            }
            if (removed == null) {
                throw new IllegalArgumentException("no pending unit starts at offset " + offset);
            }
            applied = context.backlog().masterReplOffset();
            detached = true;
        } finally {
            lock.unlock();
        }
        String reason = "REPLDELAY SKIP dropped the unit at offset " + offset + " (" + removed.length()
                + " bytes): this replica's history is its own from offset " + applied;
        log.warn("Delayed replica: {}; detached from its master (new replication id; the link stays down until "
                + "REPLICAOF). {} pending unit(s) after it are still applied when due.", reason, pendingUnits);
        if (a != null) {
            a.detach(reason);
        }
        arm();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        closePendingFile();
        synchronized (pending) {
            pending.close();
            publishCounts();
        }
    }
}
