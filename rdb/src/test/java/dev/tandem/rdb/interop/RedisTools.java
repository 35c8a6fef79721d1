/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.interop;

import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** redis-check-rdb and small RESP helpers for the interop tests. */
final class RedisTools {
    private RedisTools() {
    }

    /** Runs redis-check-rdb (skipping or failing per the CI rule when absent); asserts it accepts the file. */
    static String assertCheckRdbAccepts(Path file) throws IOException, InterruptedException {
        String tool = RedisServerProcess.requireTool("redis-check-rdb");
        Process p = new ProcessBuilder(tool, file.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("redis-check-rdb did not finish on " + file);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "redis-check-rdb rejected " + file + ":\n" + text);
        assertTrue(text.contains("RDB looks OK"), text);
        return text;
    }

    static String string(RespClient c, String... argv) throws IOException {
        Object r = c.call(argv);
        if (r instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (r instanceof String s) {
            return s;
        }
        if (r instanceof Long l) {
            return Long.toString(l);
        }
        throw new IOException(String.join(" ", argv) + " -> " + RespClient.describe(r));
    }

    static void ok(RespClient c, String... argv) throws IOException {
        Object r = c.call(argv);
        if (r instanceof RespClient.ErrorReply e) {
            throw new IOException(String.join(" ", argv) + " -> " + e.text());
        }
    }
}
