/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.sim;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.ReplicationSample;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.testing.FaultProxy;
import dev.tandem.testkit.BackgroundWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One seeded run of the consistency simulation (see {@link ConsistencySimulationTest}): four
 * nodes over TCP, every replica link through a {@link FaultProxy} of its own (one per
 * replica → upstream pair), a random schedule of writes, link cuts, stalls, outages, re-points
 * and promotions drawn from one {@link SplittableRandom}, and the invariants checked after
 * every step and at every quiescence point.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>Same history, same offset, same data</b>: each node is sampled as one consistent
 *   triple (replid, offset, digest) under its keyspace lock; any two samples, of any nodes at
 *   any time, with the same replid and offset must have the same digest. A partial resync
 *   across a history break (a {@code +CONTINUE} for a replica whose data is not a prefix of the
 *   master's history) makes the replica's later states differ from the master's at the same
 *   (replid, offset), so this is where it shows.</li>
 *   <li><b>Offsets never go backwards within a history</b>, except by a full sync (which
 *   replaces the data set, e.g. from a sibling that lagged behind, as Redis does).</li>
 *   <li><b>Quiescence</b>: with every fault healed and short TTLs expired, every replica's link
 *   is up at the master's replid and offset and every digest equals the master's.</li>
 * </ul>
 * Every wait is bounded; a failure names the seed, the topology, each node's state and the
 * last actions.
 */
final class Simulation implements AutoCloseable {

    private static final int NODES = 4;
    private static final Duration CONVERGE = Duration.ofSeconds(60);


    private final long seed;
    private final int steps;
    private final SplittableRandom random;
    private final SimWorkload workload;
    private final List<ReplicatedKeyspace> nodes = new ArrayList<>();
    private final Map<ReplicatedKeyspace, ReplicatedKeyspace> upstream = new HashMap<>();
    private final Map<String, FaultProxy> proxies = new HashMap<>();
    private final Map<FaultProxy, Integer> healAtStep = new LinkedHashMap<>();
    private final Map<ReplicatedKeyspace, AtomicInteger> fullSyncs = new HashMap<>();
    private final HistoryLedger ledger = new HistoryLedger();
    private final Deque<String> trace = new ArrayDeque<>();
    private final Stats stats = new Stats();
    private volatile ReplicatedKeyspace master;
    private BackgroundWriter background;
    private int step;

    /** What a run did, for the coverage check and the summary line. */
    static final class Stats {
        final AtomicInteger fullSyncs = new AtomicInteger();
        final AtomicInteger partialSyncs = new AtomicInteger();
        int writes;
        int cuts;
        int stalls;
        int outages;
        int repoints;
        int promotions;
        int divergentPromotions;
        int checkpoints;
        int samples;
        int backgroundWrites;

        @Override
        public String toString() {
            return writes + " writes (" + backgroundWrites + " concurrent), " + cuts + " cuts, " + stalls + " stalls, " + outages + " outages, " + repoints
                    + " re-points, " + promotions + " promotions (" + divergentPromotions + " with writes on the old "
                    + "master), " + fullSyncs + " full and " + partialSyncs + " partial syncs, " + checkpoints
                    + " quiescence checks, " + samples + " samples";
        }
    }

    Simulation(long seed, int steps) {
        this.seed = seed;
        this.steps = steps;
        this.random = new SplittableRandom(seed);
        this.workload = new SimWorkload(random.split());
    }

    Stats stats() {
        return stats;
    }

    // ------------------------------------------------------------------ the run

    void run() throws Exception {
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
        background = backgroundWriter(new SimWorkload(random.split()));
        for (step = 1; step <= steps; step++) {
            heal(false);
            if (random.nextInt(3) == 0) {
                background.grant(1 + random.nextInt(20)); // racing with this step's action
            }
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
                settle();
            }
            sampleAll();
            if (step % 40 == 0) {
                checkpoint();
            }
        }
        checkpoint();
    }

    private ReplicatedKeyspace startNode(int index) {
        String name = "sim-n" + index;
        AtomicInteger full = new AtomicInteger();
        ReplicatedKeyspace node = ReplicatedKeyspace.builder().name(name).port(0)
                .directive("repl-backlog-size", "16kb")
                .directive("repl-timeout", "3")
                .directive("repl-ping-replica-period", "1")
                .backlogChunkSize(1024)
                .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .listener(e -> onEvent(name, full, e))
                .build().start();
        fullSyncs.put(node, full);
        return node;
    }

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

    // ------------------------------------------------------------------ actions

    private void execute(SimWorkload.Command c) {
        Reply reply = master.database(c.db()).execute(c.argv());
        if (reply instanceof Reply.ErrorReply e && !e.text().startsWith("WRONGTYPE") && !e.text().startsWith("ERR")) {
            throw fail("unexpected reply to " + c + " on the master " + master.name() + ": " + e.text());
        }
    }

    private void writes(int n) {
        for (int i = 0; i < n; i++) {
            execute(workload.next());
        }
        stats.writes += n;
        note("step " + step + ": " + n + " writes on " + master.name() + " (offset " + master.masterReplOffset() + ")");
    }

    private FaultProxy proxy(ReplicatedKeyspace replica, ReplicatedKeyspace target) throws InterruptedException {
        String key = replica.name() + "->" + target.name();
        FaultProxy p = proxies.get(key);
        if (p == null) {
            p = FaultProxy.start(new InetSocketAddress("127.0.0.1", target.port()));
            proxies.put(key, p);
        }
        return p;
    }

    private void follow(ReplicatedKeyspace replica, ReplicatedKeyspace target) throws InterruptedException {
        replica.replicaOf("127.0.0.1", proxy(replica, target).port());
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

    private FaultProxy linkOf(ReplicatedKeyspace replica) throws InterruptedException {
        return proxy(replica, upstream.get(replica));
    }

    private void cut() throws InterruptedException {
        ReplicatedKeyspace r = anyReplica();
        linkOf(r).cut();
        stats.cuts++;
        note("step " + step + ": cut " + r.name() + " -> " + upstream.get(r).name());
    }

    private void stall() throws InterruptedException {
        ReplicatedKeyspace r = anyReplica();
        FaultProxy p = linkOf(r);
        FaultProxy.Direction[] which = switch (random.nextInt(3)) {
            case 0 -> new FaultProxy.Direction[] {FaultProxy.Direction.UPSTREAM};
            case 1 -> new FaultProxy.Direction[] {FaultProxy.Direction.DOWNSTREAM};
            default -> new FaultProxy.Direction[0];
        };
        p.stall(which);
        healAtStep.put(p, step + 1 + random.nextInt(6));
        stats.stalls++;
        note("step " + step + ": stall " + r.name() + " -> " + upstream.get(r).name() + " "
                + (which.length == 0 ? "both ways" : which[0]));
    }

    private void outage() throws InterruptedException {
        ReplicatedKeyspace r = anyReplica();
        FaultProxy p = linkOf(r);
        p.refuse(true);
        p.cut();
        healAtStep.put(p, step + 2 + random.nextInt(8));
        stats.outages++;
        note("step " + step + ": outage of " + r.name() + " -> " + upstream.get(r).name());
    }

    /** Heals the faults whose time came (all of them when {@code all}). */
    private void heal(boolean all) {
        var it = healAtStep.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (all || e.getValue() <= step) {
                e.getKey().refuse(false);
                e.getKey().resume();
                it.remove();
            }
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
    private void repoint() throws InterruptedException {
        ReplicatedKeyspace r = anyReplica();
        Set<ReplicatedKeyspace> below = subtree(r);
        List<ReplicatedKeyspace> targets = new ArrayList<>();
        for (ReplicatedKeyspace n : nodes) {
            if (!below.contains(n) && n != upstream.get(r)) {
                targets.add(n);
            }
        }
        if (targets.isEmpty()) {
            settle();
            return;
        }
        ReplicatedKeyspace target = targets.get(random.nextInt(targets.size()));
        note("step " + step + ": re-point " + r.name() + " from " + upstream.get(r).name() + " to " + target.name());
        follow(r, target);
        stats.repoints++;
    }

    /**
     * A replica becomes the master; the old master follows it — sometimes after accepting a few
     * writes of its own that the new master never saw (a split brain: it must resync fully).
     */
    private void promote() throws InterruptedException {
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

    /** Gives the links a moment: waits (at most 300 ms) for every replica to reach the master's offset. */
    private void settle() {
        try {
            Awaitility.await().atMost(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(5))
                    .until(() -> replicas().stream().allMatch(r -> r.masterReplOffset() == master.masterReplOffset()));
        } catch (ConditionTimeoutException notYet) {
            // fine: the point was to let time pass while links work
        }
    }

    // ------------------------------------------------------------------ invariants

    private void sampleAll() throws InterruptedException {
        for (ReplicatedKeyspace n : nodes) {
            sample(n);
        }
    }

    private void sample(ReplicatedKeyspace node) throws InterruptedException {
        int fullBefore = fullSyncs.get(node).get();
        ReplicationSample taken = node.sample(); // replid, offset and digest at one point of the stream
        HistoryLedger.Sample s = new HistoryLedger.Sample(taken.replid().toString(), taken.offset(), taken.digest(),
                node.name(), step, fullBefore);
        stats.samples++;
        HistoryLedger.Sample last;
        try {
            last = ledger.record(s);
        } catch (IllegalStateException conflict) {
            throw fail(conflict.getMessage());
        }
        if (last != null) {
            // Only a full sync may move a node back within a history; its event may lag the swap.
            try {
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> fullSyncs.get(node).get() > last.fullSyncsBefore());
            } catch (ConditionTimeoutException e) {
                throw fail(HistoryLedger.wentBack(last, s));
            }
        }
    }

    /**
     * Heals every fault, lets short TTLs pass and the master delete those keys, then waits
     * until every replica is up at the master's replid and offset with the master's digest.
     */
    private void checkpoint() throws InterruptedException {
        if (background != null) {
            background.awaitBudgetSpent(Duration.ofSeconds(30));
            int written = (int) background.writes();
            stats.writes += written - stats.backgroundWrites;
            stats.backgroundWrites = written;
        }
        heal(true);
        long ttlEnd = workload.lastShortTtlNanos() + (SimWorkload.SHORT_TTL_MILLIS + 20) * 1_000_000L;
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> System.nanoTime() - ttlEnd >= 0);
        for (int db = 0; db < SimWorkload.DATABASES; db++) {
            for (String key : SimWorkload.keyNames()) {
                master.database(db).execute("EXISTS", key);
            }
        }
        try {
            Awaitility.await().atMost(CONVERGE).pollInterval(Duration.ofMillis(20)).until(this::converged);
        } catch (ConditionTimeoutException e) {
            throw fail("no convergence within " + CONVERGE.toSeconds() + " s");
        }
        stats.checkpoints++;
        note("step " + step + ": converged at " + master.name() + " offset " + master.masterReplOffset());
        sampleAll();
    }

    private boolean converged() {
        ReplicationInfo m = master.replicationInfo();
        for (ReplicatedKeyspace r : replicas()) {
            ReplicationInfo info = r.replicationInfo();
            if (info.masterLink() == null || !info.masterLink().linkUp() || !info.replid().equals(m.replid())
                    || info.masterReplOffset() != m.masterReplOffset()) {
                return false;
            }
        }
        String digest = master.digest();
        if (master.masterReplOffset() != m.masterReplOffset()) {
            return false;
        }
        for (ReplicatedKeyspace r : replicas()) {
            if (!digest.equals(r.digest())) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ reporting

    private void note(String line) {
        trace.addLast(line);
        if (trace.size() > 60) {
            trace.removeFirst();
        }
    }

    private AssertionError fail(String what) {
        StringBuilder sb = new StringBuilder("simulation seed ").append(seed).append(" (rerun with -Dtandem.sim.seed=")
                .append(seed).append("), step ").append(step).append(": ").append(what).append("\nnodes:");
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
        for (String line : trace) {
            sb.append("\n  ").append(line);
        }
        return new AssertionError(sb.toString());
    }

    /**
     * A second writer: writes to whichever node is the master at the moment, concurrently with
     * the simulation's own actions (promotions and re-points included), but only as many writes
     * as it was granted. Writes that meet a node which just turned replica get READONLY and are
     * dropped; writes that land on an old master after a promotion are the split brain that the
     * invariants must survive.
     */
    private BackgroundWriter backgroundWriter(SimWorkload backgroundWorkload) {
        return BackgroundWriter.granted("sim-background-writer", () -> {
            SimWorkload.Command c = backgroundWorkload.next();
            master.database(c.db()).execute(c.argv());
        });
    }

    @Override
    public void close() throws Exception {
        if (background != null) {
            background.close();
        }
        for (ReplicatedKeyspace n : nodes) {
            n.close();
        }
        for (FaultProxy p : proxies.values()) {
            p.close();
        }
    }
}
