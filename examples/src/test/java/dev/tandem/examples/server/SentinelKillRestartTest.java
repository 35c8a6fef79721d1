/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code redis-sentinel}s over {@code tandem-server} processes (child JVMs) killed with
 * {@code kill -9} and restarted, as the high-availability tests ask: m ({@code appendonly
 * yes}) and r1 (no persistence) take turns as master, r2 (in this JVM, {@code replica-priority
 * 0}) is never promoted. Each loss ends in a promotion, the reconfiguration of the others,
 * {@code get-master-addr-by-name} naming the new master, and the writes acknowledged with
 * {@code WAIT 1} before the kill still there; each killed master restarted comes back as a master
 * (with its data from the AOF, or empty without persistence), Sentinel turns it into a replica
 * ({@code +convert-to-slave}) and it syncs — the empty one is a replica with nothing to lose, so
 * the empty-master guard (which protects replicas holding data) never stands in the way.
 *
 * <p>The sentinels' INFO and hello periods are shortened with {@code SENTINEL DEBUG} (Redis
 * 7.0's test knob) so the conversion, which Sentinel makes only after a restarted node has
 * reported itself master for four hello periods, takes seconds, not 20 s; failover timing is
 * measured elsewhere ({@code SentinelInteropTest}) with Sentinel's defaults.
 */
@Tag("interop")
@RequiresRedis({"redis-sentinel"})
class SentinelKillRestartTest {

    private static final String MASTER_NAME = "mymaster";
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static ConditionFactory await() {
        return Awaitility.await().atMost(LONG).pollInterval(Duration.ofMillis(20)).ignoreExceptions();
    }

    @Test
    void killedMastersArePromotedAroundAndComeBackAsReplicas() throws Exception {
        int mPort = LoggedProcess.freePort();
        int r1Port = LoggedProcess.freePort();
        Path mDir = Files.createDirectories(dir.resolve("m"));
        Path r1Dir = Files.createDirectories(dir.resolve("r1"));
        Files.writeString(mDir.resolve("node.conf"), String.join("\n",
                "# m: persistent (AOF, fsync always)",
                "bind 127.0.0.1",
                "port " + mPort,
                "save \"\"",
                "appendonly yes",
                "appendfsync always",
                ""));
        Files.writeString(r1Dir.resolve("node.conf"), String.join("\n",
                "# r1: no persistence, a replica of m",
                "bind 127.0.0.1",
                "port " + r1Port,
                "save \"\"",
                "replicaof 127.0.0.1 " + mPort,
                ""));
        List<ReplicationEvent> r2Events = new CopyOnWriteArrayList<>();
        List<LoggedProcess> sentinels = new ArrayList<>();
        LoggedProcess m = startNode("m", mDir);
        LoggedProcess r1 = startNode("r1", r1Dir);
        try (ReplicatedKeyspace r2 = ReplicatedKeyspace.builder().name("r2").listen("127.0.0.1", 0)
                .replicaOf("127.0.0.1", mPort).directive("replica-priority", "0")
                .listener(r2Events::add).start()) {
            awaitReady(m);
            awaitReady(r1);
            for (int i = 0; i < 20; i++) {
                call(mPort, "SET", "seed:" + i, Integer.toString(i));
            }
            await().until(() -> linkUp(r1Port, mPort) && linkUp(r2.port(), mPort));
            phase("nodes up");
            for (int i = 0; i < 3; i++) {
                sentinels.add(startSentinel(i, mPort));
            }
            for (LoggedProcess s : sentinels) {
                int port = sentinelPort(s);
                await().until(() -> healthyReplicas(port) == 2 && sentinelsKnown(port) == 2);
                assertTrue(utf8(call(port, "SENTINEL", "CKQUORUM", MASTER_NAME)).startsWith("OK 3 usable Sentinels."));
            }

            phase("sentinels discovered");
            // Loss of m (persistent): r1 is promoted, r2 re-pointed.
            ackedWrite(mPort, "acked:1");
            long lost = System.nanoTime();
            m.kill9();
            m.awaitExit(LONG);
            await().until(() -> "OK".equals(call(r1Port, "SET", "probe", "1")));
            System.out.println("SENTINEL-KILL9 tandem-server loss-to-writable-master-ms="
                    + (System.nanoTime() - lost) / 1_000_000);
            awaitMasterAddress(sentinels, r1Port);
            assertEquals("yes", utf8(call(r1Port, "GET", "acked:1")));
            await().until(() -> linkUp(r2.port(), r1Port));

            phase("first failover");
            // m restarted: its AOF gives its data back; Sentinel converts it into a replica of r1.
            m = startNode("m", mDir);
            awaitReady(m);
            assertEquals("yes", utf8(call(mPort, "GET", "acked:1")), "the AOF kept the data");
            await().until(() -> linkUp(mPort, r1Port));
            assertTrue(sentinels.stream().anyMatch(s -> s.logged("+convert-to-slave slave 127.0.0.1:" + mPort)),
                    "Sentinel converted the restarted master");

            phase("m converted");
            // Loss of r1 (no persistence): m is promoted again (r2 has priority 0).
            for (LoggedProcess s : sentinels) {
                int port = sentinelPort(s);
                await().until(() -> healthyReplicas(port) == 2);
            }
            phase("sentinels see m healthy");
            ackedWrite(r1Port, "acked:2");
            lost = System.nanoTime();
            r1.kill9();
            r1.awaitExit(LONG);
            await().until(() -> "OK".equals(call(mPort, "SET", "probe", "2")));
            System.out.println("SENTINEL-KILL9 tandem-server loss-to-writable-master-ms="
                    + (System.nanoTime() - lost) / 1_000_000);
            awaitMasterAddress(sentinels, mPort);
            assertEquals("yes", utf8(call(mPort, "GET", "acked:1")));
            assertEquals("yes", utf8(call(mPort, "GET", "acked:2")));
            await().until(() -> linkUp(r2.port(), mPort));

            phase("second failover");
            // r1 restarted empty, a master (Sentinel's CONFIG REWRITE removed its replicaof line
            // when it was promoted); Sentinel converts it and it syncs everything from m.
            r1 = startNode("r1", r1Dir);
            awaitReady(r1);
            await().until(() -> linkUp(r1Port, mPort));
            assertTrue(sentinels.stream().anyMatch(s -> s.logged("+convert-to-slave slave 127.0.0.1:" + r1Port)),
                    "Sentinel converted the restarted empty master");
            await().until(() -> "yes".equals(utf8(call(r1Port, "GET", "acked:2"))));
            phase("r1 converted");
            assertEquals(call(mPort, "DBSIZE"), call(r1Port, "DBSIZE"));
            assertEquals("yes", utf8(call(r2.port(), "GET", "acked:2")));
            assertEquals("slave", info(r2.port()).get("role"), "replica-priority 0 is never promoted");
            assertTrue(r2Events.stream().noneMatch(e -> e instanceof ReplicationEvent.EmptyMasterRefused),
                    r2Events.toString());
        } catch (Throwable failed) {
            // The processes' output explains a failure that a bare assertion would not.
            for (LoggedProcess p : sentinels) {
                System.out.println("--- " + p + "\n" + String.join("\n", p.lines()));
            }
            System.out.println("--- " + m + "\n" + String.join("\n", m.lines()));
            System.out.println("--- " + r1 + "\n" + String.join("\n", r1.lines()));
            throw failed;
        } finally {
            for (LoggedProcess s : sentinels) {
                s.close();
            }
            m.close();
            r1.close();
        }
    }

    private final long started = System.nanoTime();

    /** Progress with the time since the start, to see where a slow run spent it. */
    private void phase(String name) {
        System.out.println("SENTINEL-KILL9 " + name + " at " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private LoggedProcess startNode(String name, Path nodeDir) throws IOException {
        return LoggedProcess.tandemServer(name, nodeDir, "node.conf");
    }

    private static void awaitReady(LoggedProcess node) {
        node.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
    }

    private LoggedProcess startSentinel(int index, int masterPort) throws IOException {
        String binary = RedisServerProcess.requireTool("redis-sentinel");
        int port = LoggedProcess.freePort();
        Path sentinelDir = Files.createDirectories(dir.resolve("sentinel-" + index));
        Files.writeString(sentinelDir.resolve("sentinel.conf"), String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "daemonize no",
                "protected-mode no",
                "dir " + sentinelDir,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                ""));
        LoggedProcess sentinel = LoggedProcess.start("sentinel-" + index + ":" + port, sentinelDir,
                List.of(binary, sentinelDir.resolve("sentinel.conf").toString()));
        sentinel.awaitLine("+monitor master", LoggedProcess.START_TIMEOUT);
        // INFO every second, hellos every 500 ms: a restarted master is converted after ~2 s.
        assertEquals("OK", utf8(call(port, "SENTINEL", "DEBUG", "info-period", "1000", "publish-period", "500")));
        return sentinel;
    }

    private static int sentinelPort(LoggedProcess sentinel) {
        String name = sentinel.toString();
        return Integer.parseInt(name.substring(name.indexOf(':') + 1, name.indexOf(' ')));
    }

    /** A write {@code WAIT 1} reports acknowledged by a replica. */
    private static void ackedWrite(int masterPort, String key) throws IOException {
        try (RespClient c = RespClient.connect("127.0.0.1", masterPort)) {
            assertEquals("OK", c.call("SET", key, "yes"));
            assertTrue((Long) c.call("WAIT", "1", "5000") >= 1, "acknowledged by a replica");
        }
    }

    private static void awaitMasterAddress(List<LoggedProcess> sentinels, int port) {
        for (LoggedProcess s : sentinels) {
            await().until(() -> {
                Object addr = call(sentinelPort(s), "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
                return addr instanceof List<?> l && l.size() == 2 && utf8(l.get(1)).equals(Integer.toString(port));
            });
        }
    }

    /** One command on a connection of its own (Sentinel's CLIENT KILL closes kept ones). */
    private static Object call(int port, String... argv) throws IOException {
        try (RespClient c = RespClient.connect("127.0.0.1", port)) {
            return c.call(argv);
        }
    }

    private static Map<String, String> info(int port) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : utf8(call(port, "INFO", "replication")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    private static boolean linkUp(int replicaPort, int masterPort) throws IOException {
        Map<String, String> i = info(replicaPort);
        return "slave".equals(i.get("role")) && Integer.toString(masterPort).equals(i.get("master_port"))
                && "up".equals(i.get("master_link_status"));
    }

    private static long healthyReplicas(int sentinelPort) throws IOException {
        return entries(call(sentinelPort, "SENTINEL", "REPLICAS", MASTER_NAME)).stream()
                .filter(e -> "slave".equals(e.get("flags"))).count();
    }

    private static long sentinelsKnown(int sentinelPort) throws IOException {
        return entries(call(sentinelPort, "SENTINEL", "SENTINELS", MASTER_NAME)).stream()
                .filter(e -> !e.get("flags").contains("down") && !e.get("flags").contains("disconnected")).count();
    }

    private static List<Map<String, String>> entries(Object reply) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Object row : (List<?>) reply) {
            List<?> kv = (List<?>) row;
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                map.put(utf8(kv.get(i)), utf8(kv.get(i + 1)));
            }
            out.add(map);
        }
        return out;
    }

    private static String utf8(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
