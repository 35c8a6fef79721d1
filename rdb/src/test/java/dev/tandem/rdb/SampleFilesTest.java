/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.tandem.rdb.Reads.str;
import static dev.tandem.rdb.Reads.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three real Redis 7.0.15 files decode to exactly the contents documented in
 * src/test/resources/rdb-samples/README.md. Expected values are built here from the README's
 * text and commands, not from this reader's output.
 */
class SampleFilesTest {

    /** Reads a sample, also recording SELECTDB/RESIZEDB pairs. */
    private record Read(RdbCollector.Contents contents, Map<Integer, long[]> resizeByDb) {
        RdbValue value(int db, String key) {
            RdbCollector.Entry e = contents.entry(db, key);
            assertNotNull(e, "key " + key + " in db " + db);
            return e.value();
        }

        RdbKey key(int db, String key) {
            return contents.entry(db, key).key();
        }
    }

    private static Read read(String sample) throws Exception {
        RdbCollector collector = new RdbCollector();
        Map<Integer, long[]> resize = new TreeMap<>();
        int[] db = {0};
        RdbVisitor v = new ForwardingRdbVisitor(collector) {
            @Override
            public void onSelectDb(int index) {
                db[0] = index;
            }

            @Override
            public void onResizeDb(long size, long expires) {
                resize.put(db[0], new long[] {size, expires});
            }
        };
        RdbReader.read(RdbSamples.path(sample), new DuplicateKeyDetector(v));
        return new Read(collector.contents(), resize);
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** README's generator for incompressible300.txt (an LCG, skipping repeated trigrams). */
    static String incompressible300() {
        StringBuilder out = new StringBuilder();
        Set<String> seen = new HashSet<>();
        long x = 1;
        while (out.length() < 300) {
            x = (x * 1103515245L + 12345) & 0x7fffffffL;
            char c = (char) (33 + (x >> 16) % 94);
            int n = out.length();
            if (n >= 2 && seen.contains(out.substring(n - 2) + c)) {
                continue;
            }
            if (n >= 2) {
                seen.add(out.substring(n - 2) + c);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static void assertAux(RdbCollector.Contents c) {
        List<String> names = c.aux().stream().map(RdbCollector.AuxField::keyString).toList();
        assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"), names);
        assertEquals("7.0.15", c.aux("redis-ver"));
        assertEquals("64", c.aux("redis-bits"));
        assertEquals("0", c.aux("aof-base"));
        assertTrue(Long.parseLong(c.aux("ctime")) > 0);
        assertTrue(Long.parseLong(c.aux("used-mem")) > 0);
    }

    private static List<String> list(RdbValue v) {
        return strings(((RdbValue.ListValue) v).elements());
    }

    private static Set<String> set(RdbValue v) {
        return new HashSet<>(strings(((RdbValue.SetValue) v).members()));
    }

    private static Map<String, String> hash(RdbValue v) {
        Map<String, String> m = new LinkedHashMap<>();
        for (HashEntry e : ((RdbValue.HashValue) v).entries()) {
            assertFalse(e.hasExpiry());
            m.put(str(e.field()), str(e.value()));
        }
        return m;
    }

    /** Zset entries in file order as "member=score". */
    private static List<String> zsetInFileOrder(RdbValue v) {
        return ((RdbValue.ZsetValue) v).entries().stream().map(e -> str(e.member()) + "=" + e.score()).toList();
    }

    @Test
    void incompressibleGeneratorMatchesTheReadme() throws Exception {
        String s = incompressible300();
        assertTrue(s.startsWith("-9X@@rkxMM8n]=n\\vBH}s{$bxe2pQke8'-Dpa|l9}W@("));
        assertTrue(s.endsWith("]K{2,|]L\"{n"));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        assertEquals("360ff8c7c58c2ae879dc99d30925a206d8643f5886109d127d33f7d4042a1989", HexFormat.of().formatHex(sha));
    }

    @Test
    void stringsSmall() throws Exception {
        Read r = read(RdbSamples.STRINGS_SMALL);
        RdbCollector.Contents c = r.contents();
        assertEquals(10, c.version());
        assertAux(c);
        assertEquals(new RdbChecksum(RdbChecksum.Status.VERIFIED, 0xc399bda2ac946652L, 0xc399bda2ac946652L),
                c.checksum());
        assertEquals(Set.of(0), r.resizeByDb().keySet());
        assertArrayEquals(new long[] {28, 2}, r.resizeByDb().get(0));
        assertEquals(28, c.entries().size());
        assertTrue(c.warnings().isEmpty());

        Map<String, String> strings = new LinkedHashMap<>();
        strings.put("s:int8", "100");
        strings.put("s:neg", "-5");
        strings.put("s:min8", "-128");
        strings.put("s:int16", "1000");
        strings.put("s:min16", "-32768");
        strings.put("s:int32", "100000");
        strings.put("s:max32", "2147483647");
        strings.put("s:min32", "-2147483648");
        strings.put("s:over32", "2147483648");
        strings.put("s:bigint", "12345678901234");
        strings.put("s:lead0", "007");
        strings.put("s:empty", "");
        strings.put("s:short", "hello");
        strings.put("s:lzf", repeat('a', 100));
        strings.put("s:lorem", "Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet");
        strings.put("s:len14", incompressible300());
        strings.put("s:utf8", "héllo wörld");
        strings.put("s:exp-ms", "v");
        strings.put("s:exp-s", "v");
        for (Map.Entry<String, String> e : strings.entrySet()) {
            RdbValue v = r.value(0, e.getKey());
            assertEquals(RdbTypes.STRING, r.key(0, e.getKey()).rdbType());
            assertArrayEquals(utf8(e.getValue()), ((RdbValue.StringValue) v).value(), e.getKey());
        }
        assertEquals(82, utf8(strings.get("s:lorem")).length);
        assertEquals(13, utf8("héllo wörld").length);
        assertArrayEquals(new byte[] {0x61, 0x00, 0x62, 0x0D, 0x0A, (byte) 0xFF},
                ((RdbValue.StringValue) r.value(0, "s:bin")).value());

        assertEquals(4102444800123L, r.key(0, "s:exp-ms").expireAtMs());
        assertEquals(4102444800000L, r.key(0, "s:exp-s").expireAtMs());
        long withExpiry = c.entries().stream().filter(e -> e.key().hasExpiry()).count();
        assertEquals(2, withExpiry);

        assertEquals(RdbTypes.LIST_QUICKLIST_2, r.key(0, "list:tiny").rdbType());
        assertEquals(List.of("a", "b", "c"), list(r.value(0, "list:tiny")));
        assertEquals(List.of("a", "1", "-1", "1000", "30000", "100000", "100000000", "5000000000", "-5000000000",
                "hello world", repeat('x', 70), repeat('y', 200)), list(r.value(0, "list:small")));

        assertEquals(RdbTypes.HASH_LISTPACK, r.key(0, "hash:small").rdbType());
        assertEquals(Map.of("f1", "v1", "f2", "v2", "num", "42"), hash(r.value(0, "hash:small")));

        assertEquals(RdbTypes.SET_INTSET, r.key(0, "set:int16").rdbType());
        assertEquals(Set.of("-5", "1", "2", "3"), set(r.value(0, "set:int16")));
        assertEquals(Set.of("-100000", "7", "100000"), set(r.value(0, "set:int32")));
        assertEquals(Set.of("1", "5000000000"), set(r.value(0, "set:int64")));
        assertEquals(RdbTypes.SET, r.key(0, "set:strs").rdbType());
        assertEquals(Set.of("apple", "banana", "cherry"), set(r.value(0, "set:strs")));

        assertEquals(RdbTypes.ZSET_LISTPACK, r.key(0, "zset:small").rdbType());
        assertEquals(List.of("e=-Infinity", "c=-3.0", "g=0.1", "a=1.0", "b=2.5", "f=1.0E100", "d=Infinity"),
                zsetInFileOrder(r.value(0, "zset:small")));

        Set<String> expectedKeys = new HashSet<>(strings.keySet());
        expectedKeys.addAll(List.of("s:bin", "list:tiny", "list:small", "hash:small", "set:int16", "set:int32",
                "set:int64", "set:strs", "zset:small"));
        Set<String> actualKeys = new HashSet<>();
        for (RdbCollector.Entry e : c.entries()) {
            assertEquals(0, e.key().db());
            actualKeys.add(e.key().keyString());
        }
        assertEquals(expectedKeys, actualKeys);
    }

    @Test
    void large() throws Exception {
        Read r = read(RdbSamples.LARGE);
        RdbCollector.Contents c = r.contents();
        assertEquals(10, c.version());
        assertAux(c);
        assertEquals(RdbChecksum.Status.VERIFIED, c.checksum().status());
        assertArrayEquals(new long[] {7, 0}, r.resizeByDb().get(0));
        assertEquals(7, c.entries().size());

        List<String> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            items.add(String.format("item-%04d", i));
        }
        assertEquals(RdbTypes.LIST_QUICKLIST_2, r.key(0, "list:big").rdbType());
        assertEquals(items, list(r.value(0, "list:big")));

        Map<String, String> big = new TreeMap<>();
        for (int i = 0; i < 600; i++) {
            big.put(String.format("field-%04d", i), String.format("value-%04d", i));
        }
        assertEquals(RdbTypes.HASH, r.key(0, "hash:big").rdbType());
        assertEquals(big, new TreeMap<>(hash(r.value(0, "hash:big"))));
        assertEquals(RdbTypes.HASH, r.key(0, "hash:bigval").rdbType());
        assertEquals(Map.of("small", "1", "big", repeat('z', 100)), hash(r.value(0, "hash:bigval")));

        Set<String> ints = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            ints.add(Integer.toString(i));
        }
        assertEquals(RdbTypes.SET, r.key(0, "set:big").rdbType());
        assertEquals(ints, set(r.value(0, "set:big")));
        Set<String> members = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            members.add(String.format("member-%03d", i));
        }
        assertEquals(RdbTypes.SET, r.key(0, "set:bigstr").rdbType());
        assertEquals(members, set(r.value(0, "set:bigstr")));

        // ZSET_2 is written from the highest score to the lowest.
        List<String> zbig = new ArrayList<>();
        for (int i = 199; i >= 0; i--) {
            zbig.add(String.format("m-%03d", i) + "=" + (i * 1.5));
        }
        assertEquals(RdbTypes.ZSET_2, r.key(0, "zset:big").rdbType());
        assertEquals(zbig, zsetInFileOrder(r.value(0, "zset:big")));
        assertEquals(List.of("pos=Infinity", "mid=3.25", repeat('w', 100) + "=1.0", "neg=-Infinity"),
                zsetInFileOrder(r.value(0, "zset:bigval")));
    }

    @Test
    void streamMultiDbLfuNoChecksum() throws Exception {
        Read r = read(RdbSamples.STREAM_MULTIDB);
        RdbCollector.Contents c = r.contents();
        assertEquals(10, c.version());
        assertAux(c);
        assertEquals(new RdbChecksum(RdbChecksum.Status.DISABLED_IN_FILE, 0, c.checksum().computed()), c.checksum());
        byte[] file = RdbSamples.bytes(RdbSamples.STREAM_MULTIDB);
        assertEquals((byte) 0xFF, file[file.length - 9]);

        assertEquals(1, c.functions().size());
        RdbFunction f = c.functions().get(0);
        assertFalse(f.preGa());
        assertEquals("#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return args[1] end)",
                str(f.code()));

        assertEquals(Set.of(0, 1, 15), r.resizeByDb().keySet());
        assertArrayEquals(new long[] {5, 1}, r.resizeByDb().get(0));
        assertArrayEquals(new long[] {2, 0}, r.resizeByDb().get(1));
        assertArrayEquals(new long[] {1, 0}, r.resizeByDb().get(15));

        Set<String> keys = new LinkedHashSet<>();
        for (RdbCollector.Entry e : c.entries()) {
            keys.add(e.key().db() + "/" + e.key().keyString());
            assertTrue(e.key().lfuFreq() >= 0, "every key has an LFU counter");
            assertEquals(-1, e.key().idleSeconds());
        }
        assertEquals(Set.of("0/mystream", "0/emptystream", "0/k:db0", "0/s:lzf-off", "0/list:deep", "1/k:db1",
                "1/h:db1", "15/k:db15"), keys);

        // mystream
        assertEquals(RdbTypes.STREAM_LISTPACKS_2, r.key(0, "mystream").rdbType());
        RdbValue.StreamValue s = (RdbValue.StreamValue) r.value(0, "mystream");
        RdbStreamId id0 = new RdbStreamId(1700000000000L, 0);
        RdbStreamId id1 = new RdbStreamId(1700000000000L, 1);
        RdbStreamId id2 = new RdbStreamId(1700000000001L, 0);
        RdbStreamId id3 = new RdbStreamId(1700000000002L, 0);
        assertEquals(List.of(
                new StreamEntry(id0, false, List.of(utf8("name"), utf8("Alice"), utf8("age"), utf8("30"))),
                new StreamEntry(id1, true, List.of(utf8("name"), utf8("Bob"), utf8("age"), utf8("25"))),
                new StreamEntry(id2, false, List.of(utf8("city"), utf8("Paris"))),
                new StreamEntry(id3, false, List.of(utf8("name"), utf8("Carol"), utf8("age"), utf8("41")))),
                s.entries());
        assertEquals(new StreamMetadata(3, id3, id0, id1, 4), s.metadata());
        assertEquals(2, s.groups().size());
        RdbValue.Group grp = s.groups().get(0);
        assertEquals(new StreamGroupInfo(utf8("grp"), id2, -1, 2), grp.info());
        assertEquals(List.of(new StreamPendingEntry(id0, 1795311296526L, 1),
                new StreamPendingEntry(id2, 1795311296526L, 1)), grp.pending());
        assertEquals(2, grp.consumers().size());
        RdbValue.Consumer alice = grp.consumers().get(0);
        assertEquals("alice", alice.info().nameString());
        assertEquals(1795311296526L, alice.info().seenTimeMs());
        assertEquals(alice.info().seenTimeMs(), alice.info().activeTimeMs(), "v2 streams have no active time");
        assertEquals(List.of(id0, id2), alice.pending());
        RdbValue.Consumer bob = grp.consumers().get(1);
        assertEquals("bob", bob.info().nameString());
        assertEquals(1795311296531L, bob.info().seenTimeMs());
        assertEquals(List.of(), bob.pending());
        RdbValue.Group grp2 = s.groups().get(1);
        assertEquals(new StreamGroupInfo(utf8("grp2"), id3, -1, 0), grp2.info());
        assertEquals(List.of(), grp2.pending());
        assertEquals(List.of(), grp2.consumers());

        // emptystream
        RdbValue.StreamValue empty = (RdbValue.StreamValue) r.value(0, "emptystream");
        assertEquals(RdbTypes.STREAM_LISTPACKS_2, r.key(0, "emptystream").rdbType());
        assertEquals(List.of(), empty.entries());
        RdbStreamId zero = RdbStreamId.ZERO;
        assertEquals(new StreamMetadata(0, zero, zero, zero, 0), empty.metadata());
        assertEquals(1, empty.groups().size());
        assertEquals(new StreamGroupInfo(utf8("g"), RdbStreamId.ZERO, -1, 0), empty.groups().get(0).info());
        assertEquals(List.of(), empty.groups().get(0).consumers());

        assertArrayEquals(utf8("hello"), ((RdbValue.StringValue) r.value(0, "k:db0")).value());
        assertEquals(4102444800000L, r.key(0, "k:db0").expireAtMs());
        assertArrayEquals(utf8(repeat('a', 100)), ((RdbValue.StringValue) r.value(0, "s:lzf-off")).value());
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            items.add(String.format("item-%04d", i));
        }
        assertEquals(RdbTypes.LIST_QUICKLIST_2, r.key(0, "list:deep").rdbType());
        assertEquals(items, list(r.value(0, "list:deep")));

        assertArrayEquals(utf8("one"), ((RdbValue.StringValue) r.value(1, "k:db1")).value());
        assertEquals(RdbTypes.HASH_LISTPACK, r.key(1, "h:db1").rdbType());
        assertEquals(Map.of("a", "1", "b", "2"), hash(r.value(1, "h:db1")));
        assertEquals(RdbTypes.LIST_QUICKLIST_2, r.key(15, "k:db15").rdbType());
        assertEquals(List.of("x", "y", "z"), list(r.value(15, "k:db15")));
    }

    @Test
    void storedChecksumsMatchTheReadme() {
        byte[] small = RdbSamples.bytes(RdbSamples.STRINGS_SMALL);
        assertEquals(1120, small.length);
        assertEquals(30111, RdbSamples.bytes(RdbSamples.LARGE).length);
        assertEquals(18268, RdbSamples.bytes(RdbSamples.STREAM_MULTIDB).length);
        assertArrayEquals(Hex.decode("52 66 94 AC A2 BD 99 C3"),
                java.util.Arrays.copyOfRange(small, small.length - 8, small.length));
    }
}
