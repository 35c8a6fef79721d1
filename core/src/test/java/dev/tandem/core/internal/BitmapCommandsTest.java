/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tandem.core.reply.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bitmap commands, table-driven ({@link CommandRow}). Every row is also run against a real
 * redis-server 7.0 by {@link CollectionCommandsInteropTest}, which proves the replies,
 * propagated forms and follow-up checks written here.
 */
class BitmapCommandsTest {
    private static final String WRONGTYPE =
            "-WRONGTYPE Operation against a key holding the wrong kind of value";
    private static final String OFFSET = "-ERR bit offset is not an integer or out of range";
    private static final String TYPE = "-ERR Invalid bitfield type. Use something like i16 u8."
            + " Note that u64 is not supported but i64 is.";

    private static void run(String setup, String command, String reply, String propagated,
                            String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE, OFFSET, TYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ''                  | SETBIT k 7 1          | :0    | SETBIT k 7 1      | STRLEN k => :1; GETBIT k 7 => :1
            SET k a             | SETBIT k 6 1          | :0    | SETBIT k 6 1      | GET k => "c"
            SET k a             | setbit k 1 1          | :1    | ''                | GET k => "a"
            SET k a             | SETBIT k 2 0          | :1    | SETBIT k 2 0      | GET k => "A"
            SET k a             | SETBIT k 8 0          | :0    | SETBIT k 8 0      | STRLEN k => :2
            ''                  | SETBIT k 0 0          | :0    | SETBIT k 0 0      | STRLEN k => :1
            SET k 12            | SETBIT k 7 0          | :1    | SETBIT k 7 0      | GET k => "02"
            SET k 12 EX 100     | SETBIT k 7 0          | :1    | SETBIT k 7 0      | GET k => "02"; TTL k => :100
            ''                  | SETBIT k 4294967296 1 | %2$s  | ''                | EXISTS k => :0
            ''                  | SETBIT k -1 1         | %2$s  | ''                | ''
            ''                  | SETBIT k 01 1         | %2$s  | ''                | ''
            ''                  | SETBIT k x 2          | %2$s  | ''                | ''
            ''                  | SETBIT k 0 2          | -ERR bit is not an integer or out of range | '' | EXISTS k => :0
            ''                  | SETBIT k 0 -1         | -ERR bit is not an integer or out of range | '' | ''
            SADD s a            | SETBIT s 0 1          | %1$s  | ''                | ''
            SADD s a            | SETBIT s 0 2          | -ERR bit is not an integer or out of range | '' | ''
            SET k a             | GETBIT k 1            | :1    | ''                | ''
            SET k a             | GETBIT k 100          | :0    | ''                | ''
            SET k 12            | GETBIT k 2            | :1    | ''                | ''
            ''                  | GETBIT k 0            | :0    | ''                | ''
            ''                  | GETBIT k 4294967296   | %2$s  | ''                | ''
            SADD s a            | GETBIT s 0            | %1$s  | ''                | ''
            SADD s a            | GETBIT s x            | %2$s  | ''                | ''
            """)
    void setbitAndGetbit(String setup, String command, String reply, String propagated,
                         String then) {
        run(setup, command, reply, propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SET k foobar        | BITCOUNT k               | :26   | '' | ''
            SET k foobar        | BITCOUNT k 0 0           | :4    | '' | ''
            SET k foobar        | BITCOUNT k 1 1 BYTE      | :6    | '' | ''
            SET k foobar        | BITCOUNT k 5 30 BIT      | :17   | '' | ''
            SET k foobar        | BITCOUNT k 6 6 bit       | :1    | '' | ''
            SET k foobar        | BITCOUNT k -2 -1         | :7    | '' | ''
            SET k foobar        | BITCOUNT k -9 -47 BIT    | :0    | '' | ''
            SET k foobar        | BITCOUNT k -47 -9 BIT    | :22   | '' | ''
            SET k foobar        | BITCOUNT k 100 200       | :0    | '' | ''
            SET k foobar        | BITCOUNT k -1 -2 FOO     | :0    | '' | ''
            SET k foobar        | BITCOUNT k 0 -1 FOO      | -ERR syntax error | '' | ''
            SET k foobar        | BITCOUNT k 0             | -ERR syntax error | '' | ''
            SET k foobar        | BITCOUNT k a 1           | -ERR value is not an integer or out of range | '' | ''
            ''                  | BITCOUNT k 0             | :0    | '' | ''
            ''                  | BITCOUNT k a b c d       | :0    | '' | ''
            SET k ''            | BITCOUNT k               | :0    | '' | ''
            SADD s a            | BITCOUNT s               | %1$s  | '' | ''
            SET k foobar        | BITPOS k 1               | :1    | '' | ''
            SET k foobar        | BITPOS k 0               | :0    | '' | ''
            SET k foobar        | BITPOS k 1 2             | :17   | '' | ''
            SET k foobar        | BITPOS k 1 2 -1 BYTE     | :17   | '' | ''
            SET k foobar        | BITPOS k 1 7 15 BIT      | :9    | '' | ''
            SET k foobar        | BITPOS k 0 1 2 bit       | :-1   | '' | ''
            SET k foobar        | BITPOS k 0 -3 -1 bit     | :45   | '' | ''
            SET k foobar        | BITPOS k 1 10 20         | :-1   | '' | ''
            SETBIT z 7 0; BITOP NOT k z  | BITPOS k 0      | :8    | '' | ''
            SETBIT z 7 0; BITOP NOT k z  | BITPOS k 0 0    | :8    | '' | ''
            SETBIT z 7 0; BITOP NOT k z  | BITPOS k 0 0 -1 | :-1   | '' | ''
            SETBIT z 7 0; BITOP NOT k z  | BITPOS k 1      | :0    | '' | ''
            SETBIT z 15 0       | BITPOS k 1               | :-1   | '' | ''
            SETBIT k 15 0       | BITPOS k 1               | :-1   | '' | ''
            SETBIT k 15 0       | BITPOS k 0 1             | :8    | '' | ''
            ''                  | BITPOS k 1               | :-1   | '' | ''
            ''                  | BITPOS k 0               | :0    | '' | ''
            ''                  | BITPOS k 1 0 0 0 0 0     | :-1   | '' | ''
            SET k foobar        | BITPOS k 1 0 0 0 0       | -ERR syntax error | '' | ''
            SET k foobar        | BITPOS k 1 0 x FOO       | -ERR syntax error | '' | ''
            SET k foobar        | BITPOS k 1 x             | -ERR value is not an integer or out of range | '' | ''
            ''                  | BITPOS k 2               | -ERR The bit argument must be 1 or 0. | '' | ''
            ''                  | BITPOS k x               | -ERR value is not an integer or out of range | '' | ''
            SET k ''            | BITPOS k 0               | :-1   | '' | ''
            SADD s a            | BITPOS s 1               | %1$s  | '' | ''
            """)
    void bitcountAndBitpos(String setup, String command, String reply, String propagated,
                           String then) {
        run(setup, command, reply, propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SET a foo; SET b bar     | BITOP AND d a b   | :3    | BITOP AND d a b   | GET d => "bab"
            SET a foo; SET b bar     | bitop or d a b    | :3    | bitop or d a b    | BITCOUNT d => :17
            SET a abc; SET b a       | BITOP XOR d a b   | :3    | BITOP XOR d a b   | GETRANGE d 1 2 => "bc"; GETBIT d 7 => :0
            SET a foo                | BITOP AND d a m   | :3    | BITOP AND d a m   | BITCOUNT d => :0
            SETBIT a 7 0             | BITOP NOT d a     | :1    | BITOP NOT d a     | BITCOUNT d => :8
            SET a foo                | BITOP OR a a      | :3    | BITOP OR a a      | GET a => "foo"
            SET d x                  | BITOP AND d m n   | :0    | BITOP AND d m n   | EXISTS d => :0
            ''                       | BITOP AND d m     | :0    | ''                | EXISTS d => :0
            SET d x EX 100; SET a foo | BITOP OR d a     | :3    | BITOP OR d a      | TTL d => :-1; GET d => "foo"
            SADD d x; SET a foo      | BITOP OR d a      | :3    | BITOP OR d a      | GET d => "foo"
            SADD s x; SET a foo      | BITOP OR d a s    | %1$s  | ''                | EXISTS d => :0
            ''                       | BITOP NOT d a b   | -ERR BITOP NOT must be called with a single source key. | '' | ''
            ''                       | BITOP NAND d a    | -ERR syntax error | ''        | ''
            ''                       | BITOP AND d       | -ERR wrong number of arguments for 'bitop' command | '' | ''
            """)
    void bitop(String setup, String command, String reply, String propagated, String then) {
        run(setup, command, reply, propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ''                  | BITFIELD k                              | []               | '' | EXISTS k => :0
            SET k foobar        | BITFIELD k GET u8 0 GET i8 #1 GET u4 4  | [:102, :111, :6] | '' | ''
            SET k foobar        | BITFIELD k GET i64 0 GET u63 8          | [:7381240782615871488, :4014872415644418048] | '' | ''
            ''                  | BITFIELD k SET u8 0 255 GET u8 0        | [:0, :255]       | BITFIELD k SET u8 0 255 GET u8 0 | STRLEN k => :1
            ''                  | BITFIELD k INCRBY u2 100 1 OVERFLOW SAT INCRBY u2 100 5 | [:1, :3] | BITFIELD k INCRBY u2 100 1 OVERFLOW SAT INCRBY u2 100 5 | STRLEN k => :13
            ''                  | BITFIELD k OVERFLOW FAIL INCRBY u2 0 5  | [(nil)]          | '' | EXISTS k => :1; STRLEN k => :1
            ''                  | BITFIELD k SET u2 0 0                   | [:0]             | BITFIELD k SET u2 0 0 | STRLEN k => :1
            SET k a             | BITFIELD k SET u8 0 97                  | [:97]            | '' | GET k => "a"
            SET k a             | BITFIELD k SET u8 0 97 SET u8 8 0       | [:97, :0]        | BITFIELD k SET u8 0 97 SET u8 8 0 | STRLEN k => :2
            SET k a             | BITFIELD k OVERFLOW FAIL SET u8 0 300 SET u2 0 1 | [(nil), :1] | '' | GET k => "a"
            SET k a             | BITFIELD k OVERFLOW FAIL SET u8 0 300 INCRBY u2 0 1 | [(nil), :2] | BITFIELD k OVERFLOW FAIL SET u8 0 300 INCRBY u2 0 1 | GETBIT k 0 => :1; GETBIT k 1 => :0; STRLEN k => :1
            SET k 12            | BITFIELD k INCRBY u8 0 1                | [:50]            | BITFIELD k INCRBY u8 0 1 | GET k => "22"
            ''                  | BITFIELD k SET i8 0 200 GET i8 0        | [:0, :-56]       | BITFIELD k SET i8 0 200 GET i8 0 | ''
            ''                  | BITFIELD k OVERFLOW SAT SET i8 0 -200 GET i8 0 SET u8 0 -1 GET u8 0 | [:0, :-128, :128, :255] | BITFIELD k OVERFLOW SAT SET i8 0 -200 GET i8 0 SET u8 0 -1 GET u8 0 | ''
            ''                  | BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775808 GET i8 0 | [:0, :127] | BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775808 GET i8 0 | ''
            ''                  | BITFIELD k SET i64 0 -5 INCRBY i64 0 -9223372036854775808 OVERFLOW SAT INCRBY i64 0 -9223372036854775808 | [:0, :9223372036854775803, :-5] | BITFIELD k SET i64 0 -5 INCRBY i64 0 -9223372036854775808 OVERFLOW SAT INCRBY i64 0 -9223372036854775808 | ''
            ''                  | BITFIELD k OVERFLOW SAT INCRBY u63 0 -1 SET u63 0 -1 OVERFLOW FAIL INCRBY u63 0 1 | [:0, :0, (nil)] | BITFIELD k OVERFLOW SAT INCRBY u63 0 -1 SET u63 0 -1 OVERFLOW FAIL INCRBY u63 0 1 | ''
            ''                  | BITFIELD k OVERFLOW WRAP INCRBY i5 0 17 INCRBY u3 5 9 | [:-15, :1] | BITFIELD k OVERFLOW WRAP INCRBY i5 0 17 INCRBY u3 5 9 | ''
            ''                  | BITFIELD k GET u64 0                    | %3$s             | '' | ''
            ''                  | BITFIELD k GET I8 0                     | %3$s             | '' | ''
            ''                  | BITFIELD k GET i65 0                    | %3$s             | '' | ''
            ''                  | BITFIELD k GET u0 0                     | %3$s             | '' | ''
            ''                  | BITFIELD k GET u8                       | -ERR syntax error | '' | ''
            ''                  | BITFIELD k FOO u8 0                     | -ERR syntax error | '' | ''
            ''                  | BITFIELD k OVERFLOW FOO                 | -ERR Invalid OVERFLOW type specified | '' | ''
            ''                  | BITFIELD k SET u8 0 x                   | -ERR value is not an integer or out of range | '' | EXISTS k => :0
            ''                  | BITFIELD k SET u8 0 1 GET u8 #x         | %2$s             | '' | EXISTS k => :0
            ''                  | BITFIELD k GET u8 #                     | %2$s             | '' | ''
            ''                  | BITFIELD k SET u8 4294967296 1          | %2$s             | '' | ''
            ''                  | BITFIELD k GET i8 #2305843009213693952  | [:0]             | '' | ''
            ''                  | BITFIELD k GET i8 #1152921504606846976  | %2$s             | '' | ''
            ''                  | BITFIELD k GET u8 3 GET u8 #0           | [:0, :0]         | '' | EXISTS k => :0
            SADD s a            | BITFIELD s GET u8 0                     | %1$s             | '' | ''
            SADD s a            | BITFIELD s GET u64 0                    | %3$s             | '' | ''
            SET k foobar        | BITFIELD_RO k GET u8 0 OVERFLOW SAT     | [:102]           | '' | ''
            SET k foobar        | BITFIELD_RO k SET u8 0 1                | -ERR BITFIELD_RO only supports the GET subcommand | '' | GET k => "foobar"
            SADD s a            | BITFIELD_RO s INCRBY u8 0 1             | -ERR BITFIELD_RO only supports the GET subcommand | '' | ''
            SADD s a            | BITFIELD_RO s GET u8 0                  | %1$s             | '' | ''
            SADD s a            | BITFIELD_RO s GET u9 x                  | %2$s             | '' | ''
            """)
    void bitfield(String setup, String command, String reply, String propagated, String then) {
        run(setup, command, reply, propagated, then);
    }

    /** The master's stream is exempt from proto-max-bulk-len, as in Redis (mustObeyClient). */
    @Test
    void offsetsBeyondProtoMaxBulkLenAreAcceptedFromTheMaster() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("SET", "k", "a");
        ks.exec("GETBIT", "k", "4294967296").isError(OFFSET.substring(1));
        ks.exec(ClientState.master(), "GETBIT", "k", "4294967296").isInteger(0);
        ks.exec(ClientState.master(), "BITFIELD", "k", "GET", "u8", "4294967296")
                .is(Reply.array(List.of(Reply.ZERO)));
    }

    /** A SETBIT or BITFIELD that changes nothing leaves a WATCH intact; one that does breaks it. */
    @Test
    void onlyRealChangesInvalidateWatch() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("SET", "k", "a");
        assertInstanceOf(Reply.ArrayReply.class, watchThenExec(ks, "SETBIT", "k", "1", "1"));
        assertEquals(Reply.NULL_ARRAY, watchThenExec(ks, "SETBIT", "k", "0", "1"));
        assertEquals(Reply.NULL_ARRAY, watchThenExec(ks, "BITFIELD", "k", "INCRBY", "u8", "0", "1"));
        assertInstanceOf(Reply.ArrayReply.class,
                watchThenExec(ks, "BITFIELD", "k", "SET", "u8", "0", "226"));
        assertEquals(Reply.NULL_ARRAY, watchThenExec(ks, "BITOP", "NOT", "k", "k"));
        assertEquals(Reply.NULL_ARRAY, watchThenExec(ks, "BITOP", "AND", "k", "missing"));
        assertInstanceOf(Reply.ArrayReply.class, watchThenExec(ks, "BITOP", "AND", "k", "missing"));
    }

    private static Reply watchThenExec(KeyspaceFixture ks, String... other) {
        ClientState watcher = ClientState.client();
        ks.keyspace.execute(watcher, "WATCH", "k");
        ks.exec(other);
        ks.keyspace.execute(watcher, "MULTI");
        ks.keyspace.execute(watcher, "SET", "unrelated", "1");
        return ks.keyspace.execute(watcher, "EXEC").reply();
    }
}
