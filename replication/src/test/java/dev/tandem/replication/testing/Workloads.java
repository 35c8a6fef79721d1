/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.testing;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.DatabaseView;
import dev.tandem.replication.ReplicatedKeyspace;
import java.util.SplittableRandom;

/** Seeded datasets and write mixes covering every type core can replicate, with expiries. */
public final class Workloads {

    /** Databases the workloads use (SELECT changes in the stream included). */
    public static final int DATABASES = 3;

    /** Keys {@code short0..} get TTLs of at most 100 ms in {@link #randomWrite}. */
    private static final int SHORT_KEYS = 200;

    private Workloads() {
    }

    /**
     * Reads every short-lived key on the master once they all expired, so lazy expiry deletes
     * them now (propagating DELs) instead of the active cycle finding them over seconds: the
     * datasets then converge quickly and deterministically.
     */
    public static void expireShortKeys(ReplicatedKeyspace master) {
        long deadline = System.currentTimeMillis() + 150;
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() >= deadline);
        for (int db = 0; db < DATABASES; db++) {
            DatabaseView view = master.database(db);
            for (int i = 0; i < SHORT_KEYS; i++) {
                view.execute("EXISTS", "short" + i);
            }
        }
    }

    /**
     * Fills {@code node} with about {@code keys} keys spread over {@link #DATABASES} databases:
     * strings (short, integer-like, long compressible ones), lists, sets (intset-like and not),
     * hashes and sorted sets, small and large, a tenth with a TTL of an hour.
     */
    public static void fill(ReplicatedKeyspace node, int keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < keys; i++) {
            DatabaseView db = node.database(i % DATABASES);
            String key = "k" + i;
            switch (i % 7) {
                case 0 -> db.set(key, "v" + random.nextInt(1_000_000));
                case 1 -> db.set(key, Long.toString(random.nextLong()));
                case 2 -> db.set(key, "x".repeat(50 + random.nextInt(300)) + i);
                case 3 -> {
                    int n = 1 + random.nextInt(i % 50 == 3 ? 600 : 10);
                    String[] values = new String[n];
                    for (int j = 0; j < n; j++) {
                        values[j] = "e" + random.nextInt(1000);
                    }
                    db.rpush(key, values);
                }
                case 4 -> {
                    int n = 1 + random.nextInt(i % 50 == 4 ? 700 : 12);
                    String[] members = new String[n];
                    boolean numeric = random.nextBoolean();
                    for (int j = 0; j < n; j++) {
                        members[j] = numeric ? Integer.toString(random.nextInt(100_000)) : "m" + random.nextInt(100_000);
                    }
                    db.sadd(key, members);
                }
                case 5 -> {
                    int n = 1 + random.nextInt(i % 50 == 5 ? 600 : 8);
                    for (int j = 0; j < n; j++) {
                        db.hset(key, "f" + j, j % 3 == 0 ? Integer.toString(random.nextInt()) : "value-" + random.nextInt());
                    }
                }
                default -> {
                    int n = 1 + random.nextInt(i % 50 == 6 ? 300 : 10);
                    for (int j = 0; j < n; j++) {
                        db.zadd(key, random.nextInt(1000) / 7.0, "z" + random.nextInt(10_000));
                    }
                }
            }
            if (i % 10 == 0) {
                db.expire(key, java.time.Duration.ofHours(1));
            }
        }
    }

    /**
     * One random write against {@code node}: overwrites, increments, appends, collection
     * changes, deletes, renames, TTL changes and a few keys that expire within 100 ms (so that
     * expiry DELs flow during the test). Errors (e.g. WRONGTYPE) are part of the mix.
     */
    public static Reply randomWrite(ReplicatedKeyspace node, SplittableRandom random, int keySpace) {
        DatabaseView db = node.database(random.nextInt(DATABASES));
        String key = "k" + random.nextInt(keySpace);
        String other = "k" + random.nextInt(keySpace);
        return switch (random.nextInt(16)) {
            case 0 -> db.execute("SET", key, "w" + random.nextInt());
            case 1 -> db.execute("INCR", "counter" + random.nextInt(20));
            case 2 -> db.execute("APPEND", key, "+a");
            case 3 -> db.execute("DEL", key);
            case 4 -> db.execute("HSET", key, "f" + random.nextInt(20), "h" + random.nextInt());
            case 5 -> db.execute("LPUSH", key, "l" + random.nextInt(), "l2");
            case 6 -> db.execute("RPOP", key);
            case 7 -> db.execute("SADD", key, Integer.toString(random.nextInt(1000)), "s" + random.nextInt(50));
            case 8 -> db.execute("SREM", key, Integer.toString(random.nextInt(1000)));
            case 9 -> db.execute("ZADD", key, Integer.toString(random.nextInt(100)), "z" + random.nextInt(100));
            case 10 -> db.execute("ZINCRBY", key, "1.5", "z" + random.nextInt(100));
            case 11 -> db.execute("EXPIRE", key, Integer.toString(3600 + random.nextInt(100)));
            case 12 -> db.execute("SET", "short" + random.nextInt(SHORT_KEYS), "t", "PX", Integer.toString(1 + random.nextInt(100)));
            case 13 -> db.execute("RENAME", key, other);
            case 14 -> db.execute("INCRBYFLOAT", "float" + random.nextInt(10), "0.25");
            default -> db.execute("HINCRBY", key, "n", Integer.toString(random.nextInt(10)));
        };
    }
}
