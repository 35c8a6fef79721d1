/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 defect 2, for real: a node in a child JVM with a 64 MB heap receives a legal 80 MB
 * SET (below proto-max-bulk-len) that it cannot hold. It answers Redis's OOM error instead of
 * resetting the connection, and keeps serving other clients.
 */
class LargeRequestTest {

    @Test
    void aSetLargerThanTheHeapGetsTheOomReply() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-Xmx64m", "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=disabled",
                "-cp", System.getProperty("java.class.path"), SmallHeapNode.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream stdin = child.getOutputStream()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PORT "));
            assertTrue(line != null, "the child node started");
            int port = Integer.parseInt(line.substring(5).trim());
            int size = 80 * 1024 * 1024;
            try (RawClient client = RawClient.connect("127.0.0.1", port)) {
                client.send(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[1024 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                try {
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        client.send(chunk);
                    }
                    client.send("\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (RuntimeException closedWhileSending) {
                    // the node may answer and close before the whole value went out
                }
                assertEquals("-OOM command not allowed when used memory > 'maxmemory'.", client.readReplyLine());
            }
            try (RawClient other = RawClient.connect("127.0.0.1", port)) {
                other.command("SET", "small", "ok");
                assertEquals("+OK", other.readReplyLine(), "the node still serves");
            }
        } finally {
            child.destroy();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }
}
