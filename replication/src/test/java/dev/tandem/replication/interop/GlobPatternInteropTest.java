/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * KEYS with random glob patterns on a real redis-server 7.0 and on a Tandem node holding the
 * same keys: the same keys match (classes, ranges over signed bytes, negation, escapes,
 * unterminated classes, the empty key). And the CVE-2022-36021 pattern answers at once on both.
 */
@Tag("interop")
@RequiresRedis
class GlobPatternInteropTest {

    private static final byte[] ALPHABET = {'a', 'b', 'B', '*', '?', '[', ']', '^', '-', '\\', (byte) 0xff, (byte) 0x80};

    @Test
    void keysMatchLikeRedisForRandomPatterns() throws Exception {
        Random random = new Random(36021);
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient real = redis.client();
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient tandem = Interop.client(node)) {
            List<byte[][]> sets = new ArrayList<>();
            sets.add(new byte[][] {bytes("SET"), new byte[0], bytes("v")}); // the empty key
            for (int i = 0; i < 300; i++) {
                sets.add(new byte[][] {bytes("SET"), random(random, 1 + random.nextInt(7)), bytes("v")});
            }
            real.pipeline(sets);
            tandem.pipeline(sets);
            assertEquals(real.call("DBSIZE"), tandem.call("DBSIZE"));
            int matched = 0;
            for (int i = 0; i < 3000; i++) {
                byte[] pattern = random(random, random.nextInt(8));
                List<String> expected = sortedHex(real.call(bytes("KEYS"), pattern));
                List<String> actual = sortedHex(tandem.call(bytes("KEYS"), pattern));
                assertEquals(expected, actual, () -> "KEYS " + HexFormat.of().formatHex(pattern));
                matched += expected.size();
            }
            // The patterns must select something, or the comparison proves little.
            org.junit.jupiter.api.Assertions.assertTrue(matched > 3000, "matched " + matched);
        }
    }

    @Test
    void abusivePatternAnswersAtOnceLikeRedis() throws Exception {
        String pattern = "a*".repeat(20) + "b";
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient real = redis.client();
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient tandem = Interop.client(node)) {
            for (RespClient c : List.of(real, tandem)) {
                c.call("SET", "a".repeat(40), "v");
                c.call("SET", "a".repeat(10_000), "v");
                c.call("HSET", "h", "a".repeat(40), "v");
            }
            for (RespClient c : List.of(real, tandem)) {
                CompletableFuture<List<Object>> keys = CompletableFuture.supplyAsync(() -> List.of(
                        c.command("KEYS", pattern),
                        c.command("SCAN", "0", "MATCH", pattern, "COUNT", "100"),
                        c.command("HSCAN", "h", "0", "MATCH", pattern)));
                Interop.await().atMost(Duration.ofSeconds(5)).until(keys::isDone);
                List<Object> replies = keys.join();
                assertEquals(List.of(), replies.get(0));
                assertEquals(List.of(), ((List<?>) replies.get(1)).get(1));
                assertEquals(List.of(), ((List<?>) replies.get(2)).get(1));
            }
        }
    }

    private static byte[] random(Random random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return b;
    }

    private static List<String> sortedHex(Object reply) {
        return ((List<?>) reply).stream().map(k -> HexFormat.of().formatHex((byte[]) k)).sorted().toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
