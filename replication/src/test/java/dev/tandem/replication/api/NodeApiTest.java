/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.ChangeEvent;
import dev.tandem.core.KeyspaceListener;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.CustomCommand;
import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationSample;
import dev.tandem.replication.Role;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The node's public surface beyond the data commands: what a closed node does, WAIT from any
 * thread, change listeners, the atomic (replid, offset, digest) sample, and commands of the
 * application's own.
 */
class NodeApiTest {

    private static final Duration AWAIT = Duration.ofSeconds(15);

    @Test
    void everyCallOnAClosedNodeThrows() {
        ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
        node.set("k", "v");
        node.close();
        node.close(); // idempotent
        List<Executable> calls = List.of(
                () -> node.get("k"),
                () -> node.set("k", "v"),
                () -> node.execute("PING"),
                () -> node.database(1),
                () -> node.asMap(),
                () -> node.digest(),
                () -> node.sample(),
                () -> node.role(),
                () -> node.masterReplOffset(),
                () -> node.replicationInfo(),
                () -> node.awaitSynced(Duration.ofMillis(1)),
                () -> node.waitForReplicas(1, Duration.ofMillis(1)),
                () -> node.replicaOf("127.0.0.1", 1),
                () -> node.promote(),
                () -> node.config(),
                () -> node.reconfigure("repl-timeout", "30"),
                () -> node.syncCounters(),
                () -> node.addListener(e -> { }),
                () -> node.addChangeListener(e -> { }),
                () -> node.start());
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        assertTrue(node.name().startsWith("tandem-"), "its identity stays readable");
    }

    @Test
    void waitForReplicasCoversWritesOfOtherThreads() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).start()) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                writer.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        master.set("w:" + i, "x".repeat(100));
                    }
                }).get(30, TimeUnit.SECONDS);
            } finally {
                writer.shutdown();
            }
            // This thread never wrote: WAIT must still cover what the writer thread wrote.
            assertEquals(1, master.waitForReplicas(1, AWAIT));
            assertEquals("x".repeat(100), replica.get("w:1999"), "acknowledged before WAIT returned");
            // WAIT's own REPLCONF GETACK (37 bytes) follows the writes in the stream and may still be
            // on its way: the offsets meet once it arrives, not necessarily when WAIT returns.
            Awaitility.await().atMost(AWAIT).until(() -> replica.masterReplOffset() == master.masterReplOffset());
        }
    }

    @Test
    void changeListenersSeeWritesInStreamOrderWithTheirOffsets() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).start()) {
            c.awaitConverged(); // the initial full sync is done: what follows reaches the replica as a stream
            List<ChangeEvent> onMaster = new CopyOnWriteArrayList<>();
            List<ChangeEvent> onReplica = new CopyOnWriteArrayList<>();
            KeyspaceListener masterListener = onMaster::add;
            c.masterNode().addChangeListener(masterListener);
            c.replica(0).addChangeListener(onReplica::add);
            c.masterNode().set("a", "1");
            c.masterNode().lpush("l", "x");
            c.masterNode().del("a");
            c.awaitConverged();
            Awaitility.await().atMost(AWAIT).until(() -> onReplica.size() == 3);
            assertEquals(List.of("set", "lpush", "del"), onMaster.stream().map(ChangeEvent::command).toList());
            assertEquals(List.of("a", "l", "a"), onMaster.stream().map(e -> e.key().toString()).toList());
            assertTrue(onMaster.get(0).offset() < onMaster.get(1).offset()
                    && onMaster.get(1).offset() < onMaster.get(2).offset(), "offsets grow: " + onMaster);
            assertEquals(onMaster.stream().map(ChangeEvent::offset).toList(),
                    onReplica.stream().map(ChangeEvent::offset).toList(), "the replica applies at the same offsets");
            c.masterNode().removeChangeListener(masterListener);
            c.masterNode().set("b", "2");
            assertEquals(3, onMaster.size());
        }
    }

    @Test
    void samplesOfSyncedNodesAgree() throws Exception {
        try (Cluster c = Cluster.master().replicas(1).start()) {
            c.masterNode().set("a", "1");
            c.masterNode().sadd("s", "x", "y");
            c.awaitConverged();
            ReplicationSample m = c.masterNode().sample();
            ReplicationSample r = c.replica(0).sample();
            assertEquals(Role.MASTER, m.role());
            assertEquals(Role.REPLICA, r.role());
            assertEquals(m.replid(), r.replid());
            assertEquals(m.offset(), r.offset());
            assertEquals(m.digest(), r.digest());
            assertEquals(c.masterNode().digest(), m.digest());
            c.masterNode().set("a", "2");
            assertNotEquals(m, c.masterNode().sample());
        }
    }

    /** SETMAX key n: sets key to n when n is larger than what it holds (or it is absent). */
    private static final CustomCommand SETMAX = new CustomCommand("setmax", 3, true, call -> {
        Reply current = call.call("GET", call.arg(1));
        long n = Long.parseLong(call.arg(2));
        if (current instanceof Reply.BulkReply bulk && Long.parseLong(new String(bulk.bytes())) >= n) {
            return Reply.integer(0);
        }
        call.call("SET", call.arg(1), call.arg(2));
        call.call("INCR", "setmax:updates");
        return Reply.integer(1);
    });

    private static final CustomCommand PEEK = new CustomCommand("peek", 2, false, call -> call.call("GET", call.arg(1)));

    private static final CustomCommand SNEAKY = new CustomCommand("sneaky", 2, false,
            call -> call.call("SET", call.arg(1), "x"));

    @Test
    void customCommandsRunAtomicallyOnBothPathsAndReplicateTheirEffects() throws Exception {
        Consumer<ReplicatedKeyspace.Builder> commands = b -> b.command(SETMAX).command(PEEK).command(SNEAKY);
        // Only the master knows the commands: the replica applies their effects.
        try (Cluster c = Cluster.master().replicas(1).configureMaster(commands).start()) {
            ReplicatedKeyspace master = c.masterNode();
            assertEquals(Reply.integer(1), master.execute("SETMAX", "top", "10"));
            assertEquals(Reply.integer(0), master.execute("setmax", "top", "3"));
            try (RespClient client = RespClient.connect("127.0.0.1", master.port())) {
                assertEquals(1L, client.call("SETMAX", "top", "42"));
                assertEquals("42", new String((byte[]) client.call("PEEK", "top")));
                assertEquals(new RespClient.ErrorReply("ERR wrong number of arguments for 'setmax' command"),
                        client.call("SETMAX", "top"));
                assertEquals(new RespClient.ErrorReply("ERR Write commands are not allowed from read-only scripts."),
                        client.call("SNEAKY", "k"));
            }
            assertNull(master.get("k"), "a read-only command wrote nothing");
            c.awaitConverged();
            assertEquals("42", c.replica(0).get("top"));
            assertEquals("2", c.replica(0).get("setmax:updates"));
            assertEquals(master.digest(), c.replica(0).digest());
            assertTrue(c.replica(0).execute("SETMAX", "top", "1") instanceof Reply.ErrorReply,
                    "the replica does not know the command: it only ever saw SET and INCR");
        }
    }

    @Test
    void aCustomCommandCannotTakeABuiltInName() {
        ReplicatedKeyspace.Builder b = ReplicatedKeyspace.builder()
                .command(new CustomCommand("GET", 2, false, call -> Reply.OK));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("get"), e.getMessage());
    }

    @Test
    void aHandlersRedisErrorBecomesItsReply() {
        CustomCommand failing = new CustomCommand("fail", 1, true, call -> {
            throw new RedisReplyException("ERR nope");
        });
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().command(failing).start()) {
            assertEquals(new Reply.ErrorReply("ERR nope"), node.execute("FAIL"));
            assertFalse(node.masterReplOffset() > 0, "nothing propagated");
        }
    }
}
