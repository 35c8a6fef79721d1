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
 * {@code hll-sparse-max-bytes} is a directive like Redis's: set at run time (Redis's test suite
 * does {@code CONFIG SET hll-sparse-max-bytes 30} and expects the next PFADD past 30 bytes to
 * turn the HyperLogLog dense) or from the builder, and shown by CONFIG GET.
 */
class HllSparseMaxBytesTest {

    private static byte[][] argv(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static String encoding(ReplicatedKeyspace node, String key) {
        return ((Reply.SimpleReply) node.execute(argv("PFDEBUG", "ENCODING", key))).text();
    }

    @Test
    void configSetChangesWhenAHyperLogLogTurnsDense() {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start()) {
            node.execute(argv("PFADD", "h", "a", "b", "c"));
            assertEquals("sparse", encoding(node, "h"));
            node.reconfigure("hll-sparse-max-bytes", "30");
            assertEquals("30", Long.toString(node.config().hllSparseMaxBytes()));
            node.execute(argv("PFADD", "h", "d", "e", "f", "g", "h", "i", "j", "k", "l"));
            assertEquals("dense", encoding(node, "h"));
            node.reconfigure("hll-sparse-max-bytes", "3kb");
            node.execute(argv("PFADD", "g", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"));
            assertEquals("sparse", encoding(node, "g"));
        }
    }
}
