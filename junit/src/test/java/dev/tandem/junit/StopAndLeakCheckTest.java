/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * What the extension does after a test: stop every node and fail when something of the cluster
 * is still running. Driven on {@link TestCluster} directly, as the extension drives it.
 */
class StopAndLeakCheckTest {

    @TandemCluster(replicas = 2, transport = TandemCluster.Transport.TCP)
    private static final class TwoReplicasOverTcp { }

    @TandemCluster(replicas = 1)
    private static final class OneReplica { }

    @TandemCluster(transport = TandemCluster.Transport.LOCAL, redisServer = TandemCluster.RedisServer.REPLICA)
    private static final class RedisOverLocal { }

    @TandemCluster(masterConfig = "repl-backlog-size")
    private static final class LineWithoutValue { }

    private static TandemCluster spec(Class<?> holder) {
        return holder.getAnnotation(TandemCluster.class);
    }

    @Test
    void aCleanStopLeavesNoThreadNoPortNoLoop() throws Exception {
        TestCluster cluster = TestCluster.start(spec(TwoReplicasOverTcp.class));
        List<Integer> ports = List.of(cluster.master().port(), cluster.replica(0).port(), cluster.replica(1).port());
        for (int port : ports) {
            assertTrue(accepts(port), "port " + port + " open while running");
        }
        assertEquals(List.of(), cluster.stop());
        for (int port : ports) {
            assertTrue(!accepts(port), "port " + port + " closed after stop");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith(cluster.name() + "-")));
        for (ReplicatedKeyspace node : List.of(cluster.replica(0), cluster.replica(1))) {
            assertTrue(cluster.link(cluster.replicas().indexOf(node)).isTerminated());
        }
    }

    @Test
    void somethingStillRunningFailsTheTestNamingIt() throws Exception {
        TestCluster cluster = TestCluster.start(spec(OneReplica.class));
        // Stands for a node thread that did not stop: named as the cluster's threads are.
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, cluster.name() + "-replica0-stuck");
        stuck.setDaemon(true);
        stuck.start();
        try {
            String expected = "thread '" + cluster.name() + "-replica0-stuck' still alive (WAITING)";
            // A short grace: the stuck thread never ends. (On a loaded machine the nodes' own
            // threads may also still be ending then; they are listed too, and not asserted.)
            List<String> problems = cluster.stop(Duration.ofMillis(300));
            assertTrue(problems.contains(expected), problems.toString());
            AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                    () -> TandemClusterExtension.stopAndCheck(cluster, "after test()", List.of(expected)));
            assertEquals("Tandem cluster " + cluster + " did not stop cleanly after test():\n  thread '"
                    + cluster.name() + "-replica0-stuck' still alive (WAITING)", failure.getMessage());
        } finally {
            release.countDown();
            stuck.join();
        }
    }

    @Test
    void badSpecsAreRefusedWithTheReason() {
        assertEquals("@TandemCluster(redisServer = REPLICA) needs transport = TCP: a redis-server only speaks TCP",
                assertThrows(IllegalArgumentException.class, () -> TestCluster.start(spec(RedisOverLocal.class))).getMessage());
        assertEquals("@TandemCluster(masterConfig) line 'repl-backlog-size': expected a directive, a space and its value, as in redis.conf",
                assertThrows(IllegalArgumentException.class, () -> TestCluster.start(spec(LineWithoutValue.class))).getMessage());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
