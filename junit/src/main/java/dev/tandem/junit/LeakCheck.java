/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.junit;

import dev.tandem.replication.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * After a cluster stopped: no thread of its nodes alive, no event loop running, no listening
 * port accepting, no redis-server process left. A node that did not stop would leak into the
 * next test (threads, ports, a replica still replicating) and make it flaky far from the cause.
 */
final class LeakCheck {

    private LeakCheck() {
    }

    /**
     * What is left of a cluster whose thread names start with {@code threadPrefix}: a list of
     * problems, empty when clean. Threads and loops get {@code grace} to finish.
     */
    static List<String> after(String threadPrefix, List<Transport> transports, List<Integer> ports, long redisPid,
            Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> problems;
        do {
            problems = check(threadPrefix, transports, ports, redisPid);
            if (problems.isEmpty()) {
                return problems;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        } while (System.nanoTime() < deadline);
        return problems;
    }

    private static List<String> check(String threadPrefix, List<Transport> transports, List<Integer> ports, long redisPid) {
        List<String> problems = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(threadPrefix)) {
                problems.add("thread '" + t.getName() + "' still alive (" + t.getState() + ")");
            }
        }
        for (Transport t : transports) {
            if (!t.isTerminated()) {
                problems.add("transport " + t + " not terminated");
            }
        }
        for (int port : ports) {
            if (accepts(port)) {
                problems.add("port " + port + " still accepting connections");
            }
        }
        if (redisPid > 0 && ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false)) {
            problems.add("redis-server pid " + redisPid + " still running");
        }
        return problems;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
