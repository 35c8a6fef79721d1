/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list DEBUG subcommands as Redis 7.0's test suite uses them: {@code QUICKLIST-PACKED-THRESHOLD}
 * with memtoull sizes (PLAIN nodes for elements from it; 0 restores 1 GB; bad or too large values
 * get Redis's error), {@code QUICKLIST key}'s status, {@code LISTPACK} of a list; and the fill and
 * compress depth a list takes from the configuration at its creation.
 */
class DebugQuicklistTest {

    @Test
    void packedThresholdAndStructureCommands() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient c = RespClient.connect("127.0.0.1", node.port())) {
            String err = "ERR argument must be a memory value bigger than 1 and smaller than 4gb";
            assertEquals("OK", c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1b"));
            c.call("RPUSH", "l", "aa", "bb", "cc");
            assertEquals(List.of("aa", "bb", "cc"), strings(c.call("LRANGE", "l", "0", "-1")));
            assertEquals("Quicklist structure printed on stdout", c.call("DEBUG", "QUICKLIST", "l", "1"));
            assertEquals(new RespClient.ErrorReply("ERR Not a listpack encoded object."), c.call("DEBUG", "LISTPACK", "l"));
            assertEquals(new RespClient.ErrorReply("ERR no such key"), c.call("DEBUG", "QUICKLIST", "nokey"));
            assertEquals(new RespClient.ErrorReply(err), c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "5x"));
            assertEquals(new RespClient.ErrorReply(err), c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "4gb"));
            assertEquals("OK", c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0"));
            assertEquals("quicklist", str(c.call("OBJECT", "ENCODING", "l")));
            assertEquals("OK", c.call("CONFIG", "SET", "list-max-ziplist-size", "1"));
            assertEquals(List.of("list-max-listpack-size", "1"),
                    strings(c.call("CONFIG", "GET", "list-max-listpack-size")));
            assertEquals("OK", c.call("CONFIG", "SET", "list-compress-depth", "1"));
            for (int i = 0; i < 50; i++) {
                c.call("RPUSH", "m", "a compressible element, repeated, repeated, repeated " + i);
            }
            assertEquals(50L, c.call("LLEN", "m"));
            assertEquals("a compressible element, repeated, repeated, repeated 25", str(c.call("LINDEX", "m", "25")));
        }
    }

    private static String str(Object o) {
        return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static List<String> strings(Object o) {
        return ((List<?>) o).stream().map(DebugQuicklistTest::str).toList();
    }
}
