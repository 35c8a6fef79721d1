/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LauncherCommandLineTest {

    private static String options(String... args) {
        return new String(LauncherCommandLine.parse(args).options(), StandardCharsets.UTF_8);
    }

    static Stream<Arguments> optionTexts() {
        return Stream.of(
                Arguments.of(new String[] {"--port", "7000"}, "port \"7000\" "),
                Arguments.of(new String[] {"--port", "7000", "--replicaof", "127.0.0.1", "6379"},
                        "port \"7000\" \nreplicaof \"127.0.0.1\" \"6379\" "),
                Arguments.of(new String[] {"--port 7000", "--bind", "::1"}, "port 7000 \nbind \"::1\" "),
                // a bare name takes the next argument as its value even when it starts with "--"
                Arguments.of(new String[] {"--requirepass", "--not-a-directive"}, "requirepass \"--not-a-directive\" "),
                Arguments.of(new String[] {"--save", "--port", "1"}, "save \"\"\nport \"1\" "),
                Arguments.of(new String[] {"--port", "1", "--save"}, "port \"1\" \nsave \"\""),
                Arguments.of(new String[] {"--SAVE", "--port", "1"}, "SAVE \"\"\nport \"1\" "),
                Arguments.of(new String[] {"--save", "900 1"}, "save \"900 1\" "),
                Arguments.of(new String[] {"--sentinel", "--port", "1"}, "sentinel \nport \"1\" "),
                Arguments.of(new String[] {"--port"}, "port "),
                Arguments.of(new String[] {"--requirepass", "a\"b\\c\td"}, "requirepass \"a\\\"b\\\\c\\td\" "),
                Arguments.of(new String[] {"--requirepass", "é"}, "requirepass \"\\xc3\\xa9\" "),
                Arguments.of(new String[] {"--bind", "-", "x"}, "bind \"-\" \"x\" "));
    }

    @ParameterizedTest
    @MethodSource("optionTexts")
    void directivesBecomeQuotedLines(String[] args, String expected) {
        assertEquals(expected, options(args));
    }

    @Test
    void firstArgumentNotStartingWithDashIsTheConfigFile() {
        LauncherCommandLine cl = LauncherCommandLine.parse("conf/redis.conf", "--port", "7000");
        assertEquals(Optional.of("conf/redis.conf"), cl.configFile());
        assertEquals("port \"7000\" ", new String(cl.options(), StandardCharsets.UTF_8));
        assertEquals(LauncherCommandLine.Action.RUN, cl.action());
        assertFalse(cl.configFromStdin());
        assertTrue(cl.hasArguments());
    }

    @Test
    void noArgumentsMeansDefaults() {
        LauncherCommandLine cl = LauncherCommandLine.parse();
        assertFalse(cl.hasArguments());
        assertEquals(Optional.empty(), cl.configFile());
        assertEquals(0, cl.options().length);
    }

    @Test
    void dashAsFirstOrLastArgumentReadsStandardInput() {
        assertTrue(LauncherCommandLine.parse("-", "--port", "1").configFromStdin());
        assertTrue(LauncherCommandLine.parse("redis.conf", "--port", "1", "-").configFromStdin());
        LauncherCommandLine middle = LauncherCommandLine.parse("--bind", "-", "--port", "1");
        assertFalse(middle.configFromStdin());
    }

    @Test
    void versionAndHelp() {
        assertEquals(LauncherCommandLine.Action.PRINT_VERSION, LauncherCommandLine.parse("-v").action());
        assertEquals(LauncherCommandLine.Action.PRINT_VERSION, LauncherCommandLine.parse("--version").action());
        assertEquals(LauncherCommandLine.Action.PRINT_USAGE, LauncherCommandLine.parse("-h").action());
        assertEquals(LauncherCommandLine.Action.PRINT_USAGE, LauncherCommandLine.parse("--help", "x").action());
        // only as the first argument, as in Redis
        assertEquals(LauncherCommandLine.Action.RUN, LauncherCommandLine.parse("a.conf", "--version").action());
    }

    @Test
    void toStringDoesNotShowOptionValues() {
        assertFalse(LauncherCommandLine.parse("--requirepass", "hunter2").toString().contains("hunter2"));
    }
}
