/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random sorted set commands for differential testing against a real redis-server:
 * a few keys (one holding a string, for WRONGTYPE), colliding members, scores with the awkward
 * values (infinities, -0, 0.1, 1e17), range bounds with exclusions, and a sprinkling of invalid
 * arguments so error paths are compared too. Only deterministic commands are generated.
 *
 * <p>Lexicographic ranges go to their own key, {@code zl}, whose scores are all 0 or -0: on a
 * skiplist-encoded set with unequal scores Redis's lex answers depend on the random heights of
 * its skiplist towers (documented as unspecified), so they cannot be compared.
 */
final class SortedSetCommandGenerator {
    private static final String[] KEYS = {"z1", "z2", "z3", "z4", "str", "none"};
    private static final String[] SCORES = {
        "1", "2", "3", "-1", "0", "-0", "1.5", "0.1", "1e17", "3.0000000000000004", "inf", "-inf", "+inf",
        "10", "-2.5", "0x10", "100",
    };
    private static final String[] BAD_SCORES = {"x", "nan", " 1", "", "1e400"};
    private static final String[] BOUNDS = {"-inf", "+inf", "0", "1", "(1", "2", "(2.5", "-1", "(-inf", "3", "(0", "1e17"};
    private static final String[] LEX = {"-", "+", "[a", "(a", "[c", "(c", "[e", "[ab", "(b", "[", "(", "[zz"};
    private static final String LONG_MEMBER = "L".repeat(65);

    private final SplittableRandom random;

    SortedSetCommandGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    private String key() {
        return random.nextInt(10) == 0 ? pick(KEYS) : KEYS[random.nextInt(4)];
    }

    private String member() {
        int r = random.nextInt(40);
        if (r == 0) {
            return LONG_MEMBER;
        }
        if (r == 1) {
            return "";
        }
        return Character.toString('a' + random.nextInt(8)) + (r % 5 == 0 ? "b" : "");
    }

    private String score() {
        return random.nextInt(40) == 0 ? pick(BAD_SCORES) : pick(SCORES);
    }

    /** The equal-score key for lex ranges, now and then a wrong or missing one. */
    private String lexKey() {
        return random.nextInt(10) == 0 ? pick(new String[] {"str", "none"}) : "zl";
    }

    private String index() {
        return Integer.toString(random.nextInt(-6, 7));
    }

    private String count() {
        return random.nextInt(15) == 0 ? "x" : Integer.toString(random.nextInt(-1, 5));
    }

    /** One command; a string-holding key is (re)created now and then. */
    List<String> next() {
        List<String> c = new ArrayList<>();
        switch (random.nextInt(31)) {
            case 0, 1, 2, 3, 4 -> {
                c.add("ZADD");
                c.add(key());
                for (String flag : new String[] {"NX", "XX", "GT", "LT", "CH", "INCR"}) {
                    if (random.nextInt(8) == 0) {
                        c.add(flag);
                    }
                }
                int pairs = 1 + random.nextInt(3);
                for (int i = 0; i < pairs; i++) {
                    c.add(score());
                    c.add(member());
                }
            }
            case 5 -> c.addAll(List.of("ZINCRBY", key(), score(), member()));
            case 6 -> c.addAll(List.of("ZREM", key(), member(), member()));
            case 7 -> c.addAll(List.of("ZREMRANGEBYSCORE", key(), pick(BOUNDS), pick(BOUNDS)));
            case 8 -> c.addAll(List.of("ZREMRANGEBYRANK", key(), index(), index()));
            case 9 -> c.addAll(List.of("ZREMRANGEBYLEX", lexKey(), pick(LEX), pick(LEX)));
            case 10 -> {
                c.add(random.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX");
                c.add(key());
                if (random.nextBoolean()) {
                    c.add(count());
                }
            }
            case 11, 12, 13 -> zrange(c);
            case 14 -> c.addAll(List.of("ZCOUNT", key(), pick(BOUNDS), pick(BOUNDS)));
            case 15 -> c.addAll(List.of("ZLEXCOUNT", lexKey(), pick(LEX), pick(LEX)));
            case 16 -> c.addAll(List.of("ZSCORE", key(), member()));
            case 17 -> c.addAll(List.of("ZMSCORE", key(), member(), member()));
            case 18 -> c.addAll(List.of(random.nextBoolean() ? "ZRANK" : "ZREVRANK", key(), member()));
            case 19 -> c.addAll(List.of("ZCARD", key()));
            case 20, 21 -> setOperation(c);
            case 22 -> {
                c.addAll(List.of("ZMPOP", "2", key(), key(), random.nextBoolean() ? "MIN" : "MAX"));
                if (random.nextBoolean()) {
                    c.addAll(List.of("COUNT", count()));
                }
            }
            case 23 -> c.addAll(List.of("SET", "str", "v"));
            case 24 -> c.addAll(List.of("ZSCAN", key(), "0", "COUNT", "1000"));
            case 25 -> c.addAll(List.of("ZRANGEBYSCORE", key(), pick(BOUNDS), pick(BOUNDS), "WITHSCORES"));
            case 26 -> c.addAll(List.of("ZREVRANGEBYLEX", lexKey(), pick(LEX), pick(LEX), "LIMIT", index(), index()));
            case 29 -> {
                c.addAll(List.of("ZADD", "zl"));
                for (int i = 0; i < 1 + random.nextInt(3); i++) {
                    c.add(random.nextBoolean() ? "0" : "-0");
                    c.add(member());
                }
            }
            case 27 -> c.addAll(List.of("ZINTERCARD", "2", key(), key(), "LIMIT", Integer.toString(random.nextInt(3))));
            case 28 -> c.addAll(List.of("DEL", key()));
            default -> c.addAll(List.of("ZREVRANGE", key(), index(), index(), "WITHSCORES"));
        }
        return c;
    }

    private void zrange(List<String> c) {
        boolean store = random.nextInt(4) == 0;
        c.add(store ? "ZRANGESTORE" : "ZRANGE");
        int type = random.nextInt(3);
        if (store) {
            c.add(type == 2 ? "zl" : key());
        }
        c.add(type == 2 ? lexKey() : key());
        boolean rev = random.nextBoolean();
        switch (type) {
            case 0 -> {
                c.add(index());
                c.add(index());
            }
            case 1 -> {
                c.add(pick(BOUNDS));
                c.add(pick(BOUNDS));
                c.add("BYSCORE");
            }
            default -> {
                c.add(pick(LEX));
                c.add(pick(LEX));
                c.add("BYLEX");
            }
        }
        if (rev) {
            c.add("REV");
        }
        if (type != 0 && random.nextBoolean()) {
            c.addAll(List.of("LIMIT", index(), index()));
        }
        if (!store && type != 2 && random.nextBoolean()) {
            c.add("WITHSCORES");
        }
    }

    private void setOperation(List<String> c) {
        int op = random.nextInt(6);
        boolean store = op < 3;
        String name = switch (op) {
            case 0 -> "ZUNIONSTORE";
            case 1 -> "ZINTERSTORE";
            case 2 -> "ZDIFFSTORE";
            case 3 -> "ZUNION";
            case 4 -> "ZINTER";
            default -> "ZDIFF";
        };
        c.add(name);
        if (store) {
            c.add(key());
        }
        int n = 1 + random.nextInt(3);
        c.add(Integer.toString(n));
        for (int i = 0; i < n; i++) {
            c.add(key());
        }
        boolean diff = op == 2 || op == 5;
        if (!diff && random.nextBoolean()) {
            c.add("WEIGHTS");
            for (int i = 0; i < n; i++) {
                c.add(pick(new String[] {"1", "2", "0", "-1", "0.5", "inf"}));
            }
        }
        if (!diff && random.nextBoolean()) {
            c.addAll(List.of("AGGREGATE", pick(new String[] {"SUM", "MIN", "MAX"})));
        }
        if (!store && random.nextBoolean()) {
            c.add("WITHSCORES");
        }
    }
}
