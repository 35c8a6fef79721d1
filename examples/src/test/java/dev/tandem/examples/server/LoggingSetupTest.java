/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggingSetupTest {

    @TempDir
    Path dir;

    private Map<String, String> properties(String... args) throws Exception {
        LauncherConfig config = new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse(args));
        return LoggingSetup.properties(config, 4242);
    }

    @ParameterizedTest
    @CsvSource({"debug, trace", "verbose, debug", "notice, info", "warning, warn"})
    void redisLevelsMapToSlf4jSimpleLevels(String redis, String slf4j) throws Exception {
        assertEquals(slf4j, properties("--loglevel", redis).get("org.slf4j.simpleLogger.defaultLogLevel"));
    }

    @ParameterizedTest
    @CsvSource({"'', M", "'--replicaof 127.0.0.1 6379', S", "'--replicaof no one', M"})
    void linesStartLikeRedisWithPidAndRole(String args, char role) throws Exception {
        Map<String, String> p = properties(args.isEmpty() ? new String[] {"--port", "1"} : args.split(" "));
        String format = p.get("org.slf4j.simpleLogger.dateTimeFormat");
        SimpleDateFormat date = new SimpleDateFormat(format, Locale.ROOT);
        date.setTimeZone(TimeZone.getTimeZone("UTC"));
        GregorianCalendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        when.clear();
        when.set(2026, 10, 22, 2, 7, 6);
        when.set(GregorianCalendar.MILLISECOND, 123);
        assertEquals("4242:" + role + " 22 Nov 2026 02:07:06.123", date.format(when.getTime()));
        assertEquals("true", p.get("org.slf4j.simpleLogger.showDateTime"));
        assertEquals("false", p.get("org.slf4j.simpleLogger.showThreadName"));
        assertEquals("false", p.get("org.slf4j.simpleLogger.showLogName"));
        assertEquals("false", p.get("org.slf4j.simpleLogger.showShortLogName"));
        assertEquals("false", p.get("org.slf4j.simpleLogger.levelInBrackets"));
    }

    @ParameterizedTest
    @CsvSource({"''", "tandem.log"})
    void theLoggerWritesToStandardOutputWhichALogFileReplaces(String logfile) throws Exception {
        if (!logfile.isEmpty()) {
            Files.createFile(dir.resolve(logfile));
        }
        assertEquals("System.out", properties("--logfile", logfile).get("org.slf4j.simpleLogger.logFile"));
    }
}
