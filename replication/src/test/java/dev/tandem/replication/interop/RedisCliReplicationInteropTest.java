/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.FakeReplica;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RedisTools;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redis-cli's replication modes against a Tandem master, next to a real redis-server master:
 * {@code --rdb} ({@code REPLCONF rdb-only 1}, inline {@code SYNC}), {@code --functions-rdb}
 * ({@code REPLCONF rdb-filter-only functions}) and {@code --replica}
 * ({@code REPLCONF rdb-filter-only ""}, then the stream); and the refusal of a filtered
 * replica without {@code capa eof}.
 */
@Tag("interop")
@RequiresRedis({"redis-server", "redis-cli", "redis-check-rdb"})
class RedisCliReplicationInteropTest {

    @TempDir
    Path tmp;

    @Test
    void rdbAndFunctionsRdbWorkAsAgainstRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient real = redis.client();
             ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient t = Interop.client(tandem)) {
            for (RespClient c : List.of(real, t)) {
                Datasets.everyType(c, "");
            }
            for (int port : new int[] {redis.port(), tandem.port()}) {
                String who = port == redis.port() ? "redis-server" : "Tandem";
                Path full = tmp.resolve(who + "-full.rdb");
                Cli rdb = cli("-p", Integer.toString(port), "--rdb", full.toString());
                assertEquals(0, rdb.exit(), who + ": " + rdb.output());
                RedisTools.CheckResult check = RedisTools.checkRdb(full);
                assertTrue(check.ok(), who + ": " + check.output());
                assertTrue(check.output().contains("[info] " + keyCount(real) + " keys read"), who + ": " + check.output());

                Path functions = tmp.resolve(who + "-functions.rdb");
                Cli fn = cli("-p", Integer.toString(port), "--functions-rdb", functions.toString());
                assertEquals(0, fn.exit(), who + ": " + fn.output());
                RedisTools.CheckResult fnCheck = RedisTools.checkRdb(functions);
                assertTrue(fnCheck.ok(), who + ": " + fnCheck.output());
                assertTrue(fnCheck.output().contains("[info] 0 keys read"), who + ": " + fnCheck.output());
            }
            assertEquals(Interop.info(real, "stats").get("sync_full"), Interop.info(t, "stats").get("sync_full"),
                    "every redis-cli transfer counts as a full sync");
        }
    }

    @Test
    void replicaModeStreamsAfterAnEmptySnapshot() throws Exception {
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start(); RespClient t = Interop.client(tandem)) {
            Datasets.everyType(t, "");
            Path out = tmp.resolve("replica.out");
            Process p = new ProcessBuilder(RedisTools.require("redis-cli"), "-p", Integer.toString(tandem.port()),
                    "--replica").redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                Interop.await().until(() -> Files.readString(out).contains("Logging commands from master"));
                t.call("SET", "streamed", "1");
                Interop.await().until(() -> Files.readString(out).contains("\"SET\",\"streamed\",\"1\""));
                String text = Files.readString(out);
                assertFalse(text.contains("error"), text);
            } finally {
                p.destroy();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aFilteredReplicaWithoutCapaEofIsRefusedAsByRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start()) {
            for (int port : new int[] {redis.port(), tandem.port()}) {
                try (FakeReplica r = FakeReplica.connectWithCapabilities("127.0.0.1", port, "psync2")) {
                    assertEquals("+OK", r.replconf("rdb-filter-only", ""));
                    assertEquals("-ERR Filtered replica requires EOF capability", r.psync("?", -1));
                }
                try (FakeReplica r = FakeReplica.connectWithCapabilities("127.0.0.1", port, "psync2")) {
                    assertEquals("-ERR Unsupported rdb-filter-only option: keys", r.replconf("rdb-filter-only", "keys"));
                }
            }
        }
    }

    private static long keyCount(RespClient c) throws Exception {
        long keys = 0;
        for (String v : Interop.info(c, "keyspace").values()) {
            keys += Long.parseLong(v.replaceAll("keys=(\\d+),.*", "$1"));
        }
        return keys;
    }

    private record Cli(int exit, String output) { }

    private Cli cli(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = RedisTools.require("redis-cli");
        System.arraycopy(args, 0, cmd, 1, args.length);
        Path out = Files.createTempFile(tmp, "cli", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli did not finish: " + Files.readString(out));
        }
        return new Cli(p.exitValue(), Files.readString(out));
    }
}
