/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RawClient;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CLIENT TRACKING side by side with redis-server 7.0.15: the same steps on both, through a RESP3
 * tracking connection ({@code t3}), a RESP2 one redirecting to a RESP2 subscriber of
 * {@code __redis__:invalidate} ({@code t2} → {@code sub}) and a writer ({@code w}). After each
 * step every connection is fenced with a PING, and everything each received before its PONG
 * (the step's reply, invalidation pushes and messages) must be the same bytes on both servers.
 */
@Tag("interop")
@RequiresRedis
class TrackingInteropTest {

    private static final String PONG = "+PONG\r\n";
    private static final String PONG_SUBSCRIBED = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";
    private static final List<String> CONNECTIONS = List.of("t3", "t2", "sub", "w");

    /** connection, command...; "$SUB" is the subscriber's client id; "INFO" compares the tracking fields. */
    private static final List<List<String>> STEPS = List.of(
            List.of("w", "MSET", "k1", "v", "k2", "v", "p:1", "v"),
            List.of("t3", "CLIENT", "TRACKING", "on"),
            List.of("t3", "MGET", "k1", "k2"),
            List.of("w", "SET", "k1", "x"),
            List.of("t3", "GET", "k1"),
            List.of("t3", "SET", "k1", "y"),
            List.of("t2", "CLIENT", "TRACKING", "on", "REDIRECT", "$SUB"),
            List.of("t2", "GET", "k2"),
            List.of("w", "DEL", "k2"),
            List.of("t2", "CLIENT", "GETREDIR"),
            List.of("t3", "CLIENT", "TRACKING", "off"),
            List.of("t3", "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p:", "NOLOOP"),
            List.of("w", "MSET", "p:2", "a", "p:1", "b", "q:1", "c"),
            List.of("t3", "SET", "p:3", "z"),
            List.of("t3", "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p"),
            List.of("t3", "CLIENT", "TRACKING", "on", "OPTIN"),
            List.of("t3", "CLIENT", "TRACKINGINFO"),
            List.of("t2", "CLIENT", "TRACKINGINFO"),
            List.of("INFO"),
            List.of("w", "FLUSHALL"),
            List.of("t2", "CLIENT", "TRACKING", "on", "OPTIN", "REDIRECT", "$SUB"),
            List.of("t2", "GET", "k3"),
            List.of("t2", "CLIENT", "CACHING", "yes"),
            List.of("t2", "GET", "k4"),
            List.of("w", "MSET", "k3", "1", "k4", "1"),
            List.of("t2", "CLIENT", "CACHING", "no"),
            List.of("t2", "CLIENT", "TRACKING", "on", "OPTOUT"),
            List.of("t2", "CLIENT", "TRACKING", "on", "BCAST"),
            List.of("t2", "CLIENT", "TRACKING", "on", "REDIRECT", "1000000"),
            List.of("w", "HSET", "h", "f", "1"),
            List.of("t3", "CLIENT", "TRACKING", "off"),
            List.of("t3", "CLIENT", "TRACKING", "on"),
            List.of("t3", "HGET", "h", "f"),
            List.of("t3", "MULTI"),
            List.of("t3", "HDEL", "h", "f"),
            List.of("t3", "HGET", "h", "f"),
            List.of("t3", "EXEC"),
            List.of("w", "HSET", "h", "f", "2"),
            List.of("INFO"));

    @Test
    void samePushesAsRedis() throws Exception {
        List<String> expected;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            expected = run(redis.port());
        }
        List<String> actual;
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start()) {
            actual = run(tandem.port());
        }
        // The transcript does reach the interesting frames.
        String all = String.join("", expected);
        assertTrue(all.contains(">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk1\r\n"), all);
        assertTrue(all.contains("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$2\r\nk2\r\n"), all);
        assertTrue(all.contains("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n"), all);
        assertTrue(all.contains(">2\r\n$10\r\ninvalidate\r\n*2\r\n$3\r\np:1\r\n$3\r\np:2\r\n"), all);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "after step " + (i / CONNECTIONS.size()) + " "
                    + STEPS.get(i / CONNECTIONS.size()) + " on " + CONNECTIONS.get(i % CONNECTIONS.size()));
        }
    }

    /** Per step and connection, what arrived before the fence's PONG. */
    private static List<String> run(int port) {
        List<String> out = new ArrayList<>();
        try (RawClient t3 = RawClient.connect("127.0.0.1", port); RawClient t2 = RawClient.connect("127.0.0.1", port);
             RawClient sub = RawClient.connect("127.0.0.1", port); RawClient w = RawClient.connect("127.0.0.1", port)) {
            t3.command("HELLO", "3");
            t3.readUntil("$7\r\nmodules\r\n*0\r\n");
            sub.command("CLIENT", "ID");
            String idLine = sub.readLine();
            String subId = idLine.substring(1, idLine.length() - 2);
            sub.command("SUBSCRIBE", "__redis__:invalidate");
            sub.readLike("*3\r\n$9\r\nsubscribe\r\n$20\r\n__redis__:invalidate\r\n:1\r\n");
            Map<String, RawClient> byName = Map.of("t3", t3, "t2", t2, "sub", sub, "w", w);
            String inMulti = null;
            for (List<String> step : STEPS) {
                if (step.get(0).equals("INFO")) {
                    w.command("INFO");
                    String header = w.readLine();
                    String info = w.read(Integer.parseInt(header.substring(1, header.length() - 2)) + 2);
                    StringBuilder fields = new StringBuilder();
                    for (String line : info.split("\r\n")) {
                        if (line.startsWith("tracking_")) {
                            fields.append(line).append('\n');
                        }
                    }
                    out.add(fields.toString());
                    out.add("");
                    out.add("");
                    out.add("");
                    continue;
                }
                List<String> args = new ArrayList<>();
                for (String a : step.subList(1, step.size())) {
                    args.add(a.equals("$SUB") ? subId : a);
                }
                byName.get(step.get(0)).command(args.toArray(new String[0]));
                if (args.get(0).equals("MULTI")) {
                    inMulti = step.get(0);
                } else if (args.get(0).equals("EXEC")) {
                    inMulti = null;
                }
                // The step's own connection is fenced first: until its reply is read, the server
                // may not have run the command, and another connection's PING could overtake it.
                Map<String, String> arrived = new HashMap<>();
                List<String> fenceOrder = new ArrayList<>(CONNECTIONS);
                fenceOrder.remove(step.get(0));
                fenceOrder.add(0, step.get(0));
                for (String name : fenceOrder) {
                    RawClient c = byName.get(name);
                    if (name.equals(inMulti)) {
                        arrived.put(name, name.equals(step.get(0)) ? c.readLine() : ""); // +OK / +QUEUED; a PING would queue
                        continue;
                    }
                    c.command("PING");
                    String marker = name.equals("sub") ? PONG_SUBSCRIBED : PONG;
                    String got = c.readUntil(marker);
                    arrived.put(name, got.substring(0, got.length() - marker.length()).replace(":" + subId + "\r\n", ":<sub>\r\n"));
                }
                for (String name : CONNECTIONS) {
                    out.add(arrived.get(name));
                }
            }
        }
        return out;
    }
}
