/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.compact.Quicklist;
import dev.tandem.core.value.ListValue;
import dev.tandem.rdb.RdbFiles;
import dev.tandem.rdb.write.RdbWriterOptions;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem's quicklists against redis-server 7.0's, node for node: the same random list commands
 * run on both under several {@code list-max-listpack-size} / {@code list-compress-depth} /
 * {@code DEBUG QUICKLIST-PACKED-THRESHOLD} settings (the replies are compared by the command
 * tests; here the resulting structure is); Redis's RDB (type 18, its nodes as they are)
 * is loaded into a keyspace that adopts the nodes whole, and every node (PLAIN or PACKED, entry
 * count, listpack bytes) must equal Tandem's own. Then Tandem's file of the same lists passes
 * {@code redis-check-rdb} and loads into redis-server with the same {@code DEBUG DIGEST}.
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuicklistInteropTest {
    private static final String[] KEYS = {"l1", "l2", "l3"};

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private RespClient c;
    private int nodes;
    private int plainNodes;
    private int compressedNodes;

    @BeforeAll
    void start() throws Exception {
        RedisServerProcess.requireBinary();
        redis = RedisServerProcess.start();
        c = redis.client();
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void nodesMatchRedisUnderEverySetting() throws Exception {
        int[][] settings = {
            // fill, compress depth, packed threshold (0 = default), seed
            {-2, 0, 0, 1}, {-1, 1, 0, 2}, {2, 0, 0, 3}, {3, 2, 0, 4}, {1, 1, 0, 5}, {5, 0, 40, 6}, {-1, 0, 100, 7},
        };
        for (int[] s : settings) {
            runScenario(s[0], s[1], s[2], s[3]);
        }
        // The scripts did reach the interesting shapes.
        org.junit.jupiter.api.Assertions.assertTrue(nodes > 100, "nodes compared: " + nodes);
        org.junit.jupiter.api.Assertions.assertTrue(plainNodes > 0, "PLAIN nodes compared: " + plainNodes);
        org.junit.jupiter.api.Assertions.assertTrue(compressedNodes > 0, "compressed nodes: " + compressedNodes);
    }

    private void runScenario(int fill, int depth, int threshold, long seed) throws Exception {
        String label = "fill " + fill + " depth " + depth + " threshold " + threshold;
        RedisTools.ok(c, "FLUSHALL");
        RedisTools.ok(c, "CONFIG", "SET", "list-max-listpack-size", Integer.toString(fill));
        RedisTools.ok(c, "CONFIG", "SET", "list-compress-depth", Integer.toString(depth));
        RedisTools.ok(c, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", threshold + "b");
        Keyspace tandem = new Keyspace();
        tandem.encodingLimits().listMaxListpackSize(fill);
        tandem.encodingLimits().listCompressDepth(depth);
        tandem.encodingLimits().listPackedThreshold(threshold);
        Random rnd = new Random(seed);
        try {
            for (int step = 0; step < 600; step++) {
                String[] cmd = command(rnd);
                c.call(cmd);
                tandem.execute(ClientState.client(), cmd);
            }
        } finally {
            RedisTools.ok(c, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
        }
        Path redisFile = redis.save();
        Keyspace fromRedis = new Keyspace();
        RdbFiles.load(redisFile, fromRedis);
        for (String key : KEYS) {
            assertSameNodes(label + " " + key, quicklist(tandem, key), quicklist(fromRedis, key));
        }
        assertEquals(RedisTools.string(c, "DEBUG", "DIGEST"), DatasetDigest.of(tandem), label);

        // And the other way: Tandem's file of the same lists, checked and loaded by Redis.
        Path file = dir.resolve("tandem.rdb");
        RdbFiles.write(tandem, file, RdbWriterOptions.builder().version(10).build());
        RedisTools.assertCheckRdbAccepts(file);
        RedisTools.ok(c, "FLUSHALL");
        java.nio.file.Files.copy(file, redis.rdbFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RedisTools.ok(c, "DEBUG", "RELOAD", "NOSAVE");
        assertEquals(DatasetDigest.of(tandem), RedisTools.string(c, "DEBUG", "DIGEST"), label);
    }

    private static Quicklist quicklist(Keyspace k, String key) {
        var e = k.database(0).peek(Key.of(key));
        return e == null ? null : ((ListValue) e.value()).quicklist();
    }

    private void assertSameNodes(String label, Quicklist expected, Quicklist actual) {
        if (expected == null || actual == null) {
            assertEquals(expected == null, actual == null, label + " exists");
            return;
        }
        assertEquals(expected.nodeCount(), actual.nodeCount(), label + " nodes");
        for (int i = 0; i < expected.nodeCount(); i++) {
            Quicklist.Node a = expected.node(i);
            Quicklist.Node b = actual.node(i);
            assertEquals(a.plain(), b.plain(), label + " node " + i + " plain");
            assertEquals(a.entries(), b.entries(), label + " node " + i + " entries");
            assertArrayEquals(a.bytes(), b.bytes(), label + " node " + i + " bytes");
            nodes++;
            plainNodes += a.plain() ? 1 : 0;
            compressedNodes += a.compressed() ? 1 : 0;
        }
    }

    private static String[] command(Random rnd) {
        String key = KEYS[rnd.nextInt(KEYS.length)];
        List<String> a = new ArrayList<>();
        switch (rnd.nextInt(12)) {
            case 0, 1, 2 -> {
                a.add(rnd.nextBoolean() ? "LPUSH" : "RPUSH");
                a.add(key);
                int n = 1 + rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    a.add(value(rnd));
                }
            }
            case 3, 4 -> {
                a.add("LINSERT");
                a.add(key);
                a.add(rnd.nextBoolean() ? "BEFORE" : "AFTER");
                a.add(pivot(rnd));
                a.add(value(rnd));
            }
            case 5 -> {
                a.add("LSET");
                a.add(key);
                a.add(Integer.toString(rnd.nextInt(40) - 20));
                a.add(value(rnd));
            }
            case 6 -> {
                a.add("LREM");
                a.add(key);
                a.add(Integer.toString(rnd.nextInt(5) - 2));
                a.add(pivot(rnd));
            }
            case 7 -> {
                a.add("LTRIM");
                a.add(key);
                a.add(Integer.toString(rnd.nextInt(3)));
                a.add(Integer.toString(-1 - rnd.nextInt(3)));
            }
            case 8 -> {
                a.add(rnd.nextBoolean() ? "LPOP" : "RPOP");
                a.add(key);
                a.add(Integer.toString(1 + rnd.nextInt(3)));
            }
            case 9 -> {
                a.add("LMOVE");
                a.add(key);
                a.add(KEYS[rnd.nextInt(KEYS.length)]);
                a.add(rnd.nextBoolean() ? "LEFT" : "RIGHT");
                a.add(rnd.nextBoolean() ? "LEFT" : "RIGHT");
            }
            case 10 -> {
                a.add("LRANGE");
                a.add(key);
                a.add("0");
                a.add("-1");
            }
            default -> {
                a.add("LPOS");
                a.add(key);
                a.add(pivot(rnd));
                a.add("COUNT");
                a.add("0");
            }
        }
        return a.toArray(new String[0]);
    }

    private static String pivot(Random rnd) {
        return rnd.nextBoolean() ? Integer.toString(rnd.nextInt(6)) : "p" + rnd.nextInt(4);
    }

    private static String value(Random rnd) {
        return switch (rnd.nextInt(7)) {
            case 0, 1 -> Integer.toString(rnd.nextInt(6));
            case 2 -> "p" + rnd.nextInt(4);
            case 3 -> Long.toString(rnd.nextLong());
            case 4 -> "m".repeat(20 + rnd.nextInt(60));
            case 5 -> "b".repeat(300 + rnd.nextInt(900));
            default -> "s" + rnd.nextInt(1000);
        };
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
