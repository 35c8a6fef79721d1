/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.KeyInvalidations;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import dev.tandem.resp.RespVersion;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-assisted client-side caching, as Redis 7.0's {@code tracking.c}: the tracking table
 * (key → ids of the clients that read it in default mode), the prefix table of BCAST mode, and
 * the delivery of invalidations — a RESP3 push {@code invalidate [keys]} on the connection, or
 * on its {@code REDIRECT} client (a push in RESP3, a {@code __redis__:invalidate} pub/sub
 * message to a subscribed RESP2 client), {@code tracking-redir-broken} when that client is gone.
 *
 * <p>Threads: keys are remembered under the keyspace's read or write lock (concurrent readers:
 * the table is concurrent), and invalidated under its write lock (exclusive, so no read can
 * register a key between its change and the table's update). A frame is appended on the
 * target's event loop — at once when the change runs there, else as a task — and never waits:
 * a client that does not read is closed by its output-buffer limit. The prefix table is guarded
 * by this object's monitor; BCAST keys collect until a task on an event loop sends them, one
 * message per prefix per round (Redis sends them in {@code beforeSleep}).
 */
final class Tracking implements KeyInvalidations, ConfigDirectives {

    static final String MAX_KEYS = "tracking-table-max-keys";
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final Reply INVALIDATE = Reply.bulk("invalidate");
    private static final Reply MESSAGE = Reply.bulk("message");
    private static final Reply REDIR_BROKEN = Reply.bulk("tracking-redir-broken");

    private final ClientRegistry registry;
    private final Keyspace keyspace;
    /** Redis's TrackingTable; removals only under the keyspace's write lock. */
    private final ConcurrentHashMap<Key, Set<Long>> table = new ConcurrentHashMap<>();
    /** Redis's TrackingTableTotalItems: ids across the table. */
    private final AtomicLong totalItems = new AtomicLong();
    /** Redis's PrefixTable, sorted like its rax; guarded by this. */
    private final TreeMap<Key, Bcast> prefixes = new TreeMap<>();
    /** A broadcast task is queued; guarded by this. */
    private boolean broadcastQueued;
    /** Redis's server.tracking_clients. */
    private final AtomicInteger trackingClients = new AtomicInteger();
    private volatile long maxKeys = 1_000_000;
    /** Rounds in a row that ended over the limit (Redis's timeout_counter); under the write lock. */
    private int limitRounds;

    /** One prefix: its BCAST clients, and the keys changed under it this round with their last writer. */
    private static final class Bcast {
        final Set<ClientTracking> clients = new LinkedHashSet<>();
        TreeMap<Key, ClientState> keys = new TreeMap<>();
    }

    Tracking(ClientRegistry registry, Keyspace keyspace) {
        this.registry = registry;
        this.keyspace = keyspace;
    }

    // ---- CLIENT TRACKING on / off ----------------------------------------------------------

    /** Redis's enableTracking, after CLIENT TRACKING checked the options. */
    synchronized void enable(ClientConnection c, long redirect, boolean bcast, boolean optin, boolean optout,
                             boolean noloop, List<byte[]> newPrefixes) {
        ClientTracking t = c.tracking;
        if (t == null) {
            t = new ClientTracking(c, this);
            c.tracking = t;
        }
        if (!t.on) {
            trackingClients.incrementAndGet();
        }
        t.on = true;
        t.brokenRedirect = false;
        t.redirect = redirect;
        t.bcast = bcast;
        t.optin = optin;
        t.optout = optout;
        t.noloop = noloop;
        if (bcast) {
            if (newPrefixes.isEmpty()) {
                addPrefix(t, Key.of(new byte[0]));
            }
            for (byte[] p : newPrefixes) {
                addPrefix(t, Key.of(p));
            }
            c.state.trackedReads(null);
        } else {
            c.state.trackedReads(t);
        }
    }

    private void addPrefix(ClientTracking t, Key prefix) {
        prefixes.computeIfAbsent(prefix, p -> new Bcast()).clients.add(t);
        t.prefixes.add(prefix);
    }

    /** Redis's disableTracking: also when the connection closes or RESETs. Ids stay in the table (lazily skipped). */
    synchronized void disable(ClientConnection c) {
        ClientTracking t = c.tracking;
        if (t == null) {
            return;
        }
        for (Key prefix : t.prefixes) {
            Bcast b = prefixes.get(prefix);
            if (b != null) {
                b.clients.remove(t);
                if (b.clients.isEmpty()) {
                    prefixes.remove(prefix);
                }
            }
        }
        t.prefixes.clear();
        c.state.trackedReads(null);
        if (t.on) {
            trackingClients.decrementAndGet();
        }
        t.on = false;
        t.bcast = false;
        t.optin = false;
        t.optout = false;
        t.noloop = false;
        t.caching = false;
        t.brokenRedirect = false;
    }

    /**
     * Redis's checkPrefixCollisionsOrReply: the error for the first prefix that overlaps one of
     * the client's or a later one given, or null.
     */
    synchronized String prefixCollision(ClientConnection c, List<byte[]> given) {
        ClientTracking t = c.tracking;
        for (int i = 0; i < given.size(); i++) {
            byte[] p = given.get(i);
            if (t != null) {
                for (Key existing : t.prefixes) {
                    if (overlap(existing.bytes(), p)) {
                        return "ERR Prefix '" + text(p) + "' overlaps with an existing prefix '"
                                + text(existing.bytes()) + "'. Prefixes for a single client must not overlap.";
                    }
                }
            }
            for (int j = i + 1; j < given.size(); j++) {
                if (overlap(p, given.get(j))) {
                    return "ERR Prefix '" + text(p) + "' overlaps with another provided prefix '"
                            + text(given.get(j)) + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    /** One is a prefix of the other (Redis's stringCheckPrefix). */
    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- the tracking table ----------------------------------------------------------------

    /** Redis's trackingRememberKeys for one key; under the keyspace's read or write lock. */
    void remember(byte[] key, long clientId) {
        if (table.computeIfAbsent(Key.of(key), k -> ConcurrentHashMap.newKeySet()).add(clientId)) {
            totalItems.incrementAndGet();
        }
    }

    @Override
    public void keyModified(ClientState current, boolean byCurrent, byte[] key) {
        invalidate(current, byCurrent ? current : null, key, true);
    }

    /**
     * Redis's trackingInvalidateKey: queues the key for the BCAST prefixes it falls under, then
     * sends it to each client that read it in default mode. Under the write lock.
     */
    private void invalidate(ClientState current, ClientState writer, byte[] key, boolean bcast) {
        if (bcast && trackingClients.get() > 0) {
            synchronized (this) {
                if (!prefixes.isEmpty()) {
                    rememberForBroadcast(writer, key);
                }
            }
        }
        if (table.isEmpty()) {
            return;
        }
        Set<Long> ids = table.remove(Key.of(key));
        if (ids == null) {
            return;
        }
        totalItems.addAndGet(-ids.size());
        Reply keys = Reply.array(List.of(Reply.bulk(key)));
        for (long id : ids) {
            ClientConnection target = registry.get(id);
            ClientTracking t = target == null ? null : target.tracking;
            // A client that switched to BCAST meanwhile gets nothing for its earlier reads (Redis).
            if (t == null || !t.on || t.bcast) {
                continue;
            }
            if (t.noloop && writer != null && target.state == writer) {
                continue;
            }
            send(t, keys, current);
        }
    }

    private void rememberForBroadcast(ClientState writer, byte[] key) {
        Key k = null;
        for (Map.Entry<Key, Bcast> e : prefixes.entrySet()) {
            byte[] p = e.getKey().bytes();
            if (p.length > key.length || !overlap(p, key)) {
                continue;
            }
            if (k == null) {
                k = Key.of(key);
            }
            e.getValue().keys.put(k, writer == null ? NO_WRITER : writer);
            queueBroadcast(e.getValue());
        }
    }

    /** Stands for "no client" among the BCAST keys' writers (expiry, eviction). */
    private static final ClientState NO_WRITER = ClientState.client();

    /**
     * Queues the round's broadcast once, as a task on an event loop of one of the prefix's
     * clients: when the change runs on that loop (the usual case), the task runs after the
     * requests already read in this round, so their keys go out together.
     */
    private void queueBroadcast(Bcast b) {
        if (broadcastQueued || b.clients.isEmpty()) {
            return;
        }
        Executor loop = b.clients.iterator().next().client.channel().eventLoop();
        try {
            loop.execute(this::broadcastAfterWrites);
            broadcastQueued = true;
        } catch (RejectedExecutionException e) {
            // That loop is shutting down; the next change queues on another.
        }
    }

    /**
     * Runs {@link #broadcast} once the write that queued it has ended. On another event loop
     * than the writer's, the task could otherwise run while that write (an EXEC, a script) still
     * signals its later keys, splitting one command's keys over several messages; Redis sends
     * them after the whole command (beforeSleep). A write unit holds the keyspace's write lock
     * while it signals, so the read lock waits for it. The lock is taken before this object's
     * monitor, the order a writer takes them in.
     */
    private void broadcastAfterWrites() {
        java.util.concurrent.locks.Lock read = keyspace.lock().readLock();
        read.lock();
        try {
            broadcast();
        } finally {
            read.unlock();
        }
    }

    /** Redis's trackingBroadcastInvalidationMessages: each prefix's keys of the round to its clients. */
    synchronized void broadcast() {
        broadcastQueued = false;
        for (Bcast b : prefixes.values()) {
            if (b.keys.isEmpty()) {
                continue;
            }
            TreeMap<Key, ClientState> keys = b.keys;
            b.keys = new TreeMap<>();
            Reply all = null;
            for (ClientTracking t : b.clients) {
                Reply payload;
                if (t.noloop) {
                    payload = keysNotBy(keys, t.client.state);
                    if (payload == null) {
                        continue;
                    }
                } else {
                    if (all == null) {
                        all = keysNotBy(keys, null);
                    }
                    payload = all;
                }
                send(t, payload, null);
            }
        }
    }

    private static Reply keysNotBy(TreeMap<Key, ClientState> keys, ClientState excluded) {
        List<Reply> out = new ArrayList<>(keys.size());
        for (Map.Entry<Key, ClientState> e : keys.entrySet()) {
            if (excluded == null || e.getValue() != excluded) {
                out.add(Reply.bulk(e.getKey().bytes()));
            }
        }
        return out.isEmpty() ? null : Reply.array(out);
    }

    @Override
    public void flushed(ClientState current) {
        // Redis's trackingInvalidateKeysOnFlush: a null invalidation to every tracking client
        // (BCAST ones too), and the table is emptied.
        if (trackingClients.get() > 0) {
            for (ClientConnection c : registry.all()) {
                ClientTracking t = c.tracking;
                if (t != null && t.on) {
                    send(t, Reply.NULL, current);
                }
            }
        }
        table.clear();
        totalItems.set(0);
    }

    /**
     * Redis's sendTrackingMessage: the frame for {@code t}'s connection or its redirect client.
     * When the change is the tracking connection's own command ({@code current}), the frame waits
     * until that command's reply is written, as Redis's tracking_pending_keys.
     */
    private void send(ClientTracking t, Reply payload, ClientState current) {
        ClientConnection c = t.client;
        long redirect = t.redirect;
        ClientConnection dest = c;
        if (redirect != 0) {
            dest = registry.get(redirect);
            if (dest == null) {
                t.brokenRedirect = true;
                if (c.protocol() == RespVersion.RESP3) {
                    deliver(c, List.of(REDIR_BROKEN, Reply.integer(redirect)), c.state == current ? t : null);
                }
                return;
            }
        }
        List<Reply> frame;
        if (dest.protocol() == RespVersion.RESP3) {
            frame = List.of(INVALIDATE, payload);
        } else if (redirect != 0 && dest.isSubscribed()) {
            frame = List.of(MESSAGE, Reply.bulk(CHANNEL), payload);
        } else {
            return; // RESP2 has no pushes on the same connection: nothing can be sent
        }
        deliver(dest, frame, dest == c && c.state == current ? t : null);
    }

    private static void deliver(ClientConnection dest, List<Reply> frame, ClientTracking afterReplyOf) {
        if (afterReplyOf != null) {
            afterReplyOf.afterReply.add(frame);
            return;
        }
        EventLoop loop = dest.channel().eventLoop();
        if (loop.inEventLoop()) {
            dest.push(frame);
            return;
        }
        try {
            loop.execute(() -> dest.push(frame));
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: the connection is gone with it.
        }
    }

    // ---- tracking-table-max-keys -----------------------------------------------------------

    /**
     * Redis's trackingLimitUsedSlots, before each command and after CONFIG SET: over the limit,
     * invalidates keys (100 per round, 100 more per round that ended still over), each sent to
     * its clients like a change. Another round is queued on {@code loop} (if any) while still
     * over; returns whether it is.
     */
    boolean limitUsedSlots(Executor loop) {
        long max = maxKeys;
        if (max == 0 || table.size() <= max) {
            return false;
        }
        boolean over;
        keyspace.lock().writeLock().lock();
        try {
            int effort = 100 * (limitRounds + 1);
            Iterator<Key> it = table.keySet().iterator();
            while (effort-- > 0 && it.hasNext() && table.size() > max) {
                invalidate(null, null, it.next().bytes(), false);
            }
            over = table.size() > max;
            limitRounds = over ? limitRounds + 1 : 0;
        } finally {
            keyspace.lock().writeLock().unlock();
        }
        if (over && loop != null) {
            try {
                loop.execute(() -> limitUsedSlots(loop));
            } catch (RejectedExecutionException e) {
                // Shutting down.
            }
        }
        return over;
    }

    // ---- INFO ------------------------------------------------------------------------------

    int trackingClients() {
        return trackingClients.get();
    }

    long totalKeys() {
        return table.size();
    }

    long totalItems() {
        return totalItems.get();
    }

    synchronized long totalPrefixes() {
        return prefixes.size();
    }

    // ---- CONFIG GET / SET tracking-table-max-keys ------------------------------------------

    @Override
    public Set<String> names() {
        return Set.of(MAX_KEYS);
    }

    @Override
    public Optional<String> get(String name) {
        return MAX_KEYS.equals(name) ? Optional.of(Long.toString(maxKeys)) : Optional.empty();
    }

    @Override
    public Runnable prepare(Map<String, String> changes) {
        long value = maxKeys;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            long v;
            try {
                v = Long.parseLong(change.getValue());
            } catch (NumberFormatException e) {
                throw new ConfigRejectedException(change.getKey(), "argument couldn't be parsed into an integer");
            }
            if (v < 0) {
                // Redis's size_t config, 0..LONG_MAX
                throw new ConfigRejectedException(change.getKey(),
                        "argument must be between 0 and " + Long.MAX_VALUE + " inclusive");
            }
            value = v;
        }
        long v = value;
        return () -> {
            maxKeys = v;
            // Redis gets under a lowered limit in its cron (10 times a second) and before each
            // command; here at once, in rounds of growing effort, each under the lock by itself.
            boolean over;
            do {
                over = limitUsedSlots(null); // each round invalidates at least 100 keys
            } while (over);
        };
    }
}
