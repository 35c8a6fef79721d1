/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.testkit.RawClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CLIENT TRACKING (client-side caching), byte for byte as redis-server 7.0.15 sends the same
 * frames: default mode, OPTIN/OPTOUT with CLIENT CACHING, BCAST prefixes, REDIRECT to a RESP2
 * subscriber and to a RESP3 client, NOLOOP, flushes, the tracking table's limit, the master's
 * stream, and CLIENT TRACKING's errors.
 */
class ClientTrackingTest extends SharedServerTest {

    private static final String PONG = "+PONG\r\n";
    private static final String PONG_SUBSCRIBED = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";

    private static String invalidate(String... keys) {
        StringBuilder sb = new StringBuilder(">2\r\n$10\r\ninvalidate\r\n*" + keys.length + "\r\n");
        for (String k : keys) {
            sb.append('$').append(k.length()).append("\r\n").append(k).append("\r\n");
        }
        return sb.toString();
    }

    private static String message(String... keys) {
        StringBuilder sb = new StringBuilder("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*" + keys.length + "\r\n");
        for (String k : keys) {
            sb.append('$').append(k.length()).append("\r\n").append(k).append("\r\n");
        }
        return sb.toString();
    }

    private static RawClient resp3() {
        RawClient c = server.raw();
        c.command("HELLO", "3");
        c.readUntil("$7\r\nmodules\r\n*0\r\n");
        return c;
    }

    /**
     * Reads {@code expected} (pushes made on another event loop may arrive after a later
     * request's reply, so they are awaited rather than fenced with a PING).
     */
    private static void expectPush(RawClient c, String expected) {
        assertEquals(expected, c.readLike(expected));
    }

    /** What arrives before the reply to a PING sent now: pushes queued ahead of it. */
    private static String beforePong(RawClient c) {
        c.command("PING");
        String s = c.readUntil(PONG);
        return s.substring(0, s.length() - PONG.length());
    }

    private static long id(RawClient c) {
        c.command("CLIENT", "ID");
        String line = c.readLine();
        return Long.parseLong(line.substring(1, line.length() - 2));
    }

    private static void ok(RawClient c, String... command) {
        c.command(command);
        assertEquals("+OK\r\n", c.readLine(), String.join(" ", command));
    }

    /** A RESP2 connection subscribed to __redis__:invalidate, for REDIRECT. */
    private static RawClient subscriber() {
        RawClient c = server.raw();
        c.command("SUBSCRIBE", "__redis__:invalidate");
        c.readLike("*3\r\n$9\r\nsubscribe\r\n$20\r\n__redis__:invalidate\r\n:1\r\n");
        return c;
    }

    @Test
    void defaultModeInvalidatesReadKeysOnceOnTheSameConnection() {
        try (RawClient t = resp3(); RawClient w = server.raw()) {
            ok(w, "SET", "dm:a", "1");
            ok(t, "CLIENT", "TRACKING", "on");
            t.command("GET", "dm:a");
            assertEquals("$1\r\n1\r\n", t.readLike("$1\r\n1\r\n"));
            ok(w, "SET", "dm:b", "2"); // never read: no invalidation
            ok(w, "SET", "dm:a", "3");
            ok(w, "SET", "dm:a", "4"); // no longer tracked after the first invalidation
            expectPush(t, invalidate("dm:a"));
        }
    }

    @Test
    void ownWriteInvalidatesAfterItsReply() {
        try (RawClient t = resp3()) {
            t.command("HSET", "own:h", "f", "1");
            t.readLine();
            ok(t, "CLIENT", "TRACKING", "on");
            t.command("HGET", "own:h", "f");
            t.readLike("$1\r\n1\r\n");
            t.command("HDEL", "own:h", "f");
            assertEquals(":1\r\n" + invalidate("own:h"), t.readLike(":1\r\n" + invalidate("own:h")));
            // Inside one transaction, a SET before a GET of the same key leaves it tracked (Redis
            // signals each change as it happens), and the invalidation of an earlier read follows EXEC's reply.
            t.command("GET", "own:x");
            t.readLike("_\r\n");
            t.send(RawClient.encode("MULTI") + RawClient.encode("SET", "own:x", "1") + RawClient.encode("GET", "own:x")
                    + RawClient.encode("EXEC"));
            String expected = "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n" + invalidate("own:x");
            assertEquals(expected, t.readLike(expected));
            assertEquals("", beforePong(t));
            ok(t, "CLIENT", "TRACKING", "off");
        }
    }

    @Test
    void resp2RedirectGoesToTheSubscriberAsAMessage() {
        try (RawClient sub = subscriber(); RawClient t = server.raw(); RawClient w = server.raw()) {
            long redir = idOf(sub);
            ok(t, "CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(redir));
            t.command("MGET", "rd:a", "rd:b");
            t.readLike("*2\r\n$-1\r\n$-1\r\n");
            ok(w, "SET", "rd:b", "1");
            sub.command("PING");
            assertEquals(message("rd:b") + PONG_SUBSCRIBED, sub.readLike(message("rd:b") + PONG_SUBSCRIBED));
            t.command("CLIENT", "GETREDIR");
            assertEquals(":" + redir + "\r\n", t.readLine());
            ok(w, "FLUSHALL");
            String flush = "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n";
            assertEquals(flush, sub.readLike(flush));
        }
    }

    /** A subscribed connection's CLIENT ID (a RESP2 subscriber cannot run CLIENT ID: found by CLIENT LIST). */
    private static long idOf(RawClient subscribed) {
        for (ClientConnection c : server.server.registry().all()) {
            if (c.isSubscribed() && c.pubsub.subscriptions().any()) {
                String list = ClientCommand.describe(c, System.currentTimeMillis());
                if (list.contains(" sub=1 ")) {
                    return c.id();
                }
            }
        }
        throw new AssertionError("no subscriber");
    }

    @Test
    void bcastSendsEachPrefixsKeysOfARoundTogether() {
        try (RawClient t = resp3(); RawClient w = server.raw()) {
            ok(t, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "bc:a", "PREFIX", "bc:b");
            w.send(RawClient.encode("MULTI") + RawClient.encode("SET", "bc:b2", "1") + RawClient.encode("SET", "bc:a1", "1")
                    + RawClient.encode("SET", "bc:b1", "1") + RawClient.encode("SET", "bc:c1", "1") + RawClient.encode("EXEC"));
            w.readUntil("*4\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n");
            // One message per prefix, keys sorted (Redis's rax), bc:c1 matches neither.
            expectPush(t, invalidate("bc:a1") + invalidate("bc:b1", "bc:b2"));
            t.command("CLIENT", "TRACKINGINFO");
            String info = "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:0\r\n"
                    + "$8\r\nprefixes\r\n*2\r\n$4\r\nbc:a\r\n$4\r\nbc:b\r\n";
            assertEquals(info, t.readLike(info));
            t.command("CLIENT", "INFO");
            String line = t.readUntil("\r\n") + t.readUntil("\r\n");
            assertTrue(line.contains(" flags=tB ") && line.contains(" redir=0 "), line);
            ok(t, "CLIENT", "TRACKING", "off");
        }
    }

    @Test
    void noloopSkipsTheClientsOwnChanges() {
        try (RawClient t = resp3(); RawClient w = server.raw()) {
            ok(t, "CLIENT", "TRACKING", "on", "NOLOOP");
            t.command("MGET", "nl:mine", "nl:other");
            t.readLike("*2\r\n_\r\n_\r\n");
            ok(t, "SET", "nl:mine", "1");
            ok(w, "SET", "nl:other", "1");
            expectPush(t, invalidate("nl:other"));
            ok(t, "CLIENT", "TRACKING", "off");
            ok(t, "CLIENT", "TRACKING", "on", "BCAST", "NOLOOP", "PREFIX", "nl:");
            ok(t, "SET", "nl:mine", "2"); // its own: nothing (else it would arrive before the next)
            ok(w, "SET", "nl:other", "2");
            expectPush(t, invalidate("nl:other"));
            ok(t, "CLIENT", "TRACKING", "off");
        }
    }

    @Test
    void optinAndOptoutFollowClientCaching() {
        try (RawClient t = resp3(); RawClient w = server.raw()) {
            ok(t, "CLIENT", "TRACKING", "on", "OPTIN");
            t.command("GET", "oi:skip");
            t.readLine();
            ok(t, "CLIENT", "CACHING", "yes");
            t.command("GET", "oi:kept");
            t.readLine();
            t.command("GET", "oi:after"); // CACHING yes lasted one command
            t.readLine();
            ok(w, "MSET", "oi:skip", "1", "oi:kept", "1", "oi:after", "1");
            expectPush(t, invalidate("oi:kept"));
            ok(t, "CLIENT", "TRACKING", "off");
            ok(t, "CLIENT", "TRACKING", "on", "OPTOUT");
            ok(t, "CLIENT", "CACHING", "no");
            t.command("GET", "oo:skip");
            t.readLine();
            t.command("GET", "oo:kept");
            t.readLine();
            t.command("CLIENT", "TRACKINGINFO");
            String info = "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$6\r\noptout\r\n$8\r\nredirect\r\n:0\r\n"
                    + "$8\r\nprefixes\r\n*0\r\n";
            assertEquals(info, t.readLike(info));
            ok(w, "MSET", "oo:skip", "1", "oo:kept", "1");
            expectPush(t, invalidate("oo:kept"));
            ok(t, "CLIENT", "TRACKING", "off");
        }
    }

    @Test
    void brokenRedirectIsReportedToAResp3Client() {
        try (RawClient t = resp3(); RawClient w = server.raw()) {
            RawClient gone = server.raw();
            long redir = id(gone);
            ok(t, "CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(redir));
            t.command("GET", "br:k");
            t.readLine();
            gone.command("QUIT");
            gone.readLine();
            gone.close();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .pollInterval(java.time.Duration.ofMillis(5))
                    .until(() -> server.server.registry().get(redir) == null);
            ok(w, "SET", "br:k", "1");
            String broken = ">2\r\n$21\r\ntracking-redir-broken\r\n:" + redir + "\r\n";
            expectPush(t, broken);
            t.command("CLIENT", "TRACKINGINFO");
            String info = "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$15\r\nbroken_redirect\r\n$8\r\nredirect\r\n:"
                    + redir + "\r\n$8\r\nprefixes\r\n*0\r\n";
            assertEquals(info, t.readLike(info));
            ok(t, "CLIENT", "TRACKING", "off");
        }
    }

    @Test
    void keysChangedByTheMastersStreamAreInvalidated() {
        // A replica applies its master's stream as the master client; the same hook invalidates.
        try (RawClient t = resp3()) {
            ok(t, "CLIENT", "TRACKING", "on");
            t.command("GET", "ms:k");
            t.readLine();
            server.server.keyspace().execute(ClientState.master(), "SET", "ms:k", "v");
            expectPush(t, invalidate("ms:k"));
            server.server.keyspace().execute(ClientState.master(), "FLUSHDB");
            expectPush(t, ">2\r\n$10\r\ninvalidate\r\n_\r\n");
            ok(t, "CLIENT", "TRACKING", "off");
        }
    }

    @Test
    void tableLimitInvalidatesKeysAndInfoCountsThem() {
        try (RawClient t = resp3(); RawClient b = resp3(); RawClient admin = server.raw()) {
            ok(admin, "FLUSHALL");
            ok(t, "CLIENT", "TRACKING", "on");
            t.command("MGET", "lim:1", "lim:2", "lim:3");
            t.readLike("*3\r\n_\r\n_\r\n_\r\n");
            ok(b, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x:", "PREFIX", "y:");
            String info = info(admin);
            assertTrue(info.contains("tracking_clients:2\r\n"), info);
            assertTrue(info.contains("tracking_total_keys:3\r\n"), info);
            assertTrue(info.contains("tracking_total_items:3\r\n"), info);
            assertTrue(info.contains("tracking_total_prefixes:2\r\n"), info);
            ok(admin, "CONFIG", "SET", "tracking-table-max-keys", "1");
            try {
                // Two of the three keys go, each in its own message (the order is the table's).
                String first = t.readUntil("invalidate\r\n*1\r\n$5\r\n");
                assertEquals(">2\r\n$10\r\ninvalidate\r\n*1\r\n$5\r\n", first);
                t.read(7);
                assertEquals(">2\r\n$10\r\ninvalidate\r\n*1\r\n$5\r\n", t.readUntil("invalidate\r\n*1\r\n$5\r\n"));
                t.read(7);
                assertEquals("", beforePong(t));
                assertTrue(info(admin).contains("tracking_total_keys:1\r\n"));
                admin.command("CONFIG", "GET", "tracking-table-max-keys");
                assertEquals("*2\r\n$23\r\ntracking-table-max-keys\r\n$1\r\n1\r\n",
                        admin.readLike("*2\r\n$23\r\ntracking-table-max-keys\r\n$1\r\n1\r\n"));
            } finally {
                ok(admin, "CONFIG", "SET", "tracking-table-max-keys", "1000000");
            }
            admin.command("CONFIG", "SET", "tracking-table-max-keys", "-1");
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tracking-table-max-keys') - "
                    + "argument must be between 0 and 9223372036854775807 inclusive\r\n", admin.readLine());
        }
        // Closing the connections ended their tracking.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(5))
                .until(() -> server.server.tracking().trackingClients() == 0 && server.server.tracking().totalPrefixes() == 0);
    }

    private static String info(RawClient c) {
        c.command("INFO");
        String header = c.readLine();
        int n = Integer.parseInt(header.substring(1, header.length() - 2));
        return c.read(n + 2);
    }

    static Stream<Arguments> errors() {
        String overlapMsg = "Prefixes for a single client must not overlap.";
        return Stream.of(
                Arguments.of(new String[] {"CLIENT", "TRACKING", "maybe"}, "-ERR syntax error\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "foo"}, "-ERR syntax error\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT"}, "-ERR syntax error\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", "x"},
                        "-ERR value is not an integer or out of range\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", "987654"},
                        "-ERR The client ID you want redirect to does not exist\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "PREFIX", "a"},
                        "-ERR PREFIX option requires BCAST mode to be enabled\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "BCAST", "OPTIN"},
                        "-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT"},
                        "-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "FOOBAR", "PREFIX", "FOO"},
                        "-ERR Prefix 'FOOBAR' overlaps with another provided prefix 'FOO'. " + overlapMsg + "\r\n"),
                Arguments.of(new String[] {"CLIENT", "TRACKING"},
                        "-ERR wrong number of arguments for 'client|tracking' command\r\n"),
                Arguments.of(new String[] {"CLIENT", "CACHING", "yes"}, "-ERR CLIENT CACHING can be called only when the "
                        + "client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorsAsRedis(String[] command, String expected) {
        try (RawClient c = server.raw()) {
            c.command(command);
            assertEquals(expected, c.readLike(expected));
        }
    }

    @Test
    void errorsThatDependOnTheCurrentMode() {
        try (RawClient c = server.raw()) {
            ok(c, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "FOO", "PREFIX", "BAR");
            c.command("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "FO");
            assertEquals("-ERR Prefix 'FO' overlaps with an existing prefix 'BAR'. Prefixes for a single client must not overlap.\r\n"
                    .replace("'BAR'", "'FOO'"), c.readLine());
            c.command("CLIENT", "TRACKING", "on");
            assertEquals("-ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.\r\n", c.readLine());
            ok(c, "CLIENT", "TRACKING", "off");
            ok(c, "CLIENT", "TRACKING", "on", "OPTIN");
            c.command("CLIENT", "TRACKING", "on", "OPTOUT");
            assertEquals("-ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.\r\n", c.readLine());
            c.command("CLIENT", "CACHING", "no");
            assertEquals("-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n", c.readLine());
            c.command("CLIENT", "CACHING", "maybe");
            assertEquals("-ERR syntax error\r\n", c.readLine());
            c.command("RESET");
            assertEquals("+RESET\r\n", c.readLine());
            c.command("CLIENT", "GETREDIR");
            assertEquals(":-1\r\n", c.readLine()); // RESET turned tracking off
        }
    }
}
