/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random workload of write commands over every type Tandem's command table writes
 * (strings, lists, hashes, sets, sorted sets; keys and TTLs; several dbs; transactions),
 * valid for redis-server 7.0 and Tandem alike. Key names are grouped by type so most commands
 * succeed; the occasional error (WRONGTYPE, not an integer) is part of the workload: it must
 * propagate nothing.
 */
final class RandomWorkload {

    private final Random random;
    private final String prefix;

    RandomWorkload(long seed, String prefix) {
        this.random = new Random(seed);
        this.prefix = prefix;
    }

    /** Runs {@code commands} commands (a transaction counts its queued commands) on {@code c}. */
    void run(RespClient c, int commands) throws IOException {
        int done = 0;
        while (done < commands) {
            int roll = random.nextInt(100);
            if (roll < 4) {
                c.call("SELECT", Integer.toString(random.nextInt(4)));
                done++;
            } else if (roll < 9) {
                c.call("MULTI");
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    c.call(next());
                }
                c.call("EXEC");
                done += n;
            } else {
                c.call(next());
                done++;
            }
        }
        c.call("SELECT", "0");
    }

    private String key(String type) {
        return prefix + type + ":" + random.nextInt(12);
    }

    private String member() {
        return random.nextInt(3) == 0 ? Integer.toString(random.nextInt(50)) : "m" + random.nextInt(40);
    }

    private String value() {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(1000) - 500);
            case 1 -> "x".repeat(random.nextInt(100));
            case 2 -> "v" + random.nextInt(100_000);
            case 3 -> Double.toString(random.nextDouble() * 100);
            default -> "long-" + "abc".repeat(10 + random.nextInt(40));
        };
    }

    private String score() {
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(100));
            case 1 -> Double.toString(random.nextGaussian() * 10);
            case 2 -> random.nextBoolean() ? "inf" : "-inf";
            default -> Integer.toString(random.nextInt(5));
        };
    }

    private String ttlSeconds() {
        return Integer.toString(1000 + random.nextInt(5000));
    }

    String[] next() {
        String s = key("str");
        String l = key("list");
        String h = key("hash");
        String st = key("set");
        String z = key("zset");
        return switch (random.nextInt(46)) {
            case 0 -> argv("SET", s, value());
            case 1 -> argv("SET", s, value(), "EX", ttlSeconds());
            case 2 -> argv("SET", s, value(), "PX", Integer.toString(1 + random.nextInt(300)));
            case 3 -> argv("INCRBY", key("str"), Integer.toString(random.nextInt(100) - 50));
            case 4 -> argv("INCRBYFLOAT", key("str"), Double.toString(random.nextDouble()));
            case 5 -> argv("APPEND", s, value());
            case 6 -> argv("SETRANGE", s, Integer.toString(random.nextInt(20)), value());
            case 7 -> argv("GETDEL", s);
            case 8 -> argv("GETEX", s, "EX", ttlSeconds());
            case 9 -> argv("MSET", key("str"), value(), key("str"), value());
            case 10 -> argv("LPUSH", l, value(), value());
            case 11 -> argv("RPUSH", l, value(), value(), value());
            case 12 -> argv("LPOP", l);
            case 13 -> argv("RPOP", l, Integer.toString(1 + random.nextInt(3)));
            case 14 -> argv("LMOVE", l, key("list"), random.nextBoolean() ? "LEFT" : "RIGHT", random.nextBoolean() ? "LEFT" : "RIGHT");
            case 15 -> argv("LTRIM", l, Integer.toString(random.nextInt(3)), Integer.toString(5 + random.nextInt(50)));
            case 16 -> argv("LSET", l, "0", value());
            case 17 -> argv("LREM", l, Integer.toString(random.nextInt(3) - 1), value());
            case 18 -> argv("HSET", h, "f" + random.nextInt(30), value(), "f" + random.nextInt(30), value());
            case 19 -> argv("HDEL", h, "f" + random.nextInt(30));
            case 20 -> argv("HINCRBY", h, "n" + random.nextInt(5), Integer.toString(random.nextInt(10)));
            case 21 -> argv("HINCRBYFLOAT", h, "fl" + random.nextInt(5), Double.toString(random.nextDouble()));
            case 22 -> argv("HSETNX", h, "f" + random.nextInt(30), value());
            case 23 -> argv("SADD", st, member(), member(), member());
            case 24 -> argv("SREM", st, member());
            case 25 -> argv("SPOP", st);
            case 26 -> argv("SPOP", st, Integer.toString(1 + random.nextInt(4)));
            case 27 -> argv("SMOVE", st, key("set"), member());
            case 28 -> argv("SUNIONSTORE", key("set"), st, key("set"));
            case 29 -> argv("SINTERSTORE", key("set"), st, key("set"));
            case 30 -> argv("ZADD", z, score(), member(), score(), member());
            case 31 -> argv("ZADD", z, random.nextBoolean() ? "GT" : "LT", "CH", score(), member());
            case 32 -> argv("ZINCRBY", z, Integer.toString(random.nextInt(10) - 5), member());
            case 33 -> argv("ZREM", z, member());
            case 34 -> argv("ZPOPMIN", z, Integer.toString(1 + random.nextInt(2)));
            case 35 -> argv("ZREMRANGEBYRANK", z, "0", Integer.toString(random.nextInt(2)));
            case 36 -> argv("ZUNIONSTORE", key("zset"), "2", z, key("zset"));
            case 37 -> argv("DEL", key(pickType()));
            case 38 -> argv("EXPIRE", key(pickType()), ttlSeconds());
            case 39 -> argv("PEXPIRE", key(pickType()), Integer.toString(1 + random.nextInt(200)));
            case 40 -> argv("PERSIST", key(pickType()));
            case 41 -> argv("RENAME", key("str"), key("str"));
            case 42 -> argv("COPY", key("hash"), key("hash"), "REPLACE");
            case 43 -> argv("MOVE", key(pickType()), Integer.toString(random.nextInt(4)));
            case 44 -> argv("UNLINK", key(pickType()), key(pickType()));
            default -> argv("INCR", key("str"));
        };
    }

    private String pickType() {
        return List.of("str", "list", "hash", "set", "zset").get(random.nextInt(5));
    }

    private static String[] argv(String... a) {
        return new ArrayList<>(List.of(a)).toArray(new String[0]);
    }
}
