/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StringValue;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HyperLogLog commands. The table rows are also run against a real redis-server 7.0 by
 * {@link CollectionCommandsInteropTest}; the byte-level checks below use values read from
 * redis-server 7.0.15 ({@code PFADD h a b c} then {@code GET h}), and the replication interop
 * test compares the bytes of thousands of HLLs written on both sides.
 */
class HyperLogLogCommandsTest {
    private static final String WRONGTYPE =
            "-WRONGTYPE Operation against a key holding the wrong kind of value";
    private static final String NOT_HLL = "-WRONGTYPE Key is not a valid HyperLogLog string value.";
    private static final String INVALID = "-INVALIDOBJ Corrupted HLL object detected";

    private static void run(String setup, String command, String reply, String propagated,
                            String then) {
        CommandRow.run(setup, command,
                reply.formatted(WRONGTYPE, NOT_HLL, INVALID), propagated, then);
    }

    /**
     * Corrupt values are built with SETBIT: {@code SET b HYLL; SETBIT b 39 1; SETBIT b 127 0} is
     * a sparse header with a valid zero cache and no opcodes.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ''                  | PFADD h               | :1    | PFADD h            | PFDEBUG ENCODING h => +sparse; PFDEBUG DECODE h => "Z:16384"; STRLEN h => :18
            ''                  | PFADD h a b c         | :1    | PFADD h a b c      | PFDEBUG DECODE h => "Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603"
            PFADD h a b c       | PFADD h a             | :0    | ''                 | PFCOUNT h => :3
            PFADD h a b c       | PFADD h a d e f g     | :1    | PFADD h a d e f g  | PFCOUNT h => :7; PFDEBUG DECODE h => "Z:1646 v:1,1 Z:5645 v:1,1 Z:1085 v:2,1 z:57 v:1,1 Z:4274 v:2,1 Z:2445 v:1,1 Z:622 v:1,1 Z:603"
            PFADD h a           | PFADD h               | :0    | ''                 | ''
            SADD s a            | PFADD s a             | %1$s  | ''                 | ''
            SET s hello         | PFADD s a             | %2$s  | ''                 | GET s => "hello"
            SET s HYLLxxxxxxxxxxxxxxxx | PFADD s a      | %2$s  | ''                 | ''
            ''                  | PFCOUNT h             | :0    | ''                 | EXISTS h => :0
            PFADD h a b c       | PFCOUNT h             | :3    | PFCOUNT h          | PFCOUNT h => :3
            PFADD h a b c       | PFCOUNT h nokey       | :3    | ''                 | ''
            PFADD h a b c; PFADD g c d e | PFCOUNT h g  | :5    | ''                 | ''
            SADD s a            | PFCOUNT s             | %1$s  | ''                 | ''
            PFADD h a; SET s hello | PFCOUNT h s        | %2$s  | ''                 | ''
            PFADD h a b c; PFADD g c d e | PFMERGE d h g | +OK  | PFMERGE d h g      | PFCOUNT d => :5; PFDEBUG ENCODING d => +sparse
            PFADD h a b c; PFDEBUG TODENSE h | PFMERGE d h | +OK | PFMERGE d h      | PFCOUNT d => :3; PFDEBUG ENCODING d => +dense; STRLEN d => :12304
            PFADD h a b c       | PFMERGE h             | +OK   | PFMERGE h          | PFCOUNT h => :3
            ''                  | PFMERGE e             | +OK   | PFMERGE e          | PFDEBUG DECODE e => "Z:16384"; PFCOUNT e => :0
            PFADD h a; SET s hello | PFMERGE d h s      | %2$s  | ''                 | EXISTS d => :0
            PFADD h a b c       | PFDEBUG TODENSE h     | :1    | PFDEBUG TODENSE h  | PFDEBUG ENCODING h => +dense; PFCOUNT h => :3
            PFADD h a; PFDEBUG TODENSE h | PFDEBUG TODENSE h | :0 | ''              | ''
            PFADD h a; PFDEBUG TODENSE h | PFDEBUG DECODE h | -ERR HLL encoding is not sparse | '' | ''
            PFADD h a           | pfdebug foo h         | -ERR Unknown PFDEBUG subcommand 'foo' | '' | ''
            ''                  | PFDEBUG GETREG nokey  | -ERR The specified key does not exist | '' | ''
            ''                  | PFDEBUG foo nokey     | -ERR The specified key does not exist | '' | ''
            SET s hello         | PFDEBUG ENCODING s    | %2$s  | ''                 | ''
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0             | PFCOUNT b             | :0    | ''                 | ''
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0             | PFADD b x             | %3$s  | ''                 | ''
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0             | PFADD b               | :0    | ''                 | PFDEBUG DECODE b => ""
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETBIT b 135 1 | PFADD b a         | %3$s  | ''                 | PFDEBUG DECODE b => "z:2"
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETBIT b 135 1 | PFMERGE m b       | %3$s  | ''                 | EXISTS m => :0
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETBIT b 135 1 | PFDEBUG TODENSE b | %3$s  | ''                 | ''
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETBIT b 135 1 | PFDEBUG GETREG b  | %3$s  | ''                 | ''
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETRANGE b 16 zzzz | PFADD b a     | :1    | PFADD b a          | PFDEBUG DECODE b => "Z:12711 v:2,1 Z:2259 Z:14971"
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETRANGE b 16 zzzz | PFCOUNT b x   | %3$s  | ''                 | ''
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETRANGE b 16 zz | PFADD b a b     | %3$s  | ''                 | PFCOUNT b => -INVALIDOBJ Corrupted HLL object detected
            SET b HYLL; SETBIT b 39 1; SETBIT b 127 0; SETBIT b 127 1 | PFCOUNT b         | :72057594037927936 | ''    | ''
            """)
    void commands(String setup, String command, String reply, String propagated, String then) {
        run(setup, command, reply, propagated, then);
    }

    private static byte[] value(KeyspaceFixture ks, String key) {
        Entry e = ks.keyspace.database(0).peek(Key.of(key));
        return ((StringValue) e.value()).bytes();
    }

    @Test
    void bytesAndCachedCardinalityAreRedisOwn() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("PFADD", "h", "a", "b", "c").isInteger(1);
        // GET h on redis-server 7.0.15 after the same PFADD: stale cache (top bit of byte 15)
        byte[] expected = HexFormat.of().parseHex("48594c4c01000000" + "0000000000000080"
                + "60f38050b1844bfb80425a");
        assertArrayEquals(expected, value(ks, "h"));
        ks.exec("PFCOUNT", "h").isInteger(3).propagates("PFCOUNT h");
        expected[15] = 0;
        expected[8] = 3; // the cache now holds 3, little endian, and is valid
        assertArrayEquals(expected, value(ks, "h"));
        ks.exec("PFCOUNT", "h").isInteger(3).propagatesNothing();
        ks.exec("PFADD", "h", "a").isInteger(0).propagatesNothing();
        assertArrayEquals(expected, value(ks, "h"), "an unchanged HLL keeps its valid cache");
    }

    @Test
    void pfcountIsAReadForTheWritePolicyThatStillRefreshesTheCache() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("PFADD", "h", "a", "b", "c").isInteger(1);
        // a read-only replica's policy: writes refused, reads (PFCOUNT among them) served
        ks.keyspace.writeGate(client -> "READONLY You can't write against a read only replica.");
        ks.exec("PFADD", "h", "d").isError("READONLY You can't write against a read only replica.");
        ks.exec("PFCOUNT", "h").isInteger(3).propagates("PFCOUNT h");
        assertEquals(0, value(ks, "h")[15], "the cache is valid and holds 3");
        assertEquals(3, value(ks, "h")[8]);
    }

    @Test
    void pfcountInsideMultiRefreshesTheCacheOnce() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("PFADD", "h", "a", "b", "c").isInteger(1);
        ks.exec("MULTI").isOk();
        ks.exec("PFCOUNT", "h");
        ks.exec("PFCOUNT", "h");
        Reply.ArrayReply replies = assertInstanceOf(Reply.ArrayReply.class,
                ks.exec("EXEC").propagates("PFCOUNT h").reply());
        assertEquals(List.of(Reply.integer(3), Reply.integer(3)), replies.items());
    }

    @Test
    void sparseIsPromotedToDensePastTheConfiguredSize() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.keyspace.hllSparseMaxBytes(100);
        ks.exec("PFADD", "h");
        int i = 0;
        while (value(ks, "h").length <= 90) {
            ks.exec("PFADD", "h", "e" + i++);
            assertEquals("sparse", ((Reply.SimpleReply) ks.exec("PFDEBUG", "ENCODING", "h").reply()).text());
        }
        while (((Reply.SimpleReply) ks.exec("PFDEBUG", "ENCODING", "h").reply()).text().equals("sparse")) {
            assertTrue(value(ks, "h").length <= 100);
            ks.exec("PFADD", "h", "e" + i++);
        }
        assertEquals(12304, value(ks, "h").length);
        ks.exec("PFCOUNT", "h").isInteger(i);
    }

    @Test
    void denseAndSparseAgreeAndTheEstimateIsClose() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("PFADD", "d").isInteger(1);
        ks.exec("PFDEBUG", "TODENSE", "d").isInteger(1);
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 40; round++) {
            String[] add = new String[52];
            add[0] = "PFADD";
            for (int j = 1; j < add.length; j++) {
                add[j] = Long.toHexString(r.nextLong());
            }
            add[1] = "s";
            ks.exec(add);
            add[1] = "d";
            ks.exec(add);
            assertEquals(ks.exec("PFCOUNT", "s").reply(), ks.exec("PFCOUNT", "d").reply());
        }
        long card = ((Reply.IntegerReply) ks.exec("PFCOUNT", "s").reply()).value();
        assertTrue(Math.abs(card - 2000) < 2000 * 0.05, "estimate " + card);
        ks.exec("PFCOUNT", "s", "d").isInteger(card);
    }

    @Test
    void getregConvertsAndListsEveryRegister() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("PFADD", "h", "a", "b", "c");
        Reply.ArrayReply regs = assertInstanceOf(Reply.ArrayReply.class,
                ks.exec("PFDEBUG", "GETREG", "h").propagates("PFDEBUG GETREG h").reply());
        assertEquals(16384, regs.items().size());
        // Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603
        assertEquals(Reply.integer(1), regs.items().get(8436));
        assertEquals(Reply.integer(2), regs.items().get(8436 + 1 + 4274));
        assertEquals(Reply.integer(0), regs.items().get(0));
        ks.exec("PFDEBUG", "ENCODING", "h").is(Reply.simple("dense"));
        ks.exec("PFDEBUG", "GETREG", "h").propagatesNothing();
    }

    @Test
    void corruptValuesNeverThrowNorAllocate() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 3000; round++) {
            KeyspaceFixture ks = new KeyspaceFixture();
            byte[] garbage = new byte[16 + r.nextInt(40)];
            r.nextBytes(garbage);
            System.arraycopy("HYLL".getBytes(), 0, garbage, 0, 4);
            garbage[4] = (byte) r.nextInt(2);
            ks.keyspace.database(0).add(Key.of("g"), StringValue.of(garbage));
            for (String[] cmd : new String[][] {{"PFADD", "g", "x", "y"}, {"PFCOUNT", "g"},
                    {"PFCOUNT", "g", "nokey"}, {"PFMERGE", "m", "g"}, {"PFDEBUG", "DECODE", "g"},
                    {"PFDEBUG", "GETREG", "g"}}) {
                Reply reply = ks.exec(cmd).reply();
                if (reply instanceof Reply.ErrorReply e) {
                    assertTrue(e.text().startsWith("INVALIDOBJ") || e.text().startsWith("WRONGTYPE")
                            || e.text().startsWith("ERR HLL encoding"), e.text());
                }
            }
        }
    }

    @Test
    void pfselftestPasses() {
        new KeyspaceFixture().exec("PFSELFTEST").isOk();
    }
}
