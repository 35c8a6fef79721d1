/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import java.io.IOException;

/**
 * A Tandem node in a JVM of its own, for scenarios that must keep one node out of the
 * harness's heap (the master's memory in scenario 2). It listens on an ephemeral loopback port
 * with the harness's replication settings, prints {@code LISTENING <port>} on stdout, and runs
 * until it is terminated or its stdin closes (so a harness that dies leaves no node behind).
 *
 * <p>{@code java -cp tandem-benchmarks.jar dev.tandem.benchmarks.e2e.TandemNodeMain [name]}
 */
public final class TandemNodeMain {
    static final String READY_PREFIX = "LISTENING ";

    private TandemNodeMain() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String name = args.length > 0 ? args[0] : "tandem-child";
        try (ReplicatedKeyspace node = Nodes.tandem(name)) {
            System.out.println(READY_PREFIX + node.port());
            System.out.flush();
            // Block until the parent's end of our stdin closes.
            while (System.in.read() >= 0) {
                // input is ignored
            }
        }
    }
}
