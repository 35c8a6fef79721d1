/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.Intset;
import dev.tandem.rdb.internal.codec.ListpackBuilder;
import dev.tandem.rdb.internal.codec.TestZiplists;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tandem.rdb.Reads.collect;
import static dev.tandem.rdb.Reads.str;
import static dev.tandem.rdb.Reads.strings;
import static dev.tandem.rdb.Reads.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-built vectors for every type and encoding the real samples lack, each laid out as
 * rdb-format.md describes it.
 */
class EncodingVectorsTest {

    private static RdbValue only(RdbCollector.Contents c) {
        assertEquals(1, c.entries().size(), "one key");
        return c.entries().get(0).value();
    }

    private static List<String> list(RdbCollector.Contents c) {
        return strings(((RdbValue.ListValue) only(c)).elements());
    }

    private static List<String> set(RdbCollector.Contents c) {
        return strings(((RdbValue.SetValue) only(c)).members());
    }

    private static List<String> zset(RdbCollector.Contents c) {
        return ((RdbValue.ZsetValue) only(c)).entries().stream().map(e -> str(e.member()) + "=" + e.score()).toList();
    }

    private static List<String> hash(RdbCollector.Contents c) {
        return ((RdbValue.HashValue) only(c)).entries().stream()
                .map(e -> str(e.field()) + "=" + str(e.value()) + (e.hasExpiry() ? "@" + e.expireAtMs() : "")).toList();
    }

    private static byte[] file(int version, RdbBuilder body) {
        return RdbBuilder.version(version).raw(body.build()).eofWithChecksum().build();
    }

    private static byte[] file(RdbBuilder body) {
        return file(9, body);
    }

    // ---- minimal files and versions --------------------------------------------------------

    @Test
    void minimalFileFromTheReference() {
        byte[] rdb = Hex.decode("52 45 44 49 53 30 30 30 39 FE 00 00 01 6B 01 76 FF F1 C3 F1 2D 87 E2 AF 85");
        RdbCollector.Contents c = collect(rdb);
        assertEquals(9, c.version());
        assertEquals(RdbChecksum.Status.VERIFIED, c.checksum().status());
        assertEquals(0x85afe2872df1c3f1L, c.checksum().stored());
        assertArrayEquals(utf8("v"), ((RdbValue.StringValue) only(c)).value());
        // no SELECTDB at all is fine too (25 bytes minus the SELECTDB)
        byte[] noSelect = RdbBuilder.version(9).stringKey("k", "v").eofWithChecksum().build();
        assertEquals(0, collect(noSelect).entries().get(0).key().db());
    }

    @Test
    void expiryAndResizeFromTheReference() {
        byte[] rdb = Hex.decode("52 45 44 49 53 30 30 31 30 FE 00 FB 01 01 FC 00 D8 C3 2C BB 03 00 00 00 01 6B 01 76"
                + " FF 92 3D 86 76 B3 19 8C 2D");
        List<String> events = Reads.events(rdb);
        assertEquals(List.of("header 10", "select 0", "resize 1 1",
                "begin RdbKey[db=0, key=\"k\", type=STRING, expireAtMs=4102444800000, idle=-1, freq=-1, offset=23]",
                "string \"v\"", "end \"k\"", "eof verified (0x2d8c19b376863d92)"), events);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyVersionIsRead(int version) {
        RdbBuilder b = RdbBuilder.version(version).selectDb(0).stringKey("k", "v");
        byte[] rdb = version >= 5 ? b.eofWithChecksum().build() : b.eofOnly().build();
        RdbCollector.Contents c = collect(rdb);
        assertEquals(version, c.version());
        assertEquals(version >= 5 ? RdbChecksum.Status.VERIFIED : RdbChecksum.Status.ABSENT, c.checksum().status());
        assertEquals("k", c.entries().get(0).key().keyString());
    }

    // ---- strings ---------------------------------------------------------------------------

    @Test
    void stringEncodings() {
        byte[] lzfPayload = utf8("abcabcabcabcabcabcabcabcabcabcabcabc");
        RdbBuilder body = RdbBuilder.bytes()
                .key(RdbTypes.STRING, "i8").hex("C0 FB")
                .key(RdbTypes.STRING, "i16").hex("C1 00 80")
                .key(RdbTypes.STRING, "i32").hex("C2 00 00 00 80")
                .key(RdbTypes.STRING, "lzf").hex("C3 09 40 64 01 61 61 E0 57 00 01 61 61")
                .key(RdbTypes.STRING, "ours").lzfString(lzfPayload)
                .key(RdbTypes.STRING, "overlong-lzf").hex("C3 06 05 04 68 65 6C 6C 6F")
                .raw(RdbTypes.STRING).hex("C0 07").string("int-encoded key");
        RdbCollector.Contents c = collect(file(body));
        Map<String, String> values = new TreeMap<>();
        for (RdbCollector.Entry e : c.entries()) {
            values.put(e.key().keyString(), str(((RdbValue.StringValue) e.value()).value()));
        }
        assertEquals(Map.of("i8", "-5", "i16", "-32768", "i32", "-2147483648", "lzf", "a".repeat(100),
                "ours", str(lzfPayload), "overlong-lzf", "hello", "7", "int-encoded key"), values);
    }

    @Test
    void sixtyFourBitAndNonCanonicalLengths() {
        RdbBuilder body = RdbBuilder.bytes()
                .raw(RdbOpcodes.SELECTDB).hex("81 00 00 00 00 00 00 00 03")
                .raw(RdbOpcodes.RESIZEDB).hex("81 00 00 00 01 00 00 00 00").hex("80 00 00 00 00")
                .raw(RdbTypes.STRING).hex("80 00 00 00 01").raw('k').hex("81 00 00 00 00 00 00 00 03").raw('a', 'b', 'c')
                .raw(RdbTypes.LIST).string("l").hex("81 00 00 00 00 00 00 00 02").string("x").hex("40 01").raw('y');
        List<String> events = Reads.events(file(8, body));
        assertTrue(events.contains("select 3"));
        assertTrue(events.contains("resize 4294967296 0"));
        assertTrue(events.contains("string \"abc\""));
        assertTrue(events.contains("list [\"x\",\"y\"]"));
    }

    // ---- plain collections (1, 2, 3, 4, 5) ------------------------------------------------

    @Test
    void listSetHash() {
        assertEquals(List.of("a", "100", "z".repeat(40)), list(collect(file(RdbBuilder.bytes()
                .key(RdbTypes.LIST, "l").length(3).string("a").hex("C0 64").lzfString(utf8("z".repeat(40)))))));
        assertEquals(List.of("m1", "m2"), set(collect(file(RdbBuilder.bytes()
                .key(RdbTypes.SET, "s").length(2).string("m1").string("m2")))));
        assertEquals(List.of("f=v", "n=-1"), hash(collect(file(RdbBuilder.bytes()
                .key(RdbTypes.HASH, "h").length(2).string("f").string("v").string("n").hex("C0 FF")))));
    }

    @Test
    void zsetWithStringDoubles() {
        RdbBuilder body = RdbBuilder.bytes().key(RdbTypes.ZSET, "z").length(6)
                .string("a").raw(3).raw(utf8("1.5"))
                .string("b").raw(2).raw(utf8("-3"))
                .string("c").raw(254)
                .string("d").raw(255)
                .string("e").raw(5).raw(utf8("1e100"))
                .string("f").raw(19).raw(utf8("0.10000000000000001"));
        assertEquals(List.of("a=1.5", "b=-3.0", "c=Infinity", "d=-Infinity", "e=1.0E100", "f=0.1"),
                zset(collect(file(3, body))));
    }

    @Test
    void zset2WithBinaryDoubles() {
        RdbBuilder body = RdbBuilder.bytes().key(RdbTypes.ZSET_2, "z").length(3)
                .string("top").hex("00 00 00 00 00 00 F0 7F")
                .string("m-199").hex("00 00 00 00 00 A8 72 40")
                .string("low").le(Double.doubleToLongBits(-0.5), 8);
        assertEquals(List.of("top=Infinity", "m-199=298.5", "low=-0.5"), zset(collect(file(body))));
    }

    // ---- blob types (9–13, 16, 17, 20) -----------------------------------------------------

    @Test
    void zipmapHash() {
        byte[] zm = Hex.decode("02 | 02 66 31 | 02 00 76 31 | 03 6E 75 6D | 02 01 34 32 00 | FF");
        assertEquals(List.of("f1=v1", "num=42"),
                hash(collect(file(2, RdbBuilder.bytes().blobKey(RdbTypes.HASH_ZIPMAP, "h", zm)))));
    }

    @Test
    void ziplistTypes() {
        byte[] real62 = Hex.decode("33 00 00 00 25 00 00 00 07 00 | 00 01 61 | 03 F2 | 02 FE FF | 03 C0 E8 03"
                + " | 04 F0 A0 86 01 | 05 E0 00 F2 05 2A 01 00 00 00 | 0A 0B 68 65 6C 6C 6F 20 77 6F 72 6C 64 | FF");
        assertEquals(List.of("a", "1", "-1", "1000", "100000", "5000000000", "hello world"),
                list(collect(file(6, RdbBuilder.bytes().blobKey(RdbTypes.LIST_ZIPLIST, "l", real62)))));

        byte[] zsetZl = TestZiplists.ofValues("a", "1", "b", "2.5", "c", "-inf", "d", "100000", "e", "inf");
        assertEquals(List.of("a=1.0", "b=2.5", "c=-Infinity", "d=100000.0", "e=Infinity"),
                zset(collect(file(6, RdbBuilder.bytes().blobKey(RdbTypes.ZSET_ZIPLIST, "z", zsetZl)))));

        byte[] hashZl = TestZiplists.ofValues("f1", "v1", "n", "-70000", "long", "L".repeat(300));
        assertEquals(List.of("f1=v1", "n=-70000", "long=" + "L".repeat(300)),
                hash(collect(file(6, RdbBuilder.bytes().key(RdbTypes.HASH_ZIPLIST, "h").lzfString(hashZl)))));
    }

    @Test
    void intsetOfEveryWidth() {
        assertEquals(List.of("-5", "1", "2", "3"), set(collect(file(RdbBuilder.bytes()
                .blobKey(RdbTypes.SET_INTSET, "s", Hex.decode("02 00 00 00 04 00 00 00 FB FF 01 00 02 00 03 00"))))));
        assertEquals(List.of("-100000", "7"), set(collect(file(RdbBuilder.bytes()
                .blobKey(RdbTypes.SET_INTSET, "s", Intset.encode(new long[] {7, -100000}))))));
        assertEquals(List.of("-9223372036854775808", "9223372036854775807"), set(collect(file(RdbBuilder.bytes()
                .blobKey(RdbTypes.SET_INTSET, "s", Intset.encode(new long[] {Long.MAX_VALUE, Long.MIN_VALUE}))))));
    }

    @Test
    void listpackTypes() {
        byte[] hashLp = new ListpackBuilder().add(utf8("f")).add(utf8("v")).add(utf8("n")).addInteger(-4096).build();
        assertEquals(List.of("f=v", "n=-4096"),
                hash(collect(file(10, RdbBuilder.bytes().blobKey(RdbTypes.HASH_LISTPACK, "h", hashLp)))));

        byte[] zsetLp = new ListpackBuilder().add(utf8("e")).add(utf8("-inf")).add(utf8("c")).addInteger(-3)
                .add(utf8("g")).add(utf8("0.10000000000000001")).add(utf8("b")).add(utf8("2.5"))
                .add(utf8("f")).add(utf8("1e+100")).add(utf8("d")).add(utf8("inf")).build();
        assertEquals(List.of("e=-Infinity", "c=-3.0", "g=0.1", "b=2.5", "f=1.0E100", "d=Infinity"),
                zset(collect(file(10, RdbBuilder.bytes().key(RdbTypes.ZSET_LISTPACK, "z").lzfString(zsetLp)))));

        // 7.4's SET_LISTPACK [1, "a"] exactly as in §4.8
        byte[] setRdb = file(11, RdbBuilder.bytes().key(RdbTypes.SET_LISTPACK, "s")
                .hex("0C 0C 00 00 00 02 00 01 01 81 61 02 FF"));
        assertEquals(List.of("1", "a"), set(collect(setRdb)));
    }

    // ---- quicklists (14, 18) ---------------------------------------------------------------

    @Test
    void quicklistV1WithCompressedAndEmptyNodes() {
        byte[] node1 = TestZiplists.ofValues("a", "1", "-1");
        byte[] empty = TestZiplists.ziplist(null);
        byte[] node3 = TestZiplists.ofValues("x".repeat(100), "5000000000");
        RdbBuilder body = RdbBuilder.bytes().key(RdbTypes.LIST_QUICKLIST, "q").length(3)
                .string(node1).string(empty).lzfString(node3);
        assertEquals(List.of("a", "1", "-1", "x".repeat(100), "5000000000"), list(collect(file(7, body))));
    }

    @Test
    void quicklistV2WithPackedAndPlainNodes() {
        byte[] packed = new ListpackBuilder().add(utf8("a")).add(utf8("b")).build();
        byte[] plain = utf8("p".repeat(150));
        RdbBuilder body = RdbBuilder.bytes().key(RdbTypes.LIST_QUICKLIST_2, "q").length(4)
                .length(2).string(packed)
                .length(1).lzfString(plain)
                .length(2).string(new ListpackBuilder().build())
                .length(2).lzfString(new ListpackBuilder().add(utf8("c".repeat(64))).addInteger(7).build());
        assertEquals(List.of("a", "b", "p".repeat(150), "c".repeat(64), "7"), list(collect(file(10, body))));
    }

    // ---- hash field TTLs (22–25) -----------------------------------------------------------

    @Test
    void hashMetadataWithRelativeTtls() {
        long minExpire = 4102444800000L;
        RdbBuilder body = RdbBuilder.bytes().key(RdbTypes.HASH_METADATA, "h").le(minExpire, 8).length(3)
                .length(1).string("small").string("1")
                .length(0).string("forever").string("2")
                .length(1001).string("later").string("3");
        assertEquals(List.of("small=1@" + minExpire, "forever=2", "later=3@" + (minExpire + 1000)),
                hash(collect(file(12, body))));
    }

    @Test
    void hashMetadataPreGaWithAbsoluteTtls() {
        RdbBuilder body = RdbBuilder.bytes().key(RdbTypes.HASH_METADATA_PRE_GA, "h").length(2)
                .length(4102444800000L).string("a").string("1")
                .length(0).string("b").string("2");
        assertEquals(List.of("a=1@4102444800000", "b=2"), hash(collect(file(12, body))));
    }

    @Test
    void hashListpackWithTtlTriplets() {
        byte[] lp = new ListpackBuilder()
                .add(utf8("f1")).add(utf8("v1")).addInteger(4102444800000L)
                .add(utf8("f2")).add(utf8("v2")).addInteger(0).build();
        // type 25: minExpire header (ignored, here deliberately stale) then the listpack
        RdbBuilder v25 = RdbBuilder.bytes().key(RdbTypes.HASH_LISTPACK_EX, "h").le(4102444801000L, 8).string(lp);
        assertEquals(List.of("f1=v1@4102444800000", "f2=v2"), hash(collect(file(12, v25))));
        RdbBuilder v23 = RdbBuilder.bytes().key(RdbTypes.HASH_LISTPACK_EX_PRE_GA, "h").string(lp);
        assertEquals(List.of("f1=v1@4102444800000", "f2=v2"), hash(collect(file(12, v23))));
    }

    // ---- streams (15, 21) ------------------------------------------------------------------

    /**
     * One node with master 1000-0 and master fields [f1]: 1000-0 {f1:v1} (same fields),
     * 1005-3 {a:1, b:2} (own fields), 1006-0 {f1:x} deleted.
     */
    private static byte[] streamNode() {
        return new ListpackBuilder()
                .addInteger(2).addInteger(1).addInteger(1).add(utf8("f1")).addInteger(0)
                .addInteger(2).addInteger(0).addInteger(0).add(utf8("v1")).addInteger(4)
                .addInteger(0).addInteger(5).addInteger(3).addInteger(2).add(utf8("a")).add(utf8("1"))
                .add(utf8("b")).add(utf8("2")).addInteger(8)
                .addInteger(3).addInteger(6).addInteger(0).add(utf8("x")).addInteger(4)
                .build();
    }

    private static RdbBuilder streamNodeKey(RdbBuilder b, long ms, long seq) {
        return b.length(16).be(ms, 8).be(seq, 8);
    }

    private static final RdbStreamId ID_A = new RdbStreamId(1000, 0);
    private static final RdbStreamId ID_B = new RdbStreamId(1005, 3);
    private static final RdbStreamId ID_C = new RdbStreamId(1006, 0);

    private static List<StreamEntry> expectedEntries() {
        return List.of(new StreamEntry(ID_A, false, List.of(utf8("f1"), utf8("v1"))),
                new StreamEntry(ID_B, false, List.of(utf8("a"), utf8("1"), utf8("b"), utf8("2"))),
                new StreamEntry(ID_C, true, List.of(utf8("f1"), utf8("x"))));
    }

    @Test
    void streamV1FillsInWhatRedis70Computes() {
        RdbBuilder b = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS, "s").length(1);
        streamNodeKey(b, 1000, 0).string(streamNode())
                .length(2).length(1006).length(0) // length, last_id
                .length(1) // groups
                .string("g").length(1005).length(3) // name, last_id
                .length(2) // PEL
                .be(1000, 8).be(0, 8).le(1700000000000L, 8).length(1)
                .be(1005, 8).be(3, 8).le(1700000000001L, 8).length(4)
                .length(1) // consumers
                .string("c1").le(1700000000002L, 8).length(2).be(1000, 8).be(0, 8).be(1005, 8).be(3, 8);
        RdbValue.StreamValue s = (RdbValue.StreamValue) only(collect(file(9, b)));
        assertEquals(expectedEntries(), s.entries());
        assertEquals(List.of(ID_A, ID_B), s.liveEntries().stream().map(StreamEntry::id).toList());
        assertEquals(new StreamMetadata(2, ID_C, ID_A, RdbStreamId.ZERO, 2), s.metadata());
        RdbValue.Group g = s.groups().get(0);
        assertEquals(new StreamGroupInfo(utf8("g"), ID_B, -1, 2), g.info());
        assertEquals(List.of(new StreamPendingEntry(ID_A, 1700000000000L, 1),
                new StreamPendingEntry(ID_B, 1700000000001L, 4)), g.pending());
        assertEquals(new StreamConsumerInfo(utf8("c1"), 1700000000002L, 1700000000002L, 2), g.consumers().get(0).info());
        assertEquals(List.of(ID_A, ID_B), g.consumers().get(0).pending());
    }

    @Test
    void streamV3WithActiveTimeAndCompressedNode() {
        RdbBuilder b = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS_3, "s").length(1);
        streamNodeKey(b, 1000, 0).lzfString(streamNode())
                .length(2).length(1006).length(0) // length, last_id
                .length(1000).length(0) // first_id
                .length(1006).length(0) // max_deleted_entry_id
                .length(3) // entries_added
                .length(1) // groups
                .string("g").length(1006).length(0).length(3) // name, last_id, entries_read
                .length(0) // PEL
                .length(1)
                .string("idle").le(1700000000005L, 8).le(1700000000003L, 8).length(0);
        RdbValue.StreamValue s = (RdbValue.StreamValue) only(collect(file(11, b)));
        assertEquals(expectedEntries(), s.entries());
        assertEquals(new StreamMetadata(2, ID_C, ID_A, ID_C, 3), s.metadata());
        assertEquals(new StreamGroupInfo(utf8("g"), ID_C, 3, 0), s.groups().get(0).info());
        assertEquals(new StreamConsumerInfo(utf8("idle"), 1700000000005L, 1700000000003L, 0),
                s.groups().get(0).consumers().get(0).info());
    }

    @Test
    void streamEntriesReadMinusOneIsUnsigned64() {
        RdbBuilder b = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS_2, "s").length(0)
                .length(0).length(0).length(0).length(0).length(0).length(0).length(0).length(0)
                .length(1).string("g").length(0).length(0).hex("81 FF FF FF FF FF FF FF FF").length(0).length(0);
        RdbValue.StreamValue s = (RdbValue.StreamValue) only(collect(file(10, b)));
        assertEquals(-1, s.groups().get(0).info().entriesRead());
        assertEquals(List.of(), s.entries());
    }

    // ---- modules, functions, key-scoped opcodes, slot info -------------------------------

    private static RdbBuilder moduleOpcodes(RdbBuilder b) {
        return b.length(1).length(5) // SINT
                .length(2).hex("81 FF FF FF FF FF FF FF FE") // UINT
                .length(3).le(Float.floatToIntBits(1.5f), 4) // FLOAT
                .length(4).le(Double.doubleToLongBits(2.5), 8) // DOUBLE
                .length(5).string("module string") // STRING
                .length(5).lzfString(utf8("q".repeat(50))) // STRING, compressed
                .length(0); // EOF
    }

    @Test
    void moduleValueIsSkippedWithAWarning() {
        RdbModuleId id = RdbModuleId.of("ReJSON-RL", 3);
        assertEquals("ReJSON-RL", id.typeName());
        assertEquals(3, id.encodingVersion());
        RdbBuilder b = RdbBuilder.bytes().key(RdbTypes.MODULE_2, "json").length(id.id());
        moduleOpcodes(b).stringKey("after", "ok");
        RdbCollector collector = new RdbCollector();
        RdbReader reader = new RdbReader(collector);
        reader.feed(file(9, b));
        reader.end();
        RdbCollector.Contents c = collector.contents();
        assertEquals("after", c.entries().get(0).key().keyString());
        assertEquals(1, c.entries().size());
        assertEquals(1, reader.warningCount(RdbWarning.Kind.MODULE_VALUE_SKIPPED));
        assertEquals(1, reader.warningCount());
        RdbWarning w = c.warnings().get(0);
        assertEquals(RdbWarning.Kind.MODULE_VALUE_SKIPPED, w.kind());
        assertTrue(w.message().contains("ReJSON-RL") && w.message().contains("json"), w.message());
        assertEquals(9, w.offset());
    }

    @Test
    void moduleAuxIsSkippedAndReported() {
        RdbModuleId id = RdbModuleId.of("scripting", 1);
        RdbBuilder b = RdbBuilder.bytes().raw(RdbOpcodes.MODULE_AUX).length(id.id()).length(2).length(2);
        moduleOpcodes(b).stringKey("k", "v");
        RdbReader reader;
        RdbCollector collector = new RdbCollector();
        reader = new RdbReader(collector);
        reader.feed(file(9, b));
        reader.end();
        assertEquals(List.of(id), collector.contents().moduleAux());
        assertEquals(1, reader.warningCount(RdbWarning.Kind.MODULE_AUX_SKIPPED));
        assertEquals(1, collector.contents().entries().size());
    }

    @Test
    void functions() {
        RdbBuilder b = RdbBuilder.bytes()
                .raw(RdbOpcodes.FUNCTION2).string("#!lua name=lib\nreturn 1")
                .raw(RdbOpcodes.FUNCTION_PRE_GA).string("old").string("LUA").length(1).string("desc").string("code1")
                .raw(RdbOpcodes.FUNCTION_PRE_GA).string("old2").string("LUA").length(0).string("code2");
        List<RdbFunction> fs = collect(file(10, b)).functions();
        assertEquals(3, fs.size());
        assertEquals("#!lua name=lib\nreturn 1", str(fs.get(0).code()));
        assertNull(fs.get(0).name());
        assertEquals(List.of("old", "LUA", "desc", "code1"),
                List.of(str(fs.get(1).name()), str(fs.get(1).engine()), str(fs.get(1).description()), str(fs.get(1).code())));
        assertTrue(fs.get(1).preGa());
        assertNull(fs.get(2).description());
    }

    @Test
    void keyScopedOpcodesApplyToTheNextKeyOnly() {
        RdbBuilder b = RdbBuilder.bytes()
                .raw(RdbOpcodes.IDLE).length(3600).raw(RdbOpcodes.FREQ).raw(200)
                .raw(RdbOpcodes.EXPIRETIME).le(2000000000L, 4)
                .stringKey("a", "1")
                .stringKey("b", "2")
                .raw(RdbOpcodes.EXPIRETIME_MS).le(-1, 8).stringKey("c", "3");
        List<RdbCollector.Entry> entries = collect(file(9, b)).entries();
        RdbKey a = entries.get(0).key();
        assertEquals(2000000000000L, a.expireAtMs());
        assertEquals(3600, a.idleSeconds());
        assertEquals(200, a.lfuFreq());
        RdbKey bKey = entries.get(1).key();
        assertEquals(RdbKey.NO_EXPIRY, bKey.expireAtMs());
        assertEquals(-1, bKey.idleSeconds());
        assertEquals(-1, bKey.lfuFreq());
        assertTrue(!entries.get(2).key().hasExpiry(), "a stored -1 means no expiry, as in Redis");
    }

    @Test
    void slotInfoAndAuxAnywhere() {
        RdbBuilder b = RdbBuilder.bytes().raw(RdbOpcodes.SLOT_INFO).length(12182).length(1).length(0)
                .stringKey("foo", "bar")
                .aux("lua", "return 1");
        List<String> events = Reads.events(file(12, b));
        assertTrue(events.contains("slot 12182 1 0"));
        assertEquals("aux \"lua\"=\"return 1\"", events.get(events.size() - 2));
    }

    // ---- batching and bounded memory ---------------------------------------------------------

    @Test
    void largeCollectionsArriveInBoundedBatches() {
        RdbBuilder b = RdbBuilder.bytes().key(RdbTypes.LIST, "big").length(5000);
        for (int i = 0; i < 5000; i++) {
            b.string("e" + i);
        }
        List<Integer> batchSizes = new ArrayList<>();
        RdbReader reader = new RdbReader(new RdbVisitor() {
            @Override
            public void onListElements(RdbKey key, List<byte[]> elements) {
                batchSizes.add(elements.size());
            }
        });
        reader.feed(file(9, b));
        reader.end();
        assertEquals(List.of(1024, 1024, 1024, 1024, 904), batchSizes);

        // the byte limit cuts batches too
        List<Integer> bySize = new ArrayList<>();
        RdbBuilder big = RdbBuilder.bytes().key(RdbTypes.SET, "s").length(10);
        for (int i = 0; i < 10; i++) {
            big.string(i + "x".repeat(1000));
        }
        RdbReader r2 = new RdbReader(new RdbVisitor() {
            @Override
            public void onSetMembers(RdbKey key, List<byte[]> members) {
                bySize.add(members.size());
            }
        }, RdbReaderConfig.defaults().withBatchLimits(1024, 3000));
        r2.feed(file(9, big));
        r2.end();
        assertEquals(List.of(3, 3, 3, 1), bySize);
    }

    @Test
    void emptyCollectionsAreSkippedWithAWarning() {
        RdbBuilder b = RdbBuilder.bytes().key(RdbTypes.SET, "empty").length(0)
                .key(RdbTypes.LIST_QUICKLIST_2, "emptyq").length(1).length(2).string(new ListpackBuilder().build())
                .stringKey("k", "v");
        RdbCollector collector = new RdbCollector();
        RdbReader reader = new RdbReader(collector);
        reader.feed(file(10, b));
        reader.end();
        assertEquals(List.of("k"), collector.contents().entries().stream().map(e -> e.key().keyString()).toList());
        assertEquals(2, reader.warningCount(RdbWarning.Kind.EMPTY_KEY_SKIPPED));
        assertTrue(collector.contents().warnings().get(0).message().contains("\"empty\""));
    }

    @Test
    void bytesAfterTheChecksumAreNotConsumed() {
        byte[] rdb = RdbBuilder.version(9).stringKey("k", "v").eofWithChecksum().raw(1, 2, 3).build();
        int end = rdb.length - 3;
        RdbReader reader = new RdbReader(new RdbCollector());
        assertEquals(end, reader.feed(rdb, 0, rdb.length - 2), "stops right after the checksum");
        assertTrue(reader.isDone());
        assertEquals(0, reader.feed(rdb, rdb.length - 2, 2));
        assertEquals(0, reader.feed(new byte[] {9}));
        reader.end();
        assertEquals(4, reader.trailingBytes());

        // A ByteBuf keeps what follows the RDB readable, e.g. the replication stream.
        RdbReader r2 = new RdbReader(new RdbCollector());
        io.netty.buffer.ByteBuf first = io.netty.buffer.Unpooled.wrappedBuffer(rdb, 0, 10);
        io.netty.buffer.ByteBuf rest = io.netty.buffer.Unpooled.wrappedBuffer(rdb, 10, rdb.length - 10);
        try {
            r2.feed(first);
            assertEquals(0, first.readableBytes());
            r2.feed(rest);
            assertTrue(r2.isDone());
            assertEquals(3, rest.readableBytes());
            assertEquals(1, rest.readByte());
        } finally {
            first.release();
            rest.release();
        }
    }

    @Test
    void checksumStates() {
        byte[] zero = RdbBuilder.version(9).stringKey("k", "v").eofZeroChecksum().build();
        assertEquals(RdbChecksum.Status.DISABLED_IN_FILE, collect(zero).checksum().status());
        byte[] bad = RdbBuilder.version(9).stringKey("k", "v").raw(RdbOpcodes.EOF).le(12345, 8).build();
        RdbChecksum unchecked = collect(bad, RdbReaderConfig.defaults().withVerifyChecksum(false)).checksum();
        assertEquals(RdbChecksum.Status.NOT_VERIFIED, unchecked.status());
        assertEquals(12345, unchecked.stored());
    }
}
