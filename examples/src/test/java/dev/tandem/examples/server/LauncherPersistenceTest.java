/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RespClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dir}, {@code dbfilename} and {@code save} are real: SHUTDOWN saves, a restart loads, a bad file stops the start. */
class LauncherPersistenceTest {

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();

    private LauncherConfig config(String text) throws Exception {
        Files.writeString(dir.resolve("redis.conf"), text);
        return new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse("redis.conf"));
    }

    @Test
    void shutdownSavesAndARestartLoads() throws Exception {
        int port = LoggedProcess.freePort();
        Path data = Files.createDirectories(dir.resolve("data"));
        LauncherConfig config = config("bind 127.0.0.1\nport " + port + "\ndir " + data + "\ndbfilename node.rdb\n"
                + "save 3600 1\n");
        CountDownLatch stop = new CountDownLatch(1);
        try (RunningNode node = NodeLauncher.start(config, client -> stop.countDown(), log);
             RespClient c = RespClient.connect("127.0.0.1", port)) {
            c.call("SET", "k", "v");
            c.call("RPUSH", "l", "a", "b");
            c.send("SHUTDOWN".getBytes(StandardCharsets.US_ASCII));
            assertTrue(stop.await(10, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(data.resolve("node.rdb")));
        try (RunningNode node = NodeLauncher.start(config, client -> { }, log);
             RespClient c = RespClient.connect("127.0.0.1", port)) {
            assertEquals("v", c.callString("GET", "k"));
            assertEquals(2L, c.call("LLEN", "l"));
        }
    }

    @Test
    void aCorruptFileStopsTheStart() throws Exception {
        int port = LoggedProcess.freePort();
        Files.write(dir.resolve("dump.rdb"), "REDIS0009\u00fa\u0009redis-ver".getBytes(StandardCharsets.ISO_8859_1));
        LauncherConfig config = config("bind 127.0.0.1\nport " + port + "\ndir " + dir + "\n");
        NodeStartException e = assertThrows(NodeStartException.class, () -> NodeLauncher.start(config, client -> { }, log));
        assertTrue(e.getMessage().contains("Bad RDB file") && e.getMessage().contains("dump.rdb"), e.getMessage());
        // Nothing is left listening: the port can be bound again.
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(port, s.getLocalPort());
        }
    }
}
