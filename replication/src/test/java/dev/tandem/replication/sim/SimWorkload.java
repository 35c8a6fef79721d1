/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulation's random writes: every type {@code core} can write (strings, lists, sets,
 * hashes, sorted sets; streams cannot be written yet), three databases (so {@code SELECT} moves
 * in the stream), keys of one type mostly (WRONGTYPE errors are part of the mix), commands
 * whose propagated form differs from what was sent (SPOP, INCRBYFLOAT, GETEX, relative TTLs,
 * ZPOPMIN), cross-key and cross-db commands, and keys that expire within 200 ms.
 *
 * <p>Database 2 also holds {@link #ANCHORS} keys that no command here touches, so a data set
 * never becomes empty (the empty-master guard is not what the simulation is about).
 */
final class SimWorkload {

    static final int DATABASES = 3;
    static final int ANCHORS = 20;
    /** Longest TTL given to a short-lived key, in milliseconds. */
    static final int SHORT_TTL_MILLIS = 200;
    private static final int KEYS = 40;

    /** One command against database {@code db}. */
    record Command(int db, String... argv) {
        @Override
        public String toString() {
            return "db" + db + " " + String.join(" ", argv);
        }
    }

    private final SplittableRandom random;
    private long lastShortTtlNanos;

    SimWorkload(SplittableRandom random) {
        this.random = random;
    }

    /** The anchors' SETs (database 2). */
    static List<Command> anchors() {
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < ANCHORS; i++) {
            out.add(new Command(2, "SET", "anchor" + i, "a" + i));
        }
        return out;
    }

    /**
     * Every key name the workload uses (in any database): reading each of them on the master
     * once every short TTL passed makes lazy expiry delete them now, instead of the active
     * cycle finding them over the next seconds (RENAME, COPY and MOVE carry TTLs to other keys).
     */
    static List<String> keyNames() {
        List<String> out = new ArrayList<>();
        for (String type : new String[] {"s", "l", "t", "h", "z"}) {
            for (int i = 0; i < KEYS; i++) {
                out.add(type + i);
            }
        }
        for (int i = 0; i < 10; i++) {
            out.add("c" + i);
            out.add("f" + i);
        }
        return out;
    }

    /** When the last short TTL was handed out ({@link System#nanoTime()}). */
    long lastShortTtlNanos() {
        return lastShortTtlNanos;
    }

    private String key(String type) {
        return type + random.nextInt(KEYS);
    }

    private String anyKey() {
        return key(switch (random.nextInt(5)) {
            case 0 -> "s";
            case 1 -> "l";
            case 2 -> "t";
            case 3 -> "h";
            default -> "z";
        });
    }

    private String value() {
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(1000));
            case 1 -> "v" + random.nextInt(100_000);
            case 2 -> "x".repeat(20 + random.nextInt(80));
            default -> Long.toString(random.nextLong());
        };
    }

    private String shortTtl() {
        lastShortTtlNanos = System.nanoTime();
        return Integer.toString(1 + random.nextInt(SHORT_TTL_MILLIS));
    }

    private String[] elements(String prefix, int max) {
        int n = 1 + random.nextInt(random.nextInt(10) == 0 ? max * 40 : max);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + random.nextInt(200);
        }
        return out;
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static String[] concat(String a, String b, String[] rest) {
        return concat(new String[] {a, b}, rest);
    }

    /** The next random write. */
    Command next() {
        int db = random.nextInt(DATABASES);
        String s = key("s");
        String l = key("l");
        String t = key("t");
        String h = key("h");
        String z = key("z");
        String[] argv = switch (random.nextInt(32)) {
            case 0 -> new String[] {"SET", s, value()};
            case 1 -> new String[] {"SET", s, value(), "PX", shortTtl()};
            case 2 -> new String[] {"SET", s, value(), "EX", Integer.toString(3600 + random.nextInt(100))};
            case 3 -> new String[] {"APPEND", s, value()};
            case 4 -> new String[] {"INCR", "c" + random.nextInt(10)};
            case 5 -> new String[] {"INCRBYFLOAT", "f" + random.nextInt(10), "0." + random.nextInt(100)};
            case 6 -> new String[] {"SETRANGE", s, Integer.toString(random.nextInt(30)), value()};
            case 7 -> new String[] {"MSET", s, value(), key("s"), value()};
            case 8 -> new String[] {"GETDEL", s};
            case 9 -> new String[] {"DEL", anyKey(), anyKey()};
            case 10 -> new String[] {"RENAME", anyKey(), anyKey()};
            case 11 -> {
                String k = anyKey();
                yield random.nextBoolean() ? new String[] {"EXPIRE", k, Integer.toString(3600)}
                        : new String[] {"PEXPIRE", k, shortTtl()};
            }
            case 12 -> new String[] {"PERSIST", anyKey()};
            case 13 -> concat("LPUSH", l, elements("e", 8));
            case 14 -> concat("RPUSH", l, elements("e", 8));
            case 15 -> random.nextBoolean() ? new String[] {"LPOP", l} : new String[] {"RPOP", l, "2"};
            case 16 -> new String[] {"LTRIM", l, "0", Integer.toString(random.nextInt(20))};
            case 17 -> new String[] {"LMOVE", l, key("l"), "LEFT", "RIGHT"};
            case 18 -> switch (random.nextInt(3)) {
                case 0 -> new String[] {"LINSERT", l, "BEFORE", "e" + random.nextInt(200), value()};
                case 1 -> new String[] {"LSET", l, "0", value()};
                default -> new String[] {"LREM", l, "0", "e" + random.nextInt(200)};
            };
            case 19 -> concat("SADD", t, random.nextBoolean() ? elements("", 10) : elements("m", 10));
            case 20 -> random.nextBoolean() ? new String[] {"SREM", t, Integer.toString(random.nextInt(200))}
                    : new String[] {"SPOP", t, Integer.toString(1 + random.nextInt(3))};
            case 21 -> random.nextBoolean() ? new String[] {"SMOVE", t, key("t"), Integer.toString(random.nextInt(200))}
                    : new String[] {"SUNIONSTORE", key("t"), t, key("t")};
            case 22 -> new String[] {"HSET", h, "f" + random.nextInt(30), value(), "g" + random.nextInt(30), value()};
            case 23 -> switch (random.nextInt(3)) {
                case 0 -> new String[] {"HDEL", h, "f" + random.nextInt(30)};
                case 1 -> new String[] {"HINCRBY", h, "n", Integer.toString(random.nextInt(100))};
                default -> new String[] {"HINCRBYFLOAT", h, "x", "1.25"};
            };
            case 24 -> new String[] {"ZADD", z, Integer.toString(random.nextInt(100)), "z" + random.nextInt(100),
                (random.nextInt(1000) / 7.0) + "", "y" + random.nextInt(100)};
            case 25 -> switch (random.nextInt(4)) {
                case 0 -> new String[] {"ZINCRBY", z, "2.5", "z" + random.nextInt(100)};
                case 1 -> new String[] {"ZREM", z, "z" + random.nextInt(100)};
                case 2 -> new String[] {"ZPOPMIN", z, "2"};
                default -> new String[] {"ZREMRANGEBYSCORE", z, "0", Integer.toString(random.nextInt(30))};
            };
            case 26 -> random.nextBoolean() ? new String[] {"ZUNIONSTORE", key("z"), "2", z, key("z")}
                    : new String[] {"ZRANGESTORE", key("z"), z, "0", "5"};
            case 27 -> random.nextBoolean() ? new String[] {"COPY", anyKey(), anyKey(), "REPLACE"}
                    : new String[] {"MOVE", anyKey(), Integer.toString(random.nextInt(DATABASES))};
            case 28 -> new String[] {"GETEX", s, "PX", shortTtl()};
            case 29 -> random.nextInt(20) == 0 && db != 2 ? new String[] {"FLUSHDB"}
                    : new String[] {"SETNX", s, value()};
            case 30 -> new String[] {"HSETNX", h, "f" + random.nextInt(30), value()};
            default -> new String[] {"SINTERSTORE", key("t"), t, key("t")};
        };
        return new Command(db, argv);
    }
}
