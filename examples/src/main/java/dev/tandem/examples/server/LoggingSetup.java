/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Configures slf4j-simple from {@code loglevel} and {@code logfile} so that log lines look as
 * much like Redis's as slf4j-simple allows. slf4j-simple reads its system properties once,
 * when the first logger is created, so {@link #apply} must run before any class that logs is
 * touched.
 *
 * <p>Redis: {@code 4242:M 22 Nov 2026 02:07:06.123 * Ready to accept connections}.<br>
 * Tandem: {@code 4242:M 22 Nov 2026 02:07:06.123 INFO Ready to accept connections}.
 *
 * <p>What differs, because slf4j-simple has no hook for it: the level is a word ({@code TRACE},
 * {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}) instead of Redis's
 * {@code . - * #}; and the role letter after the pid is fixed at start ({@code S} when
 * {@code replicaof} is configured, else {@code M}), while Redis changes it when the role
 * changes at run time. Redis's {@code loglevel} maps as {@link RedisLogLevel} describes.
 * slf4j-simple properties given with {@code -D} on the java command line win over the
 * configuration, so that one can, say, raise the level of a single logger.
 */
final class LoggingSetup {

    static final String PREFIX = "org.slf4j.simpleLogger.";

    private LoggingSetup() {
    }

    /** The slf4j-simple system properties for {@code config} in a process with id {@code pid}. */
    static Map<String, String> properties(LauncherConfig config, long pid) {
        char role = config.replicaOf().isPresent() ? 'S' : 'M';
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "defaultLogLevel", config.logLevel().slf4jSimpleLevel());
        // With a log file, standard output is redirected to it (see apply), so the logger always writes there.
        properties.put(PREFIX + "logFile", "System.out");
        properties.put(PREFIX + "showDateTime", "true");
        properties.put(PREFIX + "dateTimeFormat", "'" + pid + ":" + role + "' dd MMM yyyy HH:mm:ss.SSS");
        properties.put(PREFIX + "showThreadName", "false");
        properties.put(PREFIX + "showLogName", "false");
        properties.put(PREFIX + "showShortLogName", "false");
        properties.put(PREFIX + "levelInBrackets", "false");
        return properties;
    }

    /**
     * Sets the properties (those not already given with {@code -D}), English month names for the
     * date, and, with a {@code logfile}, standard output appended to that file: slf4j-simple would
     * truncate a file it opens itself, whereas Redis appends to its log.
     *
     * @throws IOException when the log file cannot be opened for appending
     */
    static void apply(LauncherConfig config) throws IOException {
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT); // "Nov", whatever the machine's locale
        if (config.logFile().isPresent()) {
            FileOutputStream file = new FileOutputStream(config.logFile().get().toFile(), true);
            System.setOut(new PrintStream(file, true, StandardCharsets.UTF_8));
        }
        properties(config, ProcessHandle.current().pid()).forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
