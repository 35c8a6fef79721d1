/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The server's live connections by id; thread-safe (connections live on many event loops). */
final class ClientRegistry {

    private final ConcurrentHashMap<Long, ClientConnection> byId = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger count = new AtomicInteger();

    long nextId() {
        return nextId.getAndIncrement();
    }

    /**
     * Admits a connection unless {@code maxClients} are already open; atomic, so concurrent
     * accepts on several event loops never admit more than the limit.
     */
    boolean tryAdd(ClientConnection client, int maxClients) {
        while (true) {
            int n = count.get();
            if (n >= maxClients) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) {
                byId.put(client.id(), client);
                return true;
            }
        }
    }

    void remove(ClientConnection client) {
        if (byId.remove(client.id(), client)) {
            count.decrementAndGet();
        }
    }

    int size() {
        return count.get();
    }

    ClientConnection get(long id) {
        return byId.get(id);
    }

    Collection<ClientConnection> all() {
        return byId.values();
    }

    /** The connections in id order (CLIENT LIST). */
    List<ClientConnection> sorted() {
        List<ClientConnection> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparingLong(ClientConnection::id));
        return list;
    }
}
