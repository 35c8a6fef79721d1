/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.RecordingBacklog;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A backlog plugged in through {@link BacklogFactory}: the node appends its whole stream to it,
 * serves full syncs and partial resyncs from it, and resizes it on {@code CONFIG SET}.
 */
class CustomBacklogTest {

    @Test
    void theNodesStreamGoesThroughAPluggedInBacklog() throws Exception {
        RecordingBacklog[] backlog = new RecordingBacklog[1];
        try (Cluster c = Cluster.master().replicas(1)
                .configureMaster(b -> b.backlog(RecordingBacklog.factory(backlog))).start()) {
            ReplicatedKeyspace master = c.masterNode();
            master.set("a", "1");
            master.rpush("l", "x", "y");
            c.awaitConverged();
            String stream = backlog[0].appendedText();
            // Every byte of the stream went through it: its length is the node's offset.
            assertEquals(master.masterReplOffset(), stream.getBytes(StandardCharsets.ISO_8859_1).length);
            assertTrue(stream.contains("*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n")
                    || stream.contains("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"), stream);
            assertEquals(master.digest(), c.replica(0).digest());

            // A dropped link resumes from the plugged-in backlog: a partial resync.
            long partialBefore = master.syncCounters().syncPartialOk();
            try (RespClient client = RespClient.connect("127.0.0.1", c.replica(0).port())) {
                assertEquals(1L, client.call("CLIENT", "KILL", "TYPE", "master"));
            }
            master.set("b", "2");
            c.awaitConverged();
            assertEquals(partialBefore + 1, master.syncCounters().syncPartialOk());
            assertEquals("2", c.replica(0).get("b"));

            master.reconfigure("repl-backlog-size", "2mb");
            assertEquals(2 * 1024 * 1024, backlog[0].size());
        }
    }
}
