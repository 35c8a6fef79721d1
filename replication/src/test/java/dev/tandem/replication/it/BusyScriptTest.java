/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The script time limit (busy-reply-threshold): past it, other clients get BUSY instead of
 * waiting on the keyspace lock, SCRIPT KILL / FUNCTION KILL stop a script that has not written,
 * and a script that wrote is UNKILLABLE; the node's close stops it.
 */
class BusyScriptTest {
    private static final String BUSY =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object reply) {
        if (reply instanceof RespClient.ErrorReply e) {
            return e.text();
        }
        return RespClient.describe(reply);
    }

    @Test
    void scriptKillStopsAReadOnlyLoop() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient runner = RespClient.connect("127.0.0.1", node.port());
             RespClient other = RespClient.connect("127.0.0.1", node.port())) {
            assertEquals("+OK", text(other.call("CONFIG", "SET", "busy-reply-threshold", "100")));
            assertEquals("[\"lua-time-limit\", \"100\"]", text(other.call("CONFIG", "GET", "lua-time-limit")));
            assertEquals("+PONG", text(other.call("PING")));
            runner.send(b("EVAL"), b("local i = 0 while true do i = i + 1 end"), b("0"));
            await().atMost(Duration.ofSeconds(20)).until(() -> text(other.call("PING")).equals(BUSY));
            assertEquals(BUSY, text(other.call("GET", "k")));
            assertEquals("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
                    text(other.call("FUNCTION", "KILL")));
            assertEquals("+OK", text(other.call("SCRIPT", "KILL")));
            String killed = text(runner.read());
            assertTrue(killed.startsWith("ERR Script killed by user with SCRIPT KILL... script: "), killed);
            assertEquals("+PONG", text(other.call("PING")));
            assertEquals("NOTBUSY No scripts in execution right now.", text(other.call("SCRIPT", "KILL")));
        }
    }

    @Test
    void functionKillStopsAFunction() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient runner = RespClient.connect("127.0.0.1", node.port());
             RespClient other = RespClient.connect("127.0.0.1", node.port())) {
            other.call("CONFIG", "SET", "lua-time-limit", "100");
            other.call("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('spin', "
                    + "function() local i = 0 while true do i = i + 1 end end)");
            runner.send(b("FCALL"), b("spin"), b("0"));
            String busyFunction = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
            await().atMost(Duration.ofSeconds(20)).until(() -> text(other.call("PING")).equals(busyFunction));
            assertEquals(busyFunction, text(other.call("SCRIPT", "KILL")));
            String stats = text(other.call("FUNCTION", "STATS"));
            assertTrue(stats.contains("\"running_script\", [\"name\", \"spin\", \"command\", [\"FCALL\", \"spin\", \"0\"], "
                    + "\"duration_ms\""), stats);
            assertEquals("+OK", text(other.call("FUNCTION", "KILL")));
            assertTrue(text(runner.read()).startsWith("ERR Script killed by user with SCRIPT KILL..."));
            assertEquals("+PONG", text(other.call("PING")));
        }
    }

    @Test
    void aScriptThatWroteIsUnkillable() throws Exception {
        RespClient runner;
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient other = RespClient.connect("127.0.0.1", node.port())) {
            runner = RespClient.connect("127.0.0.1", node.port());
            NodeInternals.server(node).scripting().busyReplyThreshold(100);
            runner.send(b("EVAL"), b("redis.call('set', 'k', 'v') while true do end"), b("0"));
            await().atMost(Duration.ofSeconds(20)).until(() -> text(other.call("PING")).equals(BUSY));
            assertTrue(text(other.call("SCRIPT", "KILL")).startsWith("UNKILLABLE Sorry the script already executed "
                    + "write commands against the dataset."));
        } // close() stops the script
        runner.close();
    }
}
