/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis 7.0's back-off after failed rewrites ({@code aofRewriteLimited}): from the third
 * consecutive failure the cron stops retrying the automatic rewrite (for a minute, then two...),
 * where it would otherwise snapshot the data set again every cron tick; {@code BGREWRITEAOF}
 * still runs at once.
 */
class AofRewriteBackoffTest {

    @TempDir
    Path dir;

    private static Map<String, String> info(RespClient c) throws Exception {
        return RdbPersistenceTest.info(c);
    }

    @Test
    void automaticRewritesStopAfterThreeFailuresAndBgrewriteaofStillRuns() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(dir).appendOnly(true))
                .start(); RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            // The next base's name is taken by a directory: every rewrite fails at its rename.
            Path blocker = dir.resolve("appendonlydir").resolve("appendonly.aof.2.base.rdb");
            Files.createDirectories(blocker);
            Files.writeString(blocker.resolve("occupied"), "x");
            for (int i = 0; i < 50; i++) {
                c.call("SET", "k" + i, "v".repeat(100));
            }
            c.call("CONFIG", "SET", "auto-aof-rewrite-min-size", "0");
            c.call("CONFIG", "SET", "auto-aof-rewrite-percentage", "1");

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> info(c).get("aof_rewrites_consecutive_failures").equals("3"));
            // Without the back-off the cron (10 Hz) would have failed several more times by now.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> info(c).get("aof_rewrites_consecutive_failures").equals("3"));
            Map<String, String> info = info(c);
            assertEquals("err", info.get("aof_last_bgrewrite_status"));
            assertEquals("0", info.get("aof_rewrite_in_progress"));

            // The user's BGREWRITEAOF is not limited: once the cause is gone it succeeds and the
            // failure count starts over.
            try (Stream<Path> files = Files.walk(blocker)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            assertEquals("Background append only file rewriting started", c.call("BGREWRITEAOF"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> info(c).get("aof_rewrites_consecutive_failures").equals("0"));
            assertEquals("ok", info(c).get("aof_last_bgrewrite_status"));
        }
    }
}
