/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.load;

import dev.tandem.core.internal.DatasetBuilder;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.rdb.RdbCollector;
import dev.tandem.rdb.RdbErrorKind;
import dev.tandem.rdb.RdbFiles;
import dev.tandem.rdb.RdbFormatException;
import dev.tandem.rdb.RdbReader;
import dev.tandem.rdb.RdbSamplesAccess;
import dev.tandem.rdb.RdbTypes;
import dev.tandem.rdb.internal.codec.ListpackBuilder;
import dev.tandem.rdb.datasets.TestRdb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyspaceLoaderTest {
    @TempDir
    Path dir;

    private static KeyspaceLoader load(byte[] rdb, Keyspace ks) {
        DatasetBuilder builder = ks.newDatasetBuilder();
        KeyspaceLoader loader = new KeyspaceLoader(builder);
        try {
            RdbReader reader = new RdbReader(loader);
            reader.feed(rdb);
            reader.end();
            builder.commit();
            return loader;
        } catch (RuntimeException e) {
            builder.discard();
            throw e;
        }
    }

    private static RdbFormatException loadFails(byte[] rdb) {
        return assertThrows(RdbFormatException.class, () -> load(rdb, new Keyspace()));
    }

    @Test
    void auxFieldsAndReplicationStateAreExposed() {
        String id = "8e1f3a0c2b4d6e8f0a1b2c3d4e5f60718293a4b5";
        byte[] rdb = TestRdb.version(9).aux("redis-ver", "6.2.16").aux("repl-stream-db", "2").aux("repl-id", id)
                .aux("repl-offset", "987654321").aux("lua", "return 1").selectDb(0).stringKey("k", "v").build();
        KeyspaceLoader loader = load(rdb, new Keyspace());
        assertEquals(List.of("redis-ver", "repl-stream-db", "repl-id", "repl-offset", "lua"),
                List.copyOf(loader.auxFields().keySet()));
        assertEquals(Optional.of(id), loader.replId());
        assertEquals(987654321L, loader.replOffset());
        assertEquals(2, loader.replStreamDb());
        assertEquals(9, loader.rdbVersion());
        assertEquals(1, loader.keysLoaded());
        assertTrue(loader.isComplete());
    }

    @Test
    void replicationStateIsAbsentOrInvalidAsRedisJudgesIt() {
        KeyspaceLoader none = load(TestRdb.version(9).stringKey("k", "v").build(), new Keyspace());
        assertEquals(Optional.empty(), none.replId());
        assertEquals(-1, none.replOffset());
        assertEquals(-1, none.replStreamDb());
        KeyspaceLoader bad = load(TestRdb.version(9).aux("repl-id", "short").aux("repl-offset", "x")
                .aux("repl-stream-db", "-3").stringKey("k", "v").build(), new Keyspace());
        assertEquals(Optional.empty(), bad.replId(), "Redis uses repl-id only when it has 40 characters");
        assertEquals(-1, bad.replOffset());
        assertEquals(-1, bad.replStreamDb());
    }

    @Test
    void aDatabaseTheKeyspaceDoesNotHaveIsAClearError() {
        byte[] rdb = TestRdb.version(9).selectDb(16).stringKey("k", "v").build();
        RdbFormatException e = loadFails(rdb);
        assertEquals(RdbErrorKind.BAD_LENGTH, e.kind());
        assertTrue(e.getMessage().contains("database 16"), e.getMessage());
        assertTrue(e.getMessage().contains("16 databases"), e.getMessage());

        Keyspace small = new Keyspace(4, KeyspaceClock.SYSTEM);
        RdbFormatException e2 = assertThrows(RdbFormatException.class,
                () -> load(TestRdb.version(9).selectDb(4).build(), small));
        assertTrue(e2.getMessage().contains("database 4"), e2.getMessage());
    }

    @Test
    void duplicateKeysInADatabaseAreRejectedButTheSameKeyInAnotherIsFine() {
        RdbFormatException e = loadFails(TestRdb.version(9).selectDb(0).stringKey("k", "1").stringKey("k", "2").build());
        assertEquals(RdbErrorKind.DUPLICATE_KEY, e.kind());
        assertTrue(e.getMessage().contains("\"k\""), e.getMessage());

        Keyspace ks = new Keyspace();
        load(TestRdb.version(9).selectDb(0).stringKey("k", "1").selectDb(1).stringKey("k", "2").build(), ks);
        assertEquals(2, ks.database(0).size() + ks.database(1).size());
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {RdbTypes.SET, RdbTypes.HASH, RdbTypes.ZSET_2})
    void duplicateMembersAreRejected(int type) {
        TestRdb b = TestRdb.version(9).key(type, "c").length(2);
        for (int i = 0; i < 2; i++) {
            b.string("dup");
            if (type == RdbTypes.HASH) {
                b.string("v" + i);
            } else if (type == RdbTypes.ZSET_2) {
                b.le(Double.doubleToLongBits(i), 8);
            }
        }
        RdbFormatException e = loadFails(b.build());
        assertEquals(RdbErrorKind.DUPLICATE_MEMBER, e.kind());
        assertTrue(e.getMessage().contains("\"dup\""), e.getMessage());
    }

    @Test
    void expiredKeysAreKeptForTheMasterToDelete() {
        Keyspace ks = new Keyspace();
        KeyspaceLoader loader = load(TestRdb.version(9).expireMs(1000).stringKey("old", "v").stringKey("live", "v")
                .build(), ks);
        assertEquals(2, loader.keysLoaded());
        assertEquals(1, loader.keysWithExpiry());
        Entry old = ks.database(0).peek(Key.of("old"));
        assertNotNull(old);
        assertEquals(1000, old.expireAt());
    }

    @Test
    void hashFieldTtlsAreDroppedAndCountedButTheFieldsKept() {
        byte[] lp = new ListpackBuilder().add(b("f1")).add(b("v1")).addInteger(4102444800000L)
                .add(b("f2")).add(b("v2")).addInteger(4102444800500L)
                .add(b("f3")).add(b("v3")).addInteger(0).build();
        byte[] rdb = TestRdb.version(12).key(RdbTypes.HASH_LISTPACK_EX, "h").le(4102444800000L, 8).string(lp)
                .stringKey("plain", "v").build();
        Keyspace ks = new Keyspace();
        KeyspaceLoader loader = load(rdb, ks);
        assertEquals(2, loader.droppedFieldTtls());
        assertEquals(1, loader.keysWithDroppedFieldTtls());
        HashValue h = (HashValue) ks.database(0).peek(Key.of("h")).value();
        assertEquals(3, h.size());
        assertArrayEquals(b("v2"), h.get(Key.of("f2")));
    }

    @Test
    void functionsAreCountedAsSkipped() {
        byte[] rdb = TestRdb.version(10).u8(0xF5).string("#!lua name=lib\nredis.register_function('f', function() return 1 end)")
                .stringKey("k", "v").build();
        KeyspaceLoader loader = load(rdb, new Keyspace());
        assertEquals(1, loader.functionsSkipped());
        assertEquals(1, loader.keysLoaded());
    }

    /** A type-15 stream without entries: Redis 7.0 derives first ID = max ID and estimates entries-read. */
    @Test
    void typeFifteenStreamMetadataIsDerivedAsRedisDoes() {
        byte[] rdb = TestRdb.version(9).key(RdbTypes.STREAM_LISTPACKS, "s")
                .length(0)                  // no nodes
                .length(0)                  // length
                .length(7).length(3)        // last id 7-3
                .length(1)                  // one group
                .string("g").length(7).length(3).length(0).length(0)
                .build();
        Keyspace ks = new Keyspace();
        load(rdb, ks);
        StreamValue s = (StreamValue) ks.database(0).peek(Key.of("s")).value();
        assertEquals(0, s.length());
        assertEquals(new StreamId(7, 3), s.lastId());
        assertEquals(StreamId.MAX, s.firstId());
        assertEquals(0, s.entriesAdded());
        StreamConsumerGroup g = s.group(Key.of("g"));
        assertEquals(new StreamId(7, 3), g.lastDeliveredId());
        assertEquals(s.estimateEntriesRead(new StreamId(7, 3)), g.entriesRead());
    }

    @Test
    void aPendingEntryThatNoConsumerOwnsIsCorrupt() {
        byte[] rdb = TestRdb.version(9).key(RdbTypes.STREAM_LISTPACKS, "s")
                .length(0).length(0).length(7).length(3)
                .length(1).string("g").length(7).length(3)
                .length(1).be(5, 8).be(0, 8).le(1_700_000_000_000L, 8).length(1)   // PEL: 5-0
                .length(1).string("c").le(1_700_000_000_000L, 8).length(0)          // a consumer owning nothing
                .build();
        RdbFormatException e = loadFails(rdb);
        assertEquals(RdbErrorKind.CORRUPT_VALUE, e.kind());
        assertTrue(e.getMessage().contains("no consumer owns"), e.getMessage());
    }

    @Test
    void aFailedLoadLeavesTheKeyspaceUntouched() throws Exception {
        Keyspace ks = new Keyspace();
        DatasetBuilder b = ks.newDatasetBuilder();
        b.put(0, Key.of("existing"), StringValue.of("x"), -1);
        b.commit();
        String before = DatasetDigest.of(ks);
        byte[] good = TestRdb.version(9).stringKey("a", "1").stringKey("b", "2").build();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 12);
        Path file = dir.resolve("bad.rdb");
        Files.write(file, truncated);
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbFiles.load(file, ks));
        assertEquals(RdbErrorKind.TRUNCATED, e.kind());
        assertEquals(before, DatasetDigest.of(ks));

        Files.write(file, good);
        RdbFiles.load(file, ks);
        assertNull(ks.database(0).peek(Key.of("existing")), "a successful load replaces everything");
        assertEquals(2, ks.database(0).size());
    }

    /** The real 7.0.15 samples load completely, with the counts the reader reports. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v10_strings_small.rdb", "v10_large.rdb", "v10_stream_multidb_lfu_nochecksum.rdb"})
    void realSamplesLoad(String sample) throws Exception {
        Path file = RdbSamplesAccess.path(sample);
        RdbCollector collector = new RdbCollector();
        RdbReader.read(file, collector);
        Keyspace ks = new Keyspace();
        KeyspaceLoader loader = RdbFiles.load(file, ks);
        assertEquals(collector.contents().entries().size(), loader.keysLoaded());
        long total = 0;
        for (int db = 0; db < ks.databaseCount(); db++) {
            total += ks.database(db).size();
        }
        assertEquals(loader.keysLoaded(), total);
        assertEquals("7.0.15", loader.auxString("redis-ver").orElseThrow());
    }

    @Test
    void streamSampleHasItsGroupsAndFunctionCounted() throws Exception {
        Keyspace ks = new Keyspace();
        KeyspaceLoader loader = RdbFiles.load(RdbSamplesAccess.path("v10_stream_multidb_lfu_nochecksum.rdb"), ks);
        assertEquals(1, loader.functionsSkipped());
        StreamValue s = (StreamValue) ks.database(0).peek(Key.of("mystream")).value();
        assertEquals(3, s.length());
        assertEquals(4, s.entriesAdded());
        assertEquals(new StreamId(1700000000000L, 1), s.maxDeletedEntryId());
        StreamConsumerGroup grp = s.group(Key.of("grp"));
        assertEquals(2, grp.pending().size());
        assertEquals(2, grp.consumer(Key.of("alice")).pending().size());
        assertEquals(0, grp.consumer(Key.of("bob")).pending().size());
        assertNotNull(s.group(Key.of("grp2")));
        assertTrue(((StreamValue) ks.database(0).peek(Key.of("emptystream")).value()).isEmpty());
        assertEquals("one", new String(((StringValue) ks.database(1).peek(Key.of("k:db1")).value()).bytes(),
                StandardCharsets.UTF_8));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
