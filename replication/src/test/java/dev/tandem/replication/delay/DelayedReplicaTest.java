/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.CustomCommand;
import dev.tandem.replication.DelayedReplication;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.Role;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.internal.sim.SimulatedNetwork;
import dev.tandem.replication.spi.NodeAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed replicas ({@code replica-delay}) on the deterministic simulation: every node runs on
 * one event loop with a virtual clock, so "ten seconds later" is {@code runFor}, never a sleep,
 * and every assertion about due times is exact.
 */
class DelayedReplicaTest {

    private static final Duration DELAY = Duration.ofSeconds(10);

    private final SimulatedNetwork network = new SimulatedNetwork(19);
    private final List<ReplicatedKeyspace> nodes = new ArrayList<>();
    private final List<ReplicationEvent> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path spillDir;

    @AfterEach
    void closeAll() {
        for (ReplicatedKeyspace n : nodes) {
            network.freeRun(n::close);
        }
        network.close();
    }

    private ReplicatedKeyspace node(String name, UnaryOperator<ReplicatedKeyspace.Builder> custom) {
        ReplicatedKeyspace.Builder b = NodeInternals.runtime(ReplicatedKeyspace.builder().name(name)
                .transport(network.transport(name)), network.runtime(name))
                .snapshotFormat(RdbSnapshotFormat.defaults().withHeaderClock(network.wallClock()))
                .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .replicaDelaySpillDirectory(spillDir)
                // No heartbeat PINGs: they are units too, and would make the counts below depend
                // on how long a test runs. The link stays up without them for the tests' length.
                .directive("repl-ping-replica-period", "3600")
                .directive("repl-timeout", "3600")
                .command(new CustomCommand("setpair", 5, true, inv -> {
                    // Two writes in one command: propagated as one MULTI/EXEC unit.
                    inv.call("SET", inv.arg(1), inv.arg(2));
                    inv.call("SET", inv.arg(3), inv.arg(4));
                    return Reply.OK;
                }))
                .listener(e -> events.add(e));
        ReplicatedKeyspace node = custom.apply(b).build();
        network.freeRun(node::start);
        nodes.add(node);
        return node;
    }

    private ReplicatedKeyspace master() {
        return node("m", b -> b);
    }

    private ReplicatedKeyspace delayed(String name, String upstream, UnaryOperator<ReplicatedKeyspace.Builder> more) {
        ReplicatedKeyspace r = node(name, b -> more.apply(b.replicaDelay(DELAY).replicaOf(NodeAddress.local(upstream))));
        awaitLinkUp(r);
        // The master's first unit is its SELECT: let it (and a marker) become due, so the tests
        // count only their own units.
        nodes.get(0).database(0).execute("SET", "warm", "up");
        network.runFor(DELAY.plusMillis(200));
        assertEquals(0, r.delayedReplication().status().pendingUnits());
        assertEquals("up", get(r, "warm"));
        return r;
    }

    private void awaitLinkUp(ReplicatedKeyspace r) {
        for (int i = 0; i < 100 && !linkUp(r); i++) {
            network.runFor(Duration.ofMillis(100));
        }
        assertTrue(linkUp(r), () -> "link of " + r.name() + " up: " + r.replicationInfo());
    }

    private static boolean linkUp(ReplicatedKeyspace r) {
        ReplicationInfo.MasterLink link = r.replicationInfo().masterLink();
        return link != null && link.linkUp();
    }

    private static String get(ReplicatedKeyspace node, String key) {
        Reply reply = node.database(0).execute("GET", key);
        return reply instanceof Reply.BulkReply bulk ? bulk.utf8() : null;
    }

    private void set(ReplicatedKeyspace node, String key, String value) {
        node.database(0).execute("SET", key, value);
        network.runUntilIdle();
    }

    @Test
    void unitsAreAppliedNoEarlierThanTheirDueTimeInOrder() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        long start = network.elapsedMillis();
        for (int i = 1; i <= 5; i++) {
            m.database(0).execute("RPUSH", "list", Integer.toString(i));
            network.runFor(Duration.ofMillis(1000)); // unit i arrives at about start + (i-1) s
        }
        // All five were received at once (ACK), none applied: the delay is 10 s.
        assertEquals(m.masterReplOffset(), r.delayedReplication().status().receivedOffset());
        assertEquals(5, r.delayedReplication().status().pendingUnits());
        assertEquals(0L, length(r, "list"));
        // Walk the clock: exactly the units received at least 10 s ago are applied, in order.
        for (int i = 1; i <= 5; i++) {
            long dueAt = start + DELAY.toMillis() + (i - 1) * 1000L;
            network.runFor(Duration.ofMillis(dueAt - network.elapsedMillis() - 50));
            assertEquals(i - 1, length(r, "list"), "before unit " + i + " is due");
            network.runFor(Duration.ofMillis(150));
            assertEquals(i, length(r, "list"), "after unit " + i + " is due");
        }
        assertEquals(List.of("1", "2", "3", "4", "5"), range(r, "list"));
        assertEquals(m.digest(), r.digest());
        assertEquals(m.masterReplOffset(), r.masterReplOffset());
    }

    @Test
    void aMultiExecUnitIsAppliedWhole() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        m.database(0).execute("SETPAIR", "a", "1", "b", "2");
        network.runUntilIdle();
        List<DelayedReplication.PendingUnit> pending = r.delayedReplication().pending(10, 0);
        assertEquals(1, pending.size(), "one unit: " + pending);
        List<String> names = pending.get(0).commands().stream().map(c -> c.get(0).toLowerCase()).toList();
        assertEquals(List.of("multi", "set", "set", "exec"), names);
        network.runFor(DELAY.minusMillis(100));
        assertNull(get(r, "a"));
        assertNull(get(r, "b"));
        network.runFor(Duration.ofMillis(200));
        assertEquals("1", get(r, "a"));
        assertEquals("2", get(r, "b"));
    }

    @Test
    void acksReportTheReceivedOffsetSoTheMasterSeesTheReplicaInSync() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        for (int i = 0; i < 50; i++) {
            m.database(0).execute("INCR", "n");
        }
        network.runFor(Duration.ofMillis(1500)); // one ACK period
        long masterOffset = m.masterReplOffset();
        ReplicationInfo.ConnectedReplica seen = m.replicationInfo().replicas().get(0);
        assertEquals(masterOffset, seen.ackOffset(), "the master's view of the delayed replica");
        assertEquals(masterOffset, m.delayedReplication().status().appliedOffset());
        ReplicationInfo info = r.replicationInfo();
        assertEquals(masterOffset, info.masterLink().replOffset(), "slave_repl_offset is the received offset");
        assertTrue(info.masterReplOffset() < masterOffset, "master_repl_offset is the applied offset");
        assertEquals(info.masterReplOffset(), info.masterLink().delay().applyOffset());
        String text = info.toString();
        assertTrue(text.contains("slave_apply_offset:" + info.masterReplOffset() + "\r\n"), text);
        assertTrue(text.contains("replica_delay:10000\r\n"), text);
        assertTrue(text.contains("delayed_units:50\r\n"), text);
        assertTrue(text.contains("apply_lag_seconds:1\r\n"), text);
        // min-replicas keeps counting the delayed replica as good.
        m.reconfigure(java.util.Map.of("min-replicas-to-write", "1", "min-replicas-max-lag", "10"));
        network.runFor(Duration.ofMillis(1100));
        assertEquals(java.util.OptionalInt.of(1), m.replicationInfo().minSlavesGoodSlaves());
        assertFalse(m.database(0).execute("SET", "x", "y") instanceof Reply.ErrorReply);
    }

    @Test
    void aReplicaWithoutDelayReportsRedisFieldsOnly() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = node("plain", b -> b.replicaOf(NodeAddress.local("m")));
        awaitLinkUp(r);
        set(m, "k", "v");
        assertEquals("v", get(r, "k"));
        assertNull(r.replicationInfo().masterLink().delay());
        assertFalse(r.replicationInfo().toString().contains("slave_apply_offset"));
    }

    @Test
    void spillsBeyondTheMemoryLimitAndReadsBackInOrder() throws Exception {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b.directive("replica-delay-buffer-memory", "16kb"));
        String value = "x".repeat(200);
        for (int i = 0; i < 2000; i++) {
            m.database(0).execute("RPUSH", "log", i + ":" + value);
            if (i % 100 == 0) {
                network.runUntilIdle();
            }
        }
        network.runUntilIdle();
        var delay = NodeInternals.of(r).context().delay();
        DelayedReplication.Status status = r.delayedReplication().status();
        assertEquals(2000, status.pendingUnits());
        assertTrue(status.spilledBytes() > 300_000, "spilled: " + status);
        assertTrue(delay.memoryHeapBytes() <= 16 * 1024, "heap held: " + delay.memoryHeapBytes());
        try (Stream<Path> files = Files.list(spillDir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("tandem-delay-r-")).count());
        }
        assertTrue(r.replicationInfo().toString().contains("delayed_spilled_bytes:" + status.spilledBytes()));
        // PENDING reads into the file without consuming it.
        List<DelayedReplication.PendingUnit> far = r.delayedReplication().pending(2, status.receivedOffset() - 600);
        assertFalse(far.isEmpty());
        // Apply while bounding the heap: check it at every step of the drain.
        long maxHeap = 0;
        for (int i = 0; i < 40 && r.delayedReplication().status().pendingUnits() > 0; i++) {
            network.runFor(Duration.ofMillis(500));
            maxHeap = Math.max(maxHeap, delay.memoryHeapBytes());
        }
        assertEquals(0, r.delayedReplication().status().pendingUnits());
        assertTrue(maxHeap <= 16 * 1024, "heap while reading back: " + maxHeap);
        assertEquals(2000L, length(r, "log"));
        List<String> items = range(r, "log");
        for (int i = 0; i < 2000; i++) {
            assertEquals(i + ":" + value, items.get(i));
        }
        assertEquals(m.digest(), r.digest());
        assertEquals(m.masterReplOffset(), r.masterReplOffset());
    }

    @Test
    void aReconnectContinuesAfterTheReceivedOffsetKeepingThePendingStream() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        for (int i = 0; i < 20; i++) {
            m.database(0).execute("INCR", "n");
        }
        network.runUntilIdle();
        long received = r.delayedReplication().status().receivedOffset();
        assertEquals(20, r.delayedReplication().status().pendingUnits());
        events.clear();
        network.cut("r->m");
        network.runFor(Duration.ofMillis(50));
        for (int i = 0; i < 10; i++) {
            m.database(0).execute("INCR", "n");
        }
        awaitLinkUp(r);
        network.runUntilIdle();
        assertTrue(events.stream().anyMatch(e -> e instanceof ReplicationEvent.SyncStarted s
                && s.kind() == SyncKind.PARTIAL && s.offset() == received), () -> "partial resync from " + received + ": " + events);
        assertFalse(events.stream().anyMatch(e -> e instanceof ReplicationEvent.SyncStarted s && s.kind() == SyncKind.FULL));
        assertEquals(30, r.delayedReplication().status().pendingUnits());
        assertNull(get(r, "n"));
        network.runFor(DELAY.plusSeconds(1));
        assertEquals("30", get(r, "n"));
        assertEquals(m.digest(), r.digest());
    }

    @Test
    void aFullSyncDropsThePendingUnitsAndLoadsAtOnce() {
        ReplicatedKeyspace m = node("m", b -> b.directive("repl-backlog-size", "16kb").backlogChunkSize(1024));
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        for (int i = 0; i < 5; i++) {
            m.database(0).execute("INCR", "n");
        }
        network.runUntilIdle();
        assertEquals(5, r.delayedReplication().status().pendingUnits());
        network.refuse("r->m");
        network.cut("r->m");
        network.runFor(Duration.ofMillis(50));
        for (int i = 0; i < 400; i++) { // far more than the 16 KB backlog: a partial resync is impossible
            m.database(0).execute("SET", "k" + i, "v".repeat(100));
        }
        network.heal("r->m");
        awaitLinkUp(r);
        network.runUntilIdle();
        assertEquals(0, r.delayedReplication().status().pendingUnits());
        assertEquals(m.digest(), r.digest(), "the snapshot loaded at once");
        assertTrue(r.replicationInfo().toString().contains("delayed_full_syncs:2\r\n"),
                "the first sync and this one: " + r.replicationInfo());
        // The stream after the snapshot is delayed again.
        set(m, "after", "1");
        assertNull(get(r, "after"));
        network.runFor(DELAY.plusMillis(200));
        assertEquals("1", get(r, "after"));
    }

    @Test
    void aChainBelowADelayedReplicaFollowsTheAppliedStreamByteForByte() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        ReplicatedKeyspace sub = node("sub", b -> b.replicaOf(NodeAddress.local("r")));
        awaitLinkUp(sub);
        for (int i = 0; i < 30; i++) {
            m.database(i % 3).execute("SET", "k" + i, "v" + i);
            m.database(0).execute("SETPAIR", "p" + i, "a", "q" + i, "b");
            network.runFor(Duration.ofMillis(300));
        }
        network.runUntilIdle();
        // Mid-way: the chain is exactly as far as the delayed replica has applied, never further.
        assertEquals(r.masterReplOffset(), sub.masterReplOffset());
        assertEquals(r.digest(), sub.digest());
        assertNotEquals(m.digest(), r.digest());
        network.runFor(DELAY.plusSeconds(1));
        assertEquals(m.digest(), r.digest());
        assertEquals(r.digest(), sub.digest());
        assertEquals(m.masterReplOffset(), r.masterReplOffset());
        assertEquals(r.masterReplOffset(), sub.masterReplOffset());
        assertEquals(r.replicationInfo().replid(), sub.replicationInfo().replid());
    }

    @Test
    void theRecoveryRecipeRestoresTheDataSetJustBeforeTheMistake() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        for (int i = 0; i < 100; i++) {
            m.database(i % 4).execute("HSET", "h" + (i % 10), "f" + i, "v" + i);
            m.database(0).execute("SETPAIR", "a" + i, "x", "b" + i, "y");
        }
        network.runFor(Duration.ofSeconds(3));
        String beforeMistake = m.digest();
        m.database(0).execute("FLUSHALL");
        set(m, "after-the-mistake", "1");
        network.runFor(Duration.ofSeconds(2));
        // The operator notices within the delay: pause, find the FLUSHALL, apply up to it, promote.
        DelayedReplication delay = r.delayedReplication();
        delay.pause();
        network.runFor(DELAY); // paused: nothing is applied however long it waits
        long flushAt = -1;
        long from = 0;
        while (flushAt < 0) {
            List<DelayedReplication.PendingUnit> page = delay.pending(50, from);
            assertFalse(page.isEmpty(), "the FLUSHALL must be pending");
            for (DelayedReplication.PendingUnit unit : page) {
                if (unit.commands().get(0).get(0).equalsIgnoreCase("flushall")) {
                    flushAt = unit.startOffset();
                    break;
                }
                from = unit.startOffset() + 1;
            }
        }
        long applied = delay.applyUntil(flushAt);
        assertTrue(applied > 0);
        assertEquals(flushAt - 1, r.masterReplOffset());
        assertTrue(delay.status().paused());
        assertEquals(beforeMistake, r.digest());
        network.freeRun(r::promote);
        network.runUntilIdle();
        assertEquals(Role.MASTER, r.replicationInfo().isReplica() ? Role.REPLICA : Role.MASTER);
        assertEquals(beforeMistake, r.digest(), "the promoted replica holds the data set just before the FLUSHALL");
        assertEquals(0, delay.status().pendingUnits(), "the units from the FLUSHALL on were discarded");
        assertEquals(flushAt - 1, r.masterReplOffset(), "the new history continues from the applied offset");
        assertEquals(m.replicationInfo().replid(), r.replicationInfo().replid2());
        network.runFor(DELAY.plusSeconds(1));
        assertEquals(beforeMistake, r.digest());
        assertTrue(r.database(0).execute("SET", "writable", "yes") instanceof Reply.SimpleReply);
    }

    @Test
    void skipDropsOneUnitAndDetachesWithAHistoryOfItsOwn() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        set(m, "a", "1");
        m.database(0).execute("DEL", "a");
        set(m, "b", "2");
        DelayedReplication delay = r.delayedReplication();
        List<DelayedReplication.PendingUnit> pending = delay.pending(10, 0);
        DelayedReplication.PendingUnit del = pending.stream()
                .filter(u -> u.commands().get(0).get(0).equalsIgnoreCase("del")).findFirst().orElseThrow();
        var oldId = r.replicationInfo().replid();
        assertThrows(IllegalArgumentException.class, () -> delay.skip(del.startOffset() + 1), "not a unit boundary");
        events.clear();
        delay.skip(del.startOffset());
        network.runUntilIdle();
        assertTrue(delay.status().detached());
        assertNotEquals(oldId, r.replicationInfo().replid());
        assertFalse(linkUp(r));
        assertTrue(events.stream().anyMatch(e -> e instanceof ReplicationEvent.LinkDown d && d.reason().contains("SKIP")),
                () -> "events: " + events);
        set(m, "c", "3"); // not received any more: the link is parked
        network.runFor(DELAY.plusSeconds(2));
        assertEquals("1", get(r, "a"), "the DEL was skipped");
        assertEquals("2", get(r, "b"), "the units after it were applied when due");
        assertNull(get(r, "c"));
        assertFalse(linkUp(r), "detached: no reconnect");
    }

    @Test
    void aLoweredDelayAppliesWhatIsNowDueAndZeroAppliesEverything() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        set(m, "k", "v");
        network.runFor(Duration.ofSeconds(3));
        assertNull(get(r, "k"));
        network.freeRun(() -> r.reconfigure(java.util.Map.of("replica-delay", "2000")));
        network.runFor(Duration.ofMillis(200));
        assertEquals("v", get(r, "k"));
        m.database(0).execute("SET", "k", "w");
        network.runFor(Duration.ofMillis(100));
        network.freeRun(() -> r.reconfigure(java.util.Map.of("replica-delay", "0")));
        network.runFor(Duration.ofMillis(200));
        assertEquals("w", get(r, "k"));
        set(m, "k", "now");
        assertEquals("now", get(r, "k"), "delay 0: applied on arrival again");
    }

    @Test
    void pauseHoldsAndResumeAppliesWhatIsDue() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        DelayedReplication delay = r.delayedReplication();
        delay.pause();
        set(m, "k", "v");
        network.runFor(DELAY.plusSeconds(5));
        assertNull(get(r, "k"));
        assertEquals(1, delay.status().pendingUnits());
        delay.resume();
        network.runFor(Duration.ofMillis(50));
        assertEquals("v", get(r, "k"));
        // APPLY-UNTIL TIME: everything received before the time, then paused.
        long t1 = network.wallClockMillis();
        set(m, "k", "w");
        network.runFor(Duration.ofMillis(10));
        long t2 = network.wallClockMillis();
        set(m, "k", "x");
        assertEquals(1, delay.applyUntilTime(t2));
        assertTrue(t2 > t1);
        assertEquals("w", get(r, "k"));
        assertTrue(delay.status().paused());
    }

    @Test
    void badInputGetsClearErrors() {
        ReplicatedKeyspace m = master();
        ReplicatedKeyspace r = delayed("r", "m", b -> b);
        set(m, "k", "v");
        DelayedReplication delay = r.delayedReplication();
        long applied = delay.status().appliedOffset();
        IllegalArgumentException behind = assertThrows(IllegalArgumentException.class, () -> delay.applyUntil(applied));
        assertTrue(behind.getMessage().contains("applied offset"), behind.getMessage());
        assertThrows(IllegalArgumentException.class, () -> delay.skip(applied));
        assertEquals(1, delay.status().pendingUnits(), "nothing applied by a refused call");
        assertThrows(ConfigException.class, () -> r.reconfigure(java.util.Map.of("replica-delay", "-1")));
        assertThrows(ConfigException.class, () -> r.reconfigure(java.util.Map.of("replica-delay", "2592000001")));
        assertThrows(ConfigException.class, () -> ReplicatedKeyspace.builder().replicaDelay(Duration.ofMillis(-1)));
        assertThrows(ConfigException.class, () -> ReplicatedKeyspace.builder().replicaDelay(Duration.ofDays(31)));
        assertThrows(ConfigException.class, () -> r.reconfigure(java.util.Map.of("replica-delay-buffer-memory", "0")));
    }

    private static long length(ReplicatedKeyspace node, String key) {
        return ((Reply.IntegerReply) node.database(0).execute("LLEN", key)).value();
    }

    private static List<String> range(ReplicatedKeyspace node, String key) {
        Reply reply = node.database(0).execute("LRANGE", key, "0", "-1");
        List<String> out = new ArrayList<>();
        for (Reply item : ((Reply.ArrayReply) reply).items()) {
            out.add(((Reply.BulkReply) item).utf8());
        }
        return out;
    }
}
