/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Heap bytes per key for typical datasets, next to redis-server's {@code used_memory} for the
 * same commands (measured in the same run). The JVM figure is retained heap after full GCs.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -Xmx4g -cp
 * benchmarks/target/tandem-benchmarks.jar dev.tandem.benchmarks.MemoryPerKey [keys [name-filter]]}
 */
public final class MemoryPerKey {
    /** {@code keyDivisor}: big values run with fewer keys (the keys argument divided by it). */
    private record Scenario(String name, IntFunction<String[]> command, int keyDivisor) {
        Scenario(String name, IntFunction<String[]> command) {
            this(name, command, 1);
        }
    }

    /** RPUSH key e0 .. e(n-1), elements of 10 bytes. */
    private static IntFunction<String[]> rpush(String prefix, int n) {
        return i -> {
            String[] cmd = new String[2 + n];
            cmd[0] = "RPUSH";
            cmd[1] = prefix + i;
            for (int j = 0; j < n; j++) {
                cmd[2 + j] = String.format(Locale.ROOT, "e%09d", j);
            }
            return cmd;
        };
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String only = args.length > 1 ? args[1] : ""; // run only the datasets whose name contains this
        String value100 = "v".repeat(100);
        List<Scenario> scenarios = List.of(
                new Scenario("string, 100-byte value", i -> new String[] {"SET", "key:" + i, value100}),
                new Scenario("string, integer value", i -> new String[] {"SET", "key:" + i, Integer.toString(i)}),
                new Scenario("hash, 5 fields of 10 bytes", i -> new String[] {"HSET", "h:" + i,
                        "f1", "0123456789", "f2", "0123456789", "f3", "0123456789", "f4", "0123456789",
                        "f5", "0123456789"}),
                new Scenario("list, 5 elements of 10 bytes", i -> new String[] {"RPUSH", "l:" + i,
                        "0123456789", "1123456789", "2123456789", "3123456789", "4123456789"}),
                new Scenario("list, 100 elements of 10 bytes", rpush("l100:", 100)),
                new Scenario("list, 10k elements of 10 bytes", rpush("l10k:", 10_000), 1000),
                new Scenario("set, 5 members", i -> new String[] {"SADD", "s:" + i, "a", "b", "c", "d", "e"}),
                new Scenario("zset, 5 members", i -> new String[] {"ZADD", "z:" + i, "1", "a", "2", "b",
                        "3", "c", "4", "d", "5", "e"}));
        System.out.printf(Locale.ROOT, "%-32s %14s %14s %8s%n", "dataset (" + keys + " keys)",
                "tandem B/key", "redis B/key", "ratio");
        for (Scenario s : scenarios) {
            if (!s.name().contains(only)) {
                continue;
            }
            int n = Math.max(10, keys / s.keyDivisor());
            double tandem = tandemBytesPerKey(n, s.command());
            double redis = redisBytesPerKey(n, s.command());
            System.out.printf(Locale.ROOT, "%-32s %14.1f %14.1f %8.2f%n", s.name(), tandem, redis,
                    tandem / redis);
        }
    }

    private static long retainedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double tandemBytesPerKey(int keys, IntFunction<String[]> command) {
        long before = retainedHeap();
        Keyspace ks = new Keyspace();
        ClientState c = ClientState.client();
        for (int i = 0; i < keys; i++) {
            ks.execute(c, command.apply(i));
        }
        long after = retainedHeap();
        if (ks.database(0).size() != keys) {
            throw new IllegalStateException("dataset incomplete");
        }
        return (after - before) / (double) keys;
    }

    private static double redisBytesPerKey(int keys, IntFunction<String[]> command) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient c = redis.client()) {
            long before = usedMemory(c);
            List<byte[][]> batch = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String[] cmd = command.apply(i);
                byte[][] b = new byte[cmd.length][];
                for (int j = 0; j < cmd.length; j++) {
                    b[j] = cmd[j].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                batch.add(b);
                if (batch.size() == 1000 || i == keys - 1) {
                    for (byte[][] cmdBytes : batch) {
                        c.send(cmdBytes);
                    }
                    for (int j = 0; j < batch.size(); j++) {
                        c.read();
                    }
                    batch.clear();
                }
            }
            return (usedMemory(c) - before) / (double) keys;
        }
    }

    private static long usedMemory(RespClient c) throws Exception {
        String info = c.callString("INFO", "memory");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()));
            }
        }
        throw new IllegalStateException("no used_memory in INFO");
    }
}
