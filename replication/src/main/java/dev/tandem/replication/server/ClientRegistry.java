package dev.tandem.replication.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The server's live connections by id; thread-safe (connections live on many event loops). */
final class ClientRegistry {

    private final ConcurrentHashMap<Long, ClientConnection> byId = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    long nextId() {
        return nextId.getAndIncrement();
    }

    void add(ClientConnection client) {
        byId.put(client.id(), client);
    }

    void remove(ClientConnection client) {
        byId.remove(client.id(), client);
    }

    int size() {
        return byId.size();
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
