/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.BackgroundWriter;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Shared helpers of the interop tests: DEBUG DIGEST and INFO over RESP (the same calls for a
 * real redis-server and a Tandem node), bounded waits with readable failures.
 */
final class Interop {

    /** Upper bound of any single wait in these tests; the normal case takes milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private Interop() {
    }

    static ConditionFactory await() {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions();
    }

    /** Commands per write of {@link #busyWriter}. */
    static final int BUSY_BATCH = 50;

    /**
     * Runs a seeded {@link RandomWorkload} (keys prefixed {@code busy:}) on {@code connection}
     * in batches of {@link #BUSY_BATCH} commands until stopped, so a sync can be tested while
     * the master keeps changing.
     */
    static BackgroundWriter busyWriter(RespClient connection, long seed) {
        RandomWorkload workload = new RandomWorkload(seed, "busy:");
        return BackgroundWriter.unbounded("background-writer-busy",
                () -> workload.run(connection, BUSY_BATCH));
    }

    /** A client of a Tandem node's RESP server. */
    static RespClient client(ReplicatedKeyspace node) throws IOException {
        return RespClient.connect("127.0.0.1", node.port());
    }

    static String digest(RespClient c) throws IOException {
        return c.callString("DEBUG", "DIGEST");
    }

    /** The raw text of {@code INFO <section>}. */
    static String infoText(RespClient c, String section) throws IOException {
        return c.callString("INFO", section);
    }

    /** {@code INFO <section>} as field → value, in the server's order (headers and blank lines dropped). */
    static Map<String, String> info(RespClient c, String section) throws IOException {
        return parseInfo(infoText(c, section));
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return fields;
    }

    static long infoLong(RespClient c, String section, String field) throws IOException {
        String v = info(c, section).get(field);
        if (v == null) {
            throw new AssertionError("INFO " + section + " has no field " + field);
        }
        return Long.parseLong(v);
    }

    /** Waits until every digest supplier answers the same value; a failure shows the last values. */
    @SafeVarargs
    static void awaitSameDigest(String what, Callable<String>... digests) {
        await().untilAsserted(() -> {
            List<String> values = new ArrayList<>();
            for (Callable<String> d : digests) {
                values.add(d.call());
            }
            for (String v : values) {
                assertEquals(values.get(0), v, what + ": digests " + values);
            }
        });
    }

    /** Waits until a redis-server replica reports {@code master_link_status:up}. */
    static void awaitLinkUp(RespClient replica) {
        await().until(() -> "up".equals(info(replica, "replication").get("master_link_status")));
    }

    /** Waits until the redis-server log holds {@code fragment} at least {@code times} times. */
    static void awaitLog(RedisServerProcess server, String fragment, int times) {
        await().until(() -> countLog(server, fragment) >= times);
    }

    static long countLog(RedisServerProcess server, String fragment) {
        return server.log().stream().filter(l -> l.contains(fragment)).count();
    }

    static String utf8(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    /**
     * Same lines in the same order: field names, {@code slaveN} row keys, the header; every line
     * CRLF-terminated.
     */
    static void assertSameInfoShape(String what, String real, String tandem) {
        assertTrue(tandem.endsWith("\r\n"), what + ": CRLF after the last line");
        assertEquals(0, tandem.replace("\r\n", "").indexOf('\n') + 1, what + ": no bare LF");
        assertEquals(lineShapes(real), lineShapes(tandem), what + "\nredis-server:\n" + real + "\nTandem:\n" + tandem);
    }

    private static List<String> lineShapes(String info) {
        List<String> shapes = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                shapes.add(line);
                continue;
            }
            String name = line.substring(0, colon);
            if (name.matches("slave\\d+")) {
                List<String> keys = new ArrayList<>();
                for (String kv : line.substring(colon + 1).split(",")) {
                    keys.add(kv.substring(0, kv.indexOf('=')));
                }
                shapes.add(name + ":" + String.join(",", keys));
            } else {
                shapes.add(name);
            }
        }
        return shapes;
    }
}
