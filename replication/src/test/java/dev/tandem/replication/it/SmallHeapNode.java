/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import dev.tandem.replication.ReplicatedKeyspace;

/**
 * A node for a child JVM with a small heap ({@link LargeRequestTest}): listens on an ephemeral
 * loopback port, prints it, and stops when its standard input closes (the parent went away).
 */
public final class SmallHeapNode {

    private SmallHeapNode() {
    }

    public static void main(String[] args) throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("small-heap").listen("127.0.0.1", 0)
                .build().start()) {
            System.out.println("PORT " + node.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the parent to close our input
            }
        }
    }
}
