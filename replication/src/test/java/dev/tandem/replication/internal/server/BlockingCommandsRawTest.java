/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RawClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands on the wire, with the bytes redis-server 7.0.15 sends for the same exchanges:
 * a blocked client is woken by another connection's push, keeps its later requests in order,
 * times out with the null array (RESP3 {@code _}), shows in INFO and CLIENT LIST, is withdrawn when
 * it disconnects, and is released by CLIENT UNBLOCK.
 */
class BlockingCommandsRawTest extends SharedServerTest {

    private static void exchange(RawClient c, String expected, String... command) {
        c.command(command);
        assertEquals(expected, c.readLike(expected), String.join(" ", command));
    }

    private static void awaitBlocked(int n) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> server.keyspace.blocking().blockedClients() == n);
    }

    private static int pending(RawClient c) throws IOException {
        return c.socket().getInputStream().available();
    }

    @Test
    void aPushFromAnotherConnectionWakesTheClientAndItsPipelinedRequestsFollowInOrder() throws IOException {
        try (RawClient blocked = server.raw(); RawClient writer = server.raw()) {
            blocked.command("BLPOP", "wake:a", "wake:b", "0");
            blocked.command("PING");
            awaitBlocked(1);
            exchange(writer, ":2\r\n", "RPUSH", "wake:b", "x", "y");
            String expected = "*2\r\n$6\r\nwake:b\r\n$1\r\nx\r\n+PONG\r\n";
            assertEquals(expected, blocked.readLike(expected));
            exchange(writer, "*1\r\n$1\r\ny\r\n", "LRANGE", "wake:b", "0", "-1");
            exchange(blocked, ":1\r\n", "ZADD", "wake:z1", "5", "m");
            exchange(blocked, "*3\r\n$7\r\nwake:z1\r\n$1\r\nm\r\n$1\r\n5\r\n", "BZPOPMIN", "wake:z1", "0");
        }
    }

    @Test
    void anUnblockedCommandCountsOnceInCommandstatsAndItsErrorInErrorstats() {
        try (RawClient blocked = server.raw(); RawClient admin = server.raw()) {
            exchange(admin, "+OK\r\n", "XGROUP", "CREATE", "stats:s", "g", "$", "MKSTREAM");
            exchange(admin, "+OK\r\n", "CONFIG", "RESETSTAT");
            blocked.command("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "stats:s", ">");
            awaitBlocked(1);
            exchange(admin, ":1\r\n", "XGROUP", "DESTROY", "stats:s", "g");
            String error = "-NOGROUP the consumer group this client was blocked on no longer exists\r\n";
            assertEquals(error, blocked.readLike(error));
            // As stream-cgroups.tcl checks it: one failed call, one NOGROUP error.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
                admin.command("INFO", "errorstats");
                String errors = admin.readUntil("\r\n\r\n");
                admin.command("INFO", "commandstats");
                String commands = admin.readUntil("\r\n\r\n");
                return errors.contains("errorstat_NOGROUP:count=1\r\n")
                        && commands.contains("cmdstat_xreadgroup:calls=1,")
                        && commands.contains("rejected_calls=0,failed_calls=1");
            });
        }
    }

    @Test
    void timeoutsAnswerTheNullArrayInResp2AndNullInResp3() {
        try (RawClient c = server.raw()) {
            exchange(c, "*-1\r\n", "BLPOP", "to:a", "0.02");
            exchange(c, "*-1\r\n", "BLMOVE", "to:a", "to:b", "LEFT", "RIGHT", "0.02");
            exchange(c, "*-1\r\n", "BZMPOP", "0.02", "1", "to:z", "MIN");
            c.command("HELLO", "3");
            c.readUntil("modules\r\n*0\r\n");
            exchange(c, "_\r\n", "BRPOP", "to:a", "0.02");
            exchange(c, "_\r\n", "BZPOPMAX", "to:z", "0.02");
            exchange(c, "-ERR timeout is negative\r\n", "BLPOP", "to:a", "-1");
            exchange(c, "-ERR timeout is not a float or out of range\r\n", "BLPOP", "to:a", "x");
        }
        assertEquals(0, server.keyspace.blocking().clientsWithTimeout());
    }

    @Test
    void insideMultiABlockingCommandAnswersAtOnce() {
        try (RawClient c = server.raw()) {
            exchange(c, "+OK\r\n", "MULTI");
            exchange(c, "+QUEUED\r\n", "BLPOP", "multi:a", "0");
            exchange(c, "+QUEUED\r\n", "BRPOPLPUSH", "multi:a", "multi:b", "0");
            exchange(c, "*2\r\n*-1\r\n$-1\r\n", "EXEC");
        }
    }

    @Test
    void aBlockedClientShowsInInfoAndClientListAndIsWithdrawnWhenItDisconnects() {
        try (RawClient watcher = server.raw(); RawClient blocked = server.raw()) {
            blocked.command("BRPOP", "gone:k", "100");
            awaitBlocked(1);
            watcher.command("INFO", "clients");
            String info = watcher.readUntil("clients_in_timeout_table:1\r\n");
            assertTrue(info.contains("blocked_clients:1\r\n"), info);
            watcher.command("CLIENT", "LIST");
            String list = watcher.readUntil("\n\r\n"); // a bulk of \n-terminated lines
            assertTrue(list.contains(" flags=b ") && list.contains(" cmd=brpop "), list);
            blocked.close();
            awaitBlocked(0);
            exchange(watcher, ":1\r\n", "RPUSH", "gone:k", "v");
            exchange(watcher, ":1\r\n", "LLEN", "gone:k"); // nobody popped it
        }
    }

    @Test
    void clientUnblockReleasesWithTheTimeoutReplyOrTheUnblockedError() {
        try (RawClient blocked = server.raw(); RawClient admin = server.raw()) {
            blocked.command("CLIENT", "ID");
            String id = blocked.readLine().trim().substring(1);
            blocked.command("BLPOP", "unblock:k", "0");
            awaitBlocked(1);
            exchange(admin, "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n", "CLIENT", "UNBLOCK", id, "x");
            exchange(admin, ":1\r\n", "CLIENT", "UNBLOCK", id, "ERROR");
            assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n",
                    blocked.readLike("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"));
            exchange(admin, ":0\r\n", "CLIENT", "UNBLOCK", id);
            blocked.command("BZPOPMIN", "unblock:z", "0");
            awaitBlocked(1);
            exchange(admin, ":1\r\n", "CLIENT", "UNBLOCK", id, "TIMEOUT");
            assertEquals("*-1\r\n", blocked.readLike("*-1\r\n"));
            exchange(admin, "-ERR value is not an integer or out of range\r\n", "CLIENT", "UNBLOCK", "abc");
            exchange(admin, "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n",
                    "CLIENT", "UNBLOCK", id, "timeout", "x");
        }
    }
}
