/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code stream-node-max-entries} / {@code stream-node-max-bytes} (CONFIG SET, builder) decide
 * where XADD starts a new node, and so what an approximate trim removes, as in Redis 7.0.
 */
class StreamNodeLimitsTest {

    private static byte[][] argv(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static long integer(ReplicatedKeyspace node, String... words) {
        return ((Reply.IntegerReply) node.execute(argv(words))).value();
    }

    @Test
    void configSetChangesWhereNodesEnd() {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start()) {
            node.reconfigure("stream-node-max-entries", "10");
            assertEquals(10, node.config().streamNodeMaxEntries());
            for (int i = 1; i <= 95; i++) {
                node.execute(argv("XADD", "s", i + "-0", "f", "v"));
            }
            // Nodes of 10 (the last of 5): a trim to about 42 removes whole nodes while at least
            // 42 entries stay: five of them.
            assertEquals(50, integer(node, "XTRIM", "s", "MAXLEN", "~", "42"));
            assertEquals(45, integer(node, "XLEN", "s"));
            node.reconfigure("stream-node-max-bytes", "1kb");
            assertEquals(1024, node.config().streamNodeMaxBytes());
            node.reconfigure("stream-node-max-entries", "0"); // no count limit: bytes decide
            for (int i = 96; i <= 200; i++) {
                node.execute(argv("XADD", "s", i + "-0", "f", "v".repeat(100)));
            }
            assertEquals(45 + 105, integer(node, "XLEN", "s"));
            // The four nodes of 10 go; the tail node of 5 took entries until it reached 1 kb.
            assertEquals(40, integer(node, "XTRIM", "s", "MAXLEN", "~", "100"));
            // Then nodes of about nine 100-byte entries: the length ends within one node of 60.
            integer(node, "XTRIM", "s", "MAXLEN", "~", "60");
            long left = integer(node, "XLEN", "s");
            assertEquals(true, left >= 60 && left < 70, "left " + left);
        }
    }
}
