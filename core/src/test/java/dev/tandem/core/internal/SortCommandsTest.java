/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SORT and SORT_RO, table-driven ({@link CommandRow}); every row is also run against a real
 * redis-server 7.0 by {@link CollectionCommandsInteropTest}.
 */
class SortCommandsTest {
    private static void run(String setup, String command, String reply, String propagated,
                            String then) {
        CommandRow.run(setup, command, reply, propagated, then);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RPUSH l 3 1 2 10 | SORT l                          | ["1", "2", "3", "10"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l DESC                     | ["10", "3", "2", "1"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l ALPHA                    | ["1", "10", "2", "3"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l ALPHA DESC ASC           | ["1", "10", "2", "3"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l LIMIT 1 2                | ["2", "3"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l LIMIT -5 -1              | ["1", "2", "3", "10"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l LIMIT 10 1               | [] | '' | ''
            RPUSH l 3 1 2 10 | SORT l LIMIT 2 0                | [] | '' | ''
            RPUSH l 3 1 2 10 | SORT l LIMIT 3 100             | ["10"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l LIMIT a 1                | -ERR value is not an integer or out of range | '' | ''
            RPUSH l 3 1 2 10 | SORT l LIMIT 1                  | -ERR syntax error | '' | ''
            RPUSH l 3 1 2 10 | SORT l foo                      | -ERR syntax error | '' | ''
            RPUSH l 3 1 2 10 | SORT_RO l STORE x               | -ERR syntax error | '' | EXISTS x => :0
            RPUSH l 3 1 2 10 | SORT_RO l DESC                  | ["10", "3", "2", "1"] | '' | ''
            RPUSH l 1 x      | SORT l                          | -ERR One or more scores can't be converted into double | '' | ''
            RPUSH l 1 x      | SORT l STORE d                  | -ERR One or more scores can't be converted into double | '' | EXISTS d => :0
            RPUSH l 1 nan    | SORT l                          | -ERR One or more scores can't be converted into double | '' | ''
            RPUSH l 1 x      | SORT l ALPHA                    | ["1", "x"] | '' | ''
            RPUSH l b a 1e1 0x10 -inf | SORT l BY nosort | ["b", "a", "1e1", "0x10", "-inf"] | '' | ''
            RPUSH l 1 '' 1e1 0x10 -inf 1.5 | SORT l                 | ["-inf", "", "1", "1.5", "1e1", "0x10"] | '' | ''
            RPUSH l 2 1 02 2.0 | SORT l                        | ["1", "02", "2", "2.0"] | '' | ''
            SET s x          | SORT s                          | -WRONGTYPE Operation against a key holding the wrong kind of value | '' | ''
            ''               | SORT nokey                      | [] | '' | ''
            ''               | SORT nokey STORE dst            | :0 | '' | EXISTS dst => :0
            SET dst x        | SORT nokey STORE dst            | :0 | SORT nokey STORE dst | EXISTS dst => :0
            RPUSH l 3 1 2    | SORT l STORE dst                | :3 | SORT l STORE dst | LRANGE dst 0 -1 => ["1", "2", "3"]; TYPE dst => +list
            RPUSH l 3 1 2; SET dst x; @expire dst 100000 | SORT l DESC STORE dst | :3 | SORT l DESC STORE dst | LRANGE dst 0 -1 => ["3", "2", "1"]; TTL dst => :-1
            RPUSH l 3 1 2 10 | SORT l BY nosort                | ["3", "1", "2", "10"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l BY nosort DESC           | ["10", "2", "1", "3"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l BY nosort LIMIT 1 2      | ["1", "2"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l BY nosort DESC LIMIT 1 2 | ["2", "1"] | '' | ''
            RPUSH l 3 1 2 10 | SORT l BY nosort LIMIT 5 2      | [] | '' | ''
            RPUSH l 3 1 2 10; SET w_1 30; SET w_3 10; SET w_2 20; SET w_10 5 | SORT l BY w_*  | ["10", "3", "2", "1"] | '' | ''
            RPUSH l 3 1 2 10; SET w_1 30; SET w_3 10; SET w_2 20; SET w_10 5 | SORT l BY w_* DESC LIMIT 0 2 | ["1", "2"] | '' | ''
            RPUSH l 3 1 2 10; SET w_1 30; SET w_3 10 | SORT l BY w_*         | ["10", "2", "3", "1"] | '' | ''
            RPUSH l 3 1 2 10; SET w_1 30; SET w_3 10 | SORT l BY w_* ALPHA   | ["2", "10", "3", "1"] | '' | ''
            RPUSH l 3 1 2; HSET h_1 f a; HSET h_2 f b | SORT l BY h_*->f ALPHA GET # GET h_*->f | ["3", (nil), "1", "a", "2", "b"] | '' | ''
            RPUSH l 3 1 2 10; SET w_1 x              | SORT l BY w_*         | -ERR One or more scores can't be converted into double | '' | ''
            RPUSH l 3 1 2 10; HSET h_1 f 9; HSET h_2 f 8; HSET h_3 g 1; SET h_10 5 | SORT l BY h_*->f | ["10", "3", "2", "1"] | '' | ''
            RPUSH l 3 1 2; HSET h_1 f 9; HSET h_2 f 8 | SORT l BY h_*->f GET # GET h_*->f GET h_* | ["3", (nil), (nil), "2", "8", (nil), "1", "9", (nil)] | '' | ''
            RPUSH l 3 1 2; SET v_1 one; SET v_3 three; HSET v_2 f x | SORT l GET v_* | ["one", (nil), "three"] | '' | ''
            RPUSH l 3 1 2; SET v_1 one  | SORT l GET v_* GET # STORE dst | :6 | SORT l GET v_* GET # STORE dst | LRANGE dst 0 -1 => ["one", "1", "", "2", "", "3"]
            RPUSH l 3 1 2; SET v_1 one  | SORT l GET nostar                | [(nil), (nil), (nil)] | '' | ''
            RPUSH l 3 1 2; SET v-> x; SET 1-> y | SORT l GET *->    | ["y", (nil), (nil)] | '' | ''
            RPUSH l 1; SET pre1post a | SORT l GET pre*post  | ["a"] | '' | ''
            RPUSH l 1; SET pre1*post a | SORT l GET pre**post | ["a"] | '' | ''
            SADD s 5 3 9 1   | SORT s                          | ["1", "3", "5", "9"] | '' | ''
            SADD s 5 3 9 1   | SORT s BY nosort                | ["1", "3", "5", "9"] | '' | ''
            SADD s 5 30 9 1  | SORT s BY nosort STORE d       | :4 | SORT s BY nosort STORE d | LRANGE d 0 -1 => ["1", "30", "5", "9"]
            SADD s b c a     | SORT s ALPHA DESC               | ["c", "b", "a"] | '' | ''
            ZADD z 3 a 1 b 2 c | SORT z ALPHA                  | ["a", "b", "c"] | '' | ''
            ZADD z 3 a 1 b 2 c | SORT z BY nosort              | ["b", "c", "a"] | '' | ''
            ZADD z 3 a 1 b 2 c | SORT z BY nosort DESC LIMIT 1 5 | ["c", "b"] | '' | ''
            ZADD z 3 a 1 b 2 c | SORT z BY nosort LIMIT 1 1   | ["c"] | '' | ''
            ZADD z 3 a 1 b 2 c | SORT z                        | -ERR One or more scores can't be converted into double | '' | ''
            ZADD z 3 5 1 7     | SORT_RO z DESC                | ["7", "5"] | '' | ''
            """)
    void sort(String setup, String command, String reply, String propagated, String then) {
        run(setup, command, reply, propagated, then);
    }

    /**
     * Redis's CLIENT_SCRIPT rule: a set that SORT ... BY nosort would return in its own order is
     * sorted ALPHA when the caller is a script (here a command calling SORT through
     * {@code ExecutionContext.call}, as {@code redis.call} does), so script effects replicate.
     */
    @Test
    void aSetIsSortedForACallerThroughCall() {
        CommandTable table = CommandTable.standard();
        table.register(CommandSpec.write("callsort", 2, 1, 1, 1,
                (ctx, argv) -> ctx.call("SORT".getBytes(), argv[1], "BY".getBytes(), "nosort".getBytes())));
        Keyspace keyspace = new Keyspace(16, new ManualClock(KeyspaceFixture.START), table);
        ClientState client = ClientState.client();
        // A hash-table set (not an intset): its own order is not the sorted one in general.
        keyspace.execute(client, "SADD", "s", "m", "b", "z", "a", "q", "c", "x", "e");
        Reply viaCall = keyspace.execute(client, "CALLSORT", "s").reply();
        assertEquals("[\"a\", \"b\", \"c\", \"e\", \"m\", \"q\", \"x\", \"z\"]", CommandRow.render(viaCall));
    }

    /**
     * strtod's ERANGE fails the sort. Not a row of the table: redis-server never clears errno
     * before its strtod, so after this case its next numeric SORT may fail too, until some other
     * call overwrites errno — the differential run would then see a failure that is Redis's.
     */
    @Test
    void anOutOfRangeScoreFailsTheSort() {
        run("RPUSH l 1 1e400", "SORT l", "-ERR One or more scores can't be converted into double", "", "");
        run("RPUSH l 1 1e-400", "SORT l", "-ERR One or more scores can't be converted into double", "", "");
    }
}
