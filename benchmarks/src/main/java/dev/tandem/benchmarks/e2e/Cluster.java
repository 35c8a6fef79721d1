package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import java.io.IOException;
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
        /** Tandem nodes each in a JVM of its own ({@link TandemNodeMain}), like redis-server processes. */
        TANDEM_PROCESS("Tandem (one JVM per node)"),
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
    record Node(int port, ReplicatedKeyspace tandem, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
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

    static Node startNode(Side side, String name) throws IOException {
        switch (side) {
            case TANDEM -> {
                ReplicatedKeyspace node = Nodes.tandem(name);
                return new Node(node.port(), node, node);
            }
            case TANDEM_PROCESS -> {
                TandemProcess process = TandemProcess.start(name, "2g");
                return new Node(process.port(), null, process);
            }
            default -> {
                RedisServerProcess redis = Nodes.redis();
                return new Node(redis.port(), null, redis);
            }
        }
    }

    /** A master and {@code replicaCount} synced replicas that connect to it directly. */
    static Cluster start(Side side, String name, int replicaCount) throws Exception {
        return start(side, name, replicaCount, masterPort -> masterPort);
    }

    /**
     * A master and {@code replicaCount} synced replicas; each replica connects to the port that
     * {@code linkPort} gives for the master's port (a proxy, in the partial-resync scenario).
     */
    static Cluster start(Side side, String name, int replicaCount, IntUnaryOperator linkPort) throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Node master = startNode(side, name + "-master");
            started.add(master);
            List<Node> replicas = new ArrayList<>();
            for (int i = 0; i < replicaCount; i++) {
                Node replica = startNode(side, name + "-replica-" + (i + 1));
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
            for (AutoCloseable c : started) {
                c.close();
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
    public void close() throws Exception {
        for (Node r : replicas) {
            r.close();
        }
        master.close();
    }
}
