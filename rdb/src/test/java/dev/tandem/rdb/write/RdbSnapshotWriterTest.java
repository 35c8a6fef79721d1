/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.rdb.RdbCollector;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.RdbTypes;
import dev.tandem.rdb.RdbVisitor;
import dev.tandem.rdb.datasets.ChunkCollector;
import dev.tandem.rdb.datasets.EveryTypeDataset;
import dev.tandem.rdb.datasets.KeyspaceComparison;
import dev.tandem.rdb.datasets.RandomDatasets;
import dev.tandem.rdb.datasets.Snapshots;
import dev.tandem.testkit.TrackingAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbSnapshotWriterTest {
    /** Records the file-level events and each key's RDB type. */
    private static final class Recorder implements RdbVisitor {
        final List<String> aux = new ArrayList<>();
        final Map<String, String> auxValues = new TreeMap<>();
        final List<Integer> selects = new ArrayList<>();
        final List<long[]> resizes = new ArrayList<>();
        final Map<String, Integer> types = new TreeMap<>();

        @Override
        public void onAux(byte[] key, byte[] value) {
            String k = new String(key, StandardCharsets.UTF_8);
            aux.add(k);
            auxValues.put(k, new String(value, StandardCharsets.UTF_8));
        }

        @Override
        public void onSelectDb(int db) {
            selects.add(db);
        }

        @Override
        public void onResizeDb(long dbSize, long expiresSize) {
            resizes.add(new long[] {dbSize, expiresSize});
        }

        @Override
        public void onKeyBegin(RdbKey key) {
            types.put(key.db() + ":" + key.keyString(), key.rdbType());
        }
    }

    private static Recorder read(byte[] rdb) {
        Recorder r = new Recorder();
        RdbReader reader = new RdbReader(r);
        reader.feed(rdb);
        reader.end();
        return r;
    }

    @Test
    void headerAndAuxFieldsComeInRedisOrderWithReplicationStateLast() {
        Keyspace ks = new Keyspace();
        EveryTypeDataset.fill(ks);
        String replId = "0123456789abcdef0123456789abcdef01234567";
        RdbWriterOptions options = RdbWriterOptions.builder().replicationInfo(3, replId, 123456789L).build();
        byte[] rdb = Snapshots.write(ks, options);

        assertEquals("REDIS0009", new String(rdb, 0, 9, StandardCharsets.US_ASCII));
        Recorder r = read(rdb);
        assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "repl-stream-db", "repl-id", "repl-offset"),
                r.aux);
        assertEquals("7.0.15", r.auxValues.get("redis-ver"));
        assertEquals("64", r.auxValues.get("redis-bits"));
        long ctime = Long.parseLong(r.auxValues.get("ctime"));
        assertTrue(Math.abs(ctime - System.currentTimeMillis() / 1000) < 600, "ctime " + ctime);
        assertEquals(replId, r.auxValues.get("repl-id"));
        assertEquals("123456789", r.auxValues.get("repl-offset"));
        assertEquals("3", r.auxValues.get("repl-stream-db"));
        // redis-bits is int-encoded exactly as Redis writes it: FA, "redis-bits", C0 40.
        String hex = HexFormat.of().formatHex(rdb);
        assertTrue(hex.contains("fa0a72656469732d62697473c040"), "redis-bits as C0 40");
    }

    @Test
    void versionNineUsesOnlyTypesEveryRedisFromFiveOnLoads() {
        Keyspace ks = new Keyspace();
        EveryTypeDataset.fill(ks);
        Recorder r = read(Snapshots.write(ks, RdbWriterOptions.defaults()));
        assertEquals(21, r.types.size());
        for (Map.Entry<String, Integer> e : r.types.entrySet()) {
            assertTrue(List.of(RdbTypes.STRING, RdbTypes.LIST, RdbTypes.SET, RdbTypes.HASH, RdbTypes.ZSET_2,
                    RdbTypes.STREAM_LISTPACKS).contains(e.getValue()), e.getKey() + " written as type " + e.getValue());
        }
    }

    @Test
    void versionTenUsesTheCompactEncodingsForCompactValues() {
        Keyspace ks = new Keyspace();
        EveryTypeDataset.fill(ks);
        byte[] rdb = Snapshots.write(ks, RdbWriterOptions.builder().version(10).build());
        assertEquals("REDIS0010", new String(rdb, 0, 9, StandardCharsets.US_ASCII));
        Recorder r = read(rdb);
        assertEquals(RdbTypes.SET_INTSET, r.types.get("0:set:ints"));
        assertEquals(RdbTypes.SET, r.types.get("0:set:manyints"));
        assertEquals(RdbTypes.SET, r.types.get("0:set:strs"));
        assertEquals(RdbTypes.ZSET_LISTPACK, r.types.get("0:zset:small"));
        assertEquals(RdbTypes.ZSET_2, r.types.get("3:zset:big"));
        assertEquals(RdbTypes.HASH_LISTPACK, r.types.get("0:hash:small"));
        assertEquals(RdbTypes.HASH, r.types.get("3:hash:big"));
        assertEquals(RdbTypes.HASH, r.types.get("3:hash:longvalue"));
        assertEquals(RdbTypes.LIST_QUICKLIST_2, r.types.get("0:list:big"));
        assertEquals(RdbTypes.STREAM_LISTPACKS_2, r.types.get("0:stream:groups"));
    }

    @Test
    void chunksArriveInOrderAtTheChunkSizeAndAddUpToTheFile() {
        Keyspace ks = new Keyspace();
        RandomDatasets.fill(ks, 42, RandomDatasets.Profile.standard(300));
        ChunkCollector out = new ChunkCollector();
        RdbWriterOptions options = RdbWriterOptions.builder().chunkSize(256).build();
        RdbSnapshotWriter writer = new RdbSnapshotWriter(options, out);
        Snapshot snapshot = ks.startSnapshot(writer);
        long previousBytes = 0;
        while (snapshot.step(7)) {
            assertTrue(writer.bytesWritten() >= previousBytes, "bytesWritten never goes back");
            previousBytes = writer.bytesWritten();
        }
        byte[] rdb = out.bytes();
        List<Integer> sizes = out.chunkSizes();
        assertTrue(sizes.size() > 10, "many chunks: " + sizes.size());
        for (int i = 0; i < sizes.size() - 1; i++) {
            // Full chunks, or one handed over early because a field of at most 9 bytes did not fit.
            assertTrue(sizes.get(i) > 256 - 9 && sizes.get(i) <= 256, "chunk " + i + " has " + sizes.get(i) + " bytes");
        }
        assertEquals(rdb.length, sizes.stream().mapToLong(Integer::longValue).sum());
        assertEquals(rdb.length, writer.bytesWritten());
        assertEquals(ks.database(0).size() + ks.database(1).size() + ks.database(2).size() + ks.database(9).size()
                + ks.database(15).size(), writer.keysWritten());

        // In order: the concatenation is one valid file with a valid checksum.
        Keyspace copy = new Keyspace();
        Snapshots.load(rdb, copy);
        assertEquals(DatasetDigest.of(ks), DatasetDigest.of(copy));
    }

    @Test
    void selectDbRepeatsWhenEntriesInterleaveAndResizeDbComesOncePerDatabase() {
        ChunkCollector out = new ChunkCollector();
        RdbSnapshotWriter w = new RdbSnapshotWriter(RdbWriterOptions.defaults(), out);
        long[] keys = new long[16];
        long[] expires = new long[16];
        keys[0] = 2;
        keys[3] = 2;
        expires[3] = 1;
        w.begin(new SnapshotInfo(0, 16, keys, expires));
        w.entry(0, Key.of("a"), StringValue.of("1"), -1);
        w.entry(3, Key.of("b"), StringValue.of("2"), EveryTypeDataset.EXPIRE_AT);
        w.entry(0, Key.of("c"), StringValue.of("3"), -1);
        w.entry(3, Key.of("d"), StringValue.of("4"), -1);
        w.end();
        Recorder r = read(out.bytes());
        assertEquals(List.of(0, 3, 0, 3), r.selects);
        assertEquals(2, r.resizes.size());
        assertArrayEquals(new long[] {2, 0}, r.resizes.get(0));
        assertArrayEquals(new long[] {2, 1}, r.resizes.get(1));
        assertEquals(4, w.keysWritten());

        ChunkCollector out2 = new ChunkCollector();
        RdbSnapshotWriter w2 = new RdbSnapshotWriter(RdbWriterOptions.builder().emitResizeDb(false).build(), out2);
        w2.begin(new SnapshotInfo(0, 16, keys, expires));
        w2.entry(3, Key.of("b"), StringValue.of("2"), -1);
        w2.end();
        assertTrue(read(out2.bytes()).resizes.isEmpty());
    }

    @Test
    void minimalFileIsByteExact() {
        // rdb-format.md §11 with our AUX fields left aside: SELECTDB 0, "k" = "v", EOF, CRC.
        ChunkCollector out = new ChunkCollector();
        RdbSnapshotWriter w = new RdbSnapshotWriter(RdbWriterOptions.builder().emitResizeDb(false).build(), out);
        w.begin(new SnapshotInfo(0, 16, new long[16], new long[16]));
        int afterAux = (int) w.bytesWritten();
        w.entry(0, Key.of("k"), StringValue.of("v"), 4102444800000L);
        w.end();
        byte[] rdb = out.bytes();
        String body = HexFormat.of().formatHex(rdb, afterAux, rdb.length - 8);
        assertEquals("fe00" + "fc00d8c32cbb030000" + "00016b0176" + "ff", body);
        RdbCollector collector = new RdbCollector();
        RdbReader reader = new RdbReader(collector);
        reader.feed(rdb);
        reader.end();
        assertEquals("VERIFIED", collector.contents().checksum().status().name());
    }

    @Test
    void emptyCollectionsAreSkippedNotWritten() {
        ChunkCollector out = new ChunkCollector();
        RdbSnapshotWriter w = new RdbSnapshotWriter(RdbWriterOptions.defaults(), out);
        w.begin(new SnapshotInfo(0, 16, new long[16], new long[16]));
        w.entry(0, Key.of("empty"), new ListValue(), -1);
        w.entry(0, Key.of("k"), StringValue.of("v"), -1);
        w.end();
        assertEquals(1, w.skippedEmptyValues());
        assertEquals(1, w.keysWritten());
        assertEquals(List.of("0:k"), new ArrayList<>(read(out.bytes()).types.keySet()));
    }

    @Test
    void callsOutOfOrderAreRejected() {
        RdbSnapshotWriter w = new RdbSnapshotWriter(RdbWriterOptions.defaults(), new ChunkCollector());
        assertThrows(IllegalStateException.class, () -> w.entry(0, Key.of("k"), StringValue.of("v"), -1));
        assertThrows(IllegalStateException.class, w::end);
        w.begin(new SnapshotInfo(0, 1, new long[1], new long[1]));
        assertThrows(IllegalStateException.class, () -> w.begin(new SnapshotInfo(0, 1, new long[1], new long[1])));
        w.end();
        assertTrue(w.isComplete());
        assertThrows(IllegalStateException.class, w::end);
        w.discard(); // harmless after the end
    }

    @Test
    void discardReleasesThePartialChunk() {
        TrackingAllocator tracking = new TrackingAllocator();
        ChunkCollector out = new ChunkCollector();
        RdbSnapshotWriter w = new RdbSnapshotWriter(RdbWriterOptions.builder().allocator(tracking).chunkSize(1024)
                .build(), out);
        w.begin(new SnapshotInfo(0, 1, new long[1], new long[1]));
        for (int i = 0; i < 100; i++) {
            w.entry(0, Key.of("key" + i), StringValue.of("value" + i), -1);
        }
        w.discard();
        w.discard();
        assertTrue(tracking.allocations() > 0);
        assertEquals(List.of(), tracking.unreleased(), "every buffer released (handed-off ones by the collector)");
        assertThrows(IllegalStateException.class, () -> w.entry(0, Key.of("late"), StringValue.of("v"), -1));
    }

    /**
     * Writers that change keys while the snapshot walks side-save them first, so the file is
     * the dataset as it was when the snapshot started — entries of several databases arriving
     * interleaved.
     */
    @Test
    void sideSavedEntriesMakeTheFileEqualToTheStartingDataset() {
        Keyspace ks = new Keyspace();
        RandomDatasets.fill(ks, 77, RandomDatasets.Profile.standard(600));
        Keyspace expected = new Keyspace();
        RandomDatasets.fill(expected, 77, RandomDatasets.Profile.standard(600));
        String digestAtStart = DatasetDigest.of(ks);

        ChunkCollector out = new ChunkCollector();
        RdbSnapshotWriter writer = new RdbSnapshotWriter(RdbWriterOptions.builder().chunkSize(512).build(), out);
        Snapshot snapshot = ks.startSnapshot(writer);
        ClientState client = ClientState.client();
        int round = 0;
        while (snapshot.step(20)) {
            for (int db : new int[] {15, 2, 0, 9, 1}) {
                client.select(db);
                ks.execute(client, "SET", "new:" + round + ":" + db, "x");
                Key victim = anyKey(ks, db, round);
                if (victim != null) {
                    if (round % 2 == 0) {
                        ks.execute(client, "DEL".getBytes(StandardCharsets.US_ASCII), victim.bytes());
                    } else {
                        ks.execute(client, "EXPIRE".getBytes(StandardCharsets.US_ASCII), victim.bytes(),
                                "1000".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
            round++;
        }
        assertTrue(round > 5, "the snapshot took several steps: " + round);
        assertTrue(!digestAtStart.equals(DatasetDigest.of(ks)), "the dataset changed meanwhile");

        Keyspace loaded = new Keyspace();
        Snapshots.load(out.bytes(), loaded);
        assertEquals(digestAtStart, DatasetDigest.of(loaded));
        KeyspaceComparison.assertSameData(expected, loaded, KeyspaceComparison.StreamMetadata.DERIVED_FROM_TYPE_15);
    }

    private static Key anyKey(Keyspace ks, int db, int salt) {
        List<Key> keys = new ArrayList<>();
        ks.database(db).forEachEntry(e -> {
            if (!e.key().toString().startsWith("new:")) {
                keys.add(e.key());
            }
        });
        return keys.isEmpty() ? null : keys.get(salt % keys.size());
    }
}
