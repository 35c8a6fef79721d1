/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.interop.ServerReplies;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OBJECT ENCODING differential: a random scripted mix of hash, sorted set and set writes
 * (threshold crossings both ways of the limits, long members and values, integer and float
 * scores, *STORE results) and run-time changes of the thresholds (CONFIG SET on redis-server,
 * the keyspace's {@link EncodingLimits} here) runs on redis-server 7.0 and on a Tandem keyspace;
 * after every step every key's OBJECT ENCODING, the step's reply, and the dataset digest agree,
 * and a listpack hash's HGETALL comes back in the same (insertion) order.
 */
@Tag("interop")
@RequiresRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectEncodingInteropTest {
    private static final String[] KEYS = {"h1", "h2", "z1", "z2", "s1", "s2", "l1", "str", "zdst", "missing"};

    private RedisServerProcess redis;
    private RespClient client;

    @BeforeAll
    void startRedis() throws Exception {
        redis = RedisServerProcess.builder().unixSocket().start();
        client = redis.client();
    }

    @AfterAll
    void stopRedis() throws Exception {
        if (client != null) {
            client.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Reply call(String... argv) throws IOException {
        return ServerReplies.toReply(client.call(argv));
    }

    private record Threshold(String name, BiConsumer<EncodingLimits, Long> set, long[] choices) { }

    private static final List<Threshold> THRESHOLDS = List.of(
            new Threshold("hash-max-listpack-entries", EncodingLimits::hashMaxListpackEntries, new long[] {0, 1, 3, 6, 512}),
            new Threshold("hash-max-ziplist-value", EncodingLimits::hashMaxListpackValue, new long[] {0, 3, 8, 64}),
            new Threshold("zset-max-listpack-entries", EncodingLimits::zsetMaxListpackEntries, new long[] {0, 1, 4, 128}),
            new Threshold("zset-max-ziplist-value", EncodingLimits::zsetMaxListpackValue, new long[] {0, 3, 10, 64}),
            new Threshold("set-max-intset-entries", EncodingLimits::setMaxIntsetEntries, new long[] {0, 2, 5, 512}));

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void encodingsAgreeWithRedis(long seed) throws Exception {
        KeyspaceFixture tandem = new KeyspaceFixture();
        call("FLUSHALL");
        for (Threshold t : THRESHOLDS) { // both sides start from Redis's defaults
            call("CONFIG", "SET", t.name(), Long.toString(t.choices()[t.choices().length - 1]));
            t.set().accept(tandem.keyspace.encodingLimits(), t.choices()[t.choices().length - 1]);
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int step = 0; step < 400; step++) {
            if (r.nextInt(25) == 0) {
                Threshold t = THRESHOLDS.get(r.nextInt(THRESHOLDS.size()));
                long v = t.choices()[r.nextInt(t.choices().length)];
                assertEquals(Reply.OK, call("CONFIG", "SET", t.name(), Long.toString(v)));
                t.set().accept(tandem.keyspace.encodingLimits(), v);
                continue;
            }
            String[] command = randomCommand(r);
            Reply theirs = call(command);
            Reply ours = tandem.exec(command).reply();
            String what = "seed " + seed + " step " + step + ": " + String.join(" ", command);
            assertEquals(CommandRow.render(theirs), resp2(ours), "reply of " + what);
            for (String key : KEYS) {
                assertEquals(CommandRow.render(call("OBJECT", "ENCODING", key)),
                        CommandRow.render(tandem.exec("OBJECT", "ENCODING", key).reply()), key + " after " + what);
            }
            for (String h : new String[] {"h1", "h2"}) {
                if (CommandRow.render(call("OBJECT", "ENCODING", h)).contains("listpack")) {
                    assertEquals(CommandRow.render(call("HGETALL", h)), resp2(tandem.exec("HGETALL", h).reply()),
                            "listpack order of " + h + " after " + what);
                }
            }
        }
        assertEquals(CommandRow.render(call("DEBUG", "DIGEST")), "+" + DatasetDigest.of(tandem.keyspace),
                "digest, seed " + seed);
    }

    /** OBJECT's other subcommands and its errors, reply for reply. */
    @org.junit.jupiter.api.Test
    void objectSubcommandsAndErrorsAgreeWithRedis() throws Exception {
        KeyspaceFixture tandem = new KeyspaceFixture();
        call("FLUSHALL");
        for (Threshold t : THRESHOLDS) { // Redis's defaults, whatever the other test left
            call("CONFIG", "SET", t.name(), Long.toString(t.choices()[t.choices().length - 1]));
        }
        String[][] script = {
            {"SET", "small", "123"}, {"SET", "big", "100000"}, {"SET", "neg", "-1"}, {"SET", "text", "hello"},
            {"SET", "long", "z".repeat(45)}, {"SET", "edge", "e".repeat(44)}, {"SET", "lead", "0123"},
            {"RPUSH", "list", "a"}, {"HSET", "hash", "f", "v"}, {"SADD", "set", "1"},
            {"OBJECT", "HELP"}, {"object", "help"}, {"OBJECT", "ENCODING"}, {"OBJECT", "ENCODING", "missing"},
            {"OBJECT", "REFCOUNT", "small"}, {"OBJECT", "REFCOUNT", "big"}, {"OBJECT", "REFCOUNT", "neg"},
            {"OBJECT", "REFCOUNT", "hash"}, {"OBJECT", "REFCOUNT", "missing"}, {"OBJECT", "FREQ", "text"},
            {"OBJECT", "FREQ", "missing"}, {"OBJECT", "NOPE", "text"}, {"OBJECT", "ENCODING", "text", "extra"},
            {"OBJECT", "HELP", "extra"},
        };
        for (String[] command : script) {
            assertEquals(CommandRow.render(call(command)), resp2(tandem.exec(command).reply()), String.join(" ", command));
        }
        for (String key : new String[] {"small", "big", "neg", "text", "long", "edge", "lead", "list", "hash", "set"}) {
            assertEquals(CommandRow.render(call("OBJECT", "ENCODING", key)),
                    resp2(tandem.exec("OBJECT", "ENCODING", key).reply()), key);
        }
    }

    private static String resp2(Reply r) {
        return CommandRow.render(ServerReplies.asSeenBy(r, 2));
    }

    private static String member(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.toString(r.nextInt(-5, 40));
            case 1 -> "m" + r.nextInt(12);
            case 2 -> "x".repeat(r.nextInt(1, 12));
            case 3 -> "long-" + "y".repeat(r.nextInt(55, 80));
            case 4 -> Long.toString(r.nextLong());
            default -> "007";
        };
    }

    private static String score(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> Integer.toString(r.nextInt(-3, 4));
            case 1 -> "1.5";
            case 2 -> "-0";
            case 3 -> "inf";
            default -> Double.toString(r.nextDouble() * 1e20);
        };
    }

    private static String[] randomCommand(SplittableRandom r) {
        String h = r.nextBoolean() ? "h1" : "h2";
        String z = r.nextBoolean() ? "z1" : "z2";
        String s = r.nextBoolean() ? "s1" : "s2";
        List<String> c = new ArrayList<>();
        switch (r.nextInt(16)) {
            case 0, 1, 2 -> {
                c.add("HSET");
                c.add(h);
                for (int i = r.nextInt(1, 4); i > 0; i--) {
                    c.add(member(r));
                    c.add(member(r));
                }
            }
            case 3 -> c.addAll(List.of("HDEL", h, member(r), member(r)));
            case 4 -> c.addAll(List.of("HINCRBY", h, "ctr" + r.nextInt(3), Integer.toString(r.nextInt(-100, 100))));
            case 5 -> c.addAll(List.of("HSETNX", h, member(r), member(r)));
            case 6, 7, 8 -> {
                c.add("ZADD");
                c.add(z);
                for (int i = r.nextInt(1, 4); i > 0; i--) {
                    c.add(score(r));
                    c.add(member(r));
                }
            }
            case 9 -> c.addAll(List.of("ZREM", z, member(r), member(r)));
            case 10 -> c.addAll(List.of("ZINCRBY", z, score(r).equals("inf") ? "1" : score(r), member(r)));
            case 11 -> c.addAll(List.of("ZRANGESTORE", "zdst", z, "0", Integer.toString(r.nextInt(-1, 6))));
            case 12 -> c.addAll(List.of("ZUNIONSTORE", "zdst", "2", "z1", "z2"));
            case 13 -> c.addAll(List.of("SADD", s, member(r), member(r)));
            case 14 -> c.addAll(List.of("SREM", s, member(r)));
            default -> c.addAll(List.of(r.nextBoolean() ? "RPUSH" : "SET", r.nextBoolean() ? "l1" : "str", member(r)));
        }
        return c.toArray(String[]::new);
    }
}
