/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationListener;
import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.transport.LocalTransport;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.replication.spi.Transport;
import dev.tandem.replication.spi.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A master and replicas in one JVM, for integration tests:
 * {@code Cluster.master().replicas(2).over(Kind.TCP).start()}. Each node records its
 * {@link ReplicationEvent}s; {@link #awaitConverged()} waits (bounded, never sleeping) until
 * every replica's {@code DEBUG DIGEST} equals the master's.
 */
public final class Cluster implements AutoCloseable {

    /** Which transport the nodes use. */
    public enum Kind { TCP, LOCAL }

    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final Kind kind;
    private final ReplicatedKeyspace master;
    private final List<ReplicatedKeyspace> replicas;
    private final List<Transport> transports;
    private final Map<ReplicatedKeyspace, List<ReplicationEvent>> events;

    private Cluster(Kind kind, ReplicatedKeyspace master, List<ReplicatedKeyspace> replicas, List<Transport> transports,
            Map<ReplicatedKeyspace, List<ReplicationEvent>> events) {
        this.kind = kind;
        this.master = master;
        this.replicas = replicas;
        this.transports = transports;
        this.events = events;
    }

    public static Spec master() {
        return new Spec();
    }

    public ReplicatedKeyspace masterNode() {
        return master;
    }

    public ReplicatedKeyspace replica(int i) {
        return replicas.get(i);
    }

    public List<ReplicatedKeyspace> replicas() {
        return replicas;
    }

    public Kind kind() {
        return kind;
    }

    /** The events a node received so far, in order. */
    public List<ReplicationEvent> events(ReplicatedKeyspace node) {
        return List.copyOf(events.get(node));
    }

    /** How many events of {@code type} matching {@code filter} a node received. */
    public <E extends ReplicationEvent> long count(ReplicatedKeyspace node, Class<E> type, Predicate<E> filter) {
        return events.get(node).stream().filter(type::isInstance).map(type::cast).filter(filter).count();
    }

    public <E extends ReplicationEvent> long count(ReplicatedKeyspace node, Class<E> type) {
        return count(node, type, e -> true);
    }

    /** Waits until every replica's link is up and its digest equals the master's. */
    public void awaitConverged() {
        // Generous: a loaded CI machine with Netty's PARANOID leak detector is slow; a passing
        // run takes a fraction of a second.
        awaitConverged(Duration.ofSeconds(60));
    }

    public void awaitConverged(Duration timeout) {
        try {
            awaitConvergedOrThrow(timeout);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("replicas did not converge: " + describeDivergence(), e);
        }
    }

    /** Offsets, link states and the first keys whose values differ, for a failure message. */
    private String describeDivergence() {
        StringBuilder sb = new StringBuilder("master offset ").append(master.masterReplOffset());
        for (ReplicatedKeyspace r : replicas) {
            ReplicationInfo.MasterLink link = r.replicationInfo().masterLink();
            sb.append("; ").append(r.name()).append(" offset ").append(r.masterReplOffset()).append(" link ")
                    .append(link == null ? "none" : link.state());
            int shown = 0;
            for (int db = 0; db < NodeInternals.keyspace(master).databaseCount() && shown < 5; db++) {
                java.util.Set<dev.tandem.core.Key> keys = new java.util.HashSet<>();
                collectKeys(master, db, keys);
                collectKeys(r, db, keys);
                for (dev.tandem.core.Key k : keys) {
                    String m = dev.tandem.core.internal.DatasetDigest.ofValue(NodeInternals.keyspace(master), db, k);
                    String v = dev.tandem.core.internal.DatasetDigest.ofValue(NodeInternals.keyspace(r), db, k);
                    if (!m.equals(v) && shown++ < 5) {
                        sb.append("\n  db").append(db).append(' ').append(k).append(": master ")
                                .append(describe(master, db, k)).append(" / replica ").append(describe(r, db, k));
                    }
                }
            }
        }
        return sb.toString();
    }

    private static void collectKeys(ReplicatedKeyspace node, int db, java.util.Set<dev.tandem.core.Key> into) {
        NodeInternals.keyspace(node).lock().readLock().lock();
        try {
            NodeInternals.keyspace(node).database(db).forEachEntry(e -> into.add(e.key()));
        } finally {
            NodeInternals.keyspace(node).lock().readLock().unlock();
        }
    }

    private static String describe(ReplicatedKeyspace node, int db, dev.tandem.core.Key key) {
        NodeInternals.keyspace(node).lock().readLock().lock();
        try {
            dev.tandem.core.internal.Entry e = NodeInternals.keyspace(node).database(db).peek(key);
            return e == null ? "absent" : e.value() + (e.hasExpiry() ? " expireAt=" + e.expireAt() : "");
        } finally {
            NodeInternals.keyspace(node).lock().readLock().unlock();
        }
    }

    private void awaitConvergedOrThrow(Duration timeout) {
        // Offsets first (cheap), digests only once every replica applied the whole stream: a
        // digest walks the dataset under the read lock and would slow the appliers down.
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
            long offset = master.masterReplOffset();
            for (ReplicatedKeyspace r : replicas) {
                ReplicationInfo.MasterLink link = r.replicationInfo().masterLink();
                if (link == null || !link.linkUp() || r.masterReplOffset() != offset) {
                    return false;
                }
            }
            String expected = master.digest();
            if (master.masterReplOffset() != offset) {
                return false;
            }
            for (ReplicatedKeyspace r : replicas) {
                if (!expected.equals(r.digest())) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        for (ReplicatedKeyspace r : replicas) {
            r.close();
        }
        master.close();
        for (Transport t : transports) {
            t.close();
        }
    }

    /** What to start. */
    public static final class Spec {
        private int replicas = 1;
        private Kind kind = Kind.TCP;
        private Consumer<ReplicatedKeyspace.Builder> masterConfig = b -> { };
        private Consumer<ReplicatedKeyspace.Builder> replicaConfig = b -> { };
        private SnapshotFormat format;
        private boolean attach = true;

        public Spec replicas(int n) {
            this.replicas = n;
            return this;
        }

        public Spec over(Kind value) {
            this.kind = value;
            return this;
        }

        /** Settings for every node. */
        public Spec configure(Consumer<ReplicatedKeyspace.Builder> all) {
            return configureMaster(all).configureReplicas(all);
        }

        public Spec configureMaster(Consumer<ReplicatedKeyspace.Builder> c) {
            this.masterConfig = this.masterConfig.andThen(c);
            return this;
        }

        public Spec configureReplicas(Consumer<ReplicatedKeyspace.Builder> c) {
            this.replicaConfig = this.replicaConfig.andThen(c);
            return this;
        }

        public Spec format(SnapshotFormat value) {
            this.format = value;
            return this;
        }

        /** Start the replicas as masters (not yet replicating); the test calls replicaOf itself. */
        public Spec detached() {
            this.attach = false;
            return this;
        }

        public Cluster start() {
            int id = CLUSTERS.incrementAndGet();
            List<Transport> transports = new ArrayList<>();
            Map<ReplicatedKeyspace, List<ReplicationEvent>> events = new java.util.concurrent.ConcurrentHashMap<>();
            ReplicatedKeyspace.Builder mb = node("c" + id + "-master", transports);
            masterConfig.accept(mb);
            ReplicatedKeyspace m = record(mb, events).start();
            List<ReplicatedKeyspace> rs = new ArrayList<>();
            try {
                for (int i = 0; i < replicas; i++) {
                    ReplicatedKeyspace.Builder rb = node("c" + id + "-replica" + i, transports);
                    if (attach) {
                        rb.replicaOf(masterAddress(m));
                    }
                    replicaConfig.accept(rb);
                    rs.add(record(rb, events).start());
                }
            } catch (RuntimeException e) {
                rs.forEach(ReplicatedKeyspace::close);
                m.close();
                transports.forEach(Transport::close);
                throw e;
            }
            return new Cluster(kind, m, rs, transports, events);
        }

        private NodeAddress masterAddress(ReplicatedKeyspace m) {
            return m.address();
        }

        private ReplicatedKeyspace.Builder node(String name, List<Transport> transports) {
            Transport t = kind == Kind.TCP
                    ? TcpTransport.create(TransportOptions.defaults().withThreadNamePrefix(name))
                    : new LocalTransport(TransportOptions.defaults().withThreadNamePrefix(name));
            transports.add(t);
            ReplicatedKeyspace.Builder b = ReplicatedKeyspace.builder().name(name).transport(t)
                    .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
            if (kind == Kind.LOCAL) {
                b.listen(NodeAddress.local(name));
            }
            if (format != null) {
                b.snapshotFormat(format);
            }
            return b;
        }

        /** Builds the node with an event recorder attached; not started yet. */
        private ReplicatedKeyspace record(ReplicatedKeyspace.Builder b,
                Map<ReplicatedKeyspace, List<ReplicationEvent>> events) {
            List<ReplicationEvent> log = new CopyOnWriteArrayList<>();
            ReplicationListener listener = log::add;
            b.listener(listener);
            ReplicatedKeyspace node = b.build();
            events.put(node, log);
            return node;
        }
    }
}
