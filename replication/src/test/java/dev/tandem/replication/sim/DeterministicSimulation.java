/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.sim;

import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationSample;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.internal.sim.SimulatedNetwork;
import dev.tandem.replication.spi.NodeAddress;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One seeded run of the deterministic simulation (see {@link DeterministicSimulationTest}): the
 * workload, faults and invariants of {@link Simulation}, on a {@link SimulatedNetwork}: four
 * nodes on one event loop with a virtual clock, faults injected on the simulated links instead
 * of TCP proxies, and this thread as the only driver. Concurrency comes from the schedule, not
 * from threads: writes land on the master while the links are mid-transfer, faults cut links
 * mid-stream, and virtual time passes in random slices between actions.
 *
 * <h2>Trace</h2>
 * A running SHA-256 over every byte delivered on every link (with the link and direction) and
 * over every sample (step, node, role, replid, offset, digest): two runs of one seed must end
 * with the same {@link #traceHex()}, byte for byte.
 */
final class DeterministicSimulation implements AutoCloseable {

    private static final int NODES = 4;
    /** Virtual time a quiescence check may take. */
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final Duration CONVERGE_SLICE = Duration.ofMillis(100);


    private final long seed;
    private final int steps;
    private final SplittableRandom random;
    private final SimWorkload workload;
    private final SimulatedNetwork network;
    private final MessageDigest trace;
    private final List<ReplicatedKeyspace> nodes = new ArrayList<>();
    private final Map<ReplicatedKeyspace, ReplicatedKeyspace> upstream = new HashMap<>();
    /** Link name → the step at which its fault heals. */
    private final Map<String, Integer> healAtStep = new LinkedHashMap<>();
    private final Map<ReplicatedKeyspace, AtomicInteger> fullSyncs = new HashMap<>();
    private final HistoryLedger ledger = new HistoryLedger();
    private final Deque<String> notes = new ArrayDeque<>();
    private final Simulation.Stats stats = new Simulation.Stats();
    private ReplicatedKeyspace master;
    private int step;

    DeterministicSimulation(long seed, int steps) {
        this.seed = seed;
        this.steps = steps;
        this.random = new SplittableRandom(seed);
        this.workload = new SimWorkload(random.split());
        this.network = new SimulatedNetwork(seed);
        try {
            this.trace = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        network.observer(this::delivered);
    }

    Simulation.Stats stats() {
        return stats;
    }

    /** The trace so far, as hex (the digest of a copy, so the run may go on). */
    String traceHex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) trace.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the run

    void run() {
        for (int i = 0; i < NODES; i++) {
            nodes.add(startNode(i));
        }
        master = nodes.get(0);
        for (SimWorkload.Command c : SimWorkload.anchors()) {
            execute(c);
        }
        for (int i = 0; i < 200; i++) {
            execute(workload.next());
        }
        // master ← n1, n2; n1 ← n3 (chained)
        follow(nodes.get(1), nodes.get(0));
        follow(nodes.get(2), nodes.get(0));
        follow(nodes.get(3), nodes.get(1));
        checkpoint();
        for (step = 1; step <= steps; step++) {
            heal(false);
            int dice = random.nextInt(100);
            if (dice < 50) {
                writes(1 + random.nextInt(40));
            } else if (dice < 58) {
                cut();
            } else if (dice < 65) {
                stall();
            } else if (dice < 69) {
                outage();
            } else if (dice < 77) {
                repoint();
            } else if (dice < 82) {
                promote();
            } else {
                network.runFor(Duration.ofMillis(300));
            }
            // Virtual time passes in a random slice: sometimes none (the next action lands
            // mid-transfer), sometimes long enough for timeouts and reconnects.
            network.runFor(Duration.ofMillis(random.nextInt(4) == 0 ? 0 : random.nextInt(400)));
            sampleAll();
            if (step % 40 == 0) {
                checkpoint();
            }
        }
        checkpoint();
    }

    private ReplicatedKeyspace startNode(int index) {
        String name = "d" + index;
        AtomicInteger full = new AtomicInteger();
        ReplicatedKeyspace node = NodeInternals.runtime(ReplicatedKeyspace.builder().name(name)
                .transport(network.transport(name)), network.runtime(name))
                .snapshotFormat(RdbSnapshotFormat.defaults().withHeaderClock(network.wallClock()))
                .directive("repl-backlog-size", "16kb")
                // Both full sync forms: diskless ($EOF:) and spooled to disk ($<len>).
                .directive("repl-diskless-sync", random.nextInt(3) == 0 ? "no" : "yes")
                .directive("repl-timeout", "3")
                .directive("repl-ping-replica-period", "1")
                .backlogChunkSize(1024)
                .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .listener(e -> onEvent(name, full, e))
                .build();
        network.freeRun(node::start);
        fullSyncs.put(node, full);
        return node;
    }

    /** On the loop. */
    private void onEvent(String node, AtomicInteger full, ReplicationEvent e) {
        if (e instanceof ReplicationEvent.SyncCompleted done) {
            if (done.kind() == SyncKind.FULL) {
                full.incrementAndGet();
                stats.fullSyncs.incrementAndGet();
            } else {
                stats.partialSyncs.incrementAndGet();
            }
        }
        if (e instanceof ReplicationEvent.EmptyMasterRefused) {
            note(node + " refused an empty master: " + e);
        }
    }

    /** On the loop: every byte that crosses a link goes into the trace. */
    private void delivered(String link, SimulatedNetwork.Direction direction, ByteBuf bytes) {
        trace.update((link + " " + direction + " " + bytes.readableBytes() + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.getBytes(bytes.readerIndex(), copy);
        trace.update(copy);
    }

    // ------------------------------------------------------------------ actions

    private void execute(SimWorkload.Command c) {
        Reply reply = master.database(c.db()).execute(c.argv());
        if (reply instanceof Reply.ErrorReply e && !e.text().startsWith("WRONGTYPE") && !e.text().startsWith("ERR")) {
            throw fail("unexpected reply to " + c + " on the master " + master.name() + ": " + e.text());
        }
    }

    private void writes(int n) {
        // Writes interleave with the links: a short turn of the loop after some of them.
        for (int i = 0; i < n; i++) {
            execute(workload.next());
            if (random.nextInt(8) == 0) {
                network.runUntilIdle();
            }
        }
        stats.writes += n;
        note("step " + step + ": " + n + " writes on " + master.name() + " (offset " + master.masterReplOffset() + ")");
    }

    private static String linkName(ReplicatedKeyspace replica, ReplicatedKeyspace target) {
        return replica.name() + "->" + target.name();
    }

    private void follow(ReplicatedKeyspace replica, ReplicatedKeyspace target) {
        replica.replicaOf(NodeAddress.local(target.name()));
        upstream.put(replica, target);
    }

    private List<ReplicatedKeyspace> replicas() {
        List<ReplicatedKeyspace> out = new ArrayList<>();
        for (ReplicatedKeyspace n : nodes) {
            if (upstream.get(n) != null) {
                out.add(n);
            }
        }
        return out;
    }

    private ReplicatedKeyspace anyReplica() {
        List<ReplicatedKeyspace> r = replicas();
        return r.get(random.nextInt(r.size()));
    }

    private String linkOf(ReplicatedKeyspace replica) {
        return linkName(replica, upstream.get(replica));
    }

    private void cut() {
        ReplicatedKeyspace r = anyReplica();
        network.cut(linkOf(r));
        stats.cuts++;
        note("step " + step + ": cut " + linkOf(r));
    }

    private void stall() {
        ReplicatedKeyspace r = anyReplica();
        SimulatedNetwork.Direction[] which = switch (random.nextInt(3)) {
            case 0 -> new SimulatedNetwork.Direction[] {SimulatedNetwork.Direction.UPSTREAM};
            case 1 -> new SimulatedNetwork.Direction[] {SimulatedNetwork.Direction.DOWNSTREAM};
            default -> new SimulatedNetwork.Direction[0];
        };
        network.stall(linkOf(r), which);
        healAtStep.put(linkOf(r), step + 1 + random.nextInt(6));
        stats.stalls++;
        note("step " + step + ": stall " + linkOf(r) + " " + (which.length == 0 ? "both ways" : which[0]));
    }

    private void outage() {
        ReplicatedKeyspace r = anyReplica();
        network.refuse(linkOf(r));
        network.cut(linkOf(r));
        healAtStep.put(linkOf(r), step + 2 + random.nextInt(8));
        stats.outages++;
        note("step " + step + ": outage of " + linkOf(r));
    }

    /** Heals the faults whose time came (all of them when {@code all}). */
    private void heal(boolean all) {
        var it = healAtStep.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (all || e.getValue() <= step) {
                network.heal(e.getKey());
                it.remove();
            }
        }
        if (all) {
            network.healAll();
        }
    }

    /** Nodes in {@code node}'s subtree (itself included). */
    private Set<ReplicatedKeyspace> subtree(ReplicatedKeyspace node) {
        Set<ReplicatedKeyspace> out = new HashSet<>();
        out.add(node);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ReplicatedKeyspace n : nodes) {
                ReplicatedKeyspace up = upstream.get(n);
                if (up != null && out.contains(up) && out.add(n)) {
                    grew = true;
                }
            }
        }
        return out;
    }

    /** A replica follows another node of the same history that is not below it. */
    private void repoint() {
        ReplicatedKeyspace r = anyReplica();
        Set<ReplicatedKeyspace> below = subtree(r);
        List<ReplicatedKeyspace> targets = new ArrayList<>();
        for (ReplicatedKeyspace n : nodes) {
            if (!below.contains(n) && n != upstream.get(r)) {
                targets.add(n);
            }
        }
        if (targets.isEmpty()) {
            network.runFor(Duration.ofMillis(300));
            return;
        }
        ReplicatedKeyspace target = targets.get(random.nextInt(targets.size()));
        note("step " + step + ": re-point " + r.name() + " from " + upstream.get(r).name() + " to " + target.name());
        follow(r, target);
        stats.repoints++;
    }

    /**
     * A replica becomes the master; the old master follows it, sometimes after accepting a few
     * writes of its own that the new master never saw (a split brain: it must resync fully).
     */
    private void promote() {
        ReplicatedKeyspace next = anyReplica();
        ReplicatedKeyspace old = master;
        note("step " + step + ": promote " + next.name() + " (was following " + upstream.get(next).name()
                + ", offset " + next.masterReplOffset() + "; old master " + old.name() + " at "
                + old.masterReplOffset() + ")");
        next.promote();
        upstream.put(next, null);
        master = next;
        if (random.nextInt(4) == 0) {
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                SimWorkload.Command c = workload.next();
                old.database(c.db()).execute(c.argv());
            }
            stats.divergentPromotions++;
            note("step " + step + ": " + n + " writes on the old master " + old.name() + " after the promotion");
        }
        follow(old, next);
        stats.promotions++;
    }

    // ------------------------------------------------------------------ invariants

    private void sampleAll() {
        for (ReplicatedKeyspace n : nodes) {
            sample(n);
        }
    }

    /** The loop is parked: nothing moves while a node is sampled, so the triple is consistent. */
    private void sample(ReplicatedKeyspace node) {
        int fullBefore = fullSyncs.get(node).get();
        ReplicationSample taken = node.sample();
        HistoryLedger.Sample s = new HistoryLedger.Sample(taken.replid().toString(), taken.offset(), taken.digest(),
                node.name(), step, fullBefore);
        trace.update((step + " " + node.name() + " " + node.role() + " " + s.replid() + " " + s.offset() + " "
                + s.digest() + "\n").getBytes(StandardCharsets.UTF_8));
        stats.samples++;
        HistoryLedger.Sample last;
        try {
            last = ledger.record(s);
        } catch (IllegalStateException conflict) {
            throw fail(conflict.getMessage());
        }
        if (last != null && fullSyncs.get(node).get() <= last.fullSyncsBefore()) {
            // Only a full sync may move a node back within a history; its event is queued on
            // the loop behind the swap, so let the loop deliver it before judging.
            network.runUntilIdle();
            if (fullSyncs.get(node).get() <= last.fullSyncsBefore()) {
                throw fail(HistoryLedger.wentBack(last, s));
            }
        }
    }

    /**
     * Heals every fault, lets short TTLs pass and the master delete those keys, then runs until
     * every replica is up at the master's replid and offset with the master's digest.
     */
    private void checkpoint() {
        heal(true);
        network.runFor(Duration.ofMillis(SimWorkload.SHORT_TTL_MILLIS + 20));
        for (int db = 0; db < SimWorkload.DATABASES; db++) {
            for (String key : SimWorkload.keyNames()) {
                master.database(db).execute("EXISTS", key);
            }
        }
        long deadline = network.elapsedMillis() + CONVERGE.toMillis();
        network.runUntilIdle();
        while (!converged()) {
            if (network.elapsedMillis() >= deadline) {
                throw fail("no convergence within " + CONVERGE.toSeconds() + " s of virtual time");
            }
            network.runFor(CONVERGE_SLICE);
        }
        stats.checkpoints++;
        note("step " + step + ": converged at " + master.name() + " offset " + master.masterReplOffset());
        sampleAll();
    }

    private boolean converged() {
        ReplicationInfo m = master.replicationInfo();
        String digest = master.digest();
        for (ReplicatedKeyspace r : replicas()) {
            ReplicationInfo info = r.replicationInfo();
            if (info.masterLink() == null || !info.masterLink().linkUp() || !info.replid().equals(m.replid())
                    || info.masterReplOffset() != m.masterReplOffset() || !digest.equals(r.digest())) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ reporting

    private void note(String line) {
        notes.addLast(line);
        if (notes.size() > 60) {
            notes.removeFirst();
        }
    }

    private AssertionError fail(String what) {
        StringBuilder sb = new StringBuilder("deterministic simulation seed ").append(seed)
                .append(" (replay with -Dtandem.dsim.seed=").append(seed).append("), step ").append(step)
                .append(", virtual ms ").append(network.elapsedMillis()).append(": ").append(what).append("\nnodes:");
        for (ReplicatedKeyspace n : nodes) {
            ReplicationInfo info = n.replicationInfo();
            ReplicatedKeyspace up = upstream.get(n);
            sb.append("\n  ").append(n.name()).append(n == master ? " (master)" : " <- " + (up == null ? "?" : up.name()))
                    .append(" replid ").append(info.replid()).append(" replid2 ").append(info.replid2())
                    .append(" second ").append(info.secondReplOffset()).append(" offset ").append(info.masterReplOffset())
                    .append(" link ").append(info.masterLink() == null ? "-" : info.masterLink().state())
                    .append(" digest ").append(n.digest());
        }
        sb.append("\nlast actions:");
        for (String line : notes) {
            sb.append("\n  ").append(line);
        }
        return new AssertionError(sb.toString());
    }

    @Override
    public void close() {
        for (ReplicatedKeyspace n : nodes) {
            network.freeRun(n::close);
        }
        network.close();
    }
}
