/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tandem.testkit.RedisServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher rejects bad configurations with exactly the text redis-server 7.0 prints,
 * apart from the server named in the header: each case runs the real redis-server on the same
 * file and arguments (it exits at once, before listening; files start with {@code port 0} so
 * that even a wrongly accepted case would not listen) and compares the reports.
 */
@Tag("interop")
class RedisConfigErrorsInteropTest {

    private static final String REDIS = "Redis 7.0.15";

    @TempDir
    Path dir;

    static Stream<Arguments> badLines() {
        return ConfigFileLoaderTest.badValues();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void badLineInTheFile(String line, String reason) throws Exception {
        compare("port 0\n" + line + "\n");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("port 0\nfoo bar\n", List.of()),
                Arguments.of("port 0\n# comment\n\n   replicaoff 127.0.0.1 6379\n", List.of()),
                Arguments.of("port 0\nfoo # not a comment\n", List.of()),
                Arguments.of("port 0\n\"\" 1\n", List.of()),
                Arguments.of("port 0\r\nloglevel notice\r\nbogus\r\n", List.of()),
                Arguments.of("port 0\nlogfile /nonexistent/dir/x.log\n", List.of()),
                Arguments.of("port 0\nloglevel notice\n", List.of("--port", "abc")),
                Arguments.of("port 0\nloglevel notice", List.of("--bogus", "x")),
                Arguments.of("port 0\n", List.of("--port", "1", "--maxclients", "5", "--replicaof", "127.0.0.1", "6x")),
                Arguments.of("port 0\n", List.of("--replicaof", "127.0.0.1 6x")),
                Arguments.of("port 0\n", List.of("--protected-mode", "ma ybe")),
                Arguments.of("port 0\n", List.of("--port")),
                Arguments.of("port 0\n", List.of("--appendonly")),
                Arguments.of("port 0\n", List.of("--bogus", "a\tb\u0001\"")),
                Arguments.of("port 0\n", List.of("--save", "1")),
                Arguments.of("port 0\n", List.of("--save", "--bogus", "1")),
                Arguments.of("port 0\n", List.of("--requirepass", "--port", "x")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badFiles")
    void badFileOrCommandLine(String text, List<String> args) throws Exception {
        compare(text, args.toArray(String[]::new));
    }

    @Test
    void errorInAnIncludedFile() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "# c\n\nport 1 2\n");
        compare("port 0\ninclude inc.conf\n");
    }

    @Test
    void missingIncludedFile() throws Exception {
        Files.writeString(dir.resolve("redis.conf"), "port 0\ninclude missing.conf\n");
        String redis = runRedis("redis.conf");
        ConfigFileException ours = assertThrows(ConfigFileException.class,
                () -> new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse("redis.conf")));
        // Redis logs this one with its log-line prefix ("<pid>:C <date> # "); the text after it is the same.
        String expected = ours.report(REDIS);
        if (!redis.endsWith("# " + expected)) {
            fail("redis-server said:\n" + redis + "\nTandem says:\n" + expected);
        }
    }

    private void compare(String text, String... args) throws Exception {
        Files.writeString(dir.resolve("redis.conf"), text);
        List<String> all = new ArrayList<>(List.of("redis.conf"));
        all.addAll(List.of(args));
        String redis = runRedis(all.toArray(String[]::new));
        ConfigFileException ours = assertThrows(ConfigFileException.class,
                () -> new ConfigFileLoader(dir, InputStream.nullInputStream())
                        .load(LauncherCommandLine.parse(all.toArray(String[]::new))));
        assertEquals(redis, ours.report(REDIS));
    }

    /** Runs redis-server in {@link #dir}; it must exit with status 1. Returns what it printed. */
    private String runRedis(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RedisServerProcess.requireBinary()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                fail("redis-server accepted the configuration and kept running: " + List.of(args));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, process.exitValue(), output);
            return output;
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
