/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import static dev.tandem.replication.internal.replica.HandshakeHandlerTest.get;
import static dev.tandem.replication.internal.replica.LinkTransitionsTest.snapshotOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.replication.DisklessLoad;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.internal.history.ReplicationHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repl-diskless-load} as Redis 7.0.15's {@code readSyncBulkPayload}: {@code disabled}
 * spools to a temp file in {@code dir} and replaces the data set only once the file is complete
 * and valid; {@code on-empty-db} loads from the socket only into an empty data set; {@code swapdb}
 * loads beside the old data set and, when both would not fit, flushes it first with a WARN line and
 * a {@link ReplicationEvent.LoadFallback}.
 */
class DisklessLoadModesTest {

    private static final String MARK = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private ReplicaSide replica(DisklessLoad mode, String... oldKeyValues) {
        ReplicaSide r = new ReplicaSide(ReplicationConfig.builder().replDisklessLoad(mode).build(), false)
                .throughHandshake();
        r.t.context.syncDirectory(() -> dir);
        for (int i = 0; i < oldKeyValues.length; i += 2) {
            r.t.keyspace.execute(ClientState.master(), "SET", oldKeyValues[i], oldKeyValues[i + 1]);
        }
        return r;
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("temp-")).toList();
        }
    }

    /** Keys {@code new:<i>} with {@link #value}s that RDB's LZF cannot shrink, so the payload is as large as the data. */
    private static byte[] bigSnapshot(ReplicationId replid, int keys, int valueBytes) {
        String[] kv = new String[keys * 2];
        for (int i = 0; i < keys; i++) {
            kv[2 * i] = "new:" + i;
            kv[2 * i + 1] = value(i, valueBytes);
        }
        return snapshotOf(replid, 7, kv);
    }

    private static String value(int seed, int length) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('!' + random.nextInt(90)));
        }
        return b.toString();
    }

    private static ReplicationEvent.LoadFallback awaitFallback(ReplicaSide r) {
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> r.t.events.stream().anyMatch(ReplicationEvent.LoadFallback.class::isInstance));
        return r.t.events.stream().filter(ReplicationEvent.LoadFallback.class::isInstance)
                .map(ReplicationEvent.LoadFallback.class::cast).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ disabled

    @Test
    void disabledSpoolsToATempFileInDirWhileTheOldDataServes() throws IOException {
        try (ReplicaSide r = replica(DisklessLoad.DISABLED, "old", "data")) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 7, "a", "1");
            r.receive("+FULLRESYNC " + masterId + " 7\r\n$" + rdb.length + "\r\n");
            r.receive(Arrays.copyOf(rdb, rdb.length - 4));

            List<Path> spooled = tempFiles();
            assertEquals(1, spooled.size(), "Redis's temp-<unixtime>.<pid>.rdb");
            assertTrue(spooled.get(0).getFileName().toString()
                    .matches("temp-\\d+\\." + ProcessHandle.current().pid() + "\\.rdb"), spooled.toString());
            assertEquals(rdb.length - 4, Files.size(spooled.get(0)));
            assertEquals("data", get(r, "old"), "the old data serves until the file is complete");
            assertFalse(r.t.context.loadingFromDisk());

            r.receive(Arrays.copyOfRange(rdb, rdb.length - 4, rdb.length));

            assertNull(get(r, "old"));
            assertEquals("1", get(r, "a"));
            assertEquals(masterId, r.t.context.history().replid());
            assertInstanceOf(LinkState.Streaming.class, r.state());
            assertEquals(List.of(), tempFiles(), "the temp file is removed once loaded");
            assertFalse(r.t.context.loadingFromDisk());
        }
    }

    @Test
    void disabledKeepsTheOldDataWhenTheSpooledPayloadIsCorrupt() throws IOException {
        try (ReplicaSide r = replica(DisklessLoad.DISABLED, "old", "data")) {
            ReplicationHistory before = r.t.context.history();
            byte[] rdb = snapshotOf(ReplicationId.random(), 7, "a", "1");
            rdb[rdb.length - 1] ^= 0x55;
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 7\r\n$" + rdb.length + "\r\n");
            r.receive(rdb);

            assertEquals("data", get(r, "old"), "checked before the old data set is flushed (Redis flushes first)");
            assertNull(get(r, "a"));
            assertEquals(before, r.t.context.history());
            assertInstanceOf(LinkState.Backoff.class, r.state());
            assertEquals(List.of(), tempFiles());
            assertFalse(r.t.context.loadingFromDisk());
        }
    }

    @Test
    void disabledReadsAnEofMarkedPayloadIntoTheFileToo() throws IOException {
        try (ReplicaSide r = replica(DisklessLoad.DISABLED, "old", "data")) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 7, "a", "1");
            r.receive("+FULLRESYNC " + masterId + " 7\r\n$EOF:" + MARK + "\r\n");
            r.receive(rdb);
            assertEquals(1, tempFiles().size());
            assertEquals("data", get(r, "old"));

            r.receive(MARK.getBytes(StandardCharsets.US_ASCII));

            assertEquals("1", get(r, "a"));
            assertNull(get(r, "old"));
            assertEquals(List.of(), tempFiles());
        }
    }

    // ------------------------------------------------------------------ on-empty-db

    @Test
    void onEmptyDbSpoolsWhileTheReplicaHoldsKeys() throws IOException {
        try (ReplicaSide r = replica(DisklessLoad.ON_EMPTY_DB, "old", "data")) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 7, "a", "1");
            r.receive("+FULLRESYNC " + masterId + " 7\r\n$" + rdb.length + "\r\n");
            r.receive(Arrays.copyOf(rdb, rdb.length - 1));

            assertEquals(1, tempFiles().size());
            assertEquals("data", get(r, "old"));

            r.receive(Arrays.copyOfRange(rdb, rdb.length - 1, rdb.length));
            assertEquals("1", get(r, "a"));
            assertEquals(List.of(), tempFiles());
        }
    }

    @Test
    void onEmptyDbLoadsAnEmptyReplicaFromTheSocketAsLoading() throws IOException {
        try (ReplicaSide r = replica(DisklessLoad.ON_EMPTY_DB)) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 7, "a", "1");
            r.receive("+FULLRESYNC " + masterId + " 7\r\n$" + rdb.length + "\r\n");
            r.receive(Arrays.copyOf(rdb, rdb.length - 1));

            assertEquals(List.of(), tempFiles(), "straight from the socket");
            assertTrue(r.t.context.loadingFromDisk(), "Redis's loading:1 (commands get -LOADING)");

            r.receive(Arrays.copyOfRange(rdb, rdb.length - 1, rdb.length));
            assertEquals("1", get(r, "a"));
            assertFalse(r.t.context.loadingFromDisk());
            assertInstanceOf(LinkState.Streaming.class, r.state());
        }
    }

    @Test
    void onEmptyDbClearsTheLoadingStateWhenTheLoadFails() {
        try (ReplicaSide r = replica(DisklessLoad.ON_EMPTY_DB)) {
            byte[] rdb = snapshotOf(ReplicationId.random(), 7, "a", "1");
            rdb[rdb.length - 1] ^= 0x55;
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 7\r\n$" + rdb.length + "\r\n");
            r.receive(rdb);

            assertFalse(r.t.context.loadingFromDisk());
            assertInstanceOf(LinkState.Backoff.class, r.state());
            assertFalse(r.link.hasCachedHistory(), "the next sync is a full one");
        }
    }

    // ------------------------------------------------------------------ swapdb

    @Test
    void swapdbLoadsBesideTheOldDataWithoutATempFile() throws IOException {
        try (ReplicaSide r = replica(DisklessLoad.SWAPDB, "old", "data")) {
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = snapshotOf(masterId, 7, "a", "1");
            r.receive("+FULLRESYNC " + masterId + " 7\r\n$" + rdb.length + "\r\n");
            r.receive(Arrays.copyOf(rdb, rdb.length - 1));

            assertEquals(List.of(), tempFiles());
            assertEquals("data", get(r, "old"));
            assertFalse(r.t.context.loadingFromDisk());

            r.receive(Arrays.copyOfRange(rdb, rdb.length - 1, rdb.length));
            assertEquals("1", get(r, "a"));
            assertNull(get(r, "old"));
            assertFalse(r.t.events.stream().anyMatch(ReplicationEvent.LoadFallback.class::isInstance));
        }
    }

    @Test
    void swapdbFallsBackToFlushThenLoadWhenThePayloadLengthDoesNotFitBesideTheOldData() {
        try (ReplicaSide r = replica(DisklessLoad.SWAPDB, "old", "data")) {
            ReplicationHistory before = r.t.context.history();
            long used = r.t.keyspace.usedMemory();
            r.t.keyspace.eviction().maxmemory(used + 1000);
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = bigSnapshot(masterId, 20, 100); // well over 1000 bytes of payload
            r.receive("+FULLRESYNC " + masterId + " 7\r\n$" + rdb.length + "\r\n");

            ReplicationEvent.LoadFallback fallback = awaitFallback(r);
            assertEquals(ReplicaSide.MASTER_NAME, fallback.master());
            assertTrue(fallback.reason().contains("would exceed maxmemory (" + (used + 1000) + " bytes)"),
                    fallback.reason());
            assertNull(get(r, "old"), "flushed before the load");
            assertTrue(r.t.context.loadingFromDisk());
            assertNotEquals(before.replid(), r.t.context.history().replid(), "nobody continues the dropped history");

            r.receive(rdb);
            assertEquals(value(19, 100), get(r, "new:19"));
            assertEquals(masterId, r.t.context.history().replid());
            assertFalse(r.t.context.loadingFromDisk());
            assertInstanceOf(LinkState.Streaming.class, r.state());
        }
    }

    @Test
    void swapdbFallsBackMidLoadWhenAnEofPayloadGrowsPastTheHeadroom() {
        try (ReplicaSide r = replica(DisklessLoad.SWAPDB, "old", "data")) {
            r.t.keyspace.eviction().maxmemory(r.t.keyspace.usedMemory() + 20_000);
            ReplicationId masterId = ReplicationId.random();
            byte[] rdb = bigSnapshot(masterId, 200, 200); // about 50 KB once loaded
            r.receive("+FULLRESYNC " + masterId + " 7\r\n$EOF:" + MARK + "\r\n");
            assertEquals("data", get(r, "old"), "an $EOF: payload announces no size");
            assertFalse(r.t.events.stream().anyMatch(ReplicationEvent.LoadFallback.class::isInstance));

            for (int i = 0; i < rdb.length; i += 1024) {
                r.receive(Arrays.copyOfRange(rdb, i, Math.min(rdb.length, i + 1024)));
            }
            assertTrue(awaitFallback(r).reason().contains("exceed maxmemory"));
            assertNull(get(r, "old"));

            r.receive(MARK.getBytes(StandardCharsets.US_ASCII));
            assertEquals(value(199, 200), get(r, "new:199"));
            assertInstanceOf(LinkState.Streaming.class, r.state());
        }
    }

    @Test
    void aFailedLoadAfterTheFallbackLeavesAnEmptyDataSetAndAFullSyncNext() {
        try (ReplicaSide r = replica(DisklessLoad.SWAPDB, "old", "data")) {
            r.t.keyspace.eviction().maxmemory(r.t.keyspace.usedMemory() + 1000);
            byte[] rdb = bigSnapshot(ReplicationId.random(), 20, 100);
            rdb[rdb.length - 1] ^= 0x55;
            r.receive("+FULLRESYNC " + ReplicationId.random() + " 7\r\n$" + rdb.length + "\r\n");
            r.receive(rdb);

            assertNull(get(r, "old"));
            assertNull(get(r, "new:0"));
            assertFalse(r.t.context.loadingFromDisk());
            assertFalse(r.link.hasCachedHistory());
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> r.t.events.stream().anyMatch(ReplicationEvent.SyncFailed.class::isInstance));
        }
    }

    @Test
    void theHeadroomArithmetic() {
        LoadHeadroom heap = new LoadHeadroom(800, 300); // reserve 100: 400 may still come
        assertNull(heap.shortfall(200, 400, 0, 0));
        assertTrue(heap.shortfall(200, 401, 0, 0).contains("less than 100 bytes of the JVM's 800-byte heap free"));
        assertNull(heap.shortfall(200, 450, 50, 0), "what is loaded already is in the used heap");
        assertTrue(heap.shortfall(200, 300, 0, 499).contains("exceed maxmemory (499 bytes)"));
        assertEquals(1000, LoadHeadroom.predicted(1000, 2, 0));
        assertEquals(10 * LoadHeadroom.MIN_BYTES_PER_KEY, LoadHeadroom.predicted(-1, 10, 0));
        assertEquals(5000, LoadHeadroom.predicted(1000, 2, 5000));
        assertEquals(Long.MAX_VALUE, LoadHeadroom.predicted(-1, Long.MAX_VALUE, 0), "a hostile hint does not overflow");
    }
}
