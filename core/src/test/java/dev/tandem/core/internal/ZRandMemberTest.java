/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ZRANDMEMBER's replies, errors and argument order, as redis-server 7.0.15 gives them (checked
 * side by side with redis-cli); its distribution is in {@link RandomSelectionDistributionTest}.
 */
class ZRandMemberTest {
    private static final String WRONGTYPE =
            "-WRONGTYPE Operation against a key holding the wrong kind of value";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ZADD z 1 a                 | ZRANDMEMBER z                  | "a"               | '' | ''
            ''                         | ZRANDMEMBER z                  | (nil)             | '' | ''
            ''                         | ZRANDMEMBER z 3                | []                | '' | ''
            ''                         | ZRANDMEMBER z 0 WITHSCORES     | []                | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z 0                | []                | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z -3               | ["a", "a", "a"]   | '' | ''
            ZADD z 1.5 a               | ZRANDMEMBER z -2 WITHSCORES    | ["a", ,1.5, "a", ,1.5] | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z 1                | ["a"]             | '' | ''
            ZADD z 1 a 1 b 1 c 0 z     | ZRANDMEMBER z 10 WITHSCORES    | ["c", ,1.0, "b", ,1.0, "a", ,1.0, "z", ,0.0] | '' | ''
            ZADD z 0.1 a 1e20 c inf f  | ZRANDMEMBER z 3                | ["f", "c", "a"]   | '' | ''
            @resp3; ZADD z 2 a 1 b     | ZRANDMEMBER z 5 WITHSCORES     | [["a", ,2.0], ["b", ,1.0]] | '' | ''
            @resp3; ZADD z 2 a         | ZRANDMEMBER z -2 WITHSCORES    | [["a", ,2.0], ["a", ,2.0]] | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z 3 foo            | -ERR syntax error | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z 3 WITHSCORES foo | -ERR syntax error | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z x                | -ERR value is not an integer or out of range | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z x foo            | -ERR value is not an integer or out of range | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z -9223372036854775808 | -ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807 | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z 4611686018427387904 WITHSCORES | -ERR value is out of range | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z -4611686018427387904 WITHSCORES | -ERR value is out of range | '' | ''
            ZADD z 1 a                 | ZRANDMEMBER z 4611686018427387903 WITHSCORES | ["a", ,1.0] | '' | ''
            ''                         | ZRANDMEMBER z 4611686018427387904 WITHSCORES | -ERR value is out of range | '' | ''
            SET str v                  | ZRANDMEMBER str                | %1$s              | '' | ''
            SET str v                  | ZRANDMEMBER str 0              | %1$s              | '' | ''
            SET str v                  | ZRANDMEMBER str -1 WITHSCORES  | %1$s              | '' | ''
            SET str v                  | ZRANDMEMBER str x              | -ERR value is not an integer or out of range | '' | ''
            """)
    void zrandmember(String setup, String command, String reply, String propagated, String then) {
        CommandRow.run(setup, command, reply.formatted(WRONGTYPE), propagated, then);
    }
}
