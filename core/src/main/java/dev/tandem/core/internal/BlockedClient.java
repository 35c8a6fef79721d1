/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One client blocked on keys by a blocking command (BLPOP, BLMOVE, BZPOPMIN, ... and, to come,
 * XREAD/XREADGROUP BLOCK): Redis's {@code c->bpop}. A command handler creates it and hands it to
 * {@link ExecutionContext#block}; the keyspace registers it in {@link BlockingKeys} under the same
 * write lock, so a push made right after can never be missed.
 *
 * <p>{@link #reply()} completes exactly once: with the served reply (under the write lock, right
 * after the unit that made one of the keys ready), with the timeout reply, or with an error
 * ({@code CLIENT UNBLOCK ... ERROR}). Cancelling it (the connection closed) withdraws the client.
 */
public final class BlockedClient {

    /**
     * Serves a blocked client from a key that became ready: runs the command's non-blocking form
     * in {@code ctx} (a unit of its own, for the blocked client, under the write lock; what it
     * propagates and notifies is the unit's) and returns the blocked command's reply, or null to
     * stay blocked (then it must have changed nothing: an XREAD whose ID is not reached yet).
     */
    @FunctionalInterface
    public interface Server {
        Reply serve(ExecutionContext ctx, Key readyKey);
    }

    final ClientState client;
    final int db;
    final List<Key> keys;
    final ValueType type;
    final long deadlineMillis;
    final byte[][] argv;
    final Server server;
    private final Reply timeoutReply;
    private final CompletableFuture<Reply> reply = new CompletableFuture<>();
    /** Guarded by the keyspace write lock: still in the registry. */
    boolean registered;
    /** The error for a stream key deleted or overwritten while blocked (XREADGROUP only), or null. */
    Reply streamGoneReply;

    /**
     * @param client         the blocked client (its selected database is the one blocked on)
     * @param keys           the keys, in the command's order (duplicates are ignored)
     * @param type           the value type that can serve it: a key that becomes ready holding another
     *                       type does not wake it (Redis's btype)
     * @param deadlineMillis absolute unix ms after which it times out, or 0 to wait forever
     * @param argv           the blocking command as the client sent it (CLIENT LIST, the served unit's argv)
     * @param server         how to serve it from a ready key
     * @param timeoutReply   the reply on timeout and {@code CLIENT UNBLOCK ... TIMEOUT} (Redis's
     *                       null array for lists, sorted sets and streams)
     */
    public BlockedClient(ClientState client, List<Key> keys, ValueType type, long deadlineMillis, byte[][] argv,
                         Server server, Reply timeoutReply) {
        this.client = Objects.requireNonNull(client, "client");
        this.db = client.db();
        this.keys = List.copyOf(keys);
        this.type = Objects.requireNonNull(type, "type");
        this.deadlineMillis = deadlineMillis;
        this.argv = argv;
        this.server = Objects.requireNonNull(server, "server");
        this.timeoutReply = Objects.requireNonNull(timeoutReply, "timeoutReply");
    }

    /**
     * Makes the client fail with {@code reply} if a key it waits on stops being a stream (deleted,
     * overwritten, flushed) — blocked.c's unblockDeletedStreamReadgroupClients, for XREADGROUP,
     * whose group cannot survive its key. Call before handing it to {@link ExecutionContext#block}.
     */
    public BlockedClient onStreamGone(Reply reply) {
        this.streamGoneReply = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /** The reply the client waits for. */
    public CompletableFuture<Reply> reply() {
        return reply;
    }

    /** Absolute unix ms of the timeout, or 0 (no timeout). */
    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** What the client gets when it times out. */
    public Reply timeoutReply() {
        return timeoutReply;
    }

    public ClientState client() {
        return client;
    }

    public List<Key> keys() {
        return keys;
    }
}
