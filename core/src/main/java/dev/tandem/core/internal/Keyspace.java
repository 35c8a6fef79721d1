/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.ChangeEvent;
import dev.tandem.core.Key;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.KeyspaceListener;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.NameTable;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.EncodingLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.random.RandomGenerator;

/**
 * The dataset of a node: numbered databases, the command table, and the one ordered write
 * path (brief §2). Writes execute under the write lock and hand their propagated form to the
 * {@link PropagationSink} before the lock is released; reads run concurrently under the read
 * lock.
 */
public final class Keyspace {
    /** Core has no logging dependency: the JDK's platform logger, which any backend can take. */
    private static final System.Logger LOG = System.getLogger(Keyspace.class.getName());

    /** A key in a database, for WATCH and expiry bookkeeping. */
    record WatchedKey(int db, Key key) { }

    /**
     * One client's WATCH of one key. {@code expired}: the key was logically expired when it was
     * watched, which Redis 7.0 (multi.c watchedKey.expired) treats as "absent" rather than as a
     * value that may change.
     */
    static final class Watch {
        final WatchedKey key;
        final ClientState client;
        boolean expired;

        Watch(WatchedKey key, ClientState client, boolean expired) {
            this.key = key;
            this.client = client;
            this.expired = expired;
        }
    }

    private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final SnapshotCoordinator snapshots = new SnapshotCoordinator(this);
    final KeyspaceStats stats = new KeyspaceStats();
    /** Clients blocked on keys (BLPOP...); guarded by the write lock. */
    final BlockingKeys blocking = new BlockingKeys(this);
    /** The data set's memory figure (issue #14); guarded by the write lock. */
    final MemoryAccounting memory = new MemoryAccounting(this);
    /** maxmemory, the policy and the per-key access field. */
    final Eviction eviction = new Eviction(this);
    private final Database[] databases;
    private final CommandTable commands;
    private final KeyspaceClock clock;
    private final EncodingLimits encodingLimits = new EncodingLimits();
    /** Guarded by the write lock (SplittableRandom is not thread-safe). */
    private final SplittableRandom random;
    private volatile PropagationSink propagationSink = PropagationSink.NONE;
    private volatile ExpiryMode expiryMode = ExpiryMode.MASTER;
    private volatile WriteGate writeGate = WriteGate.OPEN;
    /** {@code DEBUG SET-ACTIVE-EXPIRE} (Redis's server.active_expire_enabled): the node's cron asks it. */
    private volatile boolean activeExpireEnabled = true;
    /** {@code DEBUG PAUSE-CRON} (Redis's server.pause_cron): the node's cron skips its ticks (a test-suite tool). */
    private volatile boolean cronPaused;
    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call NOSCRIPT commands (a test-suite tool). */
    private volatile boolean scriptDenyDisabled;
    private volatile int hllSparseMaxBytes = 3000;
    /** {@code notify-keyspace-events}: read once per execution unit, so costs nothing when 0. */
    private volatile int notifyFlags;
    private volatile KeyspaceNotifier notifier = KeyspaceNotifier.NONE;
    /** Keyspace notifications in stream order: appended under the write lock, delivered outside it. */
    private final ConcurrentLinkedQueue<ExecutionContext.Notification> pendingNotifications =
            new ConcurrentLinkedQueue<>();
    /**
     * The unit running under the write lock, so that a key a command creates is notified as
     * "new" (class n) wherever it is added, as Redis's dbAdd does; null otherwise (loading).
     * Guarded by the write lock.
     */
    ExecutionContext writingUnit;
    /** Guarded by the write lock. */
    private final Map<WatchedKey, List<Watch>> watchers = new HashMap<>();
    private final List<KeyspaceListener> listeners = new CopyOnWriteArrayList<>();
    /** Change events in stream order: appended under the write lock, drained outside it. */
    private final ConcurrentLinkedQueue<ChangeEvent> pendingEvents = new ConcurrentLinkedQueue<>();
    /** Client-side caching's sinks of modified keys (the RESP server's tracking); usually one or none. */
    private final List<KeyInvalidations> invalidations = new CopyOnWriteArrayList<>();
    /** Held by the one thread delivering events, so that listeners see them in order. */
    private final ReentrantLock dispatchLock = new ReentrantLock();

    public Keyspace(int databases, KeyspaceClock clock) {
        this(databases, clock, CommandTable.standard());
    }

    public Keyspace(int databases, KeyspaceClock clock, CommandTable commands) {
        this(databases, clock, commands, new SplittableRandom());
    }

    /**
     * A keyspace whose random choices (SPOP, RANDOMKEY, expiry sampling...) follow {@code randomSeed},
     * so that a deterministic simulation replays them exactly.
     */
    public Keyspace(int databases, KeyspaceClock clock, CommandTable commands, long randomSeed) {
        this(databases, clock, commands, new SplittableRandom(randomSeed));
    }

    private Keyspace(int databases, KeyspaceClock clock, CommandTable commands, SplittableRandom random) {
        this.random = random;
        if (databases < 1) {
            throw new IllegalArgumentException("databases must be at least 1: " + databases);
        }
        this.databases = new Database[databases];
        for (int i = 0; i < databases; i++) {
            this.databases[i] = new Database(i, this);
        }
        this.clock = Objects.requireNonNull(clock);
        this.commands = Objects.requireNonNull(commands);
    }

    public Keyspace() {
        this(16, KeyspaceClock.SYSTEM);
    }

    Database[] databases() {
        return databases;
    }

    public int databaseCount() {
        return databases.length;
    }

    /** Database {@code index}; callers outside a command must hold the keyspace lock. */
    public Database database(int index) {
        return databases[index];
    }

    public CommandTable commands() {
        return commands;
    }

    public KeyspaceClock clock() {
        return clock;
    }

    public KeyspaceStats stats() {
        return stats;
    }

    /** The clients blocked on keys by blocking commands, and the keys made ready for them. */
    public BlockingKeys blocking() {
        return blocking;
    }

    /**
     * The data set's heap bytes as accounted incrementally (every key's entry, key and value,
     * plus the tables): INFO's {@code used_memory} and what {@code maxmemory} is compared with.
     * O(databases); callers outside the write lock read a racy but untorn figure.
     */
    public long usedMemory() {
        return memory.usedMemory();
    }

    /** The highest {@link #usedMemory()} seen at the end of a unit since start or {@link #resetMemoryPeak()}. */
    public long memoryPeak() {
        return memory.peak();
    }

    public void resetMemoryPeak() {
        memory.resetPeak();
    }

    /** maxmemory, its policy and statistics. */
    public Eviction eviction() {
        return eviction;
    }

    /**
     * Runs the eviction the node's cron owes after a tenacity time limit cut a pass short
     * (Redis's evictionTimeProc); returns whether it is still over the limit.
     */
    public boolean evictionCron() {
        if (eviction.maxmemory() == 0) {
            return false;
        }
        Eviction.Result r;
        lock.writeLock().lock();
        try {
            r = eviction.perform();
        } finally {
            lock.writeLock().unlock();
        }
        dispatchChangeEvents();
        return r != Eviction.Result.OK;
    }

    /**
     * The compact-encoding thresholds (hash/zset listpack, set intset, list node size) that
     * commands and loaders of this keyspace apply; CONFIG SET changes them in place.
     */
    public EncodingLimits encodingLimits() {
        return encodingLimits;
    }

    RandomGenerator random() {
        return random;
    }

    public ExpiryMode expiryMode() {
        return expiryMode;
    }

    public void expiryMode(ExpiryMode mode) {
        this.expiryMode = Objects.requireNonNull(mode);
    }

    public void propagationSink(PropagationSink sink) {
        this.propagationSink = Objects.requireNonNull(sink);
    }

    public PropagationSink propagationSink() {
        return propagationSink;
    }

    /** Installs the gate every client write passes under the write lock (see {@link WriteGate}). */
    public void writeGate(WriteGate gate) {
        this.writeGate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * {@code hll-sparse-max-bytes}: the size (header included) past which a sparse HyperLogLog
     * is converted to dense (Redis's default 3000).
     */
    public int hllSparseMaxBytes() {
        return hllSparseMaxBytes;
    }

    private volatile long streamNodeMaxBytes = dev.tandem.core.value.StreamValue.NODE_MAX_BYTES;
    private volatile long streamNodeMaxEntries = dev.tandem.core.value.StreamValue.NODE_MAX_ENTRIES;

    /** {@code stream-node-max-bytes} (0: no limit): when XADD starts a new stream node. */
    public long streamNodeMaxBytes() {
        return streamNodeMaxBytes;
    }

    /** {@code stream-node-max-entries} (0: no limit). */
    public long streamNodeMaxEntries() {
        return streamNodeMaxEntries;
    }

    public void streamNodeLimits(long maxBytes, long maxEntries) {
        if (maxBytes < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("stream node limits must not be negative");
        }
        streamNodeMaxBytes = maxBytes;
        streamNodeMaxEntries = maxEntries;
    }

    public void hllSparseMaxBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("hll-sparse-max-bytes must not be negative: " + bytes);
        }
        hllSparseMaxBytes = bytes;
    }

    /** The enabled {@code notify-keyspace-events} classes ({@link NotifyFlags}). */
    public int notifyFlags() {
        return notifyFlags;
    }

    public void notifyFlags(int flags) {
        this.notifyFlags = flags;
    }

    /** Installs where keyspace notifications are published (the node's pub/sub hub). */
    public void notifier(KeyspaceNotifier notifier) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    WriteGate writeGate() {
        return writeGate;
    }

    /**
     * Whether the master's active expiry cycle runs ({@code DEBUG SET-ACTIVE-EXPIRE 0|1}; on by
     * default). Lazy expiry on access is not affected, as in Redis.
     */
    public boolean activeExpireEnabled() {
        return activeExpireEnabled;
    }

    /**
     * Whether scripts may call commands flagged NOSCRIPT (Redis's
     * {@code server.script_disable_deny_script}, set by {@code DEBUG SET-DISABLE-DENY-SCRIPTS}).
     */
    public boolean scriptDenyDisabled() {
        return scriptDenyDisabled;
    }

    public void scriptDenyDisabled(boolean disabled) {
        scriptDenyDisabled = disabled;
    }

    public void activeExpireEnabled(boolean enabled) {
        activeExpireEnabled = enabled;
    }

    /** Whether {@code DEBUG PAUSE-CRON 1} paused the node's periodic work (Redis's serverCron). */
    public boolean cronPaused() {
        return cronPaused;
    }

    public void cronPaused(boolean paused) {
        cronPaused = paused;
    }

    /** The lock behind the ordered write path, for components that must act atomically with it. */
    public ReentrantReadWriteLock lock() {
        return lock;
    }

    /** Executes one command for {@code client}; the command's name is {@code argv[0]}. */
    public CommandResult execute(ClientState client, byte[]... argv) {
        CommandResult result = executeCommand(client, argv);
        dispatchChangeEvents();
        return result;
    }

    private CommandResult executeCommand(ClientState client, byte[][] argv) {
        if (argv.length == 0) {
            return new CommandResult(Reply.error("ERR empty command"), List.of());
        }
        CommandSpec spec = commands.lookup(argv[0]);
        if (client.inMulti()) {
            return queueOrRunTransactionCommand(client, spec, argv);
        }
        if (spec == null) {
            return new CommandResult(Reply.error(unknownCommand(argv)), List.of());
        }
        if (!spec.arityMatches(argv.length)) {
            return errorResult(RedisError.wrongArity(spec.name()));
        }
        if (spec.flags().contains(CommandFlag.TRANSACTION)) {
            return runTransactionCommand(client, spec, argv);
        }
        return spec.isWrite() || spec.flags().contains(CommandFlag.MAY_REPLICATE)
                || spec.flags().contains(CommandFlag.SCRIPT) || spec.flags().contains(CommandFlag.BLOCKING)
                ? executeWrite(client, java.util.Collections.singletonList(argv), false)
                : executeRead(client, spec, argv);
    }

    public CommandResult execute(ClientState client, String... argv) {
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return execute(client, bytes);
    }

    private static CommandResult errorResult(RedisError e) {
        return new CommandResult(Reply.error(e.text()), List.of());
    }

    /** Redis 7.0's text: {@code ERR unknown command 'x', with args beginning with: 'a' 'b' }. */
    public static String unknownCommand(byte[][] argv) {
        StringBuilder sb = new StringBuilder("ERR unknown command '")
                .append(truncate(argv[0], 128)).append("', with args beginning with: ");
        for (int i = 1; i < argv.length && sb.length() < 128 + 64; i++) {
            sb.append('\'').append(truncate(argv[i], 128 - (sb.length() - 64))).append("' ");
        }
        return sb.toString();
    }

    private static String truncate(byte[] b, int max) {
        String s = new String(b, StandardCharsets.UTF_8);
        return s.length() > Math.max(max, 0) ? s.substring(0, Math.max(max, 0)) : s;
    }

    private CommandResult executeRead(ClientState client, CommandSpec spec, byte[][] argv) {
        long maxmemory = eviction.maxmemory();
        if (maxmemory > 0 && !client.isFromMaster() && usedMemory() > maxmemory) {
            // Redis's processCommand evicts before every command, reads included (their keys'
            // invalidations reach a tracking client before the read's reply). A read is never
            // refused for memory, so the result does not matter here.
            lock.writeLock().lock();
            try {
                eviction.perform();
            } finally {
                lock.writeLock().unlock();
            }
        }
        ExecutionContext ctx;
        Reply reply;
        lock.readLock().lock();
        try {
            ctx = new ExecutionContext(this, client, clock.nowMillis(), false);
            ctx.argv(argv);
            reply = run(spec, ctx, argv);
        } finally {
            lock.readLock().unlock();
        }
        if (ctx.expiredByRead == null) {
            return new CommandResult(reply, List.of());
        }
        // Lazy expiry found by a read: delete under the write lock, re-checking, since a
        // writer may have replaced the key in between. The DELs are the command's unit (MULTI/
        // EXEC-wrapped when there are several), except for commands that may meet any key:
        // there each DEL is its own bare unit, as Redis 7.0 propagates them.
        boolean bare = spec.flags().contains(CommandFlag.TOUCHES_ARBITRARY_KEYS);
        List<Propagated> dels = new ArrayList<>(ctx.expiredByRead.size());
        lock.writeLock().lock();
        try {
            ExecutionContext del = null;
            for (WatchedKey wk : ctx.expiredByRead) {
                if (del == null) {
                    del = new ExecutionContext(this, client, clock.nowMillis(), true);
                }
                del.lookupRead(databases[wk.db()], wk.key());
                if (bare) {
                    dels.addAll(finishUnit(del));
                    del = null;
                }
            }
            if (del != null) {
                dels.addAll(finishUnit(del));
            }
        } finally {
            lock.writeLock().unlock();
        }
        return new CommandResult(reply, dels);
    }

    /** Runs {@code commands} as one unit under the write lock (a command, or an EXEC's body). */
    private CommandResult executeWrite(ClientState client, List<byte[][]> commandsToRun,
                                       boolean transaction) {
        lock.writeLock().lock();
        try {
            String refusal = client.isFromMaster() || !holdsWrite(commandsToRun) ? null : writeGate.refusal(client);
            if (refusal != null) {
                return new CommandResult(Reply.error(refusal), List.of());
            }
            boolean oom = false;
            if (eviction.maxmemory() > 0 && !client.isFromMaster()) {
                // Redis's processCommand: evict before the command; a denyoom command (or an
                // EXEC holding one) is refused when nothing more could be freed.
                oom = eviction.perform() == Eviction.Result.FAIL;
                if (oom && denyOom(commandsToRun)) {
                    return new CommandResult(Reply.error(transaction
                            ? "EXECABORT Transaction discarded because of: " + Eviction.OOM_ERROR
                            : Eviction.OOM_ERROR), List.of());
                }
            }
            ExecutionContext ctx = new ExecutionContext(this, client, clock.nowMillis(), true);
            ctx.oomBeforeUnit = oom;
            writingUnit = ctx;
            Reply reply;
            if (transaction) {
                List<Reply> replies = new ArrayList<>(commandsToRun.size());
                for (byte[][] argv : commandsToRun) {
                    ctx.argv(argv);
                    replies.add(run(commands.lookup(argv[0]), ctx, argv));
                }
                reply = Reply.array(replies);
            } else {
                byte[][] argv = commandsToRun.get(0);
                ctx.argv(argv);
                ctx.mayBlock = true;
                reply = run(commands.lookup(argv[0]), ctx, argv);
            }
            CommandResult result = new CommandResult(reply, finishUnit(ctx));
            writingUnit = null;
            if (ctx.blockRequest != null) {
                blocking.block(ctx.blockRequest);
            }
            if (lock.getWriteHoldCount() == 1) {
                // Redis's handleClientsBlockedOnKeys after the command, under the same lock, so
                // that nobody else can take what the command pushed before the blocked clients.
                blocking.serveReady();
            }
            return result;
        } finally {
            writingUnit = null;
            lock.writeLock().unlock();
        }
    }

    private static boolean denyOom(List<byte[][]> commandsToRun) {
        for (byte[][] argv : commandsToRun) {
            if (Eviction.denyOom(argv)) {
                return true;
            }
        }
        return false;
    }

    private boolean holdsWrite(List<byte[][]> commandsToRun) {
        for (byte[][] argv : commandsToRun) {
            CommandSpec spec = commands.lookup(argv[0]);
            if (spec != null && spec.isWrite()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs one command. Commands propagate only once they cannot fail any more, so an error
     * leaves only the effects that really happened (a lazily expired key's DEL).
     */
    private static Reply run(CommandSpec spec, ExecutionContext ctx, byte[][] argv) {
        Reply reply;
        try {
            reply = spec.handler().execute(ctx, argv);
        } catch (RedisError e) {
            reply = Reply.error(e.text());
        }
        // Redis's call(): a tracking client's read-only command remembers its keys, even when it
        // failed (WRONGTYPE), still under this command's lock. Scripts remember through
        // ExecutionContext.call, only when they read.
        TrackedReads reads = ctx.client().trackedReads();
        if (reads != null && spec.flags().contains(CommandFlag.READONLY)
                && !spec.flags().contains(CommandFlag.SCRIPT)) {
            ctx.keyspace().signalTracking(ctx);
            reads.remember(spec, argv, false);
        }
        return reply;
    }

    /**
     * Under the write lock: wraps, propagates, invalidates WATCHes and queues change events
     * with the offset the unit reached. Returns what went out.
     */
    List<Propagated> finishUnit(ExecutionContext ctx) {
        memory.settle();
        for (ExecutionContext.Change c : ctx.touched) {
            if (c.key() == null) {
                continue; // whole-db changes invalidated WATCHes as they happened
            }
            touchWatchedKey(new WatchedKey(c.db(), c.key()), c.present());
        }
        signalTracking(ctx);
        List<Propagated> out = ctx.propagated;
        long offset;
        if (out.isEmpty()) {
            out = List.of();
            offset = propagationSink.offset();
        } else {
            if (out.size() > 1) {
                List<Propagated> wrapped = new ArrayList<>(out.size() + 2);
                wrapped.add(new Propagated(out.get(0).db(), new byte[][] {MULTI}));
                wrapped.addAll(out);
                wrapped.add(new Propagated(out.get(out.size() - 1).db(), new byte[][] {EXEC}));
                out = wrapped;
            }
            offset = propagationSink.propagate(out);
        }
        if (ctx.notifications != null) {
            pendingNotifications.addAll(ctx.notifications);
        }
        if (!listeners.isEmpty()) {
            for (ExecutionContext.Change c : ctx.touched) {
                pendingEvents.add(new ChangeEvent(c.db(), c.key(), commandName(c.command()), offset));
            }
        }
        return out;
    }

    /**
     * The unit's changes not yet signalled, in order, to client-side caching (at the unit's end,
     * and before a command of the unit remembers keys it read, so that an EXEC's GET after its
     * SET of the same key stays tracked, as Redis signals each change as it happens): each
     * modified key, and each flush
     * once (FLUSHALL records a change per database under the same command; Redis signals the
     * flush once). SWAPDB is no change for tracking in Redis 7.0 (its table ignores the db).
     */
    void signalTracking(ExecutionContext ctx) {
        if (invalidations.isEmpty()) {
            return;
        }
        List<ExecutionContext.Change> touched = ctx.touched;
        for (int i = ctx.trackingSignalled; i < touched.size(); i++) {
            ExecutionContext.Change c = touched.get(i);
            if (c.key() != null) {
                byte[] key = c.key().bytes();
                boolean byClient = c.command() != ExecutionContext.EXPIRED;
                for (KeyInvalidations sink : invalidations) {
                    sink.keyModified(ctx.client(), byClient, key);
                }
            } else if (c.command() != ctx.trackingLastFlush && !isSwapDb(c.command())) {
                ctx.trackingLastFlush = c.command();
                for (KeyInvalidations sink : invalidations) {
                    sink.flushed(ctx.client());
                }
            }
        }
        ctx.trackingSignalled = touched.size();
    }

    private static boolean isSwapDb(byte[] command) {
        return command != null && new String(command, StandardCharsets.US_ASCII).equalsIgnoreCase("swapdb");
    }

    /** Adds a sink of modified keys (a RESP server's client tracking). */
    public void addInvalidations(KeyInvalidations sink) {
        invalidations.add(Objects.requireNonNull(sink));
    }

    public void removeInvalidations(KeyInvalidations sink) {
        invalidations.remove(sink);
    }

    private String commandName(byte[] name) {
        // A known command's shared canonical name: this runs for every change of every write.
        NameTable.Entry<CommandSpec> known = commands.entry(name);
        return known != null ? known.name() : new String(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }

    // ---- change events -----------------------------------------------------------------

    public void addListener(KeyspaceListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(KeyspaceListener listener) {
        listeners.remove(listener);
    }

    /**
     * Serves the clients blocked on keys that units run under the caller's own hold of the lock
     * made ready, then delivers queued change events to the listeners, in stream order. {@link #execute} calls
     * this after releasing the lock; a component that runs commands while holding the keyspace
     * lock itself must call it once it has released the lock. Does nothing when called under
     * the keyspace lock (listeners never run under it) or while another thread is delivering
     * (that thread delivers ours too).
     */
    public void dispatchChangeEvents() {
        if (blocking.readyPending() && !lock.isWriteLockedByCurrentThread() && lock.getReadHoldCount() == 0) {
            // Keys made ready by units that ran inside a lock the caller held (the replica's
            // stream applier holds it around each unit): serve their blocked clients now, before
            // the events, so that the served pops' events follow the pushes'.
            lock.writeLock().lock();
            try {
                blocking.serveReady();
            } finally {
                lock.writeLock().unlock();
            }
        }
        while (!pendingEvents.isEmpty() || !pendingNotifications.isEmpty()) {
            // A listener that writes gets here again from inside the delivery loop: leave the
            // new events to that loop, or later listeners would see them before the current one.
            if (lock.isWriteLockedByCurrentThread() || lock.getReadHoldCount() > 0
                    || dispatchLock.isHeldByCurrentThread() || !dispatchLock.tryLock()) {
                return;
            }
            try {
                ChangeEvent e;
                while ((e = pendingEvents.poll()) != null) {
                    deliver(e);
                }
                ExecutionContext.Notification n;
                while ((n = pendingNotifications.poll()) != null) {
                    deliver(n);
                }
            } finally {
                dispatchLock.unlock();
            }
            // Loop: an event queued after our last poll whose writer saw us holding the
            // dispatch lock is ours to deliver.
        }
    }

    private void deliver(ExecutionContext.Notification n) {
        try {
            notifier.notify(n.db(), n.event(), n.key().bytes());
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, () -> "Keyspace notifier failed", failure);
        }
    }

    private void deliver(ChangeEvent event) {
        for (KeyspaceListener listener : listeners) {
            try {
                listener.onChange(event);
            } catch (RuntimeException failure) {
                // A failing listener must not break the writer that dispatches, nor starve the
                // other listeners (see KeyspaceListener) — but it must not go unnoticed either.
                LOG.log(System.Logger.Level.WARNING,
                        () -> "Keyspace listener " + listener + " failed on " + event, failure);
            }
        }
    }

    // ---- transactions ------------------------------------------------------------------

    private CommandResult queueOrRunTransactionCommand(ClientState client, CommandSpec spec,
                                                       byte[][] argv) {
        if (spec != null && spec.flags().contains(CommandFlag.TRANSACTION)) {
            if (!spec.arityMatches(argv.length)) {
                client.multiError = true;
                return errorResult(RedisError.wrongArity(spec.name()));
            }
            return runTransactionCommand(client, spec, argv);
        }
        if (spec == null) {
            client.multiError = true;
            return new CommandResult(Reply.error(unknownCommand(argv)), List.of());
        }
        if (!spec.arityMatches(argv.length)) {
            client.multiError = true;
            return errorResult(RedisError.wrongArity(spec.name()));
        }
        if (eviction.maxmemory() > 0 && !client.isFromMaster() && queueingOom()) {
            // Redis refuses any command queued while out of memory (queuing may grow without
            // bound) and flags the transaction.
            client.multiError = true;
            return new CommandResult(Reply.error(Eviction.OOM_ERROR), List.of());
        }
        client.queued.add(argv);
        return new CommandResult(Reply.QUEUED, List.of());
    }

    private boolean queueingOom() {
        lock.writeLock().lock();
        try {
            return eviction.perform() == Eviction.Result.FAIL;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private CommandResult runTransactionCommand(ClientState client, CommandSpec spec,
                                                byte[][] argv) {
        switch (spec.name()) {
            case "multi" -> {
                if (client.inMulti()) {
                    return new CommandResult(Reply.error("ERR MULTI calls can not be nested"),
                            List.of());
                }
                client.beginMulti();
                return new CommandResult(Reply.OK, List.of());
            }
            case "discard" -> {
                if (!client.inMulti()) {
                    return new CommandResult(Reply.error("ERR DISCARD without MULTI"), List.of());
                }
                client.endMulti();
                unwatchAll(client);
                return new CommandResult(Reply.OK, List.of());
            }
            case "exec" -> {
                return exec(client);
            }
            case "watch" -> {
                if (client.inMulti()) {
                    return new CommandResult(
                            Reply.error("ERR WATCH inside MULTI is not allowed"), List.of());
                }
                watch(client, argv);
                return new CommandResult(Reply.OK, List.of());
            }
            case "unwatch" -> {
                unwatchAll(client);
                return new CommandResult(Reply.OK, List.of());
            }
            default -> throw new IllegalStateException("not a transaction command: " + spec.name());
        }
    }

    private CommandResult exec(ClientState client) {
        if (!client.inMulti()) {
            return new CommandResult(Reply.error("ERR EXEC without MULTI"), List.of());
        }
        List<byte[][]> queued = client.queued;
        boolean aborted = client.multiError;
        client.endMulti();
        try {
            if (aborted) {
                return new CommandResult(Reply.error(
                        "EXECABORT Transaction discarded because of previous errors."), List.of());
            }
            lock.writeLock().lock();
            try {
                if (client.watchDirty || watchedKeyExpired(client)) {
                    return new CommandResult(Reply.NULL_ARRAY, List.of());
                }
                CommandResult result = executeWrite(client, queued, true);
                if (lock.getWriteHoldCount() == 1) {
                    blocking.serveReady(); // after the whole transaction, as Redis
                }
                return result;
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            unwatchAll(client);
        }
    }

    /**
     * Redis also fails EXEC when a watched key expired in between (isWatchedKeyExpired); keys
     * that were already expired when watched do not count.
     */
    private boolean watchedKeyExpired(ClientState client) {
        long now = clock.nowMillis();
        for (Watch w : client.watched.values()) {
            if (!w.expired && isExpired(databases[w.key.db()].data, w.key.key(), now)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExpired(Database.Data data, Key key, long now) {
        Entry e = data.entry(key);
        return e != null && e.isExpiredAt(now);
    }

    private void watch(ClientState client, byte[][] argv) {
        lock.writeLock().lock();
        try {
            if (client.watchDirty) {
                return; // no point: EXEC fails anyway (and Redis does not record the keys)
            }
            long now = clock.nowMillis();
            for (int i = 1; i < argv.length; i++) {
                WatchedKey wk = new WatchedKey(client.db(), Key.of(argv[i]));
                if (!client.watched.containsKey(wk)) {
                    Watch w = new Watch(wk, client, isExpired(databases[wk.db()].data, wk.key(), now));
                    client.watched.put(wk, w);
                    watchers.computeIfAbsent(wk, k -> new ArrayList<>(1)).add(w);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A watched key changed: its watchers' EXEC will fail, as Redis 7.0's touchWatchedKey
     * decides, quirks included. A watch of a key that was expired when watched is cleared if the
     * key is now gone (logically no change); if the key exists, Redis stops at that watch and
     * leaves it and all later watchers of the key untouched. A client marked dirty stops
     * watching altogether. (Redis does this at each change; here the changes of a unit are
     * replayed in order at its end, each with the key's presence right after it.)
     */
    private void touchWatchedKey(WatchedKey wk, boolean present) {
        List<Watch> ws = watchers.get(wk);
        if (ws == null) {
            return;
        }
        for (Watch w : List.copyOf(ws)) {
            if (w.expired) {
                if (!present) {
                    w.expired = false;
                    continue;
                }
                break;
            }
            w.client.watchDirty = true;
            unwatchAll(w.client, false);
        }
    }

    /** Forgets the client's watched keys (also to be called when a connection closes). */
    public void unwatchAll(ClientState client) {
        unwatchAll(client, true);
    }

    private void unwatchAll(ClientState client, boolean clearDirty) {
        if (client.watched.isEmpty()) {
            if (clearDirty) {
                client.watchDirty = false;
            }
            return;
        }
        lock.writeLock().lock();
        try {
            for (Watch w : client.watched.values()) {
                List<Watch> ws = watchers.get(w.key);
                if (ws != null) {
                    ws.remove(w);
                    if (ws.isEmpty()) {
                        watchers.remove(w.key);
                    }
                }
            }
            client.watched.clear();
            if (clearDirty) {
                client.watchDirty = false;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Under the write lock, before database {@code db} is emptied (FLUSHDB) or replaced by
     * {@code replacedWith} (SWAPDB): marks dirty the watchers of keys that exist in either, as
     * Redis's touchAllWatchedKeysInDb. Watchers of keys absent from both stay clean; for keys
     * that were expired when watched, an expired key that goes away or is replaced by an expired
     * one is no change, and a missing key replaced by an expired one counts as expired.
     */
    void touchWatchedKeysInDb(int db, Database.Data replacedWith) {
        if (watchers.isEmpty()) {
            return;
        }
        Database.Data emptied = databases[db].data;
        long now = clock.nowMillis();
        for (Map.Entry<WatchedKey, List<Watch>> e : watchers.entrySet()) {
            Key key = e.getKey().key();
            if (e.getKey().db() != db) {
                continue;
            }
            boolean inEmptied = emptied.keys.containsKey(key);
            boolean inReplacement = replacedWith != null && replacedWith.keys.containsKey(key);
            if (!inEmptied && !inReplacement) {
                continue;
            }
            for (Watch w : e.getValue()) {
                if (w.expired) {
                    if (!inReplacement) {
                        w.expired = false;
                        continue;
                    } else if (isExpired(replacedWith, key, now)) {
                        continue;
                    }
                } else if (!inEmptied && isExpired(replacedWith, key, now)) {
                    w.expired = true;
                    continue;
                }
                w.client.watchDirty = true;
            }
        }
    }

    // ---- snapshots ---------------------------------------------------------------------

    /**
     * Starts a forkless point-in-time snapshot at the current replication offset; the caller
     * drives it with {@link Snapshot#step}. Fails if one is already running.
     */
    public Snapshot startSnapshot(SnapshotSink sink) {
        lock.writeLock().lock();
        try {
            return snapshots.start(sink, propagationSink.offset());
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean snapshotInProgress() {
        return snapshots.isActive();
    }

    /** Redis's budget for one cron call's rehash work (databasesCron: 1 ms). */
    public static final long CRON_REHASH_BUDGET_NANOS = 1_000_000;

    /**
     * The cron's share of the incremental rehash (Redis's databasesCron with
     * {@code activerehashing yes}): the first database whose key or TTL table is mid-rehash gets
     * up to {@code budgetNanos} of bucket moves under the write lock, so a table that stops being
     * written still finishes its move. Returns whether any work was done.
     */
    public boolean rehashStep(long budgetNanos, java.util.function.LongSupplier nanoTime) {
        lock.writeLock().lock();
        try {
            for (Database db : databases) {
                Database.Data d = db.data;
                if (d.keys.isRehashing()) {
                    d.keys.rehashFor(budgetNanos, nanoTime);
                    return true;
                }
                if (d.expires.isRehashing()) {
                    d.expires.rehashFor(budgetNanos, nanoTime);
                    return true;
                }
            }
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A builder for a replacement dataset (full-sync load), swapped in by its commit(). */
    public DatasetBuilder newDatasetBuilder() {
        return new DatasetBuilder(this);
    }

    /**
     * Swaps in a complete dataset. An active snapshot keeps walking the data it captured
     * (replicas of this node must resync anyway when its dataset is replaced).
     */
    void replaceAll(Database.Data[] replacement) {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < databases.length; i++) {
                touchWatchedKeysInDb(i, replacement[i]);
                databases[i].data = replacement[i];
            }
            eviction.clearPool();
            for (KeyInvalidations sink : invalidations) {
                sink.flushed(null); // Redis's emptyData before a full sync's load signals a flush
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** SWAPDB's effect, under the write lock. */
    void swapDatabases(int a, int b) {
        blocking.signalStreamsOf(a);
        blocking.signalStreamsOf(b);
        Database.swapContents(databases[a], databases[b]);
        blocking.signalDatabase(a);
        blocking.signalDatabase(b);
    }
}
