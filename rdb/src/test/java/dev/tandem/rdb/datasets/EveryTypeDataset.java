/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.datasets;

import dev.tandem.core.internal.DatasetBuilder;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;

import java.nio.charset.StandardCharsets;

/**
 * A fixed dataset with every value type in both of Redis 7.0's encodings (compact and big),
 * strings of every RDB string form, a stream with several nodes, a consumer group with
 * pending entries and consumers, an empty stream with a group, future expiries, and three
 * databases.
 */
public final class EveryTypeDataset {
    /** 2100-01-01, so the keys stay alive while tests run. */
    public static final long EXPIRE_AT = 4_102_444_800_123L;

    private EveryTypeDataset() {
    }

    public static void fill(Keyspace keyspace) {
        DatasetBuilder b = keyspace.newDatasetBuilder();
        put(b, 0, "s:int8", StringValue.of("100"), -1);
        put(b, 0, "s:int32", StringValue.of("-2147483648"), -1);
        put(b, 0, "s:over32", StringValue.of("2147483648"), -1);
        put(b, 0, "s:lead0", StringValue.of("007"), -1);
        put(b, 0, "s:minus0", StringValue.of("-0"), -1);
        put(b, 0, "s:empty", StringValue.of(""), -1);
        put(b, 0, "s:lzf", StringValue.of("a".repeat(500)), EXPIRE_AT);
        put(b, 0, "s:bin", StringValue.of(new byte[] {'a', 0, 'b', '\r', '\n', (byte) 0xFF}), -1);
        put(b, 0, "s:utf8", StringValue.of("héllo wörld"), EXPIRE_AT + 1);

        ListValue small = new ListValue();
        for (String s : new String[] {"a", "1", "-1", "1000", "5000000000", "hello world", "x".repeat(70)}) {
            small.addLast(ascii(s));
        }
        put(b, 0, "list:small", small, -1);
        ListValue big = new ListValue();
        for (int i = 0; i < 3000; i++) {
            big.addLast(ascii(i % 3 == 0 ? Integer.toString(i) : "element-" + i + "-" + "y".repeat(i % 50)));
        }
        put(b, 0, "list:big", big, EXPIRE_AT);

        SetValue ints = new SetValue();
        for (String s : new String[] {"1", "2", "3", "-5", "100000", "5000000000"}) {
            ints.add(Key.of(s));
        }
        put(b, 0, "set:ints", ints, -1);
        SetValue manyInts = new SetValue();
        for (int i = 0; i < 700; i++) {
            manyInts.add(Key.of(Integer.toString(i * 7)));
        }
        put(b, 0, "set:manyints", manyInts, -1);
        SetValue strs = new SetValue();
        for (String s : new String[] {"apple", "banana", "cherry", "1"}) {
            strs.add(Key.of(s));
        }
        put(b, 0, "set:strs", strs, -1);

        ZSetValue zsmall = new ZSetValue();
        double[] scores = {1, 2.5, -3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e100, 0.1};
        for (int i = 0; i < scores.length; i++) {
            zsmall.add(Key.of("m" + i), scores[i]);
        }
        put(b, 0, "zset:small", zsmall, -1);
        ZSetValue zbig = new ZSetValue();
        for (int i = 0; i < 300; i++) {
            zbig.add(Key.of("member-" + i), i * 1.5);
        }
        put(b, 3, "zset:big", zbig, EXPIRE_AT);

        HashValue hsmall = new HashValue();
        hsmall.put(Key.of("f1"), ascii("v1"));
        hsmall.put(Key.of("num"), ascii("42"));
        put(b, 0, "hash:small", hsmall, -1);
        HashValue hbig = new HashValue();
        for (int i = 0; i < 600; i++) {
            hbig.put(Key.of("field-" + i), ascii("value-" + i));
        }
        put(b, 3, "hash:big", hbig, -1);
        HashValue hlong = new HashValue();
        hlong.put(Key.of("f"), ascii("z".repeat(100)));
        put(b, 3, "hash:longvalue", hlong, -1);

        put(b, 0, "stream:groups", stream(), -1);
        StreamValue emptied = new StreamValue();
        emptied.setMetadata(new StreamId(5, 0), StreamId.MIN, new StreamId(5, 0), 1);
        emptied.createGroup(Key.of("g"), new StreamId(5, 0), 1);
        put(b, 5, "stream:emptied", emptied, -1);
        b.commit();
    }

    /** 250 entries (several listpack nodes), mixed field sets, one group with a PEL, two consumers. */
    private static StreamValue stream() {
        StreamValue s = new StreamValue();
        for (int i = 1; i <= 250; i++) {
            byte[][] fv = i % 7 == 0
                    ? new byte[][] {ascii("other"), ascii("x" + i)}
                    : new byte[][] {ascii("name"), ascii("n" + i), ascii("age"), ascii(Integer.toString(20 + i))};
            s.appendEntry(new StreamId(1_700_000_000_000L + i / 3, i % 3), fv);
        }
        StreamId lastDelivered = new StreamId(1_700_000_000_000L + 10, 0);
        StreamConsumerGroup g = s.createGroup(Key.of("workers"), lastDelivered, 30);
        StreamConsumer alice = g.addConsumer(Key.of("alice"), 1_700_000_100_000L, 1_700_000_100_000L);
        StreamConsumer bob = g.addConsumer(Key.of("bob"), 1_700_000_200_000L, 1_700_000_200_000L);
        int n = 0;
        for (StreamId id : s.entries().headMap(lastDelivered, true).keySet()) {
            if (n++ % 3 == 0) {
                g.addPending(id, 1_700_000_050_000L + n, 1 + n % 4);
                (n % 2 == 0 ? alice : bob).ownPending(id);
            }
        }
        g.addConsumer(Key.of("idle"), 1_700_000_300_000L, 1_700_000_300_000L);
        s.createGroup(Key.of("fresh"), StreamId.MIN, 0);
        return s;
    }

    private static void put(DatasetBuilder b, int db, String key, dev.tandem.core.value.RedisValue v, long exp) {
        if (!b.put(db, Key.of(key), v, exp)) {
            throw new IllegalStateException("duplicate " + key);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
