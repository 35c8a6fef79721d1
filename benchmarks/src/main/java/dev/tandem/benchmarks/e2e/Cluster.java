/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A master and its replicas on one side (in-process Tandem nodes, or redis-server processes),
 * linked with {@code REPLICAOF} over RESP and waited for until every link is up. Closing it
 * stops every node it started.
 */
final class Cluster implements AutoCloseable {
    /** Which implementation the nodes run. */
    enum Side {
        /** Tandem nodes in the harness's JVM. */
        TANDEM("Tandem"),
        /** Tandem nodes each a {@code tandem-server} launcher process, deployed like redis-server. */
        TANDEM_LAUNCHER("Tandem launcher processes"),
        REDIS("Redis");

        private final String label;

        Side(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** One node: its port, the in-process node when it is one, and what stops it. */
    record Node(int port, ReplicatedKeyspace tandem, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }

    private final Side side;
    private final Node master;
    private final List<Node> replicas;

    private Cluster(Side side, Node master, List<Node> replicas) {
        this.side = side;
        this.master = master;
        this.replicas = replicas;
    }

    /**
     * Starts one node of {@code side}; {@code launcherJar} is the {@code tandem-server} jar for
     * {@link Side#TANDEM_LAUNCHER} (unused otherwise).
     */
    static Node startNode(Side side, String name, Path launcherJar, String... directives) throws IOException {
        switch (side) {
            case TANDEM -> {
                if (directives.length > 0) {
                    throw new IllegalArgumentException("in-process nodes take no extra directives");
                }
                ReplicatedKeyspace node = Nodes.tandem(name);
                return new Node(node.port(), node, node::close);
            }
            case TANDEM_LAUNCHER -> {
                TandemProcess process = TandemProcess.launcher(launcherJar, name, "2g", directives);
                return new Node(process.port(), null, process::close);
            }
            default -> {
                RedisServerProcess redis = Nodes.redis(directives);
                return new Node(redis.port(), null, redis::close);
            }
        }
    }

    /** A master and {@code replicaCount} synced replicas that connect to it directly. */
    static Cluster start(Side side, String name, int replicaCount, Path launcherJar) throws Exception {
        return start(side, name, replicaCount, launcherJar, masterPort -> masterPort);
    }

    /**
     * A master and {@code replicaCount} synced replicas; each replica connects to the port that
     * {@code linkPort} gives for the master's port (a proxy, in the partial-resync scenario).
     */
    static Cluster start(Side side, String name, int replicaCount, Path launcherJar, IntUnaryOperator linkPort)
            throws Exception {
        List<Node> started = new ArrayList<>();
        try {
            Node master = startNode(side, name + "-master", launcherJar);
            started.add(master);
            List<Node> replicas = new ArrayList<>();
            for (int i = 0; i < replicaCount; i++) {
                Node replica = startNode(side, name + "-replica-" + (i + 1), launcherJar);
                started.add(replica);
                replicas.add(replica);
                try (NodeClient client = NodeClient.connect(replica.port())) {
                    client.replicaOf(linkPort.applyAsInt(master.port()));
                    Poll.until(side.label() + " replica " + (i + 1) + " to sync", Duration.ofSeconds(60),
                            Duration.ofMillis(2), client::linkUp);
                }
            }
            return new Cluster(side, master, List.copyOf(replicas));
        } catch (Exception e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
            throw e;
        }
    }

    Side side() {
        return side;
    }

    Node master() {
        return master;
    }

    List<Node> replicas() {
        return replicas;
    }

    /**
     * Waits until every replica has applied the master's stream up to the master's offset now,
     * observed over RESP the same way on both sides; returns how long that took, in seconds.
     */
    double awaitReplicasCaughtUp(Duration timeout) throws Exception {
        try (NodeClient m = NodeClient.connect(master.port())) {
            long target = m.replOffset();
            long start = System.nanoTime();
            List<NodeClient> clients = new ArrayList<>();
            try {
                for (Node r : replicas) {
                    clients.add(NodeClient.connect(r.port()));
                }
                long done = Poll.until("replicas to reach offset " + target, timeout, Duration.ofMillis(1), () -> {
                    for (NodeClient c : clients) {
                        if (c.replOffset() < target) {
                            return false;
                        }
                    }
                    return true;
                });
                return (done - start) / 1e9;
            } finally {
                for (NodeClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Override
    public void close() {
        for (Node r : replicas) {
            r.close();
        }
        master.close();
    }
}
