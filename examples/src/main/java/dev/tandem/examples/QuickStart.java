/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples;

import dev.tandem.replication.ReplicatedKeyspace;
import java.time.Duration;

public class QuickStart {
    public static void main(String[] args) throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().port(0).start();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
                     .replicaOf("127.0.0.1", master.port()).start()) {
            replica.awaitSynced(Duration.ofSeconds(5));   // full sync done, stream flowing
            master.set("greeting", "hello");
            master.hset("user:1", "name", "Ada");
            master.awaitSynced(Duration.ofSeconds(5));    // like WAIT: the replica acknowledged
            System.out.println(replica.get("greeting") + ", " + replica.hget("user:1", "name"));
        }
    }
}
