/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.replication.Persistence;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the node loads its file at start it listens and answers {@code -LOADING} (and INFO's
 * {@code loading:1}). The file is a named pipe fed by the test, so the load is held half-way
 * for as long as the test needs, without timing assumptions.
 */
class LoadingRefusalTest {

    @TempDir
    Path dir;

    @Test
    void commandsGetLoadingWhileTheFileLoads() throws Exception {
        Path saved = Files.createDirectories(dir.resolve("saved"));
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().persistence(Persistence.in(saved)).start()) {
            for (int i = 0; i < 2000; i++) {
                node.set("k" + i, "v" + i);
            }
            node.save();
        }
        byte[] file = Files.readAllBytes(saved.resolve("dump.rdb"));
        Path fifo = dir.resolve("dump.rdb");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CompletableFuture<Void> restOfFile = new CompletableFuture<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(file, 0, file.length / 2);
                out.flush();
                restOfFile.get(30, TimeUnit.SECONDS);
                out.write(file, file.length / 2, file.length - file.length / 2);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ReplicatedKeyspace node = ReplicatedKeyspace.builder().port(port).persistence(Persistence.in(dir)).build();
        CompletableFuture<ReplicatedKeyspace> started = CompletableFuture.supplyAsync(node::start);
        try {
            RespClient c = Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> RespClient.connect("127.0.0.1", port), x -> true);
            try (c) {
                assertEquals(new RespClient.ErrorReply("LOADING Redis is loading the dataset in memory"),
                        c.call("GET", "k1"));
                Map<String, String> info = RdbPersistenceTest.info(c);
                assertEquals("1", info.get("loading"));
                assertTrue(Long.parseLong(info.get("loading_loaded_bytes")) > 0, info.toString());
                assertTrue(info.containsKey("loading_loaded_perc") && info.containsKey("loading_eta_seconds"),
                        info.toString());
                restOfFile.complete(null);
                started.get(20, TimeUnit.SECONDS);
                writer.get(20, TimeUnit.SECONDS);
                assertEquals("v1", c.callString("GET", "k1"));
                assertEquals("0", RdbPersistenceTest.info(c).get("loading"));
                assertEquals("2000", RdbPersistenceTest.info(c).get("rdb_last_load_keys_loaded"));
            }
        } finally {
            restOfFile.complete(null);
            node.close();
        }
    }
}
