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
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Pub/sub on the wire, byte for byte as redis-server 7.0.15 answered the same exchanges
 * (recorded side by side): confirmations, RESP2's subscribed mode and its PING, RESP3 pushes,
 * PUBSUB introspection, MULTI, RESET, the client class and a closed subscriber.
 */
class PubSubRawTest extends SharedServerTest {

    private static final String CONTEXT =
            "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n";

    private static void exchange(RawClient c, String expected, String... command) {
        c.command(command);
        assertEquals(expected, c.readLike(expected), String.join(" ", command));
    }

    @Test
    void resp2SubscribedModeAllowsOnlySubscriptionCommandsAndPingAnswersAnArray() {
        try (RawClient c = server.raw()) {
            c.command("SUBSCRIBE", "a", "b");
            String confirmations = "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n";
            assertEquals(confirmations, c.readLike(confirmations));
            exchange(c, "-ERR Can't execute 'get" + CONTEXT, "GET", "x");
            exchange(c, "-ERR Can't execute 'config|get" + CONTEXT, "CONFIG", "GET", "x");
            exchange(c, "*2\r\n$4\r\npong\r\n$0\r\n\r\n", "PING");
            exchange(c, "*2\r\n$4\r\npong\r\n$2\r\nhi\r\n", "PING", "hi");
            exchange(c, "*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n", "UNSUBSCRIBE", "b");
            exchange(c, "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n", "UNSUBSCRIBE");
            exchange(c, "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", "UNSUBSCRIBE");
            exchange(c, "+PONG\r\n", "PING");
            exchange(c, "$-1\r\n", "GET", "x");
        }
    }

    @Test
    void resp3PushesAllowEveryCommandAndAMessageToOneselfPrecedesPublishsReply() {
        try (RawClient c = server.raw()) {
            c.command("HELLO", "3");
            c.readUntil("modules\r\n*0\r\n");
            exchange(c, ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", "SUBSCRIBE", "a");
            exchange(c, "_\r\n", "GET", "x");
            exchange(c, "+PONG\r\n", "PING");
            exchange(c, ">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n:1\r\n", "PUBLISH", "a", "m");
            exchange(c, ">3\r\n$12\r\npunsubscribe\r\n_\r\n:1\r\n", "PUNSUBSCRIBE");
            exchange(c, ">3\r\n$12\r\nsunsubscribe\r\n$1\r\nz\r\n:0\r\n", "SUNSUBSCRIBE", "z");
        }
    }

    @Test
    void messagesReachChannelPatternAndShardSubscribersOfOtherConnections() {
        try (RawClient sub = server.raw(); RawClient psub = server.raw(); RawClient ssub = server.raw();
             Jedis publisher = server.jedis()) {
            exchange(sub, "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", "SUBSCRIBE", "news");
            exchange(psub, "*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:1\r\n", "PSUBSCRIBE", "n*");
            exchange(psub, "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:2\r\n", "SUBSCRIBE", "news");
            exchange(ssub, "*3\r\n$10\r\nssubscribe\r\n$4\r\nnews\r\n:1\r\n", "SSUBSCRIBE", "news");

            // sub once, psub twice (channel and pattern); the shard subscriber is not a receiver.
            assertEquals(3, publisher.publish("news", "hello"));
            String message = "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
            assertEquals(message, sub.readLike(message));
            // Redis's order: the channel's subscribers first, then the matching patterns.
            String both = message + "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
            assertEquals(both, psub.readLike(both));
            assertEquals(1L, publisher.sendCommand(() -> "SPUBLISH".getBytes(), "news", "s"));
            String smessage = "*3\r\n$8\r\nsmessage\r\n$4\r\nnews\r\n$1\r\ns\r\n";
            assertEquals(smessage, ssub.readLike(smessage));
            assertEquals(0, publisher.publish("other", "x"));
        }
    }

    @Test
    void pubsubIntrospection() {
        try (RawClient sub = server.raw(); RawClient c = server.raw()) {
            exchange(sub, "*3\r\n$10\r\npsubscribe\r\n$2\r\nq*\r\n:1\r\n", "PSUBSCRIBE", "q*");
            exchange(sub, "*3\r\n$9\r\nsubscribe\r\n$2\r\nq1\r\n:2\r\n", "SUBSCRIBE", "q1");
            exchange(sub, "*3\r\n$10\r\nssubscribe\r\n$2\r\nq2\r\n:1\r\n", "SSUBSCRIBE", "q2");
            exchange(c, "*1\r\n$2\r\nq1\r\n", "PUBSUB", "CHANNELS", "q*");
            exchange(c, "*0\r\n", "PUBSUB", "CHANNELS", "z*");
            exchange(c, "*4\r\n$2\r\nq1\r\n:1\r\n$2\r\nq9\r\n:0\r\n", "PUBSUB", "NUMSUB", "q1", "q9");
            exchange(c, "*0\r\n", "PUBSUB", "NUMSUB");
            exchange(c, ":1\r\n", "PUBSUB", "NUMPAT");
            exchange(c, "*1\r\n$2\r\nq2\r\n", "PUBSUB", "SHARDCHANNELS");
            exchange(c, "*2\r\n$2\r\nq2\r\n:1\r\n", "PUBSUB", "SHARDNUMSUB", "q2");
            exchange(c, "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n",
                    "PUBSUB", "CHANNELS", "a", "b");
            exchange(c, "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n", "PUBSUB", "NUMPAT", "x");
            exchange(c, "-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n", "PUBSUB", "FOO");
            exchange(c, "-ERR wrong number of arguments for 'subscribe' command\r\n", "SUBSCRIBE");
            exchange(c, "-ERR wrong number of arguments for 'publish' command\r\n", "PUBLISH", "a");
            c.command("PUBSUB", "HELP");
            String help = c.readUntil("+    Prints this help.\r\n");
            assertTrue(help.startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"),
                    help);
            c.command("CLIENT", "LIST");
            String list = c.readUntil("\r\n") + c.readUntil("\r\n");
            assertTrue(list.contains(" flags=P ") && list.contains(" sub=1 psub=1 ssub=1 "), list);
        }
        // A closed subscriber no longer counts.
        try (RawClient c = server.raw()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.command("PUBSUB", "NUMPAT");
                return c.readLine().equals(":0\r\n");
            });
            exchange(c, "*0\r\n", "PUBSUB", "CHANNELS");
        }
    }

    @Test
    void subscribeInsideMultiIsEXECsEntryAndSsubscribeIsRefusedThere() {
        try (RawClient c = server.raw()) {
            exchange(c, "+OK\r\n", "MULTI");
            exchange(c, "+QUEUED\r\n", "SUBSCRIBE", "mq");
            exchange(c, "+QUEUED\r\n", "SSUBSCRIBE", "mr");
            exchange(c, "*2\r\n*3\r\n$9\r\nsubscribe\r\n$2\r\nmq\r\n:1\r\n"
                    + "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n", "EXEC");
        }
    }

    @Test
    void resetLeavesSubscribedModeAndTheClientClassFollowsSubscriptions() {
        try (RawClient c = server.raw(); Jedis admin = server.jedis()) {
            exchange(c, "*3\r\n$10\r\npsubscribe\r\n$2\r\nr*\r\n:1\r\n", "PSUBSCRIBE", "r*");
            exchange(c, "-ERR Can't execute 'pubsub|numpat" + CONTEXT, "PUBSUB", "NUMPAT");
            assertTrue(admin.clientList().contains("flags=P"));
            exchange(c, "+RESET\r\n", "RESET");
            exchange(c, ":0\r\n", "PUBSUB", "NUMPAT");
            assertEquals("", admin.clientList(redis.clients.jedis.args.ClientType.PUBSUB));
        }
    }

    @Test
    void clientKillTypePubsubClosesSubscribersOnly() {
        try (RawClient sub = server.raw(); RawClient other = server.raw(); Jedis admin = server.jedis()) {
            exchange(sub, "*3\r\n$9\r\nsubscribe\r\n$1\r\nk\r\n:1\r\n", "SUBSCRIBE", "k");
            exchange(other, "+PONG\r\n", "PING");
            assertEquals(1L, admin.sendCommand(() -> "CLIENT".getBytes(), "KILL", "TYPE", "pubsub"));
            assertTrue(sub.closedByPeer());
            exchange(other, "+PONG\r\n", "PING");
        }
    }

    @Test
    void aSubscriberThatDoesNotReadIsClosedByThePubsubOutputLimit() {
        try (TestServer own = TestServer.start(); Jedis admin = own.jedis(); RawClient slow = own.raw()) {
            admin.configSet("client-output-buffer-limit", "pubsub 1mb 0 0");
            exchange(slow, "*3\r\n$9\r\nsubscribe\r\n$1\r\ns\r\n:1\r\n", "SUBSCRIBE", "s");
            String payload = "x".repeat(64 * 1024);
            // The subscriber reads nothing: its output grows until the pubsub class's hard limit.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                admin.publish("s", payload);
                return own.server.stats().outputLimitDisconnections() == 1;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.publish("s", "after") == 0);
        }
    }
}
