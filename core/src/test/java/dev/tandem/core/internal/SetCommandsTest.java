/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.SetValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Set commands against Redis 7.0's replies, error texts and propagated forms (rows checked
 * against redis-server 7.0.15). Columns: setup | command | reply | propagated | then.
 */
class SetCommandsTest {
    private static final String WRONGTYPE =
            "-WRONGTYPE Operation against a key holding the wrong kind of value";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ''                  | sadd s 3 1 2       | :3       | sadd s 3 1 2      | SMEMBERS s => ~["1", "2", "3"]
            SADD s 1            | SADD s 1           | :0       | ''                | SCARD s => :1
            SADD s 1            | SADD s 1 a 1       | :1       | SADD s 1 a 1      | SCARD s => :2
            SADD s 1 2 3        | SREM s 9           | :0       | ''                | SCARD s => :3
            SADD s 1 2 3        | srem s 1 9 1       | :1       | srem s 1 9 1      | SCARD s => :2
            SADD s 1 2          | SREM s 1 2 3       | :2       | SREM s 1 2 3      | EXISTS s => :0
            ''                  | SREM s 1           | :0       | ''                | ''
            SET str v           | SADD str a         | %1$s     | ''                | ''
            SET str v           | SREM str a         | %1$s     | ''                | ''
            ''                  | SADD s             | -ERR wrong number of arguments for 'sadd' command | '' | ''
            """)
    void addAndRemove(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SADD s 2 3; SADD t a 2  | SMOVE s t 2     | :1      | SMOVE s t 2       | SMEMBERS s => ~["3"]; SCARD t => :2
            SADD s 2 3; SADD t a    | smove s t 3     | :1      | smove s t 3       | SMEMBERS t => sorted ~["3", "a"]
            SADD s 3                | SMOVE s t 3     | :1      | SMOVE s t 3       | EXISTS s => :0; SMEMBERS t => ~["3"]
            SADD s 3                | SMOVE s s 3     | :1      | ''                | SMEMBERS s => ~["3"]
            SADD s 3                | SMOVE s s 9     | :0      | ''                | ''
            SADD s 3                | SMOVE s t 9     | :0      | ''                | EXISTS t => :0
            ''                      | SMOVE s t 9     | :0      | ''                | ''
            SET str v               | SMOVE s str a   | :0      | ''                | ''
            SET str v; SADD t a     | SMOVE str t a   | %1$s    | ''                | ''
            SET str v; SADD t a     | SMOVE t str a   | %1$s    | ''                | SCARD t => :1
            """)
    void smove(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SADD s x            | SPOP s             | "x"          | SREM s x      | EXISTS s => :0
            SADD s 7            | spop s             | "7"          | SREM s 7      | EXISTS s => :0
            ''                  | SPOP s             | (nil)        | ''            | ''
            ''                  | SPOP s 3           | ~[]          | ''            | ''
            SADD s a b          | SPOP s 0           | ~[]          | ''            | SCARD s => :2
            SADD s 5 -3 10 0    | SPOP s 10          | ~["-3", "0", "5", "10"] | DEL s | EXISTS s => :0
            SADD s a            | spop s 1           | ~["a"]       | DEL s         | EXISTS s => :0
            SADD s a b          | SPOP s -1          | -ERR value is out of range, must be positive | '' | ''
            SADD s a b          | SPOP s x           | -ERR value is out of range, must be positive | '' | ''
            SADD s a b          | SPOP s 1 2         | -ERR syntax error | ''       | ''
            SET str v           | SPOP str           | %1$s         | ''            | ''
            SET str v           | SPOP str 0         | %1$s         | ''            | ''
            SET str v           | SPOP str -1        | -ERR value is out of range, must be positive | '' | ''
            """)
    void spop(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @Test
    void spopWithCountBelowSizePropagatesOneSremPerMemberInMulti() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("SADD", "s", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        KeyspaceFixture.Outcome o = ks.exec("spop", "s", "3");
        Reply.SetReply popped = assertInstanceOf(Reply.SetReply.class, o.reply());
        assertEquals(3, popped.items().size());
        List<String> expected = new ArrayList<>();
        expected.add("MULTI");
        Set<String> members = new HashSet<>();
        for (Reply r : popped.items()) {
            String m = ((Reply.BulkReply) r).utf8();
            members.add(m);
            expected.add("SREM s " + m);
        }
        expected.add("EXEC");
        assertEquals(3, members.size(), "distinct members");
        o.propagates(expected.toArray(new String[0]));
        ks.exec("SCARD", "s").isInteger(7);
        for (String m : members) {
            ks.exec("SISMEMBER", "s", m).isInteger(0);
        }
        // A single popped member goes out bare.
        KeyspaceFixture.Outcome one = ks.exec("SPOP", "s", "1");
        String m = ((Reply.BulkReply) ((Reply.SetReply) one.reply()).items().get(0)).utf8();
        one.propagates("SREM s " + m);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SADD s 3 1 2        | SMEMBERS s         | ~["1", "2", "3"]    | '' | ''
            SADD s 10 -3 b      | SMEMBERS s         | sorted ~["-3", "10", "b"] | '' | ''
            ''                  | SMEMBERS s         | ~[]                 | '' | ''
            @resp3; SADD s a    | SMEMBERS s         | ~["a"]              | '' | ''
            @resp3              | SMEMBERS s         | ~[]                 | '' | ''
            @resp3; SADD s a    | SPOP s 2           | ~["a"]              | DEL s | ''
            @resp3              | SPOP s 2           | ~[]                 | '' | ''
            SADD s a b          | SISMEMBER s a      | :1                  | '' | ''
            SADD s a b          | SISMEMBER s z      | :0                  | '' | ''
            ''                  | SISMEMBER s a      | :0                  | '' | ''
            SADD s a b          | SMISMEMBER s a zz b | [:1, :0, :1]       | '' | ''
            ''                  | SMISMEMBER s a     | [:0]                | '' | ''
            SADD s a b          | SCARD s            | :2                  | '' | ''
            ''                  | SCARD s            | :0                  | '' | ''
            SET str v           | SMEMBERS str       | %1$s                | '' | ''
            SET str v           | SISMEMBER str a    | %1$s                | '' | ''
            SET str v           | SMISMEMBER str a   | %1$s                | '' | ''
            SET str v           | SCARD str          | %1$s                | '' | ''
            """)
    void reads(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SADD a 1 2 3; SADD b 2 3 4 | SINTER a b        | ~["2", "3"]          | '' | ''
            SADD a 1 2 3; SADD b 2 3 4 | SINTER a b none   | ~[]                  | '' | ''
            SADD a 1 2 3; SADD b 2 3 4 | SUNION a b none   | ~["1", "2", "3", "4"] | '' | ''
            SADD a 1 2 3; SADD b 2 3 4 | SDIFF a b none    | ~["1"]               | '' | ''
            SADD a 1 2 3; SADD b 2 3 4 | SDIFF none a      | ~[]                  | '' | ''
            SADD a 1 2 3               | SDIFF a a         | ~[]                  | '' | ''
            SADD a 1 2 3               | SINTER a a        | ~["1", "2", "3"]     | '' | ''
            SADD a x y; SADD b y       | SUNION a b        | sorted ~["x", "y"]   | '' | ''
            SADD a 1 2 3; SADD b 2 3 4 | SINTERSTORE d a b | :2                   | SINTERSTORE d a b | SMEMBERS d => ~["2", "3"]
            SADD a 1 2 3; SADD b 2 3 4 | sunionstore d a b | :4                   | sunionstore d a b | SCARD d => :4
            SADD a 1 2 3; SADD b 2 3 4 | SDIFFSTORE d a b  | :1                   | SDIFFSTORE d a b  | SMEMBERS d => ~["1"]
            SADD a 1 2 3; SET d str    | SUNIONSTORE d a   | :3                   | SUNIONSTORE d a   | TYPE d => +set
            SADD a 1; SET d v PX 100   | SUNIONSTORE d a   | :1                   | SUNIONSTORE d a   | TTL_CHECK d => ''
            SADD a 1                   | SINTERSTORE d a none | :0                | ''                | EXISTS d => :0
            SADD a 1; SADD d 9         | SINTERSTORE d a none | :0                | SINTERSTORE d a none | EXISTS d => :0
            SADD a 1; SADD d 9         | SDIFFSTORE d a a  | :0                   | SDIFFSTORE d a a  | EXISTS d => :0
            SADD a 1; SADD d 9         | SUNIONSTORE d x y | :0                   | SUNIONSTORE d x y | EXISTS d => :0
            SADD a 1; SADD b 2; SADD d 9 | SINTERSTORE d a b | :0                 | SINTERSTORE d a b | EXISTS d => :0
            SADD a 1; SADD b 1         | SINTERSTORE a a b | :1                   | SINTERSTORE a a b | SMEMBERS a => ~["1"]
            SET str v                  | SINTER none str   | %1$s                 | '' | ''
            SET str v                  | SUNION none str   | %1$s                 | '' | ''
            SET str v                  | SDIFF none str    | %1$s                 | '' | ''
            SET str v                  | SINTERSTORE d none str | %1$s            | '' | ''
            SET str v; SADD d 1        | SUNIONSTORE d str | %1$s                 | '' | SCARD d => :1
            """)
    void algebra(String setup, String command, String reply, String propagated, String then) {
        if (then.startsWith("TTL_CHECK")) {
            KeyspaceFixture ks = new KeyspaceFixture();
            for (String step : CommandRow.split(setup)) {
                ks.exec(CommandRow.words(step));
            }
            ks.exec(CommandRow.words(command)).isInteger(1).propagates(propagated);
            assertFalse(ks.keyspace.database(0).peek(Key.of("d")).hasExpiry(),
                    "the STORE forms drop the destination's TTL");
            return;
        }
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SADD a 1 2 3; SADD b 2 3 4 | SINTERCARD 2 a b          | :2   | '' | ''
            SADD a 1 2 3; SADD b 2 3 4 | sintercard 2 a b limit 1  | :1   | '' | ''
            SADD a 1 2 3; SADD b 2 3 4 | SINTERCARD 2 a b LIMIT 0  | :2   | '' | ''
            SADD a 1 2 3               | SINTERCARD 2 a none       | :0   | '' | ''
            SADD a 1 2 3               | SINTERCARD 0 a            | -ERR numkeys should be greater than 0 | '' | ''
            SADD a 1 2 3               | SINTERCARD x a            | -ERR numkeys should be greater than 0 | '' | ''
            SADD a 1 2 3               | SINTERCARD 3 a b          | -ERR Number of keys can't be greater than number of args | '' | ''
            SADD a 1 2 3               | SINTERCARD 1 a LIMIT -1   | -ERR LIMIT can't be negative | '' | ''
            SADD a 1 2 3               | SINTERCARD 1 a LIMIT x    | -ERR LIMIT can't be negative | '' | ''
            SADD a 1 2 3               | SINTERCARD 1 a foo        | -ERR syntax error | '' | ''
            SET str v                  | SINTERCARD 2 none str     | %1$s | '' | ''
            """)
    void sintercard(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SADD s 5 -3 10 0    | SSCAN s 0               | ["0", ["-3", "0", "5", "10"]] | '' | ''
            SADD s 5 -3 10 0    | SSCAN s 99 COUNT 1      | ["0", ["-3", "0", "5", "10"]] | '' | ''
            SADD s 5 -3 10 0    | SSCAN s 0 MATCH 1*      | ["0", ["10"]]  | '' | ''
            SADD s a b ab       | SSCAN s 0 MATCH a*      | sorted ["0", ["a", "ab"]] | '' | ''
            ''                  | SSCAN s 0               | ["0", []]      | '' | ''
            ''                  | SSCAN s 0 COUNT 0       | ["0", []]      | '' | ''
            SADD s a            | SSCAN s x               | -ERR invalid cursor | '' | ''
            SADD s a            | SSCAN s 0 COUNT 0       | -ERR syntax error   | '' | ''
            SADD s a            | SSCAN s 0 FOO bar       | -ERR syntax error   | '' | ''
            SET str v           | SSCAN str 0             | %1$s           | '' | ''
            SET str v           | SSCAN str x             | -ERR invalid cursor | '' | ''
            SADD s 5 -3 10 0    | SRANDMEMBER s 10        | ["-3", "0", "5", "10"] | '' | ''
            SADD s a            | SRANDMEMBER s           | "a"            | '' | ''
            SADD s a            | SRANDMEMBER s -3        | ["a", "a", "a"] | '' | ''
            SADD s a            | SRANDMEMBER s 0         | []             | '' | ''
            ''                  | SRANDMEMBER s           | (nil)          | '' | ''
            ''                  | SRANDMEMBER s 3         | []             | '' | ''
            SADD s a            | SRANDMEMBER s 1 2       | -ERR syntax error | '' | ''
            SADD s a            | SRANDMEMBER s x         | -ERR value is not an integer or out of range | '' | ''
            SADD s a            | SRANDMEMBER s -9223372036854775808 | -ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807 | '' | ''
            SET str v           | SRANDMEMBER str 0       | %1$s           | '' | ''
            """)
    void scanAndRandom(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SADD s a; @expire s 10; @advance 11 | SADD s b      | :1    | MULTI; DEL s; SADD s b; EXEC | SMEMBERS s => ~["b"]
            SADD s a; @expire s 10; @advance 11 | SPOP s        | (nil) | DEL s                        | ''
            SADD s a; @expire s 10; @advance 11 | SMEMBERS s    | ~[]   | DEL s                        | ''
            SADD s a; SADD t b; @expire t 10; @advance 11 | SMOVE s t a | :1 | MULTI; DEL t; SMOVE s t a; EXEC | SMEMBERS t => ~["a"]
            SADD t b; @expire t 10; @advance 11 | SMOVE s t a   | :0    | DEL t                        | ''
            SADD a 1; SADD b 1; @expire b 10; @advance 11 | SINTERSTORE d a b | :0 | DEL b     | ''
            SADD a 1; SADD d 1; @expire d 10; @advance 11 | SUNIONSTORE d a | :1 | MULTI; DEL d; SUNIONSTORE d a; EXEC | ''
            SADD a 1; SADD d 1; @expire d 10; @advance 11 | SINTERSTORE d a none | :0 | SINTERSTORE d a none | EXISTS d => :0
            """)
    void expiredKeysAreAbsent(String setup, String command, String reply, String propagated,
                              String then) {
        CommandRow.run(setup, command, reply, propagated, then);
    }

    @Test
    void bigSetScansInPagesAndVisitsEveryMember() {
        KeyspaceFixture ks = new KeyspaceFixture();
        for (int i = 0; i < 700; i++) {
            ks.exec("SADD", "s", Integer.toString(i));
        }
        SetValue s = (SetValue) ks.keyspace.database(0).peek(Key.of("s")).value();
        assertFalse(s.isIntsetEncoded(), "more than 512 integers is a hash table");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            Reply.ArrayReply r = (Reply.ArrayReply) ks.exec("SSCAN", "s", cursor).reply();
            cursor = ((Reply.BulkReply) r.items().get(0)).utf8();
            for (Reply m : ((Reply.ArrayReply) r.items().get(1)).items()) {
                seen.add(((Reply.BulkReply) m).utf8());
            }
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(700, seen.size());
        assertTrue(calls > 1);
    }

    @Test
    void intsetEncodingFollowsRedis() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("SADD", "s", "1", "-9223372036854775808");
        SetValue s = (SetValue) ks.keyspace.database(0).peek(Key.of("s")).value();
        assertTrue(s.isIntsetEncoded());
        ks.exec("SADD", "s", "01");
        assertFalse(s.isIntsetEncoded(), "a non-canonical integer is a string member");
        ks.exec("SADD", "t", "x");
        assertFalse(((SetValue) ks.keyspace.database(0).peek(Key.of("t")).value())
                .isIntsetEncoded());
    }

    @Test
    void srandmemberDistinctSubsets() {
        KeyspaceFixture ks = new KeyspaceFixture();
        List<String> argv = new ArrayList<>(List.of("SADD", "s"));
        for (int i = 0; i < 40; i++) {
            argv.add("m" + i);
        }
        ks.exec(argv.toArray(new String[0]));
        for (int count : new int[] {2, 5, 20, 39}) {
            Reply.ArrayReply r = (Reply.ArrayReply) ks.exec("SRANDMEMBER", "s",
                    Integer.toString(count)).reply();
            Set<String> distinct = new HashSet<>();
            for (Reply m : r.items()) {
                distinct.add(((Reply.BulkReply) m).utf8());
            }
            assertEquals(count, distinct.size());
        }
        ks.exec("SCARD", "s").isInteger(40).propagatesNothing();
    }

    @Test
    void binarySafeMembers() {
        KeyspaceFixture ks = new KeyspaceFixture();
        byte[] key = {(byte) 0x80};
        byte[] member = {0, (byte) 0xff, 0};
        ks.keyspace.execute(ks.client, "SADD".getBytes(), key, member, new byte[0]);
        Reply r = ks.keyspace.execute(ks.client, "SISMEMBER".getBytes(), key, member).reply();
        assertEquals(Reply.ONE, r);
        r = ks.keyspace.execute(ks.client, "SISMEMBER".getBytes(), key, new byte[0]).reply();
        assertEquals(Reply.ONE, r);
        r = ks.keyspace.execute(ks.client, "SISMEMBER".getBytes(), key, new byte[] {0}).reply();
        assertEquals(Reply.ZERO, r);
        ks.keyspace.execute(ks.client, "SREM".getBytes(), key, member);
        Reply.SetReply rest = (Reply.SetReply) ks.keyspace.execute(ks.client,
                "SMEMBERS".getBytes(), key).reply();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[0],
                ((Reply.BulkReply) rest.items().get(0)).bytes());
    }
}
