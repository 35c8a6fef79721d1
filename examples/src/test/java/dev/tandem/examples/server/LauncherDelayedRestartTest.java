/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem-server} as a delayed replica with {@code dir} and {@code save}: {@code SHUTDOWN}
 * saves the applied data set and keeps the pending stream in {@code <dbfilename>.pending}; the
 * restarted server resumes it and continues from its master by partial resync.
 */
class LauncherDelayedRestartTest {

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();

    private LauncherConfig config(String text) throws Exception {
        Files.writeString(dir.resolve("redis.conf"), text);
        return new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse("redis.conf"));
    }

    private static long status(RespClient c, String field) throws IOException {
        List<?> pairs = (List<?>) c.call("REPLDELAY", "STATUS");
        for (int i = 0; i < pairs.size(); i += 2) {
            if (new String((byte[]) pairs.get(i), StandardCharsets.UTF_8).equals(field)) {
                return (Long) pairs.get(i + 1);
            }
        }
        throw new AssertionError(field + " not in REPLDELAY STATUS");
    }

    @Test
    void aRestartedDelayedReplicaKeepsItsPendingStream() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().start()) {
            int port = LoggedProcess.freePort();
            Path data = Files.createDirectories(dir.resolve("data"));
            LauncherConfig config = config("bind 127.0.0.1\nport " + port + "\ndir " + data + "\nsave 3600 1\n"
                    + "replicaof 127.0.0.1 " + master.port() + "\nreplica-delay 3600000\n");
            CountDownLatch stop = new CountDownLatch(1);
            try (RunningNode node = NodeLauncher.start(config, client -> stop.countDown(), log);
                 RespClient c = RespClient.connect("127.0.0.1", port)) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> master.syncCounters().syncFull() == 1);
                for (int i = 0; i < 50; i++) {
                    master.execute("SET", "k" + i, "v" + i);
                }
                long target = master.masterReplOffset();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(c, "received-offset") >= target);
                assertTrue(status(c, "pending-units") >= 50);
                assertEquals(0L, c.call("EXISTS", "k0"), "an hour's delay: nothing applied");
                c.send("SHUTDOWN".getBytes(StandardCharsets.US_ASCII));
                assertTrue(stop.await(10, TimeUnit.SECONDS));
            }
            assertTrue(Files.exists(data.resolve("dump.rdb.pending")));
            master.execute("SET", "while-down", "1");
            try (RunningNode node = NodeLauncher.start(config, client -> { }, log);
                 RespClient c = RespClient.connect("127.0.0.1", port)) {
                long target = master.masterReplOffset();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(c, "received-offset") >= target);
                assertEquals(1, master.syncCounters().syncFull(), "no second full sync");
                assertEquals(1, master.syncCounters().syncPartialOk(), "the restart continued partially");
                assertTrue(status(c, "pending-units") >= 51, "the units from before the restart are pending still");
                assertEquals(0L, c.call("EXISTS", "k0"));
                c.call("REPLDELAY", "APPLY-UNTIL", "TIME", Long.toString(System.currentTimeMillis() + 60_000));
                assertEquals("v0", c.callString("GET", "k0"));
                assertEquals("v49", c.callString("GET", "k49"));
                assertEquals("1", c.callString("GET", "while-down"));
            }
        }
    }
}
