/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReadReplicaAppTest {

    private static final String KEYS_TO_READ = "greeting\nuser:1\nqueue\ntags\nleaderboard\nmissing\n\nnot read\n";

    /** What the app printed and returned. */
    private record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = ReadReplicaApp.run(args, new BufferedReader(new StringReader(stdin)), o, e);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertAnswers(Run run) {
        assertEquals(0, run.status(), run::toString);
        List<String> lines = run.lines();
        assertTrue(lines.contains("In sync: 5 keys in database 0, replication offset " + offsetIn(lines) + "."),
                run::toString);
        assertTrue(lines.contains("greeting (string): \"hello\""), run::toString);
        assertTrue(lines.contains("user:1 (hash): 2 fields {name=Ada, language=Java}"), run::toString);
        assertTrue(lines.contains("queue (list): 3 items [a, b, c]"), run::toString);
        assertTrue(lines.contains("tags (set): 2 members [java, redis]"), run::toString);
        assertTrue(lines.contains("leaderboard (zset): 2 members [grace, ada]"), run::toString);
        assertTrue(lines.contains("missing (none): (no such key)"), run::toString);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("not read")), "an empty line ends the lookups");
    }

    private static String offsetIn(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("In sync: ")).findFirst()
                .map(l -> l.substring(l.indexOf("offset ") + 7, l.length() - 1)).orElse("?");
    }

    @Test
    void servesReadsOfATandemMastersDataLocally() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().port(0).directive("requirepass", "pw").start()) {
            master.set("greeting", "hello");
            master.hset("user:1", "name", "Ada");
            master.hset("user:1", "language", "Java");
            master.rpush("queue", "a", "b", "c");
            master.sadd("tags", "redis", "java");
            master.zadd("leaderboard", 3.5, "ada");
            master.zadd("leaderboard", 1, "grace");
            Run run = run(KEYS_TO_READ, "--replicaof", "127.0.0.1", Integer.toString(master.port()),
                    "--masterauth", "pw");
            assertAnswers(run);
        }
    }

    /** The point of the example: a read replica of an existing redis-server, inside a Java application. */
    @Test
    @Tag("interop")
    void servesReadsOfARedisServerMastersDataLocally() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "pw");
                RespClient client = redis.client()) {
            assertEquals("OK", client.call("AUTH", "pw"));
            assertEquals("OK", client.call("SET", "greeting", "hello"));
            client.call("HSET", "user:1", "name", "Ada", "language", "Java");
            client.call("RPUSH", "queue", "a", "b", "c");
            client.call("SADD", "tags", "redis", "java");
            client.call("ZADD", "leaderboard", "3.5", "ada", "1", "grace");
            Run run = run(KEYS_TO_READ, "--replicaof", "127.0.0.1", Integer.toString(redis.port()),
                    "--masterauth", "pw");
            assertAnswers(run);
        }
    }

    @Test
    void aWrongPasswordIsReportedAndEndsWithStatusOne() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().port(0).directive("requirepass", "pw").start()) {
            Run run = run("", "--replicaof", "127.0.0.1", Integer.toString(master.port()), "--masterauth", "wrong",
                    "--sync-timeout", "1");
            assertEquals(1, run.status(), run::toString);
            assertTrue(run.err().startsWith("No sync with 127.0.0.1:" + master.port() + " within 1 s"), run::toString);
        }
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of(), "--replicaof <host> <port> is required"),
                Arguments.of(List.of("--replicaof", "127.0.0.1"), "missing value: --replicaof <host> <port>"),
                Arguments.of(List.of("--replicaof", "127.0.0.1", "70000"),
                        "--replicaof: '70000' is not a port (0..65535)"),
                Arguments.of(List.of("--replicaof", "h", "1", "--port", "x"), "--port: 'x' is not a port (0..65535)"),
                Arguments.of(List.of("--replicaof", "h", "1", "--sync-timeout", "0"),
                        "--sync-timeout: '0' is not a positive number of seconds"),
                Arguments.of(List.of("--masterauth"), "missing value: --masterauth <password>"),
                Arguments.of(List.of("--verbose"), "unknown argument '--verbose'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badArguments")
    void badArgumentsPrintTheReasonAndTheUsage(List<String> args, String reason) throws Exception {
        Run run = run("", args.toArray(String[]::new));
        assertEquals(2, run.status());
        assertEquals(reason + "\n" + ReadReplicaOptions.USAGE + "\n", run.err());
        assertEquals("", run.out());
    }
}
