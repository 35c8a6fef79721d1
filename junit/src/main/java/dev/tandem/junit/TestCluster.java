/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.spi.Transport;
import dev.tandem.replication.spi.TransportOptions;
import dev.tandem.replication.transport.FaultInjectingTransport;
import dev.tandem.replication.transport.LocalTransport;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nodes a {@link TandemCluster} started: a master, its replicas, each replica's link
 * control, and a convergence check. Injected as a test method parameter.
 *
 * <p>One parameter type rather than {@code ReplicatedKeyspace} parameters annotated
 * {@code @Master}/{@code @Replica(i)}: a test needs more than the nodes (a replica's link to
 * cut, "wait until they agree"), and one object carries all of it with no annotation to learn.
 *
 * <p>Each replica connects to the master through its own {@link FaultInjectingTransport}
 * ({@link #link(int)}); the master's transport is plain. Every node records its
 * {@link ReplicationEvent}s ({@link #events(ReplicatedKeyspace)}).
 */
public final class TestCluster {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    /** Fast reconnects: a test heals a link and waits for the replica, not for a back-off. */
    private static final ReconnectBackoff TEST_BACKOFF = new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    /** What {@link #awaitConverged()} waits at most: generous for a loaded CI machine. */
    private static final Duration DEFAULT_CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration LEAK_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final TandemCluster.Transport transportKind;
    private final ReplicatedKeyspace master;
    private final List<ReplicatedKeyspace> replicas;
    private final List<FaultInjectingTransport> links;
    private final List<Transport> transports;
    private final Map<ReplicatedKeyspace, List<ReplicationEvent>> events;
    private final RedisServerProcess redis;
    private final TandemCluster.RedisServer redisRole;
    private final RespClient redisClient;

    private TestCluster(Builder b) {
        this.name = b.name;
        this.transportKind = b.transportKind;
        this.master = b.master;
        this.replicas = List.copyOf(b.replicas);
        this.links = List.copyOf(b.links);
        this.transports = List.copyOf(b.transports);
        this.events = b.events;
        this.redis = b.redis;
        this.redisRole = b.redisRole;
        this.redisClient = b.redisClient;
    }

    /**
     * Starts the nodes {@code spec} asks for; on failure, stops whatever had started.
     *
     * @throws IOException when the {@code redis-server} does not start
     */
    static TestCluster start(TandemCluster spec) throws IOException {
        if (spec.replicas() < 0) {
            throw new IllegalArgumentException("@TandemCluster(replicas = " + spec.replicas() + "): must be >= 0");
        }
        if (spec.redisServer() != TandemCluster.RedisServer.NONE && spec.transport() != TandemCluster.Transport.TCP) {
            throw new IllegalArgumentException("@TandemCluster(redisServer = " + spec.redisServer()
                    + ") needs transport = TCP: a redis-server only speaks TCP");
        }
        Builder b = new Builder("tandem-junit-" + CLUSTERS.incrementAndGet(), spec.transport(), spec.redisServer());
        try {
            NodeAddress masterAddress;
            if (spec.redisServer() == TandemCluster.RedisServer.MASTER) {
                // Disk-based: replicas that connect together share one RDB (a diskless sync serves the
                // first and makes the others wait for the next one, a second later).
                List<String> args = new ArrayList<>(List.of("--repl-diskless-sync", "no", "--repl-diskless-sync-delay", "0"));
                for (String[] line : ConfigLines.parse("masterConfig", spec.masterConfig())) {
                    args.add("--" + line[0]);
                    args.add(line[1]);
                }
                b.redis = RedisServerProcess.start(args.toArray(String[]::new));
                b.redisClient = b.redis.client();
                masterAddress = NodeAddress.tcp("127.0.0.1", b.redis.port());
            } else {
                b.master = b.node(b.name + "-master", b.transport(b.name + "-master"), null,
                        ConfigLines.parse("masterConfig", spec.masterConfig()));
                masterAddress = b.master.address();
            }
            for (int i = 0; i < spec.replicas(); i++) {
                String replicaName = b.name + "-replica" + i;
                FaultInjectingTransport link = FaultInjectingTransport.wrap(b.transport(replicaName));
                b.links.add(link);
                b.replicas.add(b.node(replicaName, link, masterAddress, ConfigLines.parse("replicaConfig", spec.replicaConfig())));
            }
            if (spec.redisServer() == TandemCluster.RedisServer.REPLICA) {
                b.redis = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(b.master.port()));
                b.redisClient = b.redis.client();
            }
            // A test starts from linked, synced replicas: a fault it injects hits the stream,
            // not a half-done initial sync.
            TestCluster cluster = new TestCluster(b);
            cluster.awaitConverged();
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            new TestCluster(b).stop();
            throw e;
        }
    }

    // ------------------------------------------------------------------ nodes

    /**
     * The Tandem master.
     *
     * @throws IllegalStateException when the master is a {@code redis-server} (use {@link #redis()})
     */
    public ReplicatedKeyspace master() {
        if (master == null) {
            throw new IllegalStateException("the master of this cluster is a redis-server (redisServer = MASTER): use redis()");
        }
        return master;
    }

    /** Replica {@code i} (from 0), a Tandem node. */
    public ReplicatedKeyspace replica(int i) {
        checkReplica(i);
        return replicas.get(i);
    }

    /** Every Tandem replica, in order. */
    public List<ReplicatedKeyspace> replicas() {
        return replicas;
    }

    /** Replica {@code i}'s link to the master: cut it, stall it, delay it, limit its bandwidth. */
    public FaultInjectingTransport link(int i) {
        checkReplica(i);
        return links.get(i);
    }

    /**
     * The {@code redis-server} of this cluster: its port, its log, a client ({@code redis().client()}).
     *
     * @throws IllegalStateException when the cluster has none
     */
    public RedisServerProcess redis() {
        if (redis == null) {
            throw new IllegalStateException("this cluster has no redis-server: @TandemCluster(redisServer = MASTER or REPLICA)");
        }
        return redis;
    }

    /** How the nodes talk. */
    public TandemCluster.Transport transport() {
        return transportKind;
    }

    /** The events {@code node} received so far, in order. */
    public List<ReplicationEvent> events(ReplicatedKeyspace node) {
        List<ReplicationEvent> log = events.get(Objects.requireNonNull(node, "node"));
        if (log == null) {
            throw new IllegalArgumentException(node.name() + " is not a node of this cluster");
        }
        return List.copyOf(log);
    }

    /** The events of type {@code type} {@code node} received so far, in order. */
    public <E extends ReplicationEvent> List<E> events(ReplicatedKeyspace node, Class<E> type) {
        return events(node).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Prefix of every node's (and thread's) name in this cluster. */
    String name() {
        return name;
    }

    // ------------------------------------------------------------------ convergence

    /** {@link #awaitConverged(Duration)} with a 30-second bound. */
    public void awaitConverged() {
        awaitConverged(DEFAULT_CONVERGENCE_TIMEOUT);
    }

    /**
     * Waits until every replica (the {@code redis-server} too, if any) has its link up, has
     * applied the master's whole stream (same replication offset) and has the master's
     * {@code DEBUG DIGEST}.
     *
     * @throws AssertionError after {@code timeout}, naming each node's link state, offset and digest
     */
    public void awaitConverged(Duration timeout) {
        new Convergence(this::masterState, replicaProbes()).await(timeout);
    }

    private Convergence.State masterState() {
        if (master != null) {
            long offset = master.masterReplOffset();
            return new Convergence.State(master.name(), true, offset, master.digest());
        }
        return redisState("redis-server master");
    }

    private List<Convergence.Probe> replicaProbes() {
        List<Convergence.Probe> probes = new ArrayList<>();
        for (ReplicatedKeyspace r : replicas) {
            probes.add(() -> {
                var link = r.replicationInfo().masterLink();
                return new Convergence.State(r.name(), link != null && link.linkUp(), r.masterReplOffset(), r.digest());
            });
        }
        if (redisRole == TandemCluster.RedisServer.REPLICA) {
            probes.add(() -> redisState("redis-server replica"));
        }
        return probes;
    }

    /** Link, offset and digest of the redis-server, over its one client (calls are serialized). */
    private Convergence.State redisState(String label) {
        synchronized (redisClient) {
            try {
                String info = redisClient.callString("INFO", "replication");
                boolean linkUp = redisRole == TandemCluster.RedisServer.MASTER || info.contains("master_link_status:up");
                long offset = Long.parseLong(infoField(info, "master_repl_offset"));
                return new Convergence.State(label, linkUp, offset, redisClient.callString("DEBUG", "DIGEST"));
            } catch (IOException e) {
                throw new UncheckedIOException("redis-server at port " + redis.port() + " did not answer", e);
            }
        }
    }

    private static String infoField(String info, String field) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new IllegalStateException("INFO replication has no " + field + ": " + info);
    }

    // ------------------------------------------------------------------ stop

    /** Ends every link fault (between tests of a per-class cluster). */
    void healLinks() {
        links.forEach(FaultInjectingTransport::heal);
    }

    /** {@link #stop(Duration)} with 5 seconds for threads to end (a clean stop takes milliseconds). */
    List<String> stop() {
        return stop(LEAK_GRACE);
    }

    /**
     * Stops every node, transport and the redis-server, and returns what did not stop within
     * {@code grace} (threads still alive, ports still open, event loops not terminated): empty
     * when all is clean.
     */
    List<String> stop(Duration grace) {
        List<Integer> ports = new ArrayList<>();
        if (transportKind == TandemCluster.Transport.TCP) {
            for (ReplicatedKeyspace node : allNodes()) {
                ports.add(node.port());
            }
        }
        List<RuntimeException> failures = new ArrayList<>();
        // Replicas first: closing the master first would make them log a lost link and retry.
        for (ReplicatedKeyspace r : replicas) {
            closeQuietly(r::close, failures);
        }
        if (master != null) {
            closeQuietly(master::close, failures);
        }
        // Replicas' transports first: their channels' closes still reach the master's loop.
        for (int i = transports.size() - 1; i >= 0; i--) {
            closeQuietly(transports.get(i)::close, failures);
        }
        if (redisClient != null) {
            closeQuietly(() -> {
                try {
                    redisClient.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, failures);
        }
        if (redis != null) {
            closeQuietly(redis::close, failures);
        }
        List<String> problems = new ArrayList<>();
        for (RuntimeException e : failures) {
            problems.add("a node failed to close: " + e);
        }
        problems.addAll(LeakCheck.after(name + "-", transports, ports, redis == null ? -1 : redis.pid(), grace));
        return problems;
    }

    private List<ReplicatedKeyspace> allNodes() {
        List<ReplicatedKeyspace> all = new ArrayList<>(replicas);
        if (master != null) {
            all.add(0, master);
        }
        return all;
    }

    private static void closeQuietly(Runnable close, List<RuntimeException> failures) {
        try {
            close.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private void checkReplica(int i) {
        if (i < 0 || i >= replicas.size()) {
            throw new IndexOutOfBoundsException("replica " + i + ": this cluster has " + replicas.size()
                    + " replica(s), numbered from 0");
        }
    }

    @Override
    public String toString() {
        return name + " (" + transportKind + ", " + replicas.size() + " replica(s)"
                + (redis == null ? "" : ", redis-server " + redisRole) + ")";
    }

    /** What {@link #start} builds up, so that a failure half-way can stop what started. */
    private static final class Builder {
        final String name;
        final TandemCluster.Transport transportKind;
        final TandemCluster.RedisServer redisRole;
        ReplicatedKeyspace master;
        final List<ReplicatedKeyspace> replicas = new ArrayList<>();
        final List<FaultInjectingTransport> links = new ArrayList<>();
        final List<Transport> transports = new ArrayList<>();
        final Map<ReplicatedKeyspace, List<ReplicationEvent>> events = new ConcurrentHashMap<>();
        RedisServerProcess redis;
        RespClient redisClient;

        Builder(String name, TandemCluster.Transport transportKind, TandemCluster.RedisServer redisRole) {
            this.name = name;
            this.transportKind = transportKind;
            this.redisRole = redisRole;
        }

        /** A transport of the node's own, named after it so that its threads can be told apart. */
        Transport transport(String nodeName) {
            TransportOptions options = TransportOptions.defaults().withThreadNamePrefix(nodeName);
            Transport t = transportKind == TandemCluster.Transport.TCP ? TcpTransport.create(options) : new LocalTransport(options);
            transports.add(t);
            return t;
        }

        /**
         * Starts a node on {@code transport} with an event recorder, replicating from
         * {@code masterAddress} unless it is null, with the given directives.
         */
        ReplicatedKeyspace node(String nodeName, Transport transport, NodeAddress masterAddress, List<String[]> config) {
            List<ReplicationEvent> log = new CopyOnWriteArrayList<>();
            ReplicatedKeyspace.Builder b = ReplicatedKeyspace.builder().name(nodeName).transport(transport)
                    .reconnectBackoff(TEST_BACKOFF).listener(log::add);
            for (String[] line : config) {
                b.directive(line[0], line[1]);
            }
            if (masterAddress != null) {
                b.replicaOf(masterAddress);
            }
            ReplicatedKeyspace node = b.build();
            events.put(node, log);
            return node.start();
        }
    }
}
