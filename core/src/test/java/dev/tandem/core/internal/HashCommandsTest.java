/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hash commands against Redis 7.0's replies, error texts and propagated forms (rows checked
 * against redis-server 7.0.15). Columns: setup | command | reply | propagated | then.
 */
class HashCommandsTest {
    private static final String WRONGTYPE =
            "-WRONGTYPE Operation against a key holding the wrong kind of value";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ''                  | hset h a 1 b 2      | :2      | hset h a 1 b 2    | HGET h a => "1"; HLEN h => :2
            HSET h a 1          | HSET h a 2 b 2      | :1      | HSET h a 2 b 2    | HGET h a => "2"
            HSET h a 1          | HSET h a 1          | :0      | HSET h a 1        | ''
            ''                  | HSET h a 1 b        | -ERR wrong number of arguments for 'hset' command | '' | EXISTS h => :0
            ''                  | hmset h a 1         | +OK     | hmset h a 1       | HGET h a => "1"
            ''                  | HMSET h a 1 b       | -ERR wrong number of arguments for 'hmset' command | '' | ''
            HSET h a 1          | HSETNX h a 9        | :0      | ''                | HGET h a => "1"
            HSET h a 1          | HSETNX h z 9        | :1      | HSETNX h z 9      | HGET h z => "9"
            ''                  | HSETNX h z 9        | :1      | HSETNX h z 9      | HLEN h => :1
            HSET h a 1 b 2      | HDEL h nope         | :0      | ''                | HLEN h => :2
            HSET h a 1 b 2      | hdel h a nope a     | :1      | hdel h a nope a   | HLEN h => :1
            HSET h a 1 b 2      | HDEL h a b c        | :2      | HDEL h a b c      | EXISTS h => :0
            ''                  | HDEL h a            | :0      | ''                | ''
            SET s v             | HSET s a 1          | %1$s    | ''                | ''
            SET s v             | HMSET s a 1         | %1$s    | ''                | ''
            SET s v             | HSETNX s a 1        | %1$s    | ''                | ''
            SET s v             | HDEL s a            | %1$s    | ''                | ''
            """)
    void writes(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            HSET h b 2          | HINCRBY h b 5       | :7      | HINCRBY h b 5     | HGET h b => "7"
            ''                  | HINCRBY h z -1      | :-1     | HINCRBY h z -1    | HGET h z => "-1"
            HSET h b 2          | HINCRBY h b x       | -ERR value is not an integer or out of range | '' | ''
            HSET h s str        | HINCRBY h s 1       | -ERR hash value is not an integer | '' | ''
            HSET h s 01         | HINCRBY h s 1       | -ERR hash value is not an integer | '' | ''
            HSET h m 9223372036854775807  | HINCRBY h m 1  | -ERR increment or decrement would overflow | '' | ''
            HSET h m -9223372036854775808 | HINCRBY h m -1 | -ERR increment or decrement would overflow | '' | ''
            SET s v             | HINCRBY s a 1       | %1$s    | ''                | ''
            SET s v             | HINCRBY s a x       | -ERR value is not an integer or out of range | '' | ''
            HSET h b 7          | HINCRBYFLOAT h b 1.5 | "8.5"  | HSET h b 8.5      | HGET h b => "8.5"
            ''                  | hincrbyfloat h f 0  | "0"     | HSET h f 0        | ''
            ''                  | HINCRBYFLOAT h f 100000.1 | "100000.10000000000000142" | HSET h f 100000.10000000000000142 | ''
            HSET h f 0.1        | HINCRBYFLOAT h f 0.2 | "0.3"  | HSET h f 0.3      | ''
            HSET h f 1.5e3      | HINCRBYFLOAT h f 0  | "1500"  | HSET h f 1500     | ''
            HSET h f 3          | HINCRBYFLOAT h f -3 | "0"     | HSET h f 0        | ''
            HSET h b 7          | HINCRBYFLOAT h b x  | -ERR value is not a valid float | '' | ''
            HSET h s str        | HINCRBYFLOAT h s 1  | -ERR hash value is not a float | '' | ''
            ''                  | HINCRBYFLOAT h f inf | -ERR value is NaN or Infinity | '' | EXISTS h => :0
            ''                  | HINCRBYFLOAT h f nan | -ERR value is not a valid float | '' | ''
            HSET h f inf        | HINCRBYFLOAT h f 1  | -ERR increment would produce NaN or Infinity | '' | HGET h f => "inf"
            HSET h f 1e4932     | HINCRBYFLOAT h f 1e4932 | -ERR increment would produce NaN or Infinity | '' | ''
            SET s v             | HINCRBYFLOAT s a 1  | %1$s    | ''                | ''
            SET s v             | HINCRBYFLOAT s a x  | -ERR value is not a valid float | '' | ''
            """)
    void increments(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            HSET h a 1 b 22     | HGET h b            | "22"            | '' | ''
            HSET h a 1          | HGET h z            | (nil)           | '' | ''
            ''                  | HGET h a            | (nil)           | '' | ''
            HSET h a 1 b 22     | HMGET h a nope b    | ["1", (nil), "22"] | '' | ''
            ''                  | HMGET h a b         | [(nil), (nil)]  | '' | ''
            HSET h a 1 b 22     | HGETALL h           | sorted {"a", "1", "b", "22"} | '' | ''
            ''                  | HGETALL h           | {}              | '' | ''
            @resp3; HSET h a 1  | HGETALL h           | {"a", "1"}      | '' | ''
            @resp3              | HGETALL h           | {}              | '' | ''
            @resp3; HSET h a 1  | HMGET h a b         | ["1", (nil)]    | '' | ''
            HSET h a 1 b 22     | HKEYS h             | sorted ["a", "b"] | '' | ''
            HSET h a 1 b 22     | HVALS h             | sorted ["1", "22"] | '' | ''
            ''                  | HKEYS h             | []              | '' | ''
            ''                  | HVALS h             | []              | '' | ''
            HSET h a 1 b 22     | HLEN h              | :2              | '' | ''
            ''                  | HLEN h              | :0              | '' | ''
            HSET h a 1          | HEXISTS h a         | :1              | '' | ''
            HSET h a 1          | HEXISTS h b         | :0              | '' | ''
            ''                  | HEXISTS h a         | :0              | '' | ''
            HSET h a 1 b 22     | HSTRLEN h b         | :2              | '' | ''
            HSET h a 1          | HSTRLEN h z         | :0              | '' | ''
            ''                  | HSTRLEN h z         | :0              | '' | ''
            SET s v             | HGET s a            | %1$s            | '' | ''
            SET s v             | HMGET s a           | %1$s            | '' | ''
            SET s v             | HGETALL s           | %1$s            | '' | ''
            SET s v             | HKEYS s             | %1$s            | '' | ''
            SET s v             | HVALS s             | %1$s            | '' | ''
            SET s v             | HLEN s              | %1$s            | '' | ''
            SET s v             | HEXISTS s a         | %1$s            | '' | ''
            SET s v             | HSTRLEN s a         | %1$s            | '' | ''
            """)
    void reads(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            HSET h a 1 b 22 ab 3 | HSCAN h 0            | sorted ["0", ["1", "22", "3", "a", "ab", "b"]] | '' | ''
            HSET h a 1 b 22 ab 3 | HSCAN h 0 MATCH a*   | sorted ["0", ["1", "3", "a", "ab"]] | '' | ''
            HSET h a 1 b 22 ab 3 | hscan h 77 count 1   | sorted ["0", ["1", "22", "3", "a", "ab", "b"]] | '' | ''
            HSET h a 1 b 22 ab 3 | HSCAN h 0 MATCH * COUNT 1 MATCH z* | ["0", []] | '' | ''
            HSET h a 1          | HSCAN h -1            | ["0", ["a", "1"]] | '' | ''
            HSET h a 1          | HSCAN h +3            | ["0", ["a", "1"]] | '' | ''
            HSET h a 1          | HSCAN h ''            | ["0", ["a", "1"]] | '' | ''
            ''                  | HSCAN h 0             | ["0", []]         | '' | ''
            ''                  | HSCAN h 0 COUNT x     | ["0", []]         | '' | ''
            HSET h a 1          | HSCAN h x             | -ERR invalid cursor | '' | ''
            HSET h a 1          | HSCAN h 18446744073709551616 | -ERR invalid cursor | '' | ''
            HSET h a 1          | HSCAN h 1x            | -ERR invalid cursor | '' | ''
            HSET h a 1          | HSCAN h 0 COUNT 0     | -ERR syntax error   | '' | ''
            HSET h a 1          | HSCAN h 0 COUNT x     | -ERR value is not an integer or out of range | '' | ''
            HSET h a 1          | HSCAN h 0 MATCH       | -ERR syntax error   | '' | ''
            HSET h a 1          | HSCAN h 0 NOVALUES    | -ERR syntax error   | '' | ''
            SET s v             | HSCAN s x             | -ERR invalid cursor | '' | ''
            SET s v             | HSCAN s 0 COUNT 0     | %1$s                | '' | ''
            """)
    void hscan(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            HSET h a 1          | HRANDFIELD h          | "a"           | '' | ''
            HSET h a 1          | HRANDFIELD h 1 WITHVALUES | ["a", "1"] | '' | ''
            HSET h a 1 b 2      | HRANDFIELD h 5        | sorted ["a", "b"] | '' | ''
            HSET h a 1 b 2      | HRANDFIELD h 5 withvalues | sorted ["1", "2", "a", "b"] | '' | ''
            HSET h a 1          | HRANDFIELD h -3       | ["a", "a", "a"] | '' | ''
            HSET h a 1          | HRANDFIELD h 0        | []            | '' | ''
            @resp3; HSET h a 1  | HRANDFIELD h -2 WITHVALUES | [["a", "1"], ["a", "1"]] | '' | ''
            ''                  | HRANDFIELD h          | (nil)         | '' | ''
            ''                  | HRANDFIELD h 5        | []            | '' | ''
            HSET h a 1          | HRANDFIELD h -9223372036854775808 | -ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807 | '' | ''
            HSET h a 1          | HRANDFIELD h x        | -ERR value is not an integer or out of range | '' | ''
            HSET h a 1          | HRANDFIELD h 1 withvalue | -ERR syntax error | '' | ''
            HSET h a 1          | HRANDFIELD h 1 withvalues x | -ERR syntax error | '' | ''
            HSET h a 1          | HRANDFIELD h 4611686018427387904 withvalues | -ERR value is out of range | '' | ''
            SET s v             | HRANDFIELD s          | %1$s          | '' | ''
            SET s v             | HRANDFIELD s 1 x      | -ERR syntax error | '' | ''
            SET s v             | HRANDFIELD s x        | -ERR value is not an integer or out of range | '' | ''
            """)
    void hrandfield(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            HSET h a 1; @expire h 10; @advance 11 | HSET h b 2     | :1    | MULTI; DEL h; HSET h b 2; EXEC | HGETALL h => {"b", "2"}
            HSET h a 1; @expire h 10; @advance 11 | HDEL h a       | :0    | DEL h                           | ''
            HSET h a 1; @expire h 10; @advance 11 | HGET h a       | (nil) | DEL h                           | ''
            HSET h a 1; @expire h 10; @advance 11 | HINCRBYFLOAT h a 1 | "1" | MULTI; DEL h; HSET h a 1; EXEC | ''
            HSET h a 1; @expire h 10; @advance 11 | HINCRBYFLOAT h a x | -ERR value is not a valid float | '' | ''
            HSET h a 1; @expire h 10; @advance 11 | HSCAN h 0      | ["0", []] | DEL h                       | ''
            HSET h a 1; @expire h 10; @advance 10 | HGET h a       | "1"   | ''                              | ''
            """)
    void expiredKeysAreAbsent(String setup, String command, String reply, String propagated,
                              String then) {
        CommandRow.run(setup, command, reply, propagated, then);
    }

    @Test
    void bigHashScansInPagesAndVisitsEveryFieldOnce() {
        KeyspaceFixture ks = new KeyspaceFixture();
        for (int i = 0; i < 600; i++) {
            ks.exec("HSET", "h", "f" + i, "v" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            Reply.ArrayReply r = assertInstanceOf(Reply.ArrayReply.class,
                    ks.exec("HSCAN", "h", cursor, "COUNT", "20").reply());
            cursor = ((Reply.BulkReply) r.items().get(0)).utf8();
            List<Reply> items = ((Reply.ArrayReply) r.items().get(1)).items();
            for (int i = 0; i < items.size(); i += 2) {
                String f = ((Reply.BulkReply) items.get(i)).utf8();
                assertEquals("v" + f.substring(1), ((Reply.BulkReply) items.get(i + 1)).utf8());
                seen.add(f);
            }
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(600, seen.size());
        assertTrue(calls > 1, "a hash-table-encoded hash is scanned in several calls");
    }

    @Test
    void longValueTurnsSmallHashIntoHashTable() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("HSET", "h", "a", "1");
        dev.tandem.core.value.HashValue h = (dev.tandem.core.value.HashValue)
                ks.keyspace.database(0).peek(Key.of("h")).value();
        assertTrue(h.isListpackEncoded());
        ks.exec("HSET", "h", "b", "x".repeat(65));
        assertTrue(!h.isListpackEncoded());
        ks.exec("HDEL", "h", "b");
        assertTrue(!h.isListpackEncoded(), "Redis never converts back");
    }

    @Test
    void hgetallIsAMapInBothProtocols() {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("HSET", "h", "a", "1");
        assertInstanceOf(Reply.MapReply.class, ks.exec("HGETALL", "h").reply());
        ks.client.protocol(3);
        assertInstanceOf(Reply.MapReply.class, ks.exec("HGETALL", "h").reply());
        assertInstanceOf(Reply.MapReply.class, ks.exec("HGETALL", "nope").reply());
    }

    @Test
    void hrandfieldDistinctSubsets() {
        KeyspaceFixture ks = new KeyspaceFixture();
        List<String> argv = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < 50; i++) {
            argv.add("f" + i);
            argv.add("v" + i);
        }
        ks.exec(argv.toArray(new String[0]));
        for (int count : new int[] {2, 10, 30, 49}) {
            Reply.ArrayReply r = (Reply.ArrayReply) ks.exec("HRANDFIELD", "h",
                    Integer.toString(count), "WITHVALUES").reply();
            assertEquals(count * 2, r.items().size());
            Set<String> fields = new HashSet<>();
            for (int i = 0; i < r.items().size(); i += 2) {
                String f = ((Reply.BulkReply) r.items().get(i)).utf8();
                assertEquals("v" + f.substring(1), ((Reply.BulkReply) r.items().get(i + 1)).utf8());
                fields.add(f);
            }
            assertEquals(count, fields.size(), "distinct fields");
        }
    }

    @Test
    void binarySafeFieldsAndValues() {
        KeyspaceFixture ks = new KeyspaceFixture();
        byte[] key = {0, (byte) 0xfe};
        byte[] field = {(byte) 0xc3, 0, (byte) 0x28};
        byte[] value = {};
        ks.keyspace.execute(ks.client, "HSET".getBytes(), key, field, value);
        Reply got = ks.keyspace.execute(ks.client, "HGET".getBytes(), key, field).reply();
        org.junit.jupiter.api.Assertions.assertArrayEquals(value, ((Reply.BulkReply) got).bytes());
        Reply.MapReply all = (Reply.MapReply) ks.keyspace.execute(ks.client, "HGETALL".getBytes(),
                key).reply();
        org.junit.jupiter.api.Assertions.assertArrayEquals(field,
                ((Reply.BulkReply) all.keysAndValues().get(0)).bytes());
        new KeyspaceFixture.Outcome(ks.keyspace.execute(ks.client, "HINCRBYFLOAT".getBytes(), key,
                field, "2.5".getBytes())).isError("ERR hash value is not a float");
        byte[] other = {(byte) 0xff};
        KeyspaceFixture.Outcome o = new KeyspaceFixture.Outcome(ks.keyspace.execute(ks.client,
                "HINCRBYFLOAT".getBytes(), key, other, "2.5".getBytes()));
        o.isBulk("2.5");
        org.junit.jupiter.api.Assertions.assertArrayEquals(other, o.result.propagated().get(0)
                .argv()[2]);
    }
}
