/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.DirectReads;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.DatabaseView;
import dev.tandem.replication.KeyspaceCommands;
import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.transport.LocalTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The typed reads that skip the command layer (GET, EXISTS, HGET through {@link DirectReads})
 * against their command form on the same data: every answer and every error the same, and lazy
 * expiry still deleting and propagating {@code DEL} on a master.
 */
class DirectReadsTest {

    private static LocalTransport transport;
    private static ReplicatedKeyspace node;
    private static Keyspace keyspace;

    @BeforeAll
    static void start() {
        transport = new LocalTransport();
        node = ReplicatedKeyspace.builder().transport(transport).start();
        keyspace = NodeInternals.keyspace(node);
    }

    @AfterAll
    static void stop() {
        node.close();
        transport.close();
    }

    @BeforeEach
    void flush() {
        node.execute("FLUSHALL");
        keyspace.activeExpireEnabled(true);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The command form's answer, the way KeyspaceCommands' default methods read it. */
    private static byte[] commandGet(KeyspaceCommands db, String key) {
        Reply r = KeyspaceCommands.check(db.execute("GET", key));
        return r instanceof Reply.BulkReply bulk ? bulk.bytes() : null;
    }

    @Test
    void getExistsAndHgetAnswerAsTheCommandsDo() {
        node.set("s", "value");
        node.execute("SET", "n", "12345"); // an integer-encoded string
        node.set(b("bin"), new byte[] {0, (byte) 0xff, '\r', '\n'});
        node.execute("SET", "empty", "");
        node.hset("h", "f", "v");
        for (String key : List.of("s", "n", "bin", "empty", "missing")) {
            assertArrayEquals(commandGet(node, key), node.get(b(key)), key);
            assertEquals(node.execute("EXISTS", key), Reply.integer(node.exists(key) ? 1 : 0), key);
        }
        assertEquals("12345", node.get("n"));
        assertNull(node.get("missing"));
        assertEquals("v", node.hget("h", "f"));
        assertNull(node.hget("h", "nofield"));
        assertNull(node.hget("nokey", "f"));
        assertArrayEquals(((Reply.BulkReply) node.execute("HGET", "h", "f")).bytes(), b(node.hget("h", "f")));
        assertTrue(node.exists("h"));
    }

    @Test
    void wrongTypeIsTheCommandsError() {
        node.lpush("list", "a");
        node.set("str", "x");
        String wrongType = ((Reply.ErrorReply) node.execute("GET", "list")).text();
        assertEquals(wrongType, assertThrows(RedisReplyException.class, () -> node.get("list")).getMessage());
        assertEquals(((Reply.ErrorReply) node.execute("HGET", "str", "f")).text(),
                assertThrows(RedisReplyException.class, () -> node.hget("str", "f")).getMessage());
        // The fast path itself hands these to the command form.
        assertSame(DirectReads.FALLBACK, new DirectReads(keyspace).get(0, b("list")));
        assertSame(DirectReads.FALLBACK, new DirectReads(keyspace).hget(0, b("str"), b("f")));
    }

    @Test
    void withKeymissEventsOnAMissIsLeftToTheCommandForm() {
        DirectReads direct = new DirectReads(keyspace);
        assertNull(direct.get(0, b("missing")));
        node.reconfigure("notify-keyspace-events", "Km");
        try {
            assertSame(DirectReads.FALLBACK, direct.get(0, b("missing")));
            assertEquals(-1, direct.exists(0, b("missing")));
            assertSame(DirectReads.FALLBACK, direct.hget(0, b("missing"), b("f")));
            assertNull(node.get("missing"));
            assertTrue(!node.exists("missing"));
        } finally {
            node.reconfigure("notify-keyspace-events", "");
        }
    }

    @Test
    void anExpiredKeyIsDeletedAndItsDelPropagatedAsByTheCommand() {
        keyspace.activeExpireEnabled(false); // only the read may find it
        node.execute("SET", "gone", "x", "PX", "1");
        node.execute("HSET", "hgone", "f", "v");
        node.execute("PEXPIRE", "hgone", "1");
        node.execute("SET", "egone", "x", "PX", "1");
        long deadline = keyspace.clock().nowMillis() + 2; // each key expired once the clock passes it
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> keyspace.clock().nowMillis() > deadline);
        assertEquals(3, node.dbsize()); // still there: nothing touched them
        assertEquals(-1, new DirectReads(keyspace).exists(0, b("gone"))); // the fast path defers
        long offset = node.masterReplOffset();
        assertNull(node.get("gone"));
        assertTrue(node.masterReplOffset() > offset, "DEL propagated");
        assertNull(node.hget("hgone", "f"));
        assertTrue(!node.exists("egone"));
        assertEquals(0, node.dbsize());
    }

    @Test
    void aReadCountsAsAnAccessLikeTheCommand() {
        node.reconfigure("maxmemory-policy", "allkeys-lfu");
        try {
            node.set("k", "v");
            Function<String, Long> freq = key -> ((Reply.IntegerReply) node.execute("OBJECT", "FREQ", key)).value();
            long initial = freq.apply("k"); // LFU_INIT_VAL: the next access always increments it
            node.get("k");
            assertEquals(initial + 1, freq.apply("k"));
            node.hset("h", "f", "v");
            node.hget("h", "f");
            assertEquals(initial + 1, freq.apply("h"));
            node.set("e", "v");
            node.exists("e");
            assertEquals(initial + 1, freq.apply("e"));
        } finally {
            node.reconfigure("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void databaseViewsReadTheirOwnDatabase() {
        DatabaseView db1 = node.database(1);
        db1.set("k", "one");
        db1.hset("h", "f", "v1");
        node.set("k", "zero");
        assertEquals("one", db1.get("k"));
        assertEquals("zero", node.get("k"));
        assertEquals("v1", db1.hget("h", "f"));
        assertNull(node.hget("h", "f"));
        assertTrue(db1.exists("h"));
        assertTrue(!node.exists("h"));
        assertArrayEquals(commandGet(db1, "k"), db1.get(b("k")));
    }

    @Test
    void aClosedNodeRefusesTypedReadsAsItRefusesCommands() {
        LocalTransport t = new LocalTransport();
        ReplicatedKeyspace other = ReplicatedKeyspace.builder().transport(t).start();
        other.set("k", "v");
        other.close();
        t.close();
        assertThrows(IllegalStateException.class, () -> other.execute("GET", "k"));
        assertThrows(IllegalStateException.class, () -> other.get("k"));
        assertThrows(IllegalStateException.class, () -> other.exists("k"));
        assertNotEquals(null, other.toString());
    }
}
