/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tandem.core.interop.ServerReplies;
import dev.tandem.core.reply.Reply;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every command transcript against a real redis-server 7.0 and checks that it gives
 * the replies the transcript expects: the proof that the expectations the unit tests hold
 * Tandem to are Redis's own. (Propagated forms cannot be observed this way; the unit tests
 * check them.)
 *
 * <p>The server listens only on a Unix socket in a temporary directory. Without redis-server
 * the test is skipped with a message, unless {@code CI=true}, where it fails.
 */
@Tag("interop")
@RequiresRedis
class RedisCompatibilityInteropTest {
    private static RedisServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServerProcess.builder().unixSocket().start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A connection to the server whose replies come back as core {@link Reply} trees. */
    private record RespConnection(RespClient client) implements AutoCloseable {
        Reply call(String... argv) throws IOException {
            return ServerReplies.toReply(client.call(argv));
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    static List<String> scripts() {
        return TranscriptCommandsTest.SCRIPTS;
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void redisGivesTheTranscriptsReplies(String name) throws IOException {
        try (RespConnection redis = new RespConnection(server.client())) {
            redis.call("FLUSHALL");
            redis.call("HELLO", "2");
            int protocol = 2;
            String[] lines = TranscriptCommandsTest.load(name).strip().split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.equals("@resp3") || line.equals("@resp2")) {
                    protocol = line.equals("@resp3") ? 3 : 2;
                    redis.call("HELLO", Integer.toString(protocol));
                } else if (line.startsWith("@xadd ")) {
                    List<String> xadd = new ArrayList<>(List.of("XADD"));
                    xadd.addAll(RedisTranscript.tokenize(line.substring(6)));
                    Reply r = redis.call(xadd.toArray(new String[0]));
                    assertEquals(Reply.BulkReply.class, r.getClass(), "set-up " + line + " failed: " + r);
                } else if (line.startsWith("@")) {
                    fail("transcript directive not replayable on a real server: " + line);
                } else if (line.startsWith("> ")) {
                    String command = line.substring(2);
                    Reply reply = redis.call(RedisTranscript.tokenize(command).toArray(new String[0]));
                    assertEquals(lines[i + 1].strip(), RedisTranscript.render(reply, protocol),
                            name + ": " + command);
                }
            }
        }
    }

    /**
     * Seeded random sorted set workloads, run on Tandem and on Redis side by side: every reply
     * must render the same (ZSCAN as a set of pairs, its order being hash-table order).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomSortedSetWorkloadsReplyLikeRedis(long seed) throws IOException {
        try (RespConnection redis = new RespConnection(server.client())) {
            redis.call("FLUSHALL");
            KeyspaceFixture ks = new KeyspaceFixture();
            SortedSetCommandGenerator generator = new SortedSetCommandGenerator(seed);
            int protocol = 2;
            for (int step = 0; step < 1500; step++) {
                if (step % 500 == 250) {
                    protocol = 5 - protocol;
                    redis.call("HELLO", Integer.toString(protocol));
                    ks.client.protocol(protocol);
                }
                List<String> command = generator.next();
                String[] argv = command.toArray(new String[0]);
                String expected = RedisTranscript.render(redis.call(argv), protocol);
                String actual = RedisTranscript.render(ks.exec(argv).reply(), protocol);
                if (command.get(0).equals("ZSCAN")) {
                    expected = sortedScan(expected);
                    actual = sortedScan(actual);
                }
                assertEquals(expected, actual, "seed " + seed + ", step " + step + ": " + String.join(" ", command));
            }
        }
    }

    /** A ZSCAN reply with its member/score pairs sorted, for order-insensitive comparison. */
    private static String sortedScan(String rendered) {
        int open = rendered.indexOf('[', 1);
        if (open < 0) {
            return rendered;
        }
        String body = rendered.substring(open + 1, rendered.length() - 2);
        if (body.isEmpty()) {
            return rendered;
        }
        String[] items = body.split(", ");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < items.length; i += 2) {
            pairs.add(items[i] + " " + items[i + 1]);
        }
        pairs.sort(null);
        return rendered.substring(0, open + 1) + String.join(", ", pairs) + "]]";
    }
}
