/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StringValue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The incremental memory figure equals a full recount after any mix of commands. */
class MemoryAccountingTest {

    private static String k(SplittableRandom r) {
        return "k" + r.nextInt(40);
    }

    private static String v(SplittableRandom r) {
        int len = r.nextInt(4) == 0 ? 70 + r.nextInt(200) : r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return r.nextInt(5) == 0 ? Integer.toString(r.nextInt(20000)) : sb.toString();
    }

    /** One random command over every type, TTLs, renames, db moves, flushes and swaps. */
    private static String[] command(SplittableRandom r) {
        String k = k(r);
        return switch (r.nextInt(34)) {
            case 0 -> new String[] {"SET", k, v(r)};
            case 1 -> new String[] {"APPEND", k, v(r)};
            case 2 -> new String[] {"INCR", k};
            case 3 -> new String[] {"SETRANGE", k, Integer.toString(r.nextInt(50)), v(r)};
            case 4 -> new String[] {"DEL", k};
            case 5 -> new String[] {"RPUSH", k, v(r), v(r)};
            case 6 -> new String[] {"LPOP", k};
            case 7 -> new String[] {"LSET", k, "0", v(r)};
            case 8 -> new String[] {"LTRIM", k, "1", "-2"};
            case 9 -> new String[] {"HSET", k, "f" + r.nextInt(700), v(r)};
            case 10 -> new String[] {"HDEL", k, "f" + r.nextInt(700)};
            case 11 -> new String[] {"SADD", k, Integer.toString(r.nextInt(1000))};
            case 12 -> new String[] {"SADD", k, v(r), v(r)};
            case 13 -> new String[] {"SREM", k, Integer.toString(r.nextInt(1000))};
            case 14 -> new String[] {"SPOP", k};
            case 15 -> new String[] {"ZADD", k, Integer.toString(r.nextInt(100)), v(r)};
            case 16 -> new String[] {"ZREM", k, v(r)};
            case 17 -> new String[] {"ZINCRBY", k, "1.5", "m" + r.nextInt(200)};
            case 18 -> new String[] {"EXPIRE", k, Integer.toString(1 + r.nextInt(100))};
            case 19 -> new String[] {"PERSIST", k};
            case 20 -> new String[] {"RENAME", k, k(r)};
            case 21 -> new String[] {"COPY", k, k(r), "REPLACE"};
            case 22 -> new String[] {"MOVE", k, Integer.toString(r.nextInt(3))};
            case 23 -> new String[] {"SELECT", Integer.toString(r.nextInt(3))};
            case 24 -> new String[] {"SWAPDB", Integer.toString(r.nextInt(3)), Integer.toString(r.nextInt(3))};
            case 25 -> r.nextInt(10) == 0 ? new String[] {"FLUSHDB"} : new String[] {"GET", k};
            case 26 -> new String[] {"SUNIONSTORE", k, k(r), k(r)};
            case 27 -> new String[] {"ZUNIONSTORE", k, "2", k(r), k(r)};
            case 28 -> new String[] {"PFADD", k, v(r), v(r)};
            case 29 -> new String[] {"SETBIT", k, Integer.toString(r.nextInt(3000)), "1"};
            case 30 -> new String[] {"GETDEL", k};
            case 31 -> new String[] {"HINCRBY", k, "f" + r.nextInt(5), "3"};
            case 32 -> new String[] {"LINSERT", k, "BEFORE", v(r), v(r)};
            default -> new String[] {"PEXPIRE", k, Integer.toString(1 + r.nextInt(30))};
        };
    }

    @Test
    void incrementalFigureEqualsARecountAfterARandomMix() {
        for (long seed = 1; seed <= 4; seed++) {
            KeyspaceFixture f = new KeyspaceFixture();
            // Small thresholds, so values cross from listpack/intset to tables and back.
            f.exec("SELECT", "0");
            f.keyspace.encodingLimits().hashMaxListpackEntries(8);
            f.keyspace.encodingLimits().zsetMaxListpackEntries(8);
            f.keyspace.encodingLimits().setMaxIntsetEntries(8);
            ActiveExpiry expiry = new ActiveExpiry(f.keyspace);
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 3000; i++) {
                f.exec(command(r));
                if (i % 50 == 0) {
                    f.clock.advance(r.nextInt(3000)); // lazy and active expiry both delete
                    expiry.runCycle();
                }
                if (i % 100 == 0) {
                    MemoryRecount.assertAccounted(f.keyspace);
                }
            }
            MemoryRecount.assertAccounted(f.keyspace);
            f.exec("FLUSHALL");
            MemoryRecount.assertAccounted(f.keyspace);
        }
    }

    @Test
    void transactionsAndLoadsAreAccounted() {
        KeyspaceFixture f = new KeyspaceFixture();
        f.exec("MULTI");
        f.exec("RPUSH", "l", "a", "b", "c");
        f.exec("HSET", "h", "f", "v");
        f.exec("SET", "s", "x".repeat(100));
        f.exec("EXEC");
        MemoryRecount.assertAccounted(f.keyspace);
        long before = f.keyspace.usedMemory();

        DatasetBuilder b = f.keyspace.newDatasetBuilder();
        for (int i = 0; i < 1000; i++) {
            b.put(i % 3, Key.of("key:" + i), StringValue.of(("value-" + i).getBytes()), i % 2 == 0 ? -1 : 9_999_999_999_999L);
        }
        b.put(0, Key.of("key:0"), StringValue.of("dup".getBytes()), -1); // a duplicate replaces
        b.commit();
        MemoryRecount.assertAccounted(f.keyspace);
        assertTrue(f.keyspace.usedMemory() > before, "a load of 1000 keys grows the figure");
    }

    @Test
    void figureFollowsTheSizeOfWhatIsStored() {
        KeyspaceFixture f = new KeyspaceFixture();
        long empty = f.keyspace.usedMemory();
        f.exec("SET", "big", "x".repeat(100_000));
        long withBig = f.keyspace.usedMemory();
        assertTrue(withBig - empty >= 100_000 && withBig - empty < 100_400, "grew by " + (withBig - empty));
        f.exec("DEL", "big");
        assertEquals(empty, f.keyspace.usedMemory());
        assertEquals(withBig, f.keyspace.memoryPeak());
    }

    @Test
    void memoryUsageOfAKeyIsItsAccountedShare() {
        KeyspaceFixture f = new KeyspaceFixture();
        f.exec("RPUSH", "l", "a", "bb", "ccc");
        f.exec("SET", "n", "123");
        Entry e = f.keyspace.database(0).peek(Key.of("l"));
        f.exec("MEMORY", "USAGE", "l").isInteger(e.accountedBytes());
        f.exec("MEMORY", "USAGE", "missing").isNull();
        f.exec("MEMORY", "USAGE", "l", "SAMPLES").isError("ERR syntax error");
        f.exec("MEMORY", "USAGE", "l", "SAMPLES", "x").isError("ERR value is not an integer or out of range");
        f.exec("MEMORY", "USAGE", "l", "SAMPLES", "0").isInteger(e.accountedBytes()); // all of a short list
        f.exec("MEMORY", "FOO").isError("ERR unknown subcommand 'FOO'. Try MEMORY HELP.");
        String doctor = new String(((Reply.BulkReply) f.exec("MEMORY", "DOCTOR").reply()).bytes());
        assertTrue(doctor.startsWith("Hi Sam, this instance is empty"), doctor);
    }
}
