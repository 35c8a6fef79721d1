/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RawClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripts calling the commands the server runs itself (PING, ECHO, TIME, INFO, CLIENT, DEBUG...),
 * DEBUG PROTOCOL's replies at the top level and through {@code redis.call}, and the
 * {@code [db lua]} MONITOR lines of the commands a script runs. Every expected byte string is what
 * redis-server 7.0.15 answered to the same request, side by side.
 */
class ScriptServerCommandsTest {
    private static ReplicatedKeyspace node;

    @BeforeAll
    static void start() {
        node = ReplicatedKeyspace.builder().start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawClient client() {
        return RawClient.connect("127.0.0.1", node.port());
    }

    /** The reply's bytes: {@code expected}'s length of them. */
    private static void expect(RawClient c, String expected, String... command) {
        c.command(command);
        assertEquals(expected, c.readLike(expected), String.join(" ", command));
    }

    @Test
    void debugProtocolAnswersEveryTypeInTheClientsProtocol() {
        try (RawClient c = client()) {
            expect(c, "$11\r\nHello World\r\n", "DEBUG", "PROTOCOL", "string");
            expect(c, ":12345\r\n", "DEBUG", "PROTOCOL", "integer");
            expect(c, "$5\r\n3.141\r\n", "DEBUG", "PROTOCOL", "double");
            expect(c, "$37\r\n1234567999999999999999999999999999999\r\n", "DEBUG", "PROTOCOL", "bignum");
            expect(c, "$-1\r\n", "DEBUG", "PROTOCOL", "null");
            expect(c, "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n", "DEBUG", "PROTOCOL", "map");
            expect(c, "$39\r\nSome real reply following the attribute\r\n", "DEBUG", "PROTOCOL", "attrib");
            expect(c, "-ERR RESP2 is not supported by this command\r\n", "DEBUG", "PROTOCOL", "push");
            expect(c, "$25\r\nThis is a verbatim\nstring\r\n", "DEBUG", "PROTOCOL", "verbatim");
            expect(c, ":1\r\n", "DEBUG", "PROTOCOL", "true");
            expect(c, "-ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n",
                    "DEBUG", "PROTOCOL", "bogus");
            c.command("HELLO", "3");
            c.readUntil("*0\r\n"); // HELLO's map ends with its empty modules array
            expect(c, ",3.141\r\n", "DEBUG", "PROTOCOL", "double");
            expect(c, "(1234567999999999999999999999999999999\r\n", "DEBUG", "PROTOCOL", "bignum");
            expect(c, "_\r\n", "DEBUG", "PROTOCOL", "null");
            expect(c, "~3\r\n:0\r\n:1\r\n:2\r\n", "DEBUG", "PROTOCOL", "set");
            expect(c, "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n", "DEBUG", "PROTOCOL", "map");
            expect(c, "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
                    + "$39\r\nSome real reply following the attribute\r\n", "DEBUG", "PROTOCOL", "attrib");
            expect(c, ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n",
                    "DEBUG", "PROTOCOL", "push");
            expect(c, "=29\r\ntxt:This is a verbatim\nstring\r\n", "DEBUG", "PROTOCOL", "verbatim");
            expect(c, "#f\r\n", "DEBUG", "PROTOCOL", "false");
        }
    }

    @Test
    void scriptsRunServerCommandsThatRedisAllowsThem() {
        try (RawClient c = client()) {
            expect(c, "+PONG\r\n", "EVAL", "return redis.call('ping')", "0");
            expect(c, "$2\r\nhi\r\n", "EVAL", "return redis.call('echo', 'hi')", "0");
            expect(c, ":2\r\n", "EVAL", "return #redis.call('time')", "0");
            expect(c, ":1\r\n", "EVAL", "return string.find(redis.call('info', 'server'), 'redis_version') ~= nil",
                    "0");
            // CLIENT HELP's lines are status replies: tables {ok=...} to the script, status again to the client.
            expect(c, "+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n",
                    "EVAL", "return redis.call('client', 'help')[1]", "0");
        }
    }

    @Test
    void refusalsUseRedisTexts() {
        try (RawClient c = client()) {
            assertRefused(c, "return redis.call('client', 'id')", "This Redis command is not allowed from script");
            assertRefused(c, "return redis.call('config', 'get', 'maxmemory')",
                    "This Redis command is not allowed from script");
            assertRefused(c, "return redis.call('debug', 'protocol', 'double')",
                    "This Redis command is not allowed from script");
            assertRefused(c, "return redis.call('monitor')", "This Redis command is not allowed from script");
            assertRefused(c, "return redis.call('echo')", "Wrong number of args calling Redis command from script");
            assertRefused(c, "return redis.call('nosuchcommand')", "Unknown Redis command called from script");
            // redis.pcall hands the refusal to the script as an error table.
            expect(c, "$49\r\nERR This Redis command is not allowed from script\r\n",
                    "EVAL", "return redis.pcall('client', 'list')['err']", "0");
        }
    }

    private static void assertRefused(RawClient c, String script, String error) {
        c.command("EVAL", script, "0");
        String line = c.readLine();
        assertTrue(line.startsWith("-ERR " + error + " script: "), line);
    }

    @Test
    void debugProtocolRepliesReachScriptsAsRedisConvertsThem() {
        try (RawClient c = client()) {
            expect(c, "+OK\r\n", "DEBUG", "SET-DISABLE-DENY-SCRIPTS", "1");
            try {
                // RESP2 client: the script's RESP version changes what the script sees, and RESP2
                // is what reaches the client.
                expect(c, "$37\r\n1234567999999999999999999999999999999\r\n",
                        "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'bignum')", "0");
                expect(c, "$5\r\n3.141\r\n",
                        "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'double')", "0");
                expect(c, "$8\r\n123  123\r\n", "EVAL", "return {big_number='123\\r\\n123'}", "0");
                expect(c, "$-1\r\n", "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'push')", "0");
                expect(c, "$5\r\n3.141\r\n",
                        "EVAL", "redis.setresp(2); return redis.call('debug', 'protocol', 'double')", "0");
                expect(c, ":0\r\n", "EVAL", "redis.setresp(2); return redis.call('debug', 'protocol', 'false')", "0");
                expect(c, "-ERR RESP2 is not supported by this command script: ",
                        "EVAL", "redis.setresp(2); return redis.call('debug', 'protocol', 'push')", "0");
                c.readLine();
                c.command("HELLO", "3");
                c.readUntil("*0\r\n");
                expect(c, "(1234567999999999999999999999999999999\r\n",
                        "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'bignum')", "0");
                expect(c, "$37\r\n1234567999999999999999999999999999999\r\n",
                        "EVAL", "redis.setresp(2); return redis.call('debug', 'protocol', 'bignum')", "0");
                expect(c, ",3.141\r\n",
                        "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'double')", "0");
                expect(c, "(123  123\r\n", "EVAL", "return {big_number='123\\r\\n123'}", "0");
                expect(c, "%3\r\n", "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'map')", "0");
                java.util.Set<String> pairs = new java.util.HashSet<>();
                for (int i = 0; i < 3; i++) { // in the Lua table's order
                    pairs.add(c.readLine() + c.readLine());
                }
                assertEquals(java.util.Set.of(":0\r\n#f\r\n", ":1\r\n#t\r\n", ":2\r\n#f\r\n"), pairs);
                expect(c, "=29\r\ntxt:This is a verbatim\nstring\r\n",
                        "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'verbatim')", "0");
                expect(c, "$39\r\nSome real reply following the attribute\r\n",
                        "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'attrib')", "0");
                expect(c, "#t\r\n", "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'true')", "0");
                expect(c, "_\r\n", "EVAL", "redis.setresp(3); return redis.call('debug', 'protocol', 'push')", "0");
                expect(c, "+OK\r\n", "EVAL", "return redis.call('debug', 'sleep', '0')", "0");
            } finally {
                c.command("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0");
            }
        }
    }

    @Test
    void aScriptDeletesAnExpiredKeyThatDebugObjectStillFinds() {
        try (RawClient c = client()) {
            expect(c, "+OK\r\n", "DEBUG", "SET-ACTIVE-EXPIRE", "0");
            try {
                expect(c, "+OK\r\n", "SET", "expiring", "v", "PX", "1");
                long deadline = System.currentTimeMillis() + 5;
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .pollInterval(java.time.Duration.ofMillis(2))
                        .until(() -> System.currentTimeMillis() > deadline);
                // As Redis's debug.c, DEBUG OBJECT finds the key without expiring it (scripting.tcl's
                // "Script delete the expired key" relies on that), a script's EXISTS deletes it.
                expect(c, "+Value at:", "DEBUG", "OBJECT", "expiring");
                c.readLine();
                expect(c, ":0\r\n", "EVAL", "return redis.call('EXISTS', 'expiring')", "0");
                expect(c, "-ERR no such key\r\n", "DEBUG", "OBJECT", "expiring");
            } finally {
                c.command("DEBUG", "SET-ACTIVE-EXPIRE", "1");
                c.readLine();
            }
        }
    }

    @Test
    void allowOomScriptsWritePastMaxmemoryAndFlaggedOnesWithoutItDoNotStart() {
        String oom = "-OOM command not allowed when used memory > 'maxmemory'.";
        try (RawClient c = client()) {
            expect(c, "+OK\r\n", "SET", "x", "123");
            expect(c, "+OK\r\n", "CONFIG", "SET", "maxmemory", "1");
            try {
                // As scripting.tcl's "allow-oom shebang flag", replies checked against redis-server.
                expect(c, oom + " script: ", "EVAL", "redis.call('set','x',1) return 1", "1", "x");
                c.readLine();
                expect(c, "$3\r\n123\r\n", "EVAL", "return redis.call('get','x')", "1", "x");
                expect(c, oom + "\r\n", "EVAL", "#!lua flags=\nreturn 1", "1", "x");
                expect(c, ":1\r\n", "EVAL", "#!lua flags=allow-oom\nredis.call('set','x',1) return 1", "1", "x");
                expect(c, ":1\r\n", "EVAL", "#!lua flags=no-writes\nredis.call('get','x') return 1", "1", "x");
            } finally {
                c.command("CONFIG", "SET", "maxmemory", "0");
                c.readLine();
            }
        }
    }

    private static final Pattern LINE = Pattern.compile("\\+\\d+\\.\\d{6} \\[(\\d+) ([^\\]]+)\\] (.*)\r\n");

    @Test
    void monitorShowsTheCommandsAScriptRunsAfterTheScript() {
        try (RawClient monitor = client(); RawClient c = client()) {
            monitor.command("MONITOR");
            assertEquals("+OK\r\n", monitor.readLine());
            c.command("EVAL", "redis.call('set', KEYS[1], 'v'); redis.call('select', '2'); redis.call('ping');"
                    + " redis.call('slowlog', 'len'); redis.pcall('incr', KEYS[1]); return redis.call('get', KEYS[1])",
                    "1", "k");
            c.readLine();
            c.command("FCALL", "nosuchfunction", "0");
            c.readLine();
            String eval = line(monitor, "0", "127.0.0.1:");
            assertTrue(eval.startsWith("\"EVAL\" \"redis.call('set'"), eval);
            assertEquals("\"set\" \"k\" \"v\"", line(monitor, "0", "lua"));
            // Fed after each command ran, so SELECT's line shows the database it selected.
            assertEquals("\"select\" \"2\"", line(monitor, "2", "lua"));
            assertEquals("\"ping\"", line(monitor, "2", "lua"));
            // SLOWLOG is an admin command: hidden, from scripts too; a failed command is shown.
            assertEquals("\"incr\" \"k\"", line(monitor, "2", "lua"));
            assertEquals("\"get\" \"k\"", line(monitor, "2", "lua"));
            assertEquals("\"FCALL\" \"nosuchfunction\" \"0\"", line(monitor, "0", "127.0.0.1:"));
        }
    }

    private static String line(RawClient monitor, String db, String source) {
        String line = monitor.readLine();
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(db, m.group(1), line);
        assertTrue(m.group(2).startsWith(source), line);
        return m.group(3);
    }
}
