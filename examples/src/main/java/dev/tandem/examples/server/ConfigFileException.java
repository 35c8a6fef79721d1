/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.util.Objects;
import java.util.Optional;

/**
 * The configuration cannot be used; {@link #report} renders it as redis-server 7.0 does
 * before exiting with status 1:
 *
 * <pre>
 *
 * *** FATAL CONFIG FILE ERROR (Tandem 0.1.0) ***
 * Reading the configuration file, at line 2
 * &gt;&gt;&gt; 'foo bar'
 * Bad directive or wrong number of arguments
 * </pre>
 *
 * Redis names its own version in the first line; Tandem names itself and its version there.
 * Line numbers count as Redis counts them: an included file's lines on their own, the
 * command-line directives after the configuration file's lines, one line each.
 */
public final class ConfigFileException extends Exception {

    private final Integer lineNumber;
    private final String line;
    private final String reason;
    private final String unreadableFile;

    private ConfigFileException(Integer lineNumber, String line, String reason, String unreadableFile) {
        super(reason, null, false, false);
        this.lineNumber = lineNumber;
        this.line = line;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.unreadableFile = unreadableFile;
    }

    /** A directive on a line was rejected. */
    static ConfigFileException atLine(int lineNumber, String line, String reason) {
        return new ConfigFileException(lineNumber, line, reason, null);
    }

    /** A check after all lines were read failed (Redis: the log file cannot be opened). */
    static ConfigFileException afterReading(String reason) {
        return new ConfigFileException(null, null, reason, null);
    }

    /** A configuration file (given or included) cannot be read. */
    static ConfigFileException cannotOpen(String path, String reason) {
        return new ConfigFileException(null, null, reason, path);
    }

    /** The line number, counted as Redis counts it, when a line is to blame. */
    public Optional<Integer> lineNumber() {
        return Optional.ofNullable(lineNumber);
    }

    /** The offending line as written (trimmed), when a line is to blame. */
    public Optional<String> line() {
        return Optional.ofNullable(line);
    }

    /** Redis's wording of the problem, e.g. {@code argument must be 'yes' or 'no'}. */
    public String reason() {
        return reason;
    }

    /**
     * The text to print on standard error, every line ending in {@code \n}.
     *
     * @param server what to name in the header, e.g. {@code Tandem 0.1.0}
     */
    public String report(String server) {
        if (unreadableFile != null) {
            return "Fatal error, can't open config file '" + unreadableFile + "': " + reason + "\n";
        }
        StringBuilder out = new StringBuilder("\n*** FATAL CONFIG FILE ERROR (").append(server).append(") ***\n");
        if (lineNumber != null) {
            out.append("Reading the configuration file, at line ").append(lineNumber).append('\n');
            out.append(">>> '").append(line).append("'\n");
        }
        return out.append(reason).append('\n').toString();
    }
}
