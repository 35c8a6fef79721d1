/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerStartupTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ServerStartup.Outcome prepare(String... args) {
        return ServerStartup.prepare(args, dir, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void versionIsTheBuildVersion() {
        assertEquals(new ServerStartup.Exit(0), prepare("--version"));
        String version = TandemVersion.get();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
        assertEquals("Tandem server v=" + version + " (Redis 7.0 replication protocol)\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usage() {
        assertEquals(new ServerStartup.Exit(0), prepare("-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(
                "Usage: java -jar tandem-server.jar [/path/to/redis.conf] [options] [-]\n"));
    }

    @Test
    void aBadConfigurationPrintsRedisReportAndExitsWithOne() throws Exception {
        Files.writeString(dir.resolve("bad.conf"), "port 1\nfoo bar\n");
        assertEquals(new ServerStartup.Exit(1), prepare("bad.conf"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Tandem " + TandemVersion.get() + ") ***\n"
                + "Reading the configuration file, at line 2\n"
                + ">>> 'foo bar'\n"
                + "Bad directive or wrong number of arguments\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aGoodConfigurationRunsAndTheStartLogNamesEachIgnoredDirective() throws Exception {
        Files.writeString(dir.resolve("redis.conf"), "port 7000\ncluster-enabled yes\n");
        ServerStartup.Run run = assertInstanceOf(ServerStartup.Run.class, prepare("redis.conf", "--latency-tracking", "no"));
        assertEquals(7000, run.config().port());
        RecordingLogger log = new RecordingLogger();
        ServerStartup.logStart(log, run, 4242);
        assertEquals(List.of(
                "INFO oO0OoO0OoO0Oo Tandem is starting oO0OoO0OoO0Oo",
                "INFO Tandem version=" + TandemVersion.get() + ", pid=4242, just started",
                "INFO Configuration loaded",
                "WARN Ignoring 'cluster-enabled' (line 2 of " + dir.resolve("redis.conf")
                        + "): Tandem does not implement this Redis directive",
                "WARN Ignoring 'latency-tracking' (line 4, from the command line): Tandem does not implement this Redis directive",
                "INFO " + DefaultMaxMemory.message(DefaultMaxMemory.forHeap(Runtime.getRuntime().maxMemory()),
                        Runtime.getRuntime().maxMemory())),
                log.lines());
    }

    @Test
    void withoutArgumentsRedisWarnsAboutTheDefaultConfig() {
        ServerStartup.Run run = assertInstanceOf(ServerStartup.Run.class, prepare());
        RecordingLogger log = new RecordingLogger();
        ServerStartup.logStart(log, run, 1);
        assertTrue(log.lines().get(2).startsWith("WARN Warning: no config file specified, using the default config."),
                log.lines().toString());
    }
}
