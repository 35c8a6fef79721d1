/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.demo;

import dev.tandem.replication.ReplicatedKeyspace;
import java.time.Duration;
import java.util.List;

/**
 * The demo's data set: one key of every type that Tandem's command table can write, in the
 * encodings Redis would pick for small and for large values, plus binary data and a second
 * database. (Streams are missing: Tandem loads them from RDB but has no XADD yet.)
 */
final class SampleData {

    /** What {@link #write} wrote, in plain words, one line per kind of value. */
    static final List<String> DESCRIPTION = List.of(
            "strings: plain, an integer counter, one with a 10-minute TTL",
            "binary: a key and a value with every byte 0x00..0xff",
            "a list (small, listpack) and a list of 1000 items (quicklist)",
            "a set of integers (intset) and a set of strings (hashtable)",
            "a hash (small, listpack) and a hash of 300 fields (hashtable)",
            "a sorted set (small, listpack) and one of 200 members (skiplist)",
            "two keys in database 1");

    private SampleData() {
    }

    /** Writes the data set to {@code master}. */
    static void write(ReplicatedKeyspace master) {
        master.set("greeting", "hello from the master");
        master.incrBy("counter", 42);
        master.set("session:42", "ada", Duration.ofMinutes(10));

        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        master.set(new byte[] {'b', 'i', 'n', ':', 0, (byte) 0xff}, everyByte);

        master.rpush("queue", "first", "second", "third");
        String[] items = new String[1000];
        for (int i = 0; i < items.length; i++) {
            items[i] = "item-" + i;
        }
        master.rpush("big-list", items);

        master.sadd("ids", "1", "2", "3", "1000000");
        master.sadd("tags", "java", "redis", "replication");

        master.hset("user:1", "name", "Ada");
        master.hset("user:1", "language", "Java");
        for (int i = 0; i < 300; i++) {
            master.hset("big-hash", "field-" + i, Integer.toString(i));
        }

        master.zadd("leaderboard", 3.5, "ada");
        master.zadd("leaderboard", 1, "grace");
        for (int i = 0; i < 200; i++) {
            master.zadd("big-zset", i * 0.5, "member-" + i);
        }

        master.database(1).set("db1:greeting", "hello from database 1");
        master.database(1).lpush("db1:list", "x", "y");
    }
}
