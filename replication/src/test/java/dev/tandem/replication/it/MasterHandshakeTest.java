/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The master accepts a replica's handshake however it arrives (reference §2.2, §15.1). */
class MasterHandshakeTest {

    @ParameterizedTest(name = "pipelined: {0}")
    @ValueSource(booleans = {true, false})
    void handshakePipelinedOrLockStep(boolean pipelined) throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("requirepass", "pw").start();
             RawClient replica = RawClient.connect("127.0.0.1", master.port())) {
            String[] steps = {RawClient.encode("PING"), RawClient.encode("AUTH", "pw"),
                RawClient.encode("REPLCONF", "listening-port", "7777"),
                RawClient.encode("REPLCONF", "capa", "eof", "capa", "psync2"), RawClient.encode("PSYNC", "?", "-1")};
            String[] replies = {"-NOAUTH Authentication required.", "+OK", "+OK", "+OK"};
            if (pipelined) {
                replica.send(String.join("", steps));
                for (String expected : replies) {
                    assertEquals(expected, replica.readReplyLine());
                }
            } else {
                for (int i = 0; i < replies.length; i++) {
                    replica.send(steps[i]);
                    assertEquals(replies[i], replica.readReplyLine());
                }
                replica.send(steps[4]);
            }
            String fullresync = replica.readReplyLine();
            assertTrue(fullresync.matches("\\+FULLRESYNC [0-9a-f]{40} \\d+"), fullresync);
            assertTrue(replica.readReplyLine().startsWith("$EOF:"));
            assertTrue(master.replicationInfo().toString().contains("slave0:ip=127.0.0.1,port=7777,"));
        }
    }

    @Test
    void psyncWithoutAuthIsRefused() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("requirepass", "pw").start();
             RawClient replica = RawClient.connect("127.0.0.1", master.port())) {
            replica.command("PSYNC", "?", "-1");
            assertEquals("-NOAUTH Authentication required.", replica.readReplyLine());
            assertEquals(0, master.replicationInfo().connectedSlaves());
        }
    }
}
