/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.ZSetValue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property test of the compact encodings against the big ones: the same random commands run on
 * a keyspace whose thresholds keep every hash, sorted set and set compact (listpack / intset)
 * and on one whose thresholds of 0 force the hash table and skiplist from the first write. Every
 * reply agrees (order-free replies compared as sorted, since a table's order is its own) and so
 * does {@code DEBUG DIGEST} after every step.
 */
class CompactVersusBigTest {

    private static KeyspaceFixture fixture(long limit) {
        KeyspaceFixture f = new KeyspaceFixture();
        EncodingLimits l = f.keyspace.encodingLimits();
        l.hashMaxListpackEntries(limit);
        l.hashMaxListpackValue(limit);
        l.zsetMaxListpackEntries(limit);
        l.zsetMaxListpackValue(limit);
        l.setMaxIntsetEntries(limit);
        return f;
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void compactAndBigFormsAgreeOnEveryReplyAndTheDigest(long seed) {
        KeyspaceFixture compact = fixture(1_000_000);
        KeyspaceFixture big = fixture(0);
        SplittableRandom r = new SplittableRandom(seed);
        for (int step = 0; step < 800; step++) {
            String[] c = command(r);
            boolean orderFree = c[0].equals("HGETALL") || c[0].equals("HKEYS") || c[0].equals("HVALS")
                    || c[0].equals("SMEMBERS");
            String a = orderFree ? CommandRow.renderSorted(compact.exec(c).reply()) : CommandRow.render(compact.exec(c).reply());
            String b = orderFree ? CommandRow.renderSorted(big.exec(c).reply()) : CommandRow.render(big.exec(c).reply());
            assertEquals(b, a, "seed " + seed + " step " + step + ": " + String.join(" ", c));
            assertEquals(DatasetDigest.of(big.keyspace), DatasetDigest.of(compact.keyspace), "digest after step " + step);
        }
        // And the forms really were the compact and the big ones.
        for (String k : new String[] {"h", "z", "s"}) {
            Entry ce = compact.keyspace.database(0).peek(Key.of(k));
            Entry be = big.keyspace.database(0).peek(Key.of(k));
            if (ce == null) {
                continue;
            }
            if (ce.value() instanceof HashValue h) {
                assertTrue(h.isListpackEncoded());
                assertFalse(((HashValue) be.value()).isListpackEncoded());
            } else if (ce.value() instanceof ZSetValue z) {
                assertTrue(z.isCompact());
                assertFalse(((ZSetValue) be.value()).isCompact());
            } else if (ce.value() instanceof SetValue s && s.isIntsetEncoded()) {
                assertFalse(((SetValue) be.value()).isIntsetEncoded());
            }
        }
    }

    private static String member(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> Integer.toString(r.nextInt(-20, 20));
            case 1 -> "m" + r.nextInt(15);
            case 2 -> Long.toString(r.nextLong(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2) | 1);
            case 3 -> "v".repeat(r.nextInt(0, 90));
            default -> "0" + r.nextInt(10);
        };
    }

    private static String score(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> Integer.toString(r.nextInt(-5, 6));
            case 1 -> "2.5";
            case 2 -> "+inf";
            case 3 -> "-inf";
            default -> Double.toString((r.nextDouble() - 0.5) * 1e22);
        };
    }

    private static String bound(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> "-";
            case 1 -> "+";
            case 2 -> "[" + member(r);
            default -> "(" + member(r);
        };
    }

    private static String num(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> "-inf";
            case 1 -> "+inf";
            case 2 -> "(" + r.nextInt(-5, 6);
            default -> Integer.toString(r.nextInt(-5, 6));
        };
    }

    private static String[] command(SplittableRandom r) {
        List<String> c = new ArrayList<>();
        switch (r.nextInt(34)) {
            case 0, 1, 2 -> c.addAll(List.of("HSET", "h", member(r), member(r), member(r), member(r)));
            case 3 -> c.addAll(List.of("HDEL", "h", member(r), member(r)));
            case 4 -> c.addAll(List.of("HGET", "h", member(r)));
            case 5 -> c.addAll(List.of("HMGET", "h", member(r), member(r)));
            case 6 -> c.addAll(List.of("HINCRBY", "h", "n" + r.nextInt(3), Integer.toString(r.nextInt(-9, 9))));
            case 7 -> c.addAll(List.of("HGETALL", "h"));
            case 8 -> c.addAll(List.of("HEXISTS", "h", member(r)));
            case 9 -> c.addAll(List.of("HSTRLEN", "h", member(r)));
            case 10 -> c.addAll(List.of("HLEN", "h"));
            case 11, 12, 13 -> c.addAll(List.of("ZADD", "z", score(r), member(r), score(r), member(r)));
            case 14 -> c.addAll(List.of("ZREM", "z", member(r)));
            case 15 -> c.addAll(List.of("ZINCRBY", "z", Integer.toString(r.nextInt(-3, 3)), member(r)));
            case 16 -> c.addAll(List.of("ZSCORE", "z", member(r)));
            case 17 -> c.addAll(List.of(r.nextBoolean() ? "ZRANK" : "ZREVRANK", "z", member(r)));
            case 18 -> c.addAll(List.of("ZRANGE", "z", Integer.toString(r.nextInt(-6, 6)),
                    Integer.toString(r.nextInt(-6, 6)), "WITHSCORES"));
            case 19 -> c.addAll(List.of("ZRANGEBYSCORE", "z", num(r), num(r), "WITHSCORES"));
            case 20 -> c.addAll(List.of("ZREVRANGEBYSCORE", "z", num(r), num(r), "LIMIT", "1", "3"));
            case 21 -> c.addAll(List.of("ZCOUNT", "z", num(r), num(r)));
            case 22 -> c.addAll(List.of("ZREMRANGEBYSCORE", "z", num(r), num(r)));
            case 23 -> c.addAll(List.of("ZREMRANGEBYRANK", "z", Integer.toString(r.nextInt(-4, 4)),
                    Integer.toString(r.nextInt(-4, 4))));
            case 24 -> c.addAll(List.of(r.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX", "z", Integer.toString(r.nextInt(1, 3))));
            case 25 -> c.addAll(List.of("ZADD", "zl", "0", member(r), "0", member(r)));
            case 26 -> c.addAll(List.of("ZRANGEBYLEX", "zl", bound(r), bound(r)));
            case 27 -> c.addAll(List.of("ZLEXCOUNT", "zl", bound(r), bound(r)));
            case 28 -> c.addAll(List.of("ZREMRANGEBYLEX", "zl", bound(r), bound(r)));
            case 29 -> c.addAll(List.of("SADD", "s", member(r), Integer.toString(r.nextInt(-100, 100))));
            case 30 -> c.addAll(List.of("SREM", "s", member(r), Integer.toString(r.nextInt(-100, 100))));
            case 31 -> c.addAll(List.of("SISMEMBER", "s", member(r)));
            case 32 -> c.addAll(List.of("SMEMBERS", "s"));
            default -> c.addAll(List.of("ZMSCORE", "z", member(r), member(r)));
        }
        return c.toArray(String[]::new);
    }
}
