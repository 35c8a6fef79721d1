/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.demo;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent.LinkDown;
import dev.tandem.replication.ReplicationEvent.ReplicaAttached;
import dev.tandem.replication.ReplicationEvent.SyncCompleted;
import dev.tandem.replication.ReplicationEvent.SyncStarted;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.resp.RespBulkString;
import dev.tandem.resp.RespFrame;
import dev.tandem.resp.RespInteger;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo: a master and two replicas in this JVM over loopback TCP. It writes data of every type,
 * shows the replicas in sync, cuts a replica's link and shows the partial resync that heals it,
 * then fails over: the master stops, replica-1 is promoted and replica-2 follows it. Every step
 * is printed in plain words, with the evidence (events, offsets, digests, INFO counters), and
 * {@link #run} returns what was observed as a {@link DemoResult}, which the test checks.
 */
public final class ReplicationDemo {

    /** How long any single step may take before the demo reports that it did not happen. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);

    private static final String MASTER = "master";
    private static final String REPLICA_1 = "replica-1";
    private static final String REPLICA_2 = "replica-2";
    private static final int WRITES_DURING_CUT = 500;

    private final PrintStream out;
    private final EventJournal journal = new EventJournal();

    private ReplicationDemo(PrintStream out) {
        this.out = out;
    }

    /** Runs the demo; exit status 0 when every claim held, 1 otherwise. */
    public static void main(String[] args) {
        // The nodes' own log lines (including the expected "connection lost" warnings) would drown the
        // story; -Dorg.slf4j.simpleLogger.defaultLogLevel=info on the java command line shows them.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        int status;
        try {
            status = run(System.out).claimsHold() ? 0 : 1;
        } catch (Exception e) {
            System.out.flush();
            System.err.println("The demo failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Runs the demo, narrating to {@code out}. */
    public static DemoResult run(PrintStream out) throws IOException, InterruptedException {
        return new ReplicationDemo(out).run();
    }

    private DemoResult run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        out.println("Tandem replication demo: one master and two replicas in this JVM, over loopback TCP.");
        try (ReplicatedKeyspace master = node(MASTER).start();
                ReplicatedKeyspace replica1 = node(REPLICA_1).replicaOf("127.0.0.1", master.port()).start();
                ReplicatedKeyspace replica2 = node(REPLICA_2).replicaOf("127.0.0.1", master.port()).start()) {
            Map<String, ReplicatedKeyspace> all = nodes(master, replica1, replica2);

            out.println();
            out.println("1. Start");
            out.printf("   %-10s listens on 127.0.0.1:%d%n", MASTER, master.port());
            out.printf("   %-10s listens on 127.0.0.1:%d, replica of %s%n", REPLICA_1, replica1.port(), MASTER);
            out.printf("   %-10s listens on 127.0.0.1:%d, replica of %s%n", REPLICA_2, replica2.port(), MASTER);
            for (String name : List.of(REPLICA_1, REPLICA_2)) {
                Optional<SyncCompleted> sync = journal.await(0, name, SyncCompleted.class, e -> true, STEP_TIMEOUT);
                out.printf("   %-10s %s%n", name, sync.map(s -> "completed a " + s.kind() + " sync (" + s.keys()
                        + " keys in a " + s.bytes() + "-byte RDB snapshot)").orElse("did NOT sync within " + seconds(STEP_TIMEOUT)));
            }

            out.println();
            out.println("2. Write data of every type to the master");
            SampleData.write(master);
            for (String line : SampleData.DESCRIPTION) {
                out.println("   - " + line);
            }
            out.printf("   %d keys in database 0, %d in database 1%n", master.dbsize(), master.database(1).dbsize());
            boolean inSyncAfterWrites = showInSync(master, all);

            out.println();
            out.println("3. Cut replica-1's link to the master");
            int cutMark = journal.mark();
            long killed = clientKillTypeMaster(replica1);
            out.printf("   CLIENT KILL TYPE master, sent to replica-1's own listener, closed %d link%n", killed);
            for (int i = 0; i < WRITES_DURING_CUT; i++) {
                master.set("written-during-cut:" + i, Integer.toString(i));
            }
            out.printf("   meanwhile the master takes %d more writes (it never waits for replicas)%n", WRITES_DURING_CUT);
            Optional<LinkDown> down = journal.await(cutMark, REPLICA_1, LinkDown.class, e -> true, STEP_TIMEOUT);
            down.ifPresent(d -> out.println("   replica-1: link down (" + d.reason() + ")"));
            Optional<SyncCompleted> resync = journal.await(cutMark, REPLICA_1, SyncCompleted.class, e -> true,
                    STEP_TIMEOUT);
            for (SyncStarted s : journal.since(cutMark, REPLICA_1, SyncStarted.class)) {
                out.printf("   replica-1: reconnected with PSYNC <replid> <offset>; the master answered %s%n",
                        s.kind() == SyncKind.PARTIAL
                                ? "+CONTINUE: it sends what replica-1 missed after offset " + s.offset() + " from its backlog"
                                : "+FULLRESYNC at offset " + s.offset() + ": a whole new snapshot");
            }
            int partialSyncs = count(journal.since(cutMark, REPLICA_1, SyncCompleted.class), SyncKind.PARTIAL);
            int fullSyncs = countStarted(cutMark, REPLICA_1, SyncKind.FULL) + countStarted(cutMark, REPLICA_2, SyncKind.FULL)
                    + (int) journal.since(cutMark, MASTER, ReplicaAttached.class).stream()
                            .filter(a -> a.kind() == SyncKind.FULL).count();
            out.println("   " + resync.map(s -> "replica-1 is back in sync with a " + s.kind() + " resync")
                    .orElse("replica-1 did NOT resync within " + seconds(STEP_TIMEOUT)));
            Map<String, String> stats = info(master, "stats");
            out.printf("   master's INFO stats: sync_full:%s sync_partial_ok:%s sync_partial_err:%s%n",
                    stats.get("sync_full"), stats.get("sync_partial_ok"), stats.get("sync_partial_err"));
            out.printf("   partial resyncs during the cut: %d, full syncs: %d%n", partialSyncs, fullSyncs);
            boolean inSyncAfterCut = showInSync(master, all);

            out.println();
            out.println("4. Fail over: the master stops, replica-1 is promoted, replica-2 follows replica-1");
            String oldReplid = master.replicationInfo().replid().toString();
            int failoverMark = journal.mark();
            master.close();
            out.println("   master stopped");
            replica1.promote();
            ReplicationInfo promoted = replica1.replicationInfo();
            out.printf("   replica-1 promoted (REPLICAOF NO ONE): role %s, new replication id %s%n",
                    replica1.role().infoName(), promoted.replid());
            out.printf("   it keeps the old id %s as replid2 (second_repl_offset %d),%n", promoted.replid2(),
                    promoted.secondReplOffset());
            out.println("   so replicas of the old master can continue from it (PSYNC2)");
            replica2.replicaOf("127.0.0.1", replica1.port());
            out.printf("   replica-2: REPLICAOF 127.0.0.1 %d%n", replica1.port());
            String newMaster = "127.0.0.1:" + replica1.port();
            Optional<SyncCompleted> followed = journal.await(failoverMark, REPLICA_2, SyncCompleted.class,
                    s -> s.master().equals(newMaster), STEP_TIMEOUT);
            int fullSyncsDuringFailover = countStarted(failoverMark, REPLICA_2, SyncKind.FULL);
            out.println("   " + followed.map(s -> "replica-2 follows replica-1 after a " + s.kind() + " resync"
                    + (s.kind() == SyncKind.PARTIAL ? " (PSYNC2: it continued from the shared history)"
                            : " (it did not continue: the whole dataset was sent again)"))
                    .orElse("replica-2 did NOT sync with replica-1 within " + seconds(STEP_TIMEOUT)));
            replica1.set("written-after-failover", "the new master takes writes");
            replica1.incr("counter");
            out.println("   the new master takes writes; replica-2 receives them");
            boolean inSyncAfterFailover = showInSync(replica1, nodes(replica1, replica2));
            if (!oldReplid.equals(promoted.replid2().toString())) {
                out.println("   NOTE: replid2 " + promoted.replid2() + " is not the old master's id " + oldReplid);
            }

            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            DemoResult result = new DemoResult(inSyncAfterWrites, partialSyncs, fullSyncs, inSyncAfterCut,
                    followed.map(SyncCompleted::kind), fullSyncsDuringFailover, inSyncAfterFailover, elapsed);
            out.println();
            out.printf("Finished in %.1f s: %s%n", elapsed.toMillis() / 1000.0, result.claimsHold()
                    ? "every claim above held." : "NOT every claim held (see above).");
            return result;
        }
    }

    private ReplicatedKeyspace.Builder node(String name) {
        return ReplicatedKeyspace.builder().name(name).port(0).listener(e -> journal.record(name, e));
    }

    private static Map<String, ReplicatedKeyspace> nodes(ReplicatedKeyspace... nodes) {
        Map<String, ReplicatedKeyspace> byName = new LinkedHashMap<>();
        for (ReplicatedKeyspace n : nodes) {
            byName.put(n.name(), n);
        }
        return byName;
    }

    /**
     * Waits until the master's replicas acknowledged its offset (as {@code WAIT} does), then
     * prints every node's offset and digest; true when they all equal the master's.
     */
    private boolean showInSync(ReplicatedKeyspace master, Map<String, ReplicatedKeyspace> nodes)
            throws InterruptedException {
        boolean acknowledged = master.awaitSynced(STEP_TIMEOUT);
        long offset = master.masterReplOffset();
        String digest = master.digest();
        boolean same = acknowledged;
        out.printf("   %-10s %-7s %8s  %s%n", "node", "role", "offset", "digest (DEBUG DIGEST)");
        for (ReplicatedKeyspace n : nodes.values()) {
            long o = n.masterReplOffset();
            String d = n.digest();
            same &= o == offset && d.equals(digest);
            out.printf("   %-10s %-7s %8d  %s%n", n.name(), n.role().infoName(), o, d);
        }
        out.println(same ? "   => in sync: same offsets, same digests"
                : "   => NOT in sync" + (acknowledged ? "" : " (the replicas did not acknowledge in time)"));
        return same;
    }

    private int countStarted(int mark, String node, SyncKind kind) {
        return (int) journal.since(mark, node, SyncStarted.class).stream().filter(s -> s.kind() == kind).count();
    }

    private static int count(List<SyncCompleted> syncs, SyncKind kind) {
        return (int) syncs.stream().filter(s -> s.kind() == kind).count();
    }

    /** {@code CLIENT KILL TYPE master} over RESP, as an operator would send it with redis-cli. */
    private static long clientKillTypeMaster(ReplicatedKeyspace replica) throws IOException {
        try (BlockingRespClient client = BlockingRespClient.connect("127.0.0.1", replica.port(), STEP_TIMEOUT)) {
            RespFrame reply = client.call("CLIENT", "KILL", "TYPE", "master");
            if (reply instanceof RespInteger n) {
                return n.value();
            }
            throw new IOException("CLIENT KILL TYPE master replied " + reply);
        }
    }

    /** One section of {@code INFO} over RESP, as {@code field → value}. */
    private static Map<String, String> info(ReplicatedKeyspace node, String section) throws IOException {
        try (BlockingRespClient client = BlockingRespClient.connect("127.0.0.1", node.port(), STEP_TIMEOUT)) {
            RespFrame reply = client.call("INFO", section);
            if (!(reply instanceof RespBulkString text)) {
                throw new IOException("INFO " + section + " replied " + reply);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : text.asString().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
            return fields;
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
