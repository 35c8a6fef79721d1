/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What a command sees while it executes: the client's database, the command's clock reading,
 * key lookups with Redis's expiry rules, and where its propagated form goes.
 *
 * <p>One context serves one top-level execution unit (a command, or a whole MULTI/EXEC). It is
 * created by {@link Keyspace} with the right lock already held.
 */
public final class ExecutionContext {
    private final Keyspace keyspace;
    private final ClientState client;
    private final long now;
    private final boolean writeLocked;
    private byte[][] argv;
    /** How deep {@link #call} nests at the moment (0: the client's own command). */
    private int nestedCalls;
    /** The unit's propagated commands, in order. */
    final List<Propagated> propagated = new ArrayList<>(2);
    /** Keys found logically expired by a read under the read lock: deleted afterwards. */
    List<Keyspace.WatchedKey> expiredByRead;
    /** What this unit changed, in order: WATCH invalidation and change events. */
    final List<Change> touched = new ArrayList<>(2);

    /**
     * One change made by this unit: a key, or with {@code key == null} the whole database
     * (FLUSHDB, FLUSHALL, SWAPDB). {@code command} is the raw name of the command that made it,
     * lowercased only when a change event is actually built.
     */
    /**
     * A changed key ({@code key} null: a whole database); {@code present}: whether the key was
     * in the database right after the change (WATCH of an expired key depends on it).
     */
    record Change(int db, Key key, byte[] command, boolean present) { }

    /** A keyspace notification made by this unit (Redis's notifyKeyspaceEvent). */
    record Notification(int db, byte[] event, Key key) { }

    /** How many of {@link #touched} were signalled to client-side caching already. */
    int trackingSignalled;
    /** The command whose flush was signalled last (FLUSHALL records one change per database). */
    byte[] trackingLastFlush;

    /** The command runs at the top of its unit, not inside EXEC, a script or {@link #call}. */
    boolean mayBlock;
    /** What the command asked to block on; registered when the unit ends. */
    BlockedClient blockRequest;
    /**
     * Whether the data set was over maxmemory with nothing left to evict when this unit started
     * (Redis's server.pre_command_oom_state): a script's denyoom calls are then refused.
     */
    boolean oomBeforeUnit;
    /** Set while an {@code allow-oom} script runs (see {@link #allowOom}). */
    private boolean allowOom;
    /** OBJECT's lookups leave the key's access field alone (Redis's LOOKUP_NOTOUCH). */
    private boolean noTouch;

    /** The enabled notification classes, read once for the unit (0: notify() does nothing). */
    private final int notifyFlags;
    /** This unit's notifications in order; null until the first one. */
    List<Notification> notifications;

    /** The command name of changes made by expiring a key (as Redis's "expired" event). */
    static final byte[] EXPIRED = bytes("expired");

    ExecutionContext(Keyspace keyspace, ClientState client, long now, boolean writeLocked) {
        this.keyspace = keyspace;
        this.client = client;
        this.now = now;
        this.writeLocked = writeLocked;
        this.notifyFlags = keyspace.notifyFlags();
    }

    /**
     * Redis's {@code notifyKeyspaceEvent(type, event, key, db)}: records a notification of class
     * {@code type} ({@link NotifyFlags}) when that class is enabled; published once the unit is
     * done, in order. Commands call it where Redis does, after the change.
     */
    public void notify(int type, String event, Key key) {
        notify(type, event, key, client.db());
    }

    public void notify(int type, String event, Key key, int db) {
        if ((notifyFlags & type) == 0) {
            return;
        }
        if (notifications == null) {
            notifications = new ArrayList<>(2);
        }
        notifications.add(new Notification(db, bytes(event), key));
    }

    /** Whether any class of {@code type} is enabled (lets a command skip building an event). */
    public boolean notifies(int type) {
        return (notifyFlags & type) != 0;
    }

    void argv(byte[][] argv) {
        this.argv = argv;
    }

    /**
     * Runs a command of the table inside the command being executed, as {@code redis.call} does
     * inside a script: its effects join this execution unit (under the same lock, propagated as
     * their own commands, wrapped in MULTI/EXEC with the unit's other effects) and its reply is
     * returned, errors included. This is how a command of the application's own, registered on a
     * node, composes the built-in ones.
     */
    /**
     * Whether the node was past {@code maxmemory} before this unit (Redis's
     * {@code pre_command_oom_state}): a script without {@code allow-oom} may not start then.
     */
    public boolean outOfMemory() {
        return oomBeforeUnit && !client.isFromMaster();
    }

    /**
     * A script flagged {@code allow-oom} runs: its {@code denyoom} calls are not refused for
     * memory until {@code allow} is set back to false (Redis's SCRIPT_ALLOW_OOM).
     */
    public void allowOom(boolean allow) {
        this.allowOom = allow;
    }

    public Reply call(byte[]... inner) {
        if (inner.length == 0) {
            return Reply.error("ERR empty command");
        }
        CommandSpec spec = keyspace.commands().lookup(inner[0]);
        if (spec == null) {
            return Reply.error(Keyspace.unknownCommand(inner));
        }
        if (!spec.arityMatches(inner.length)) {
            return Reply.error(RedisError.wrongArity(spec.name()).text());
        }
        if (spec.flags().contains(CommandFlag.TRANSACTION)) {
            return Reply.error("ERR This Redis command is not allowed from script");
        }
        if (spec.isWrite() && !writeLocked) {
            return Reply.error("ERR Write commands are not allowed from read-only scripts.");
        }
        if (oomBeforeUnit && !allowOom && !client.isFromMaster() && Eviction.denyOom(inner)) {
            return Reply.error(Eviction.OOM_ERROR);
        }
        byte[][] outer = argv;
        boolean outerMayBlock = mayBlock;
        argv(inner);
        mayBlock = false; // a called command never blocks (scripts: Redis's CLIENT_DENY_BLOCKING)
        nestedCalls++;
        try {
            return spec.handler().execute(this, inner);
        } catch (RedisError e) {
            return Reply.error(e.text());
        } finally {
            nestedCalls--;
            argv(outer);
            mayBlock = outerMayBlock;
            rememberScriptRead(spec, outer);
        }
    }

    /**
     * Redis's call() for a command run by a script: when it is read-only, the script's caller,
     * if it tracks keys, remembers the keys the script declared (not the ones it read).
     */
    private void rememberScriptRead(CommandSpec inner, byte[][] outer) {
        TrackedReads reads = client.trackedReads();
        if (reads == null || outer == null || !inner.flags().contains(CommandFlag.READONLY)) {
            return;
        }
        CommandSpec script = keyspace.commands().lookup(outer[0]);
        if (script != null && script.flags().contains(CommandFlag.SCRIPT)) {
            keyspace.signalTracking(this);
            reads.remember(script, outer, true);
        }
    }

    /**
     * Whether the command may block its client: it runs by itself (not queued in MULTI, not
     * called by a script or another command), for a client that can wait (a connection, not the
     * master's stream). Otherwise a blocking command answers as on timeout, at once.
     */
    public boolean mayBlock() {
        return mayBlock && blockRequest == null && client.blockingAllowed() && !client.isFromMaster();
    }

    /**
     * Blocks the client on {@code request}'s keys: registered under this unit's write lock when
     * the unit ends, so that no later write can be missed. Only when {@link #mayBlock()}.
     */
    public void block(BlockedClient request) {
        if (!mayBlock()) {
            throw new IllegalStateException("this command may not block");
        }
        blockRequest = request;
    }

    /**
     * Whether the running command was called through {@link #call} (a script's {@code redis.call}
     * or a custom command), Redis's {@code CLIENT_SCRIPT}: SORT then orders what it would leave in
     * a set's own order, because the caller's effects propagate.
     */
    public boolean inCall() {
        return nestedCalls > 0;
    }

    /**
     * Whether this execution holds the write lock (a read-only one, under the read lock, must
     * not change any value).
     */
    public boolean isWriteLocked() {
        return writeLocked;
    }

    /**
     * {@link #call} whose propagated effects are dropped when {@code propagate} is false: a
     * script's {@code redis.set_repl(redis.REPL_NONE)} (the write happens here but not on replicas).
     */
    public Reply call(boolean propagate, byte[]... inner) {
        int mark = propagated.size();
        Reply reply = call(inner);
        if (!propagate && propagated.size() > mark) {
            propagated.subList(mark, propagated.size()).clear();
        }
        return reply;
    }

    /**
     * Why a client's write may not run now (the write gate's text: READONLY on a read-only
     * replica, NOREPLICAS...), or null. Never refused for the master's stream. A script asks this
     * before its first write, as Redis's scriptVerifyWriteCommandAllow.
     */
    public String writeRefusal() {
        return client.isFromMaster() ? null : keyspace.writeGate().refusal(client);
    }

    /** The arguments of the command being executed (argv[0] is its name). */
    public byte[][] argv() {
        return argv;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public ClientState client() {
        return client;
    }

    /** The client's selected database. */
    public Database db() {
        return keyspace.database(client.db());
    }

    /** Database {@code index}, or a RedisError "ERR DB index is out of range". */
    public Database db(int index) {
        if (index < 0 || index >= keyspace.databases().length) {
            throw new RedisError(RedisError.DB_INDEX_OUT_OF_RANGE);
        }
        return keyspace.database(index);
    }

    /** Unix milliseconds, read once per execution unit (Redis caches the time per command). */
    public long now() {
        return now;
    }

    /**
     * A random generator safe for this execution: the keyspace's own (guarded by the write
     * lock) for writes, a thread-local one for reads, which run concurrently.
     */
    public RandomGenerator random() {
        return writeLocked ? keyspace.random() : java.util.concurrent.ThreadLocalRandom.current();
    }

    /**
     * Whether keys may be deleted for being expired in this execution: on a master, and not
     * for the master's stream. Also decides whether a TTL already in the past deletes the key
     * (expire.c checkAlreadyExpired) or is stored for the master's DEL to come.
     */
    public boolean expiresKeys() {
        return keyspace.expiryMode() == ExpiryMode.MASTER && !client.isFromMaster();
    }

    /** Whether an entry counts as absent for this execution. */
    private boolean logicallyExpired(Entry e) {
        return !client.isFromMaster() && e.isExpiredAt(now);
    }

    /**
     * Looks a key up for reading: a logically expired key is absent. On a master the key is
     * also deleted (now under the write lock, or right after a read-locked command).
     */
    public Entry lookupRead(Database db, Key key) {
        Entry e = db.peek(key);
        if (e == null) {
            return null;
        }
        if (!logicallyExpired(e)) {
            if (!noTouch) {
                keyspace.eviction.touch(e, now);
            }
            return e;
        }
        if (expiresKeys()) {
            if (writeLocked) {
                expireNow(db, e);
            } else {
                if (expiredByRead == null) {
                    expiredByRead = new ArrayList<>(1);
                }
                expiredByRead.add(new Keyspace.WatchedKey(db.index(), key));
            }
        }
        return null;
    }

    public Entry lookupRead(Key key) {
        return lookupRead(db(), key);
    }

    /**
     * Looks a key up to modify it: an expired key is deleted first (master) or treated as
     * absent; a found entry is side-saved into an active snapshot before the caller changes
     * it. Requires the write lock.
     */
    public Entry lookupWrite(Database db, Key key) {
        requireWriteLock();
        Entry e = db.peek(key);
        if (e == null) {
            return null;
        }
        if (logicallyExpired(e)) {
            if (expiresKeys()) {
                expireNow(db, e);
                return null;
            }
            // A replica never deletes by itself, but for a normal client writing to a
            // writable replica the key is gone: Redis overwrites it as if absent.
            db.delete(key);
            return null;
        }
        db.beforeModify(e);
        if (!noTouch) {
            keyspace.eviction.touch(e, now);
        }
        return e;
    }

    /**
     * {@link #lookupRead(Key)} without counting as an access (OBJECT, as Redis's
     * LOOKUP_NOTOUCH): the key's idle time and frequency stay as they were.
     */
    public Entry lookupReadNoTouch(Key key) {
        noTouch = true;
        try {
            return lookupRead(key);
        } finally {
            noTouch = false;
        }
    }

    public Entry lookupWrite(Key key) {
        return lookupWrite(db(), key);
    }

    /** The entry's value if it has {@code type}; null entry gives null; otherwise WRONGTYPE. */
    public static <T extends RedisValue> T typed(Entry e, ValueType type, Class<T> cls) {
        if (e == null) {
            return null;
        }
        RedisValue v = e.value();
        if (v.type() != type) {
            throw RedisError.wrongType();
        }
        return cls.cast(v);
    }

    private void expireNow(Database db, Entry e) {
        db.delete(e.key());
        propagate(db.index(), bytes("DEL"), e.key().bytes());
        touched.add(new Change(db.index(), e.key(), EXPIRED, false));
        notify(NotifyFlags.EXPIRED, "expired", e.key(), db.index());
        keyspace.stats.expiredKeys++;
    }

    /**
     * Whether {@code e} counts as absent for this execution without deleting it (KEYS filters
     * expired keys this way, as Redis's keyIsExpired): never for the master's stream.
     */
    public boolean isLogicallyExpired(Entry e) {
        return logicallyExpired(e);
    }

    /** Appends one command to this unit's propagated form, for the client's db. */
    public void propagate(byte[]... command) {
        propagate(client.db(), command);
    }

    public void propagate(int db, byte[]... command) {
        propagated.add(new Propagated(db, command));
    }

    /** Propagates the command exactly as the client sent it. */
    public void propagateVerbatim() {
        propagate(argv);
    }

    /** Records that a key changed (WATCH, change events); call once per changed key. */
    public void touched(int db, Key key) {
        touched.add(new Change(db, key, argv == null ? EXPIRED : argv[0],
                keyspace.database(db).peek(key) != null));
    }

    public void touched(Key key) {
        touched(client.db(), key);
    }

    /**
     * FLUSHDB's effect on database {@code index}: invalidates the WATCHes of keys it holds (as
     * Redis's touchAllWatchedKeysInDb) and empties it; an active snapshot keeps the old contents.
     * Returns the number of keys removed.
     */
    public int flushDatabase(int index) {
        requireWriteLock();
        Database db = db(index);
        keyspace.touchWatchedKeysInDb(index, null);
        keyspace.blocking().signalStreamsOf(index);
        int removed = db.flush();
        touched.add(new Change(index, null, argv[0], false));
        return removed;
    }

    /**
     * SWAPDB's effect: WATCHes of keys present in either database are invalidated, then the
     * contents are exchanged (clients stay on their db index).
     */
    public void swapDatabases(int a, int b) {
        requireWriteLock();
        Database first = db(a);
        Database second = db(b);
        if (a == b) {
            return;
        }
        keyspace.touchWatchedKeysInDb(a, second.data);
        keyspace.touchWatchedKeysInDb(b, first.data);
        keyspace.swapDatabases(a, b);
        touched.add(new Change(a, null, argv[0], false));
        touched.add(new Change(b, null, argv[0], false));
    }

    private void requireWriteLock() {
        if (!writeLocked) {
            throw new IllegalStateException("write lookup in a read-only command");
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
