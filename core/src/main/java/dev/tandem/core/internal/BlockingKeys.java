/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients blocked on keys, per (db, key) in the order they blocked (Redis's
 * {@code db->blocking_keys}), and the keys made ready since (its {@code server.ready_keys}).
 * Everything here is guarded by the keyspace write lock, except the counters INFO reads.
 *
 * <p>A key becomes ready when a list, sorted set or stream is added to a database while clients
 * block on it ({@link Database#add}: Redis's {@code signalKeyAsReady} in {@code dbAdd}, which
 * covers pushes, LMOVE destinations, RENAME, MOVE, COPY and anything later added through it, RESTORE say), and on
 * SWAPDB for every blocked key present afterwards ({@code scanDatabaseForReadyKeys}). After each
 * outermost unit (a command, an EXEC, a script, a command of the master's stream) the keyspace
 * calls {@link #serveReady()} before releasing the lock, as Redis's
 * {@code handleClientsBlockedOnKeys}: keys in the order they became ready, clients of a key from
 * the first blocked, each served as its own unit (its non-blocking form propagated after the
 * unit that woke it), until the key is gone; a served BLMOVE's push can make its destination
 * ready, which is served in the same call.
 *
 * <p>A blocking command, when nothing can be answered and {@link ExecutionContext#mayBlock()},
 * calls {@link ExecutionContext#block} with a {@link BlockedClient} whose
 * {@link BlockedClient.Server} answers from the ready key (or returns null to stay blocked, as an
 * XREAD whose ID is not reached yet does); writes that make a key ready beyond adding it call
 * {@link #signal} themselves (XADD to an existing stream, XGROUP DESTROY: see
 * {@code StreamBlocking}). Without {@code mayBlock()} (MULTI, scripts, the master's stream, an
 * embedded caller) a command answers as on timeout, as Redis's {@code CLIENT_DENY_BLOCKING}.
 */
public final class BlockingKeys {
    /** Who deletes a ready key found expired (no client of its own). */
    private static final ClientState EXPIRER = ClientState.client();
    private final Keyspace keyspace;
    private final Map<Keyspace.WatchedKey, LinkedHashSet<BlockedClient>> byKey = new HashMap<>();
    private LinkedHashSet<Keyspace.WatchedKey> ready = new LinkedHashSet<>();
    /** Lets the keyspace skip {@link #serveReady()} without the lock (written under it). */
    private volatile boolean readyPending;
    private boolean serving;
    private final AtomicInteger blocked = new AtomicInteger();
    private final AtomicInteger withTimeout = new AtomicInteger();

    BlockingKeys(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Clients blocked on keys now (INFO's blocked_clients counts these). */
    public int blockedClients() {
        return blocked.get();
    }

    /** Blocked clients with a timeout (INFO's clients_in_timeout_table). */
    public int clientsWithTimeout() {
        return withTimeout.get();
    }

    /**
     * db.c's signal when a stream key is deleted or overwritten: its XREADGROUP clients are
     * unblocked with an error when it is served. Under the write lock.
     */
    void signalStreamGone(int db, Key key) {
        signal(db, key, ValueType.STREAM);
    }

    /**
     * db.c's scanDatabaseForDeletedStreams, before FLUSHDB/FLUSHALL or SWAPDB changes database
     * {@code db}: every blocked key of it that holds a stream now is signalled, so that its
     * XREADGROUP clients are told if it is gone afterwards. Under the write lock.
     */
    void signalStreamsOf(int db) {
        signalPresentKeys(db, true);
    }

    static boolean canBlockOn(ValueType type) {
        return type == ValueType.LIST || type == ValueType.ZSET || type == ValueType.STREAM;
    }

    /** Redis's signalKeyAsReady; under the write lock. */
    public void signal(int db, Key key, ValueType type) {
        if (byKey.isEmpty() || !canBlockOn(type)) {
            return;
        }
        Keyspace.WatchedKey wk = new Keyspace.WatchedKey(db, key);
        if (byKey.containsKey(wk) && ready.add(wk)) {
            readyPending = true;
        }
    }

    /** Redis's scanDatabaseForReadyKeys (SWAPDB): every blocked key of {@code db} now present. */
    void signalDatabase(int db) {
        signalPresentKeys(db, false);
    }

    /** Signals every blocked key of {@code db} present now (only streams when {@code streamsOnly}). */
    private void signalPresentKeys(int db, boolean streamsOnly) {
        if (byKey.isEmpty()) {
            return;
        }
        Database database = keyspace.database(db);
        for (Keyspace.WatchedKey wk : new ArrayList<>(byKey.keySet())) {
            if (wk.db() == db) {
                Entry e = database.peek(wk.key());
                if (e != null && (!streamsOnly || e.value().type() == ValueType.STREAM)) {
                    signal(db, wk.key(), e.value().type());
                }
            }
        }
    }

    /** Registers a client (under the write lock, by the unit that decided to block it). */
    void block(BlockedClient c) {
        for (Key key : c.keys) {
            Keyspace.WatchedKey wk = new Keyspace.WatchedKey(c.db, key);
            byKey.computeIfAbsent(wk, k -> new LinkedHashSet<>()).add(c);
        }
        c.registered = true;
        c.client.blocked = c;
        c.client.justBlocked = c;
        blocked.incrementAndGet();
        if (c.deadlineMillis > 0) {
            withTimeout.incrementAndGet();
        }
        // A closed connection cancels its reply: withdraw the client then.
        c.reply().whenComplete((r, e) -> {
            if (c.reply().isCancelled()) {
                unblock(c, null);
            }
        });
    }

    private void remove(BlockedClient c) {
        if (!c.registered) {
            return;
        }
        c.registered = false;
        for (Key key : c.keys) {
            Keyspace.WatchedKey wk = new Keyspace.WatchedKey(c.db, key);
            LinkedHashSet<BlockedClient> clients = byKey.get(wk);
            if (clients != null) {
                clients.remove(c);
                if (clients.isEmpty()) {
                    byKey.remove(wk);
                }
            }
        }
        if (c.client.blocked == c) {
            c.client.blocked = null;
        }
        blocked.decrementAndGet();
        if (c.deadlineMillis > 0) {
            withTimeout.decrementAndGet();
        }
    }

    /**
     * Unblocks {@code c} with {@code reply} (its timeout reply, or an error for
     * {@code CLIENT UNBLOCK ... ERROR}) if it is still blocked; null only withdraws it. Returns
     * whether it was blocked. Takes the write lock.
     */
    public boolean unblock(BlockedClient c, Reply reply) {
        keyspace.lock.writeLock().lock();
        try {
            if (!c.registered) {
                return false;
            }
            remove(c);
        } finally {
            keyspace.lock.writeLock().unlock();
        }
        if (reply != null) {
            c.reply().complete(reply);
        }
        return true;
    }

    /**
     * Unblocks every blocked client with {@code reply}: Redis's disconnectAllBlockedClients when
     * a master turns replica (its pops would diverge from the new master's data). Returns how many.
     */
    public int unblockAll(Reply reply) {
        List<BlockedClient> all = new ArrayList<>();
        keyspace.lock.writeLock().lock();
        try {
            for (LinkedHashSet<BlockedClient> clients : byKey.values()) {
                for (BlockedClient c : clients) {
                    if (!all.contains(c)) {
                        all.add(c);
                    }
                }
            }
            all.forEach(this::remove);
        } finally {
            keyspace.lock.writeLock().unlock();
        }
        all.forEach(c -> c.reply().complete(reply));
        return all.size();
    }

    /** Times {@code c} out if its deadline has passed and it is still blocked. */
    public boolean timeOut(BlockedClient c) {
        if (c.deadlineMillis == 0 || keyspace.clock().nowMillis() < c.deadlineMillis) {
            return false;
        }
        return unblock(c, c.timeoutReply());
    }

    boolean readyPending() {
        return readyPending;
    }

    /** Redis's handleClientsBlockedOnKeys; under the write lock, after an outermost unit. */
    void serveReady() {
        if (!readyPending || serving) {
            return;
        }
        serving = true;
        try {
            while (!ready.isEmpty()) {
                // Serving may make keys ready again (a BLMOVE's push): those go to a new round.
                LinkedHashSet<Keyspace.WatchedKey> round = ready;
                ready = new LinkedHashSet<>();
                for (Keyspace.WatchedKey wk : round) {
                    serveKey(wk);
                }
            }
        } finally {
            readyPending = false;
            serving = false;
        }
    }

    private void serveKey(Keyspace.WatchedKey wk) {
        LinkedHashSet<BlockedClient> clients = byKey.get(wk);
        if (clients == null) {
            return;
        }
        Database database = keyspace.database(wk.db());
        long start = keyspace.clock().nowMillis();
        Entry found = database.peek(wk.key());
        if (found != null && keyspace.expiryMode() == ExpiryMode.MASTER && found.isExpiredAt(start)) {
            // handleClientsBlockedOnKeys looks the key up, which deletes an expired key on a master
            // and propagates its DEL as a unit of its own; the clients stay blocked.
            ExecutionContext del = new ExecutionContext(keyspace, EXPIRER, start, true);
            del.lookupRead(database, wk.key());
            keyspace.finishUnit(del);
            return;
        }
        for (BlockedClient c : List.copyOf(clients)) {
            if (!c.registered) {
                continue; // served from another of its keys meanwhile
            }
            if (c.reply().isDone()) {
                remove(c);
                continue;
            }
            long now = keyspace.clock().nowMillis();
            Entry e = database.peek(wk.key());
            boolean gone = e == null || !c.client.isFromMaster() && e.isExpiredAt(now);
            if (c.streamGoneReply != null && (gone || e.value().type() != ValueType.STREAM)) {
                remove(c);
                c.reply().complete(c.streamGoneReply);
                continue;
            }
            if (gone) {
                continue; // the key is gone: the others stay blocked (XREADGROUP clients are told above)
            }
            if (e.value().type() != c.type) {
                continue; // blocked for another type (Redis skips it too)
            }
            ExecutionContext ctx = new ExecutionContext(keyspace, c.client, now, true);
            ctx.argv(c.argv);
            ExecutionContext outer = keyspace.writingUnit;
            keyspace.writingUnit = ctx;
            Reply reply;
            try {
                reply = c.server.serve(ctx, wk.key());
            } catch (RedisError err) {
                reply = Reply.error(err.text());
            } finally {
                keyspace.writingUnit = outer;
            }
            if (reply == null) {
                continue;
            }
            remove(c);
            keyspace.finishUnit(ctx);
            c.reply().complete(reply);
        }
    }
}
