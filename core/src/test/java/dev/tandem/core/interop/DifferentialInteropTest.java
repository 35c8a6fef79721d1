/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.core.reply.Reply;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.ReplicationTap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the same random command sequences against a real redis-server 7.0 and a Keyspace and
 * requires identical replies: INCRBYFLOAT's long double arithmetic and formatting, and the
 * string and key commands' replies and errors. Times are absolute (far past or far future), so
 * the two clocks need not agree.
 */
@Tag("interop")
@RequiresRedis
class DifferentialInteropTest extends SharedRedisServerTest {
    private Keyspace keyspace;
    private ClientState client;

    @BeforeEach
    void freshState() throws IOException {
        redis.pipeline(List.of(argv("FLUSHALL"), argv("SELECT", "0")));
        keyspace = new Keyspace(16, KeyspaceClock.SYSTEM);
        client = ClientState.client();
    }

    private static byte[][] argv(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Runs the commands on both sides and compares replies one by one. */
    private void compare(List<byte[][]> commands) throws IOException {
        List<Object> expected = redis.pipeline(commands);
        for (int i = 0; i < commands.size(); i++) {
            byte[][] c = commands.get(i);
            String actual;
            if (new String(c[0], StandardCharsets.US_ASCII).equalsIgnoreCase("SELECT")) {
                client.select(Integer.parseInt(new String(c[1], StandardCharsets.US_ASCII)));
                actual = ReplyText.of(Reply.OK);
            } else {
                actual = ReplyText.of(ServerReplies.asSeenBy(keyspace.execute(client, c).reply(), 2));
            }
            assertEquals(ReplyText.of(ServerReplies.toReply(expected.get(i))), actual,
                    "reply to " + describe(c) + " (command " + i + ")");
        }
    }

    private static String describe(byte[][] c) {
        List<String> s = new ArrayList<>();
        for (byte[] a : c) {
            s.add(new String(a, StandardCharsets.UTF_8));
        }
        return String.join(" ", s);
    }

    // ---- INCRBYFLOAT ---------------------------------------------------------------------

    private static String randomNumber(SplittableRandom r) {
        switch (r.nextInt(10)) {
            case 0:
                return Long.toString(r.nextLong(-1_000_000, 1_000_000));
            case 1:
                return String.format(Locale.ROOT, "%.3f", (r.nextDouble() - 0.5) * 2000);
            case 2:
                return "0." + r.nextInt(1, 1000);
            case 3:
                return Double.toString((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-30, 30)));
            case 4:
                return String.format(Locale.ROOT, "%de%d", r.nextInt(1, 100), r.nextInt(-20, 25));
            case 5:
                return String.format(Locale.ROOT, "%.17f", r.nextDouble() * 100);
            case 6:
                return Long.toString(r.nextLong());
            case 7:
                return "-." + r.nextInt(1, 99999);
            case 8:
                return String.format(Locale.ROOT, "%.2e", (r.nextDouble() - 0.5) * 1e300);
            default:
                return Integer.toString(r.nextInt(-100, 100)) + "." + r.nextInt(0, 100);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void incrbyfloatMatchesRedisLongDouble(long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[][]> commands = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String key = "f" + r.nextInt(20);
            if (r.nextInt(4) == 0) {
                commands.add(argv("SET", key, randomNumber(r)));
            }
            commands.add(argv("INCRBYFLOAT", key, randomNumber(r)));
            commands.add(argv("GET", key));
        }
        compare(commands);
    }

    @Test
    void incrbyfloatEdgeInputs() throws IOException {
        List<byte[][]> commands = new ArrayList<>();
        String[] inputs = {"0x1p-16445", "0x1.fffffffffffffffep16383", "1.18973149535723176502e+4932",
            "1.2e4932", "3.6e-4951", "1e-4951", "-0", "+5", "5.", ".5", "1e+2", "1E2", "0X1A",
            "0x", "0x1p", "1e", "inf", "-inf", "infinity", "nan", "-nan", " 1", "1 ", "1\t",
            "--1", "+-1", "", "0.1e-4940", "123456789012345678901234567890",
            "0.30000000000000000000000000000001", "9223372036854775807", "-9223372036854775808"};
        for (String a : inputs) {
            commands.add(argv("DEL", "x"));
            commands.add(argv("INCRBYFLOAT", "x", a));
            commands.add(argv("INCRBYFLOAT", "x", "0.1"));
            commands.add(argv("SET", "y", a));
            commands.add(argv("INCRBYFLOAT", "y", "1"));
        }
        compare(commands);
    }

    // ---- string and key commands ---------------------------------------------------------

    private static final String FAR = "4102444800"; // 2100-01-01, in seconds

    private static byte[][] randomCommand(SplittableRandom r) {
        String a = "k" + r.nextInt(8);
        String b = "k" + r.nextInt(8);
        String v = r.nextInt(4) == 0 ? Integer.toString(r.nextInt(-5, 50)) : "v" + r.nextInt(100);
        String n = Integer.toString(r.nextInt(-3, 12));
        String db = Integer.toString(r.nextInt(3));
        switch (r.nextInt(40)) {
            case 0: return argv("SET", a, v);
            case 1: return argv("SET", a, v, "NX");
            case 2: return argv("SET", a, v, "XX", "GET");
            case 3: return argv("SET", a, v, "KEEPTTL");
            case 4: return argv("SET", a, v, "EXAT", FAR);
            case 5: return argv("GET", a);
            case 6: return argv("GETSET", a, v);
            case 7: return argv("GETDEL", a);
            case 8: return argv("APPEND", a, v);
            case 9: return argv("SETRANGE", a, n, v);
            case 10: return argv("GETRANGE", a, n, Integer.toString(r.nextInt(-10, 10)));
            case 11: return argv("INCR", a);
            case 12: return argv("DECRBY", a, n);
            case 13: return argv("MSET", a, v, b, v);
            case 14: return argv("MSETNX", a, v, b, v);
            case 15: return argv("MGET", a, b, "k9");
            case 16: return argv("STRLEN", a);
            case 17: return argv("DEL", a, b);
            case 18: return argv("EXISTS", a, b, a);
            case 19: return argv("TYPE", a);
            case 20: return argv("RENAME", a, b);
            case 21: return argv("RENAMENX", a, b);
            case 22: return argv("COPY", a, b, "DB", db, "REPLACE");
            case 23: return argv("COPY", a, b);
            case 24: return argv("MOVE", a, db);
            case 25: return argv("EXPIREAT", a, FAR, r.nextBoolean() ? "NX" : "GT");
            case 26: return argv("PEXPIREAT", a, "1");
            case 27: return argv("PERSIST", a);
            case 28: return argv("EXPIRETIME", a);
            case 29: return argv("SWAPDB", db, Integer.toString(r.nextInt(3)));
            case 30: return argv("DBSIZE");
            case 31: return argv("LCS", a, b);
            case 32: return argv("SETNX", a, v);
            case 33: return argv("GETEX", a, r.nextBoolean() ? "PERSIST" : "EXAT");
            case 34: return argv("GETEX", a, "EXAT", FAR);
            case 35: return argv("SELECT", db);
            case 36: return argv("INCRBY", a, "9223372036854775807");
            case 37: return argv("EXPIRE", a, "-1");
            case 38: return argv("LCS", a, b, "IDX", "WITHMATCHLEN");
            default: return argv("SUBSTR", a, n, "-1");
        }
    }

    /** Random commands, now and then a MULTI/EXEC block of a few (SELECT stays outside). */
    private static List<byte[][]> randomCommands(SplittableRandom r, int count) {
        List<byte[][]> commands = new ArrayList<>();
        while (commands.size() < count) {
            if (r.nextInt(25) == 0) {
                commands.add(argv("MULTI"));
                for (int n = r.nextInt(1, 5); n > 0; n--) {
                    byte[][] c = randomCommand(r);
                    if (!new String(c[0], StandardCharsets.US_ASCII).equals("SELECT")) {
                        commands.add(c);
                    }
                }
                commands.add(argv("EXEC"));
            } else {
                commands.add(randomCommand(r));
            }
        }
        return commands;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void stringAndKeyCommandsMatchRedis(long seed) throws IOException {
        compare(randomCommands(new SplittableRandom(seed), 500));
    }

    /**
     * The propagated forms, compared byte for byte with what a real master sends its replicas
     * for the same commands (SELECTs injected where the db changes, heartbeat PINGs ignored).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23})
    void propagatedStreamMatchesRedis(long seed) throws IOException {
        List<String> ours = new ArrayList<>();
        int[] streamDb = {-1};
        keyspace.propagationSink(new PropagationSink() {
            private long offset;

            @Override
            public long propagate(List<Propagated> units) {
                for (Propagated p : units) {
                    if (p.db() != streamDb[0]) {
                        ours.add("SELECT " + p.db());
                        streamDb[0] = p.db();
                    }
                    ours.add(p.render());
                }
                return ++offset;
            }

            @Override
            public long offset() {
                return offset;
            }
        });
        try (ReplicationTap tap = server.tap()) {
            List<byte[][]> commands = randomCommands(new SplittableRandom(seed), 400);
            commands.add(argv("SELECT", "0"));
            commands.add(argv("SET", "end-of-test", Long.toString(seed)));
            compare(commands);
            String marker = "SET end-of-test " + seed;
            List<String> theirs = tap.readThrough(marker);
            assertEquals(String.join("\n", theirs), String.join("\n", ours));
        }
    }
}
