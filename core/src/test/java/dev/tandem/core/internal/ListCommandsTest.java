/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.reply.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * List commands against Redis 7.0's replies, error texts and propagated forms (each row was
 * checked against redis-server 7.0.15). Columns: setup | command | reply | propagated | then.
 */
class ListCommandsTest {
    private static final String WRONGTYPE =
            "-WRONGTYPE Operation against a key holding the wrong kind of value";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ''                  | LPUSH l a b c      | :3         | LPUSH l a b c      | LRANGE l 0 -1 => ["c", "b", "a"]
            ''                  | rpush l a b c      | :3         | rpush l a b c      | LRANGE l 0 -1 => ["a", "b", "c"]
            RPUSH l x           | LPUSH l a          | :2         | LPUSH l a          | LRANGE l 0 -1 => ["a", "x"]
            ''                  | LPUSHX l a         | :0         | ''                 | EXISTS l => :0
            ''                  | RPUSHX l a         | :0         | ''                 | EXISTS l => :0
            RPUSH l x           | RPUSHX l a b       | :3         | RPUSHX l a b       | LRANGE l 0 -1 => ["x", "a", "b"]
            RPUSH l x           | LPUSHX l a b       | :3         | LPUSHX l a b       | LRANGE l 0 -1 => ["b", "a", "x"]
            SET s v             | LPUSH s a          | %1$s       | ''                 | GET s => "v"
            SET s v             | LPUSHX s a         | %1$s       | ''                 | ''
            ''                  | LPUSH l            | -ERR wrong number of arguments for 'lpush' command | '' | ''
            """)
    void push(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RPUSH l a b c       | LPOP l             | "a"                  | LPOP l      | LRANGE l 0 -1 => ["b", "c"]
            RPUSH l a b c       | rpop l             | "c"                  | rpop l      | LRANGE l 0 -1 => ["a", "b"]
            RPUSH l a           | LPOP l             | "a"                  | LPOP l      | EXISTS l => :0
            ''                  | LPOP l             | (nil)                | ''          | ''
            ''                  | LPOP l 2           | (nil-array)          | ''          | ''
            ''                  | LPOP l 0           | (nil-array)          | ''          | ''
            @resp3              | LPOP l 2           | (nil-array)          | ''          | ''
            @resp3; RPUSH l a b | RPOP l 5           | ["b", "a"]           | RPOP l 5    | EXISTS l => :0
            RPUSH l a b c       | LPOP l 0           | []                   | ''          | LLEN l => :3
            RPUSH l a b c       | LPOP l 2           | ["a", "b"]           | LPOP l 2    | LRANGE l 0 -1 => ["c"]
            RPUSH l a b c       | RPOP l 2           | ["c", "b"]           | RPOP l 2    | LRANGE l 0 -1 => ["a"]
            RPUSH l a b c       | RPOP l 10          | ["c", "b", "a"]      | RPOP l 10   | EXISTS l => :0
            RPUSH l a           | LPOP l -1          | -ERR value is out of range, must be positive | '' | ''
            RPUSH l a           | LPOP l x           | -ERR value is out of range, must be positive | '' | ''
            RPUSH l a           | LPOP l 1 2         | -ERR wrong number of arguments for 'lpop' command | '' | ''
            RPUSH l a           | RPOP l 1 2         | -ERR wrong number of arguments for 'rpop' command | '' | ''
            SET s v             | LPOP s             | %1$s                 | ''          | ''
            SET s v             | RPOP s 1           | %1$s                 | ''          | ''
            SET s v             | LPOP s -1          | -ERR value is out of range, must be positive | '' | ''
            """)
    void pop(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @Test
    void popWithCountOnMissingKeyIsNullArrayInBothProtocols() {
        CommandRow.run("@resp3", "LPOP l 1", "(nil-array)", "", "");
        CommandRow.run("@resp3", "LPOP l", "(nil)", "", "");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RPUSH l a b c a b c a  | LPOS l a                      | :0             | '' | ''
            RPUSH l a b c a b c a  | LPOS l a RANK -1              | :6             | '' | ''
            RPUSH l a b c a b c a  | LPOS l a RANK 2 COUNT 2       | [:3, :6]       | '' | ''
            RPUSH l a b c a b c a  | LPOS l a COUNT 0              | [:0, :3, :6]   | '' | ''
            RPUSH l a b c a b c a  | lpos l a count 0 maxlen 4     | [:0, :3]       | '' | ''
            RPUSH l a b c a b c a  | LPOS l a RANK -2 COUNT 0      | [:3, :0]       | '' | ''
            RPUSH l a b c a b c a  | LPOS l a RANK 4               | (nil)          | '' | ''
            RPUSH l a b c a b c a  | LPOS l a MAXLEN 3 RANK 2      | (nil)          | '' | ''
            RPUSH l a b c a b c a  | LPOS l z COUNT 1              | []             | '' | ''
            RPUSH l a b c a b c a  | LPOS l a RANK -9223372036854775808 | :6        | '' | ''
            ''                     | LPOS l a COUNT 1              | []             | '' | ''
            ''                     | LPOS l a                      | (nil)          | '' | ''
            RPUSH l a              | LPOS l a RANK 0               | -ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list | '' | ''
            RPUSH l a              | LPOS l a COUNT -1             | -ERR COUNT can't be negative  | '' | ''
            RPUSH l a              | LPOS l a COUNT x              | -ERR COUNT can't be negative  | '' | ''
            RPUSH l a              | LPOS l a MAXLEN -1            | -ERR MAXLEN can't be negative | '' | ''
            RPUSH l a              | LPOS l a RANK x               | -ERR value is not an integer or out of range | '' | ''
            RPUSH l a              | LPOS l a foo                  | -ERR syntax error | '' | ''
            RPUSH l a              | LPOS l a RANK                 | -ERR syntax error | '' | ''
            SET s v                | LPOS s a                      | %1$s           | '' | ''
            SET s v                | LPOS s a RANK 0               | -ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list | '' | ''
            """)
    void lpos(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RPUSH l a b c       | LLEN l             | :3                 | '' | ''
            ''                  | LLEN l             | :0                 | '' | ''
            SET s v             | LLEN s             | %1$s               | '' | ''
            RPUSH l a b c       | LINDEX l 0         | "a"                | '' | ''
            RPUSH l a b c       | LINDEX l -1        | "c"                | '' | ''
            RPUSH l a b c       | LINDEX l 3         | (nil)              | '' | ''
            RPUSH l a b c       | LINDEX l -4        | (nil)              | '' | ''
            RPUSH l a b c       | LINDEX l x         | -ERR value is not an integer or out of range | '' | ''
            ''                  | LINDEX l x         | (nil)              | '' | ''
            SET s v             | LINDEX s x         | %1$s               | '' | ''
            RPUSH l a b c d     | LRANGE l 1 2       | ["b", "c"]         | '' | ''
            RPUSH l a b c d     | LRANGE l -3 -2     | ["b", "c"]         | '' | ''
            RPUSH l a b c d     | LRANGE l -100 100  | ["a", "b", "c", "d"] | '' | ''
            RPUSH l a b c d     | LRANGE l 2 1       | []                 | '' | ''
            RPUSH l a b c d     | LRANGE l 4 10      | []                 | '' | ''
            RPUSH l a b c d     | LRANGE l 0 -5      | []                 | '' | ''
            ''                  | LRANGE l 0 -1      | []                 | '' | ''
            ''                  | LRANGE l x 1       | -ERR value is not an integer or out of range | '' | ''
            SET s v             | LRANGE s x 1       | -ERR value is not an integer or out of range | '' | ''
            SET s v             | LRANGE s 0 1       | %1$s               | '' | ''
            """)
    void reads(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RPUSH l a b c       | LSET l 1 x         | +OK                | LSET l 1 x  | LRANGE l 0 -1 => ["a", "x", "c"]
            RPUSH l a b c       | LSET l -1 x        | +OK                | LSET l -1 x | LRANGE l 0 -1 => ["a", "b", "x"]
            RPUSH l a b c       | LSET l 3 x         | -ERR index out of range | ''     | ''
            RPUSH l a b c       | LSET l -4 x        | -ERR index out of range | ''     | ''
            RPUSH l a b c       | LSET l x x         | -ERR value is not an integer or out of range | '' | ''
            ''                  | LSET l 0 x         | -ERR no such key   | ''          | ''
            ''                  | LSET l x x         | -ERR no such key   | ''          | ''
            SET s v             | LSET s 0 x         | %1$s               | ''          | ''
            RPUSH l a b c       | LINSERT l BEFORE b x | :4               | LINSERT l BEFORE b x | LRANGE l 0 -1 => ["a", "x", "b", "c"]
            RPUSH l a b c       | linsert l after c x  | :4               | linsert l after c x  | LRANGE l 0 -1 => ["a", "b", "c", "x"]
            RPUSH l a b a       | LINSERT l AFTER a x  | :4               | LINSERT l AFTER a x  | LRANGE l 0 -1 => ["a", "x", "b", "a"]
            RPUSH l a b c       | LINSERT l BEFORE z x | :-1              | ''          | LLEN l => :3
            ''                  | LINSERT l BEFORE z x | :0               | ''          | ''
            RPUSH l a           | LINSERT l MIDDLE a x | -ERR syntax error | ''         | ''
            SET s v             | LINSERT s MIDDLE a x | -ERR syntax error | ''         | ''
            SET s v             | LINSERT s BEFORE a x | %1$s             | ''          | ''
            RPUSH l a b a c a   | LREM l 2 a         | :2                 | LREM l 2 a  | LRANGE l 0 -1 => ["b", "c", "a"]
            RPUSH l a b a c a   | LREM l -2 a        | :2                 | LREM l -2 a | LRANGE l 0 -1 => ["a", "b", "c"]
            RPUSH l a b a c a   | LREM l 0 a         | :3                 | LREM l 0 a  | LRANGE l 0 -1 => ["b", "c"]
            RPUSH l a a         | LREM l 0 a         | :2                 | LREM l 0 a  | EXISTS l => :0
            RPUSH l a a         | LREM l -9223372036854775808 a | :2      | LREM l -9223372036854775808 a | EXISTS l => :0
            RPUSH l a b         | LREM l 0 z         | :0                 | ''          | LLEN l => :2
            ''                  | LREM l 0 z         | :0                 | ''          | ''
            RPUSH l a           | LREM l x a         | -ERR value is not an integer or out of range | '' | ''
            SET s v             | LREM s 0 a         | %1$s               | ''          | ''
            RPUSH l a b c d     | LTRIM l 1 2        | +OK                | LTRIM l 1 2 | LRANGE l 0 -1 => ["b", "c"]
            RPUSH l a b c d     | LTRIM l -2 -1      | +OK                | LTRIM l -2 -1 | LRANGE l 0 -1 => ["c", "d"]
            RPUSH l a b c d     | LTRIM l 0 -1       | +OK                | ''          | LLEN l => :4
            RPUSH l a b c d     | LTRIM l 0 100      | +OK                | ''          | LLEN l => :4
            RPUSH l a b c d     | LTRIM l 3 1        | +OK                | LTRIM l 3 1 | EXISTS l => :0
            RPUSH l a b c d     | LTRIM l 10 20      | +OK                | LTRIM l 10 20 | EXISTS l => :0
            ''                  | LTRIM l 0 1        | +OK                | ''          | EXISTS l => :0
            ''                  | LTRIM l x 1        | -ERR value is not an integer or out of range | '' | ''
            SET s v             | LTRIM s 0 1        | %1$s               | ''          | ''
            """)
    void edits(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RPUSH l a b c       | LMOVE l m LEFT RIGHT  | "a"   | LMOVE l m LEFT RIGHT  | LRANGE l 0 -1 => ["b", "c"]; LRANGE m 0 -1 => ["a"]
            RPUSH l a b c; RPUSH m x | lmove l m right left | "c" | lmove l m right left  | LRANGE m 0 -1 => ["c", "x"]
            RPUSH l a b c       | LMove l l left right  | "a"   | LMove l l left right  | LRANGE l 0 -1 => ["b", "c", "a"]
            RPUSH l a b c       | LMOVE l l RIGHT LEFT  | "c"   | LMOVE l l RIGHT LEFT  | LRANGE l 0 -1 => ["c", "a", "b"]
            RPUSH l a           | LMOVE l l LEFT LEFT   | "a"   | LMOVE l l LEFT LEFT   | LRANGE l 0 -1 => ["a"]
            RPUSH l a           | LMOVE l m LEFT LEFT   | "a"   | LMOVE l m LEFT LEFT   | EXISTS l => :0; LRANGE m 0 -1 => ["a"]
            ''                  | LMOVE l m LEFT LEFT   | (nil) | ''                    | EXISTS m => :0
            SET m v             | LMOVE l m LEFT LEFT   | (nil) | ''                    | ''
            RPUSH l a; SET m v  | LMOVE l m LEFT LEFT   | %1$s  | ''                    | LLEN l => :1
            SET l v             | LMOVE l m LEFT LEFT   | %1$s  | ''                    | ''
            RPUSH l a           | LMOVE l m UP LEFT     | -ERR syntax error | ''        | ''
            ''                  | LMOVE l m LEFT DOWN   | -ERR syntax error | ''        | ''
            RPUSH l a b c       | RPOPLPUSH l m         | "c"   | RPOPLPUSH l m         | LRANGE m 0 -1 => ["c"]
            RPUSH l a b c       | rpoplpush l l         | "c"   | rpoplpush l l         | LRANGE l 0 -1 => ["c", "a", "b"]
            ''                  | RPOPLPUSH l m         | (nil) | ''                    | ''
            RPUSH l a; SET m v  | RPOPLPUSH l m         | %1$s  | ''                    | ''
            RPUSH l a b c       | LMPOP 2 x l RIGHT COUNT 5 | ["l", ["c", "b", "a"]] | RPOP l 3 | EXISTS l => :0
            RPUSH l a b c       | lmpop 1 l left        | ["l", ["a"]] | LPOP l 1       | LLEN l => :2
            RPUSH l a b c       | LMPOP 1 l LEFT COUNT 2 | ["l", ["a", "b"]] | LPOP l 2  | ''
            ''                  | LMPOP 1 l LEFT        | (nil-array) | ''              | ''
            SET s v             | LMPOP 1 s LEFT        | %1$s  | ''                    | ''
            ''                  | LMPOP 0 l LEFT        | -ERR numkeys should be greater than 0 | '' | ''
            ''                  | LMPOP x l LEFT        | -ERR numkeys should be greater than 0 | '' | ''
            ''                  | LMPOP 2 l LEFT        | -ERR syntax error | ''        | ''
            ''                  | LMPOP 1 l UP          | -ERR syntax error | ''        | ''
            ''                  | LMPOP 1 l LEFT COUNT 0 | -ERR count should be greater than 0 | '' | ''
            ''                  | LMPOP 1 l LEFT COUNT x | -ERR count should be greater than 0 | '' | ''
            ''                  | LMPOP 1 l LEFT COUNT 1 COUNT 1 | -ERR syntax error | '' | ''
            """)
    void moves(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RPUSH l a; @expire l 10; @advance 11 | RPUSH l b    | :1    | MULTI; DEL l; RPUSH l b; EXEC | LRANGE l 0 -1 => ["b"]
            RPUSH l a; @expire l 10; @advance 11 | LPUSHX l b   | :0    | DEL l                         | EXISTS l => :0
            RPUSH l a; @expire l 10; @advance 11 | LPOP l       | (nil) | DEL l                         | ''
            RPUSH l a; @expire l 10; @advance 11 | LLEN l       | :0    | DEL l                         | ''
            RPUSH l a; @expire l 10; @advance 11 | LRANGE l 0 -1 | []   | DEL l                         | ''
            RPUSH l a; @expire l 10; @advance 11 | LSET l 0 x   | -ERR no such key | DEL l              | ''
            RPUSH l a; @expire l 10; @advance 11 | LREM l x a   | -ERR value is not an integer or out of range | '' | ''
            RPUSH l a; @expire l 10; @advance 11 | LINDEX l x   | (nil) | DEL l                         | ''
            RPUSH l a; RPUSH m x; @expire m 10; @advance 11 | LMOVE l m LEFT LEFT | "a" | MULTI; DEL m; LMOVE l m LEFT LEFT; EXEC | LRANGE m 0 -1 => ["a"]
            RPUSH l a; @expire l 10; @advance 5  | RPUSH l b    | :2    | RPUSH l b                     | LRANGE l 0 -1 => ["a", "b"]
            """)
    void expiredKeysAreAbsent(String setup, String command, String reply, String propagated,
                              String then) {
        CommandRow.run(setup, command, reply, propagated, then);
    }

    @Test
    void binarySafeElements() {
        KeyspaceFixture ks = new KeyspaceFixture();
        byte[] key = {0, (byte) 0xff, 'k'};
        byte[] a = {(byte) 0x80, 0, 1};
        byte[] b = {};
        ks.keyspace.execute(ks.client, "RPUSH".getBytes(), key, a, b);
        Reply r = ks.keyspace.execute(ks.client, "LRANGE".getBytes(), key, "0".getBytes(),
                "-1".getBytes()).reply();
        Reply.ArrayReply arr = (Reply.ArrayReply) r;
        assertArrayEquals(a, ((Reply.BulkReply) arr.items().get(0)).bytes());
        assertArrayEquals(b, ((Reply.BulkReply) arr.items().get(1)).bytes());
        Reply pos = ks.keyspace.execute(ks.client, "LPOS".getBytes(), key, b).reply();
        assertEquals(new Reply.IntegerReply(1), pos);
    }

    @Test
    void watchedListInvalidatedByChangeButNotByNoOp() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ClientState other = ClientState.client();
        ks.exec("RPUSH", "l", "a", "b");
        ks.exec("WATCH", "l");
        ks.exec(other, "LREM", "l", "0", "zz").isInteger(0);
        ks.exec("MULTI");
        ks.exec("LPOP", "l");
        ks.exec("EXEC").is(Reply.array(java.util.List.of(Reply.bulk("a"))));
        ks.exec("WATCH", "l");
        ks.exec(other, "RPUSH", "l", "c");
        ks.exec("MULTI");
        ks.exec("LPOP", "l");
        ks.exec("EXEC").is(Reply.NULL_ARRAY);
    }

    @Test
    void longListPushPopBothEnds() {
        KeyspaceFixture ks = new KeyspaceFixture();
        for (int i = 0; i < 1000; i++) {
            ks.exec("RPUSH", "l", "r" + i);
            ks.exec("LPUSH", "l", "l" + i);
        }
        ks.exec("LLEN", "l").isInteger(2000);
        ks.exec("LINDEX", "l", "0").isBulk("l999");
        ks.exec("LINDEX", "l", "-1").isBulk("r999");
        ks.exec("LINDEX", "l", "1000").isBulk("r0");
        ks.exec("LPOP", "l", "999");
        ks.exec("RPOP", "l", "999");
        ks.exec("LRANGE", "l", "0", "-1").isArray("l0", "r0");
    }

    @Test
    void replicaAppliesTheStreamToLogicallyExpiredKeys() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.keyspace.expiryMode(ExpiryMode.REPLICA);
        ClientState master = ClientState.master();
        ks.exec(master, "RPUSH", "l", "a", "b");
        Entry e = ks.keyspace.database(0).peek(Key.of("l"));
        ks.keyspace.database(0).setExpire(e, ks.clock.nowMillis() + 10);
        ks.clock.advance(11);
        ks.exec("LLEN", "l").isInteger(0).propagatesNothing();
        ks.exec(master, "LPOP", "l").isBulk("a").propagates("LPOP l");
        ks.exec(master, "LLEN", "l").isInteger(1);
    }
}
