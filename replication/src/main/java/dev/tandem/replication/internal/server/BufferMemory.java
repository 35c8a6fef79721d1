/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The memory a node holds outside its data set, as Redis 7.0.15's {@code getMemoryOverheadData}
 * and {@code freeMemoryGetNotCountedMemory} (object.c, evict.c) split it: the replication backlog
 * ({@code mem_replication_backlog}: the shared replication buffer up to {@code repl-backlog-size}),
 * what replicas hold beyond it and in their connections ({@code mem_clients_slaves}), and the
 * normal clients' output waiting in their connections ({@code mem_clients_normal}). The backlog
 * and normal clients count toward {@code maxmemory}; the replicas' part does not (Redis: evicting
 * keys to make room for a replica's buffer would feed the buffer more DELs). Query buffers are not
 * counted: the decoder keeps a request's bytes only until it is complete, bounded by
 * {@code proto-max-bulk-len} and the node's request limits.
 *
 * <p>The backlog counts only while replicas are attached or the node is a replica itself: Redis
 * creates its backlog for the first replica, while Tandem's exists from the start, and counting
 * the backlog of a master nobody replicates would make every write (and every eviction's DEL)
 * cost memory Redis does not spend; on such a master {@code volatile-*} policies would run out of
 * keys to evict ({@code unit/maxmemory}'s "should only remove volatile keys").
 *
 * <p>Client figures are O(clients) to read, so {@link #refresh()} takes them on the node's
 * scheduler (every 100 ms) and eviction, which runs before every write, reads the cached sums;
 * INFO refreshes first.
 */
public final class BufferMemory {

    private final RespServer server;
    private final LongSupplier backlogHeld;
    private final LongSupplier backlogSize;
    private volatile long normalClients;
    private volatile long replicaConnections;

    /**
     * @param backlogHeld the bytes the backlog holds now ({@code repl_backlog_histlen}, pinned
     *        bytes of slow replicas included)
     * @param backlogSize {@code repl-backlog-size}
     * @param backlogInUse whether the backlog serves anyone (replicas attached, or the node is a replica)
     */
    public BufferMemory(RespServer server, LongSupplier backlogHeld, LongSupplier backlogSize,
            BooleanSupplier backlogInUse) {
        this.server = server;
        this.backlogHeld = () -> backlogInUse.getAsBoolean() ? backlogHeld.getAsLong() : 0;
        this.backlogSize = backlogSize;
    }

    /** Sums the clients' output buffers by kind. */
    public void refresh() {
        long normal = 0;
        long replicas = 0;
        for (ClientConnection c : server.registry().all()) {
            long bytes = c.pendingOutputBytes();
            if (c.kind() == ClientKind.REPLICA) {
                replicas += bytes;
            } else {
                normal += bytes;
            }
        }
        normalClients = normal;
        replicaConnections = replicas;
    }

    /** {@code mem_replication_backlog}. */
    public long replicationBacklog() {
        return Math.min(backlogHeld.getAsLong(), backlogSize.getAsLong());
    }

    /** {@code mem_clients_slaves}: the replication buffer beyond the backlog size, and the replicas' connections. */
    public long replicaClients() {
        return Math.max(0, backlogHeld.getAsLong() - backlogSize.getAsLong()) + replicaConnections;
    }

    /** {@code mem_clients_normal}. */
    public long normalClients() {
        return normalClients;
    }

    /** {@code mem_total_replication_buffers}: the whole shared replication buffer. */
    public long replicationBuffers() {
        return backlogHeld.getAsLong();
    }

    /** {@code mem_not_counted_for_evict}: the replicas' part (there is no AOF buffer: Tandem writes the AOF directly). */
    public long notCountedForEviction() {
        return replicaClients();
    }

    /** What counts toward {@code maxmemory} besides the data set. */
    public long countedForEviction() {
        return replicationBacklog() + normalClients;
    }

    /** Everything outside the data set that INFO's {@code used_memory} adds. */
    public long total() {
        return replicationBacklog() + replicaClients() + normalClients;
    }
}
