/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One of every write command family of {@code core}, with the options that change how Redis
 * propagates them (relative TTLs become {@code PXAT}/{@code PEXPIREAT}, {@code INCRBYFLOAT}
 * becomes {@code SET ... KEEPTTL}, {@code SPOP} becomes {@code SREM}s in {@code MULTI}, no-ops
 * propagate nothing, expired keys become {@code DEL}), run over RESP so they take the server's
 * path, {@code MULTI/EXEC} and {@code SELECT} included.
 */
final class WriteCommands {

    /** Commands whose reply is an error on purpose (checked to be errors). */
    private static final Set<String> EXPECTED_ERRORS = Set.of("INCR w:s1-not-a-number");

    private WriteCommands() {
    }

    /** Runs every command on {@code c}; fails on an unexpected error reply. */
    static void runEveryFamily(RespClient c, String p) throws IOException {
        for (String[] argv : everyFamily(p, System.currentTimeMillis())) {
            Object reply = c.call(argv);
            String text = String.join(" ", argv);
            if (EXPECTED_ERRORS.contains(text.replace(p, ""))) {
                assertTrue(reply instanceof RespClient.ErrorReply, text + " should fail");
            } else if (reply instanceof RespClient.ErrorReply e) {
                throw new AssertionError(text + " failed: " + e.text());
            }
        }
        // EXEC's reply carries the queued commands' replies; one of them failed on purpose.
        assertEquals("OK", c.call("SELECT", "0"));
    }

    static List<String[]> everyFamily(String p, long nowMillis) {
        String inAnHour = Long.toString(nowMillis / 1000 + 3600);
        String inAnHourMs = Long.toString(nowMillis + 3_600_000);
        List<String[]> cmds = new ArrayList<>();
        // strings
        add(cmds, "SELECT", "0");
        add(cmds, "SET", p + "w:s1", "v1");
        add(cmds, "SET", p + "w:s2", "v2", "EX", "1000");
        add(cmds, "SET", p + "w:s3", "v3", "PX", "1000000");
        add(cmds, "SET", p + "w:s4", "v4", "EXAT", inAnHour);
        add(cmds, "SET", p + "w:s5", "v5", "PXAT", inAnHourMs);
        add(cmds, "SET", p + "w:s1", "v1b", "XX", "KEEPTTL");
        add(cmds, "SET", p + "w:s6", "v6", "NX");
        add(cmds, "SET", p + "w:s6", "ignored", "NX");
        add(cmds, "SET", p + "w:s2", "v2b", "KEEPTTL", "GET");
        add(cmds, "SETEX", p + "w:s7", "100", "v7");
        add(cmds, "PSETEX", p + "w:s8", "100000", "v8");
        add(cmds, "SETNX", p + "w:s9", "v9");
        add(cmds, "GETSET", p + "w:s9", "v9b");
        add(cmds, "MSET", p + "w:m1", "a", p + "w:m2", "b");
        add(cmds, "MSETNX", p + "w:m3", "c", p + "w:m4", "d");
        add(cmds, "APPEND", p + "w:s1", "-appended");
        add(cmds, "SETRANGE", p + "w:s1", "2", "XYZ");
        add(cmds, "SETRANGE", p + "w:padded", "5", "pad");
        add(cmds, "INCR", p + "w:c");
        add(cmds, "INCRBY", p + "w:c", "10");
        add(cmds, "DECR", p + "w:c");
        add(cmds, "DECRBY", p + "w:c", "3");
        add(cmds, "INCRBYFLOAT", p + "w:f", "1.5");
        add(cmds, "INCRBYFLOAT", p + "w:f", "1e3");
        add(cmds, "INCRBYFLOAT", p + "w:f", "-0.1");
        add(cmds, "SET", p + "w:ttlf", "1", "EX", "1000");
        add(cmds, "INCRBYFLOAT", p + "w:ttlf", "0.1");
        add(cmds, "GETDEL", p + "w:m4");
        add(cmds, "GETEX", p + "w:m1", "EX", "500");
        add(cmds, "GETEX", p + "w:m1", "PERSIST");
        add(cmds, "GETEX", p + "w:m2", "PXAT", inAnHourMs);
        // lists
        add(cmds, "LPUSH", p + "w:l", "a", "b", "c");
        add(cmds, "RPUSH", p + "w:l", "d", "e", "f", "g");
        add(cmds, "LPUSHX", p + "w:l", "z");
        add(cmds, "RPUSHX", p + "w:nolist", "x");
        add(cmds, "LINSERT", p + "w:l", "BEFORE", "c", "cc");
        add(cmds, "LSET", p + "w:l", "0", "first");
        add(cmds, "LREM", p + "w:l", "1", "b");
        add(cmds, "LTRIM", p + "w:l", "0", "6");
        add(cmds, "LPOP", p + "w:l");
        add(cmds, "RPOP", p + "w:l", "1");
        add(cmds, "LMOVE", p + "w:l", p + "w:l2", "LEFT", "RIGHT");
        add(cmds, "RPOPLPUSH", p + "w:l", p + "w:l2");
        add(cmds, "LMPOP", "2", p + "w:nolist", p + "w:l2", "LEFT", "COUNT", "1");
        add(cmds, "RPUSH", p + "w:one", "x");
        add(cmds, "LPOP", p + "w:one");
        // hashes
        add(cmds, "HSET", p + "w:h", "a", "1", "b", "2", "c", "3");
        add(cmds, "HMSET", p + "w:h", "d", "4");
        add(cmds, "HSETNX", p + "w:h", "a", "x");
        add(cmds, "HSETNX", p + "w:h", "e", "5");
        add(cmds, "HDEL", p + "w:h", "b");
        add(cmds, "HINCRBY", p + "w:h", "a", "10");
        add(cmds, "HINCRBYFLOAT", p + "w:h", "c", "0.25");
        add(cmds, "HINCRBYFLOAT", p + "w:h", "new", "1.5e2");
        // sets
        add(cmds, "SADD", p + "w:set", "a", "b", "c", "d", "e", "f", "g");
        add(cmds, "SREM", p + "w:set", "a");
        add(cmds, "SPOP", p + "w:set");
        add(cmds, "SPOP", p + "w:set", "2");
        add(cmds, "SADD", p + "w:set3", "1", "2", "3", "4");
        add(cmds, "SMOVE", p + "w:set3", p + "w:set", "4");
        add(cmds, "SDIFFSTORE", p + "w:sd", p + "w:set3", p + "w:set");
        add(cmds, "SINTERSTORE", p + "w:si", p + "w:set3", p + "w:set3");
        add(cmds, "SUNIONSTORE", p + "w:su", p + "w:set", p + "w:set3");
        add(cmds, "SADD", p + "w:small", "x", "y");
        add(cmds, "SPOP", p + "w:small", "10");
        // sorted sets
        add(cmds, "ZADD", p + "w:z", "1", "a", "2", "b", "3", "c");
        add(cmds, "ZADD", p + "w:z", "NX", "10", "a", "4", "d");
        add(cmds, "ZADD", p + "w:z", "XX", "CH", "5", "b");
        add(cmds, "ZADD", p + "w:z", "GT", "1", "c");
        add(cmds, "ZADD", p + "w:z", "LT", "0", "c");
        add(cmds, "ZADD", p + "w:z", "INCR", "2.5", "a");
        add(cmds, "ZINCRBY", p + "w:z", "-1", "d");
        add(cmds, "ZADD", p + "w:z2", "1", "x", "2", "y", "3", "z", "4", "w");
        add(cmds, "ZREMRANGEBYRANK", p + "w:z2", "0", "0");
        add(cmds, "ZREMRANGEBYSCORE", p + "w:z2", "3", "3");
        add(cmds, "ZADD", p + "w:zl", "0", "a", "0", "b", "0", "c", "0", "d");
        add(cmds, "ZREMRANGEBYLEX", p + "w:zl", "[a", "[b");
        add(cmds, "ZUNIONSTORE", p + "w:zu", "2", p + "w:z", p + "w:z2", "WEIGHTS", "2", "3", "AGGREGATE", "MAX");
        add(cmds, "ZINTERSTORE", p + "w:zi", "2", p + "w:z", p + "w:zu");
        add(cmds, "ZDIFFSTORE", p + "w:zd", "2", p + "w:zu", p + "w:z");
        add(cmds, "ZRANGESTORE", p + "w:zr", p + "w:zu", "0", "-1");
        add(cmds, "ZREM", p + "w:z", "d");
        add(cmds, "ZPOPMIN", p + "w:z");
        add(cmds, "ZPOPMAX", p + "w:zu", "1");
        add(cmds, "ZMPOP", "1", p + "w:zl", "MIN", "COUNT", "1");
        // keys and expiry
        add(cmds, "EXPIRE", p + "w:s1", "1000");
        add(cmds, "EXPIRE", p + "w:s1", "2000", "NX");
        add(cmds, "EXPIRE", p + "w:s1", "3000", "XX");
        add(cmds, "EXPIRE", p + "w:s1", "10", "GT");
        add(cmds, "EXPIRE", p + "w:s1", "500", "LT");
        add(cmds, "PEXPIRE", p + "w:l2", "900000");
        add(cmds, "EXPIREAT", p + "w:h", inAnHour);
        add(cmds, "PEXPIREAT", p + "w:set", inAnHourMs);
        add(cmds, "PERSIST", p + "w:s2");
        add(cmds, "SET", p + "w:gone", "x");
        add(cmds, "EXPIRE", p + "w:gone", "-1");
        add(cmds, "SET", p + "w:short", "x", "PX", "50");
        add(cmds, "RPUSH", p + "w:shortlist", "x");
        add(cmds, "PEXPIRE", p + "w:shortlist", "80");
        add(cmds, "RENAME", p + "w:m1", p + "w:renamed");
        add(cmds, "RENAMENX", p + "w:m2", p + "w:renamed");
        add(cmds, "RENAMENX", p + "w:m2", p + "w:renamed2");
        add(cmds, "MOVE", p + "w:renamed2", "5");
        add(cmds, "COPY", p + "w:z", p + "w:zcopy");
        add(cmds, "COPY", p + "w:h", p + "w:hcopy", "DB", "6");
        add(cmds, "COPY", p + "w:l2", p + "w:zcopy", "REPLACE");
        add(cmds, "DEL", p + "w:m3", p + "w:missing");
        add(cmds, "UNLINK", p + "w:s9");
        add(cmds, "SELECT", "5");
        add(cmds, "SET", p + "w:in5", "five");
        add(cmds, "SWAPDB", "5", "6");
        add(cmds, "SELECT", "7");
        add(cmds, "SET", p + "w:in7", "seven");
        add(cmds, "RPUSH", p + "w:in7list", "x");
        add(cmds, "FLUSHDB");
        add(cmds, "SET", p + "w:after-flush", "x");
        // transactions: several writes (wrapped), one write (bare), a failing command (dropped)
        add(cmds, "SELECT", "0");
        add(cmds, "MULTI");
        add(cmds, "SET", p + "w:tx1", "1");
        add(cmds, "INCR", p + "w:tx1");
        add(cmds, "SELECT", "9");
        add(cmds, "SET", p + "w:tx2", "x", "EX", "900");
        add(cmds, "LPUSH", p + "w:tx3", "a");
        add(cmds, "EXEC");
        add(cmds, "SELECT", "0");
        add(cmds, "MULTI");
        add(cmds, "SET", p + "w:tx4", "1");
        add(cmds, "EXEC");
        add(cmds, "MULTI");
        add(cmds, "INCR", p + "w:s1");
        add(cmds, "SET", p + "w:tx5", "ok");
        add(cmds, "EXEC");
        add(cmds, "SET", p + "w:s1-not-a-number", "abc");
        add(cmds, "INCR", p + "w:s1-not-a-number");
        add(cmds, "MULTI");
        add(cmds, "GET", p + "w:tx5");
        add(cmds, "EXEC");
        return cmds;
    }

    private static void add(List<String[]> cmds, String... argv) {
        cmds.add(argv);
    }
}
