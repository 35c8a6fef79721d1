/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.SyncKind;
import dev.tandem.replication.spi.Transport;
import dev.tandem.replication.spi.TransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public fault-injecting decorator on a real replica link, over both built-in transports. */
class FaultInjectingTransportTest {

    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<ReplicationEvent> replicaEvents = new CopyOnWriteArrayList<>();
    private ReplicatedKeyspace master;
    private ReplicatedKeyspace replica;
    private FaultInjectingTransport link;

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5));
    }

    private void start(boolean tcp) {
        Transport mt = transport(tcp, "fit-master");
        master = ReplicatedKeyspace.builder().name("fit-master").transport(mt).start();
        closeables.add(0, master);
        link = FaultInjectingTransport.wrap(transport(tcp, "fit-replica"));
        closeables.add(0, link);
        replica = ReplicatedKeyspace.builder().name("fit-replica").transport(link)
                .reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)))
                .listener(replicaEvents::add).replicaOf(master.address()).start();
        closeables.add(0, replica);
        await().until(() -> replica.replicationInfo().masterLink() != null && replica.replicationInfo().masterLink().linkUp());
    }

    private Transport transport(boolean tcp, String name) {
        TransportOptions options = TransportOptions.defaults().withThreadNamePrefix(name);
        Transport t = tcp ? TcpTransport.create(options) : new LocalTransport(options);
        closeables.add(t);
        return t;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private void awaitSame() {
        await().until(() -> replica.masterReplOffset() == master.masterReplOffset() && replica.digest().equals(master.digest()));
    }

    private long partialSyncs() {
        return replicaEvents.stream().filter(e -> e instanceof ReplicationEvent.SyncCompleted c && c.kind() == SyncKind.PARTIAL).count();
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void cutRefusesReconnectsUntilHealedThenThePartialResyncCatchesUp(boolean tcp) {
        start(tcp);
        master.set("before", "1");
        awaitSame();
        long partialOk = master.syncCounters().syncPartialOk();

        link.cut();
        assertTrue(link.isCut());
        await().until(() -> !replica.replicationInfo().masterLink().linkUp());
        for (int i = 0; i < 50; i++) {
            master.set("during" + i, "x");
        }
        // The replica keeps trying (20 ms back-off): every attempt is refused while cut.
        await().until(() -> link.connectionsRefused() >= 2);
        assertNull(replica.get("during0"), "nothing crosses a cut link");

        link.heal();
        awaitSame();
        assertEquals(partialOk + 1, master.syncCounters().syncPartialOk(), "the master answered +CONTINUE");
        assertEquals(1, partialSyncs());
        assertEquals(1, link.connectionsCut());
    }

    @Test
    void disconnectLetsTheReplicaReconnectAtOnce() {
        start(false);
        master.set("k", "v");
        awaitSame();
        link.disconnect();
        master.set("k", "w");
        awaitSame();
        assertEquals(2, link.connectionsOpened());
        assertEquals(0, link.connectionsRefused());
        assertEquals(1, partialSyncs());
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void stallHoldsEveryByteOnAnOpenLinkAndResumeDeliversThemInOrder(boolean tcp) {
        start(tcp);
        awaitSame();
        link.stall();
        long received = link.bytesReceived();
        for (int i = 0; i < 100; i++) {
            master.rpush("list", Integer.toString(i));
        }
        // Held, not lost: the link stays up, the replica's offset stays behind the master's.
        long lag = master.masterReplOffset() - replica.masterReplOffset();
        assertTrue(lag > 0, "lag " + lag);
        assertTrue(replica.replicationInfo().masterLink().linkUp());
        assertEquals(0, replica.llen("list"));

        link.resume();
        awaitSame();
        assertTrue(link.bytesReceived() > received);
        assertEquals(100, replica.llen("list"));
        assertEquals(0, partialSyncs(), "no reconnect: the same connection carried on");
    }

    @Test
    void aTimedStallResumesByItself() {
        start(false);
        awaitSame();
        long start = System.nanoTime();
        link.stall(Duration.ofMillis(100));
        master.set("k", "v");
        boolean stalled = link.isStalled();
        long checkedAfter = (System.nanoTime() - start) / 1_000_000;
        // On a loaded machine the check itself may come after the 100 ms.
        assertTrue(stalled || checkedAfter >= 100, "not stalled after " + checkedAfter + " ms");
        awaitSame(); // with no resume() called
        assertTrue(!link.isStalled());
    }

    @Test
    void delayHoldsEachChunkAtLeastThatLong() {
        start(false);
        awaitSame();
        link.delay(Duration.ofMillis(150));
        long start = System.nanoTime();
        master.set("k", "v");
        await().until(() -> "v".equals(replica.get("k")));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= 150, "arrived after " + tookMillis + " ms");
        link.heal();
        master.set("k", "w");
        awaitSame();
    }

    @Test
    void aBandwidthLimitSpreadsALargeWriteOverTime() {
        start(true);
        awaitSame();
        link.limitBandwidth(200_000);
        long start = System.nanoTime();
        master.set("big", "x".repeat(100_000)); // at 200 KB/s: half a second on the wire
        await().until(() -> replica.exists("big"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= 400, "100 KB at 200 KB/s arrived after " + tookMillis + " ms");
        awaitSame();
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        FaultInjectingTransport t = FaultInjectingTransport.wrap(transport(false, "fit-bad"));
        assertEquals("delay must be >= 0: PT-1S", assertThrows(IllegalArgumentException.class,
                () -> t.delay(Duration.ofSeconds(-1))).getMessage());
        assertEquals("stall must be >= 0: PT-0.001S", assertThrows(IllegalArgumentException.class,
                () -> t.stall(Duration.ofMillis(-1))).getMessage());
        assertEquals("bytesPerSecond must be >= 0 (0 = no limit): -5", assertThrows(IllegalArgumentException.class,
                () -> t.limitBandwidth(-5)).getMessage());
        assertEquals("local", t.name());
    }
}
