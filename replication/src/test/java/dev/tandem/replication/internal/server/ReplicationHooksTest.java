/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the server does with the replication layer's answers (through a scriptable double). */
class ReplicationHooksTest {

    private FakeReplication replication;
    private TestServer server;

    @BeforeEach
    void start() {
        replication = new FakeReplication();
        server = TestServer.start(b -> b.replication(replication));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readOnlyReplicaRefusesWritesButServesReads() {
        replication.replica = true;
        replication.readOnly = true;
        try (RawClient c = server.raw()) {
            c.command("SET", "k", "v");
            assertEquals("-READONLY You can't write against a read only replica.\r\n", c.readLine());
            c.command("GET", "k");
            assertEquals("$-1\r\n", c.readLine());
            c.command("MULTI");
            assertEquals("+OK\r\n", c.readLine());
            c.command("SET", "k", "v");
            assertEquals("-READONLY You can't write against a read only replica.\r\n", c.readLine());
            c.command("GET", "k");
            assertEquals("+QUEUED\r\n", c.readLine());
            c.command("EXEC");
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.readLine());
            c.command("PING");
            assertEquals("+PONG\r\n", c.readLine(), "the transaction is over");
        }
    }

    @Test
    void execOfQueuedWritesOnANodeThatBecameAReadOnlyReplicaAborts() {
        try (RawClient c = server.raw()) {
            c.command("MULTI");
            assertEquals("+OK\r\n", c.readLine());
            c.command("SET", "k", "v");
            assertEquals("+QUEUED\r\n", c.readLine());
            replication.replica = true;
            replication.readOnly = true;
            c.command("EXEC");
            assertEquals("-EXECABORT Transaction discarded because of: READONLY You can't write against a read "
                    + "only replica.\r\n", c.readLine());
        }
    }

    @Test
    void masterDownRefusesAllButStaleCommands() {
        replication.replica = true;
        replication.refusesStale = true;
        try (RawClient c = server.raw()) {
            String masterDown = "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n";
            for (String[] command : List.of(new String[] {"GET", "k"}, new String[] {"PING"},
                    new String[] {"DBSIZE"})) {
                c.command(command);
                assertEquals(masterDown, c.readLine(), String.join(" ", command));
            }
            c.command("ROLE");
            assertEquals("*5\r\n$5\r\nslave\r\n$8\r\n10.0.0.9\r\n:6400\r\n$7\r\nconnect\r\n:900\r\n",
                    c.readLike("*5\r\n$5\r\nslave\r\n$8\r\n10.0.0.9\r\n:6400\r\n$7\r\nconnect\r\n:900\r\n"));
            c.command("ECHO", "e");
            assertEquals("$1\r\ne\r\n", c.readLike("$1\r\ne\r\n"));
            c.command("INFO", "replication");
            String header = c.readLine();
            String info = c.read(Integer.parseInt(header.substring(1, header.length() - 2)) + 2);
            assertTrue(info.startsWith("# Replication\r\nrole:slave\r\nmaster_host:10.0.0.9\r\nmaster_port:6400\r\n"
                    + "master_link_status:down\r\n"), info);
        }
    }

    @Test
    void loadingRefusesCommandsWithoutTheLoadingFlag() {
        replication.loading = true;
        try (RawClient c = server.raw()) {
            c.command("GET", "k");
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", c.readLine());
            c.command("PING");
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", c.readLine());
            c.command("SELECT", "1");
            assertEquals("+OK\r\n", c.readLine());
            c.command("INFO", "persistence");
            String header = c.readLine();
            assertTrue(c.read(Integer.parseInt(header.substring(1, header.length() - 2)) + 2).contains("loading:1"));
        }
    }

    @Test
    void waitBlocksTheConnectionAndKeepsReplyOrder() {
        try (RawClient c = server.raw()) {
            c.command("SET", "k", "v");
            assertEquals("+OK\r\n", c.readLine());
            c.send("*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server.clients().stream()
                    .anyMatch(i -> ((ClientConnection) i).isBlocked()));
            assertEquals(server.keyspace.propagationSink().offset(), replication.waitedForOffset);
            replication.waitResult.complete(1L);
            assertEquals(":1\r\n", c.readLine(), "WAIT's reply comes first");
            assertEquals("+PONG\r\n", c.readLine());
            assertEquals("$1\r\nv\r\n", c.readLike("$1\r\nv\r\n"));
        }
    }

    @Test
    void waitAnswersAtOnceWhenSatisfiedOrInsideMultiAndRefusesOnReplicas() {
        replication.acked = 2;
        try (RawClient c = server.raw()) {
            c.command("WAIT", "2", "0");
            assertEquals(":2\r\n", c.readLine());
            c.command("MULTI");
            c.readLine();
            c.command("WAIT", "5", "0");
            assertEquals("+QUEUED\r\n", c.readLine());
            c.command("EXEC");
            assertEquals("*1\r\n:2\r\n", c.readLike("*1\r\n:2\r\n"));
            c.command("WAIT", "1", "-1");
            assertEquals("-ERR timeout is negative\r\n", c.readLine());
            replication.replica = true;
            c.command("WAIT", "1", "0");
            assertEquals("-" + ReplicationCommands.WAIT_ON_REPLICA + "\r\n", c.readLine());
        }
    }

    @Test
    void psyncHandsTheConnectionOverAndTheServerWritesNothingMore() {
        try (RawClient c = server.raw()) {
            c.command("REPLCONF", "listening-port", "6380");
            assertEquals("+OK\r\n", c.readLine());
            c.command("PSYNC", "?", "-1");
            assertEquals("+FULLRESYNC 9b684c7277f1ec4556a5ed76edcb9d3a61e25bd8 900\r\n", c.readLine());
            c.send("*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$3\r\n900\r\n\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> replication.linkRequests.size() == 2);
            assertEquals(List.of("REPLCONF ACK 900", "<newline>"), replication.linkRequests);
            assertTrue(server.server.clients().stream().anyMatch(i -> i.kind() == ClientKind.REPLICA));
            c.command("PING");
            assertTrue(c.closedByPeer(), "a replica that sends a command needing a reply is disconnected");
        }
    }

    @Test
    void refusedSyncAndSyncInsideMulti() {
        replication.replica = true;
        try (RawClient c = server.raw()) {
            c.command("PSYNC", "?", "-1");
            assertEquals("-NOMASTERLINK Can't SYNC while not connected with my master\r\n", c.readLine());
            c.command("MULTI");
            c.readLine();
            c.command("SYNC");
            assertEquals("-ERR Command not allowed inside a transaction\r\n", c.readLine());
            c.command("EXEC");
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.readLine());
        }
    }

    @Test
    void replicaofRoleConfigStatsAndKillMaster() {
        try (RawClient c = server.raw()) {
            c.command("ROLE");
            assertEquals("*3\r\n$6\r\nmaster\r\n:900\r\n*0\r\n", c.readLike("*3\r\n$6\r\nmaster\r\n:900\r\n*0\r\n"));
            c.command("REPLICAOF", "10.0.0.9", "6400");
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("10.0.0.9:6400", replication.replicaOfTarget);
            c.command("REPLICAOF", "host", "port");
            assertEquals("-ERR value is not an integer or out of range\r\n", c.readLine());
            c.command("CLIENT", "KILL", "TYPE", "master");
            assertEquals(":1\r\n", c.readLine());
            c.command("SLAVEOF", "NO", "ONE");
            assertEquals("+OK\r\n", c.readLine());
            assertTrue(replication.promoted);
            c.command("CONFIG", "GET", "repl-timeout");
            assertEquals("*2\r\n$12\r\nrepl-timeout\r\n$2\r\n60\r\n", c.readLike("*2\r\n$12\r\nrepl-timeout\r\n$2\r\n60\r\n"));
            c.command("CONFIG", "SET", "repl-timeout", "abc");
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'repl-timeout') - argument couldn't "
                    + "be parsed into an integer\r\n", c.readLine());
            c.command("CONFIG", "SET", "repl-timeout", "30", "timeout", "5");
            assertEquals("+OK\r\n", c.readLine());
            assertEquals("30", replication.directives.get("repl-timeout"));
            assertEquals(5, server.server.config().timeoutSeconds());
            c.command("INFO", "stats");
            String header = c.readLine();
            String stats = c.read(Integer.parseInt(header.substring(1, header.length() - 2)) + 2);
            assertTrue(stats.contains("sync_full:3\r\nsync_partial_ok:2\r\nsync_partial_err:1\r\n"), stats);
        }
    }
}
