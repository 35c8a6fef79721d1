/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** MONITOR's lines, as redis-server 7.0.15 wrote them for the same commands (checked side by side). */
class MonitorTest extends SharedServerTest {

    private static final Pattern LINE = Pattern.compile("\\+(\\d+)\\.(\\d{6}) \\[(\\d+) ([^\\]]+)\\] (.*)\r\n");

    /** The arguments part of the next MONITOR line, after checking its prefix. */
    private static String next(RawClient monitor, String db) {
        String line = monitor.readLine();
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(db, m.group(3));
        assertTrue(m.group(4).startsWith("127.0.0.1:"), line);
        return m.group(5);
    }

    @Test
    void everyExecutedCommandIsShownQuotedWithSecretsRedacted() {
        try (RawClient monitor = server.raw(); RawClient c = server.raw()) {
            monitor.command("MONITOR");
            assertEquals("+OK\r\n", monitor.readLine());
            c.send(RawClient.encode("set", "k", "v\n\"x\u0001")
                    + RawClient.encode("AUTH", "pw")
                    + RawClient.encode("CONFIG", "GET", "maxclients")
                    + RawClient.encode("SLOWLOG", "LEN")
                    + RawClient.encode("MULTI") + RawClient.encode("get", "k") + RawClient.encode("EXEC")
                    + RawClient.encode("HELLO", "2", "AUTH", "default", "x")
                    + RawClient.encode("SELECT", "3")
                    + RawClient.encode("PING"));
            assertEquals("\"set\" \"k\" \"v\\n\\\"x\\x01\"", next(monitor, "0"));
            assertEquals("\"AUTH\" \"(redacted)\"", next(monitor, "0")); // failed, and shown: it ran
            assertEquals("\"MULTI\"", next(monitor, "0")); // CONFIG and SLOWLOG are admin commands: hidden
            assertEquals("\"get\" \"k\"", next(monitor, "0")); // run by EXEC, shown before it
            assertEquals("\"EXEC\"", next(monitor, "0"));
            assertEquals("\"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"", next(monitor, "0"));
            assertEquals("\"SELECT\" \"3\"", next(monitor, "3"));
            assertEquals("\"PING\"", next(monitor, "3"));
        }
    }

    @Test
    void aMonitorStaysOffTheKeyspaceUntilReset() {
        try (RawClient monitor = server.raw()) {
            monitor.command("MONITOR");
            assertEquals("+OK\r\n", monitor.readLine());
            monitor.send(RawClient.encode("GET", "k") + RawClient.encode("MONITOR") + RawClient.encode("CLIENT", "INFO"));
            assertEquals("-ERR Replica can't interact with the keyspace\r\n", monitor.readLine());
            // A second MONITOR has no reply; CLIENT INFO's reply comes before its own line, as in Redis.
            String header = monitor.readLine();
            String info = monitor.read(Integer.parseInt(header.substring(1, header.length() - 2)) + 2);
            assertTrue(info.contains(" flags=O "), info);
            assertEquals("\"CLIENT\" \"INFO\"", next(monitor, "0"));
            // Pipelined: each reply, then its line, as Redis interleaves them.
            monitor.send(RawClient.encode("PING") + RawClient.encode("ECHO", "e"));
            assertEquals("+PONG\r\n", monitor.readLine());
            assertEquals("\"PING\"", next(monitor, "0"));
            assertEquals("$1\r\n", monitor.readLine());
            assertEquals("e\r\n", monitor.readLine());
            assertEquals("\"ECHO\" \"e\"", next(monitor, "0"));
            monitor.command("RESET");
            assertEquals("+RESET\r\n", monitor.readLine());
            monitor.command("GET", "k");
            assertTrue(monitor.readLine().startsWith("$"));
        }
    }

    @Test
    void monitorInsideMultiIsRefusedAtExec() {
        try (RawClient c = server.raw()) {
            c.send(RawClient.encode("MULTI") + RawClient.encode("MONITOR") + RawClient.encode("EXEC"));
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("+QUEUED\r\n", c.readLine());
            assertEquals("*1\r\n", c.readLine());
            assertEquals("-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n", c.readLine());
        }
    }
}
