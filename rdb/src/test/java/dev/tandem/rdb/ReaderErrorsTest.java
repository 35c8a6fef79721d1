/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.ListpackBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.tandem.rdb.Reads.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad input gets its specific error, message and byte offset. */
class ReaderErrorsTest {

    private static RdbFormatException failure(byte[] rdb) {
        return failure(rdb, RdbReaderConfig.defaults());
    }

    private static RdbFormatException failure(byte[] rdb, RdbReaderConfig config) {
        return assertThrows(RdbFormatException.class, () -> Reads.collect(rdb, config));
    }

    private static void assertError(RdbFormatException e, RdbErrorKind kind, String messagePart, long offset) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "message: " + e.getMessage());
        assertEquals(offset, e.byteOffset(), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at offset " + offset), e.getMessage());
    }

    private static byte[] v9(RdbBuilder body) {
        return RdbBuilder.version(9).raw(body.build()).eofWithChecksum().build();
    }

    // ---- header ------------------------------------------------------------------------

    @Test
    void newerVersionsAreRefusedByNumber() {
        RdbFormatException e = failure(RdbBuilder.version(13).eofWithChecksum().build());
        assertError(e, RdbErrorKind.UNSUPPORTED_VERSION, "unsupported RDB version 13", 5);
        assertError(failure(RdbBuilder.version(0).build()), RdbErrorKind.UNSUPPORTED_VERSION,
                "unsupported RDB version 0", 5);
    }

    @Test
    void valkeyFilesAreNamed() {
        RdbFormatException e = failure("VALKEY080\u00fa\u0009redis-ver".getBytes(StandardCharsets.ISO_8859_1));
        assertError(e, RdbErrorKind.BAD_MAGIC, "not an RDB file: bad magic \"VALKEY080\"", 0);
        assertError(failure("REDIS00a1".getBytes(StandardCharsets.US_ASCII)), RdbErrorKind.BAD_MAGIC,
                "bad magic \"REDIS00a1\"", 0);
        // too short to hold a header, and not the start of one
        assertError(failure("hello".getBytes(StandardCharsets.US_ASCII)), RdbErrorKind.BAD_MAGIC,
                "bad magic \"hello\"", 0);
    }

    @Test
    void shortButPlausibleHeaderIsTruncation() {
        assertError(failure("REDIS0".getBytes(StandardCharsets.US_ASCII)), RdbErrorKind.TRUNCATED,
                "truncated RDB", 6);
        assertError(failure(new byte[0]), RdbErrorKind.TRUNCATED, "truncated RDB", 0);
    }

    // ---- framing -----------------------------------------------------------------------

    @Test
    void truncationNamesTheOffsetAndTheItem() {
        byte[] full = v9(RdbBuilder.bytes().stringKey("key1", "value"));
        byte[] cut = java.util.Arrays.copyOf(full, 17);
        RdbFormatException e = failure(cut);
        assertError(e, RdbErrorKind.TRUNCATED, "the value of key \"key1\"", 17);
        byte[] noChecksum = java.util.Arrays.copyOf(full, full.length - 3);
        assertError(failure(noChecksum), RdbErrorKind.TRUNCATED, "the checksum", full.length - 3);
        byte[] noEof = java.util.Arrays.copyOf(full, full.length - 9);
        assertError(failure(noEof), RdbErrorKind.TRUNCATED, "an opcode or key", full.length - 9);
    }

    @Test
    void badChecksumShowsBothValues() {
        byte[] rdb = v9(RdbBuilder.bytes().stringKey("k", "v"));
        long good = 0;
        for (int i = 0; i < 8; i++) {
            good |= (rdb[rdb.length - 8 + i] & 0xFFL) << (8 * i);
        }
        rdb[rdb.length - 8] ^= 1;
        RdbFormatException e = failure(rdb);
        assertError(e, RdbErrorKind.BAD_CHECKSUM,
                String.format("bad checksum: expected 0x%016x (computed) got 0x%016x (stored)", good, good ^ 1),
                rdb.length - 8);
        // a flipped data byte is caught by the checksum too
        byte[] data = v9(RdbBuilder.bytes().stringKey("k", "value"));
        data[14] ^= 0x20;
        assertEquals(RdbErrorKind.BAD_CHECKSUM, failure(data).kind());
    }

    @Test
    void unknownTypesAndEncodings() {
        assertError(failure(v9(RdbBuilder.bytes().raw(99).string("k").string("v"))), RdbErrorKind.UNKNOWN_TYPE,
                "unknown RDB type 99", 9);
        assertError(failure(v9(RdbBuilder.bytes().stringKey("a", "b").raw(8).string("k"))), RdbErrorKind.UNKNOWN_TYPE,
                "unknown RDB type 8", 14);
        assertError(failure(v9(RdbBuilder.bytes().key(RdbTypes.STRING, "k").raw(0xC4, 1, 2))),
                RdbErrorKind.UNKNOWN_ENCODING, "unknown string encoding 0xc4", 12);
        assertError(failure(v9(RdbBuilder.bytes().raw(RdbTypes.STRING).raw(0x82, 0, 0, 0, 0, 1))),
                RdbErrorKind.UNKNOWN_ENCODING, "unknown length encoding 0x82", 10);
        assertError(failure(v9(RdbBuilder.bytes().key(RdbTypes.LIST, "k").raw(0xC0, 1))),
                RdbErrorKind.UNKNOWN_ENCODING, "expected a length", 12);
        byte[] lp = new ListpackBuilder().add(utf8("a")).build();
        assertError(failure(v9(RdbBuilder.bytes().key(RdbTypes.LIST_QUICKLIST_2, "k").length(1).length(3).string(lp))),
                RdbErrorKind.UNKNOWN_ENCODING, "unknown quicklist container 3 in key \"k\"", 13);
    }

    // ---- lengths -----------------------------------------------------------------------

    @Test
    void impossibleLengthsFailBeforeTheDataArrives() {
        // A string that claims 600 MB: rejected from its 5-byte length alone.
        RdbReader reader = new RdbReader(new RdbCollector());
        byte[] head = RdbBuilder.version(9).raw(RdbTypes.STRING).string("k").hex("80 23 C3 46 00").build();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> reader.feed(head));
        assertError(e, RdbErrorKind.BAD_LENGTH, "string length 600000000 exceeds the limit of 536870912 bytes", 12);
        assertThrows(IllegalStateException.class, () -> reader.feed(new byte[1]), "no input after an error");

        RdbReaderConfig small = RdbReaderConfig.defaults().withMaxStringLength(1000);
        assertError(failure(v9(RdbBuilder.bytes().stringKey("k", "x".repeat(1001))), small),
                RdbErrorKind.BAD_LENGTH, "exceeds the limit of 1000 bytes", 12);
        assertError(failure(v9(RdbBuilder.bytes().key(RdbTypes.LIST, "k").hex("81 80 00 00 00 00 00 00 00"))),
                RdbErrorKind.BAD_LENGTH, "impossible LIST element count 9223372036854775808", 12);
        assertError(failure(v9(RdbBuilder.bytes().raw(RdbOpcodes.SELECTDB).length(1L << 40))),
                RdbErrorKind.BAD_LENGTH, "impossible database index 1099511627776", 9);
        // LZF that claims more output than its input could ever produce
        assertError(failure(v9(RdbBuilder.bytes().key(RdbTypes.STRING, "k").raw(0xC3).length(3).length(100_000)
                .raw(1, 'a', 'a'))), RdbErrorKind.BAD_LENGTH, "more than LZF can expand", 12);
    }

    @Test
    void hugeCountsNeverAllocate() {
        // 2^40 list elements claimed, 2 present: the reader reports truncation, it does not allocate.
        byte[] rdb = RdbBuilder.version(9).key(RdbTypes.LIST, "k").length(1L << 40).string("a").string("b").build();
        assertError(failure(rdb), RdbErrorKind.TRUNCATED, "truncated RDB", rdb.length);
    }

    // ---- values ------------------------------------------------------------------------

    @Test
    void nanScores() {
        byte[] zset2 = v9(RdbBuilder.bytes().key(RdbTypes.ZSET_2, "z").length(1).string("m")
                .le(Double.doubleToRawLongBits(Double.NaN), 8));
        assertError(failure(zset2), RdbErrorKind.NAN_SCORE, "NaN score in zset \"z\"", 15);
        byte[] zset3 = v9(RdbBuilder.bytes().key(RdbTypes.ZSET, "z").length(1).string("m").raw(253));
        assertError(failure(zset3), RdbErrorKind.NAN_SCORE, "NaN score", 15);
        byte[] lp = new ListpackBuilder().add(utf8("m")).add(utf8("nan")).build();
        byte[] zsetLp = v9(RdbBuilder.bytes().blobKey(RdbTypes.ZSET_LISTPACK, "z", lp));
        // blob data starts at 13; the score entry is at listpack byte 9
        assertError(failure(zsetLp), RdbErrorKind.NAN_SCORE, "NaN score", 13 + 9);
        byte[] text = v9(RdbBuilder.bytes().key(RdbTypes.ZSET, "z").length(1).string("m").raw(3).raw(utf8("1x2")));
        assertError(failure(text), RdbErrorKind.CORRUPT_VALUE, "invalid zset score \"1x2\"", 15);
    }

    @Test
    void duplicateKeysAndMembers() {
        byte[] dup = v9(RdbBuilder.bytes().stringKey("k", "1").stringKey("other", "2").stringKey("k", "3"));
        assertError(failure(dup), RdbErrorKind.DUPLICATE_KEY, "duplicate key \"k\" in db 0", 23);
        byte[] otherDb = v9(RdbBuilder.bytes().stringKey("k", "1").selectDb(1).stringKey("k", "2"));
        assertEquals(2, Reads.collect(otherDb).entries().size());
        byte[] member = v9(RdbBuilder.bytes().key(RdbTypes.SET, "s").length(3).string("a").string("b").string("a"));
        assertError(failure(member), RdbErrorKind.DUPLICATE_MEMBER, "duplicate member \"a\" in set \"s\"", 17);
        byte[] field = v9(RdbBuilder.bytes().blobKey(RdbTypes.HASH_LISTPACK, "h",
                new ListpackBuilder().add(utf8("f")).add(utf8("1")).add(utf8("f")).add(utf8("2")).build()));
        assertEquals(RdbErrorKind.DUPLICATE_MEMBER, failure(field).kind());
    }

    @Test
    void corruptBlobsPointAtTheBadByte() {
        byte[] lp = new ListpackBuilder().add(utf8("f")).add(utf8("v")).build();
        lp[8] = 5; // the first entry's backlen
        byte[] rdb = v9(RdbBuilder.bytes().blobKey(RdbTypes.HASH_LISTPACK, "h", lp));
        RdbFormatException e = failure(rdb);
        // key "h" at 9..11, blob length at 12, blob data from 13; backlen at blob byte 8
        assertError(e, RdbErrorKind.CORRUPT_VALUE, "corrupt listpack in key \"h\"", 13 + 8);
        byte[] badIntset = v9(RdbBuilder.bytes().blobKey(RdbTypes.SET_INTSET, "s",
                Hex.decode("02 00 00 00 02 00 00 00 02 00 01 00")));
        assertError(failure(badIntset), RdbErrorKind.CORRUPT_VALUE, "not strictly ascending", 13 + 10);
        byte[] badLzf = v9(RdbBuilder.bytes().key(RdbTypes.STRING, "k").hex("C3 02 03 20 00"));
        assertError(failure(badLzf), RdbErrorKind.CORRUPT_VALUE, "invalid LZF string", 12);
        byte[] odd = v9(RdbBuilder.bytes().blobKey(RdbTypes.HASH_LISTPACK, "h",
                new ListpackBuilder().add(utf8("f")).build()));
        assertEquals(RdbErrorKind.CORRUPT_VALUE, failure(odd).kind());
    }

    @Test
    void corruptStreams() {
        byte[] node = new ListpackBuilder().addInteger(1).addInteger(0).addInteger(1).add(utf8("f")).addInteger(0)
                .addInteger(2).addInteger(0).addInteger(0).add(utf8("v")).addInteger(4).build();
        // consumer owns an id that is not in the group PEL
        RdbBuilder b = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS, "s").length(1)
                .length(16).be(5, 8).be(0, 8).string(node)
                .length(1).length(5).length(0)
                .length(1).string("g").length(5).length(0).length(0)
                .length(1).string("c").le(1, 8).length(1).be(7, 8).be(0, 8);
        assertEquals(RdbErrorKind.CORRUPT_VALUE, failure(v9(b)).kind());
        assertTrue(failure(v9(b)).getMessage().contains("not in the PEL of group \"g\""));
        // a node key that is not 16 bytes
        RdbBuilder shortKey = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS, "s").length(1)
                .length(15).be(5, 8).be(0, 7).string(node);
        assertTrue(failure(v9(shortKey)).getMessage().contains("stream node key of 15 bytes"));
        // wrong lp-count
        byte[] badCount = new ListpackBuilder().addInteger(1).addInteger(0).addInteger(1).add(utf8("f")).addInteger(0)
                .addInteger(2).addInteger(0).addInteger(0).add(utf8("v")).addInteger(5).build();
        RdbBuilder lpCount = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS, "s").length(1)
                .length(16).be(5, 8).be(0, 8).string(badCount);
        assertTrue(failure(v9(lpCount)).getMessage().contains("lp-count 5, expected 4"));
        // length without nodes
        RdbBuilder noNodes = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS, "s").length(0)
                .length(3).length(5).length(0).length(0);
        assertTrue(failure(v9(noNodes)).getMessage().contains("stream length 3 but no listpack nodes"));
        // duplicate PEL entry
        RdbBuilder dupPel = RdbBuilder.bytes().key(RdbTypes.STREAM_LISTPACKS, "s").length(1)
                .length(16).be(5, 8).be(0, 8).string(node)
                .length(1).length(5).length(0)
                .length(1).string("g").length(5).length(0).length(2)
                .be(5, 8).be(0, 8).le(1, 8).length(1).be(5, 8).be(0, 8).le(1, 8).length(1);
        assertTrue(failure(v9(dupPel)).getMessage().contains("duplicate PEL entry 5-0"));
    }

    // ---- modules -------------------------------------------------------------------------

    @Test
    void modulePolicies() {
        RdbModuleId id = RdbModuleId.of("ReJSON-RL", 3);
        RdbBuilder value = RdbBuilder.bytes().key(RdbTypes.MODULE_2, "json").length(id.id()).length(1).length(7).length(0);
        RdbReaderConfig reject = RdbReaderConfig.defaults().withModulePolicy(RdbReaderConfig.ModulePolicy.REJECT);
        assertError(failure(v9(value), reject), RdbErrorKind.MODULE_REJECTED,
                "module value of type ReJSON-RL for key \"json\" rejected", 9);
        RdbBuilder aux = RdbBuilder.bytes().raw(RdbOpcodes.MODULE_AUX).length(id.id()).length(2).length(1).length(0);
        assertError(failure(v9(aux), reject), RdbErrorKind.MODULE_REJECTED, "aux data of module type ReJSON-RL", 9);
        RdbBuilder badWhen = RdbBuilder.bytes().raw(RdbOpcodes.MODULE_AUX).length(id.id()).length(1).length(1);
        assertEquals(RdbErrorKind.UNKNOWN_ENCODING, failure(v9(badWhen)).kind());
        RdbBuilder badOpcode = RdbBuilder.bytes().key(RdbTypes.MODULE_2, "json").length(id.id()).length(9);
        assertTrue(failure(v9(badOpcode)).getMessage().contains("unknown module opcode 9 in data of module ReJSON-RL"));
        RdbBuilder preGa = RdbBuilder.bytes().key(RdbTypes.MODULE_PRE_GA, "old").length(id.id());
        assertError(failure(v9(preGa)), RdbErrorKind.MODULE_REJECTED, "pre-GA module value (RDB type 6)", 9);
    }

    // ---- reader lifecycle ----------------------------------------------------------------

    @Test
    void visitorExceptionsAbortTheRead() {
        IllegalStateException boom = new IllegalStateException("sink full");
        RdbReader reader = new RdbReader(new RdbVisitor() {
            @Override
            public void onStringValue(RdbKey key, byte[] value) {
                throw boom;
            }
        });
        byte[] rdb = v9(RdbBuilder.bytes().stringKey("k", "v"));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> reader.feed(rdb)));
        assertThrows(IllegalStateException.class, reader::end);

        // an RdbFormatException without an offset gets the offset of the current item
        RdbReader r2 = new RdbReader(new RdbVisitor() {
            @Override
            public void onAux(byte[] key, byte[] value) {
                throw new RdbFormatException(RdbErrorKind.CORRUPT_VALUE, "rejected by sink", RdbFormatException.UNKNOWN_OFFSET);
            }
        });
        byte[] withAux = v9(RdbBuilder.bytes().stringKey("k", "v").aux("a", "b"));
        assertError(assertThrows(RdbFormatException.class, () -> r2.feed(withAux)), RdbErrorKind.CORRUPT_VALUE,
                "rejected by sink", 14);
    }

    @Test
    void byteBufInputIsConsumedNotReleased() {
        byte[] rdb = v9(RdbBuilder.bytes().stringKey("k", "v"));
        RdbCollector collector = new RdbCollector();
        RdbReader reader = new RdbReader(collector);
        ByteBuf first = Unpooled.directBuffer().writeBytes(rdb, 0, 10);
        ByteBuf second = Unpooled.wrappedBuffer(rdb, 10, rdb.length - 10);
        try {
            reader.feed(first);
            assertEquals(0, first.readableBytes());
            reader.feed(second);
            reader.end();
            assertEquals(1, first.refCnt());
        } finally {
            first.release();
            second.release();
        }
        assertEquals(1, collector.contents().entries().size());
        assertEquals(List.of(), collector.contents().warnings());
    }

    @Test
    void endIsIdempotentOnlyWhenDone() {
        RdbReader reader = new RdbReader(new RdbCollector());
        reader.feed(v9(RdbBuilder.bytes()));
        reader.end();
        reader.end();
        RdbReader partial = new RdbReader(new RdbCollector());
        partial.feed(utf8("REDIS0009"));
        Executable end = partial::end;
        assertThrows(RdbFormatException.class, end);
        assertThrows(IllegalStateException.class, end);
    }
}
