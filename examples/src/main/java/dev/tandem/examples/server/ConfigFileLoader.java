/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.internal.config.ByteStrings;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.replication.internal.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code redis.conf}-style configuration into a {@link LauncherConfig} with the grammar
 * of Redis 7.0's {@code loadServerConfigFromString}:
 *
 * <ul>
 *   <li>the configuration file, then standard input ({@code -}), then the command-line
 *       directives form one text, read line by line; lines are trimmed, empty lines and lines
 *       starting with {@code #} are skipped, the rest are split with {@link ConfigArgs};
 *   <li>directive names are case-insensitive; later directives override earlier ones;
 *   <li>{@code include <path>} reads another file at that point, its lines numbered on their
 *       own; relative paths start from the current directory, which {@code dir} changes, as
 *       Redis's {@code chdir} does; a wildcard in the file name reads every matching file
 *       (sorted, concatenated as Redis does) and matching nothing is no error;
 *   <li>an unknown directive, a wrong argument count or a bad value stops with
 *       {@link ConfigFileException} worded as Redis words it.
 * </ul>
 *
 * <p>Directives that Redis 7.0 knows but Tandem does not implement (see
 * {@link RedisDirectiveCatalog}) are not errors: each yields one warning in
 * {@link LauncherConfig#warnings()}, unless its value is Redis's default, which asks for
 * nothing Tandem lacks ({@code appendonly no}). {@code save} points become the node's save rules.
 *
 * <p>Arguments of the directives Tandem implements must be valid UTF-8: Tandem holds
 * passwords, host names and paths as text, and refuses to guess rather than mangle them.
 */
public final class ConfigFileLoader {

    /** Redis recurses without limit (and crashes on a cycle); Tandem stops at this depth. */
    static final int MAX_INCLUDE_DEPTH = 32;

    private static final Set<String> DEPRECATED_IGNORED =
            Set.of("list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands");

    private final Path workingDirectory;
    private final InputStream stdin;
    private final RedisDirectiveCatalog catalog = RedisDirectiveCatalog.redis70();

    /**
     * @param workingDirectory the directory relative paths start from (the process's current
     *     directory when run from the command line)
     * @param stdin read when the command line says {@code -}
     */
    public ConfigFileLoader(Path workingDirectory, InputStream stdin) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    /** Reads the configuration that {@code commandLine} names. */
    public LauncherConfig load(LauncherCommandLine commandLine) throws ConfigFileException {
        Reading reading = new Reading(new ConfigDraft(workingDirectory));
        if (commandLine.hasArguments()) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            String fileName = null;
            if (commandLine.configFile().isPresent()) {
                String given = commandLine.configFile().get();
                Path file = resolvePath(workingDirectory, given, given);
                text.writeBytes(readFile(file, given));
                reading.draft.launcher.configFile(file);
                fileName = file.toString();
            }
            int fileEnd = text.size();
            if (commandLine.configFromStdin()) {
                try {
                    text.writeBytes(stdin.readAllBytes());
                } catch (IOException e) {
                    throw ConfigFileException.cannotOpen("-", describe(e));
                }
            }
            int stdinEnd = text.size();
            text.write('\n'); // Redis appends the options after a newline, even when there are none
            text.writeBytes(commandLine.options());
            byte[] all = text.toByteArray();
            int[] lineStarts = lineStarts(all);
            String finalFileName = fileName;
            reading.interpret(all, line -> {
                int offset = lineStarts[line - 1];
                if (offset < fileEnd) {
                    return "line " + line + " of " + finalFileName;
                }
                return offset < stdinEnd ? "line " + line + ", from standard input" : "line " + line + ", from the command line";
            }, 0);
        }
        return reading.finish();
    }

    /** The offset at which each line of {@code text} starts, line 1 first. */
    private static int[] lineStarts(byte[] text) {
        int count = 1;
        for (byte b : text) {
            if (b == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int line = 1;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    /** One load: the draft, the warnings gathered so far. */
    private final class Reading {
        final ConfigDraft draft;
        /** Ignored directive name → where it was first seen; one warning each. */
        final Map<String, String> ignored = new LinkedHashMap<>();
        /** Where the save points that are in force were last added, for the warning. */

        Reading(ConfigDraft draft) {
            this.draft = draft;
        }

        void interpret(byte[] text, IntFunction<String> describeLine, int depth) throws ConfigFileException {
            int lineNumber = 0;
            int start = 0;
            while (start <= text.length) {
                int end = indexOf(text, (byte) '\n', start);
                lineNumber++;
                byte[] line = trim(text, start, end);
                start = end + 1;
                if (line.length == 0 || line[0] == '#') {
                    continue;
                }
                String shown = new String(line, StandardCharsets.UTF_8);
                Optional<List<byte[]>> split = ConfigArgs.split(line);
                if (split.isEmpty()) {
                    throw ConfigFileException.atLine(lineNumber, shown, "Unbalanced quotes in configuration line");
                }
                List<byte[]> args = split.get();
                if (args.isEmpty()) {
                    continue;
                }
                try {
                    apply(args, describeLine.apply(lineNumber), depth);
                } catch (DirectiveException e) {
                    throw ConfigFileException.atLine(lineNumber, shown, e.getMessage());
                }
            }
        }

        private void apply(List<byte[]> args, String where, int depth) throws DirectiveException, ConfigFileException {
            String name = asciiLowerCase(args.get(0));
            List<byte[]> values = args.subList(1, args.size());
            if (name.equals("user") && args.size() >= 2) {
                List<String> user = new ArrayList<>();
                for (byte[] word : values) {
                    user.add(ByteStrings.decode(word)); // passwords are bytes, as requirepass
                }
                draft.launcher.users.add(user);
                return;
            }
            if (name.equals("aclfile") && args.size() == 2) {
                String file = strictUtf8(args.get(1));
                draft.launcher.aclFile = file.isEmpty() ? null : resolvePath(draft.launcher.dir(), file, file);
                return;
            }
            Optional<LauncherDirectives.Directive> implemented = LauncherDirectives.lookup(name);
            if (implemented.isPresent()) {
                LauncherDirectives.Directive directive = implemented.get();
                if (directive.arity() == LauncherDirectives.Arity.SINGLE && values.size() != 1) {
                    throw new DirectiveException("wrong number of arguments");
                }
                List<String> strings = new ArrayList<>();
                for (byte[] value : directive.arity() == LauncherDirectives.Arity.MULTI ? resplit(values) : values) {
                    // Passwords are bytes (as in Redis): mapped without loss; other values are text.
                    strings.add(BYTE_VALUED.contains(name) ? ByteStrings.decode(value) : strictUtf8(value));
                }
                directive.handler().apply(strings, draft);
                return;
            }
            Optional<RedisDirectiveCatalog.Entry> known = catalog.lookup(name);
            if (known.isPresent()) {
                RedisDirectiveCatalog.Entry entry = known.get();
                if (!entry.multiArgument() && values.size() != 1) {
                    throw new DirectiveException("wrong number of arguments");
                }
                List<String> given = new ArrayList<>();
                for (byte[] value : entry.multiArgument() ? resplit(values) : values) {
                    given.add(new String(value, StandardCharsets.UTF_8));
                }
                if (!String.join(" ", given).equalsIgnoreCase(entry.defaultValue())) {
                    ignored.putIfAbsent(name, where);
                }
                return;
            }
            int argc = args.size();
            if (DEPRECATED_IGNORED.contains(name) && argc == 2) {
                return; // Redis 7.0 accepts and ignores these old names silently
            }
            if (name.equals("include") && argc == 2) {
                include(strictUtf8(args.get(1)), depth);
            } else if (name.equals("rename-command") && argc == 3) {
                try {
                    draft.launcher.renames().rename(strictUtf8(args.get(1)), strictUtf8(args.get(2)));
                } catch (IllegalArgumentException e) {
                    throw new DirectiveException(e.getMessage()); // Redis's two texts
                }
            } else if (name.equals("loadmodule") && argc >= 2) {
                ignored.putIfAbsent(name, where);
            } else if (name.indexOf('.') >= 0) {
                if (argc < 2) {
                    throw new DirectiveException("Module config specified without value");
                }
                ignored.putIfAbsent(name, where);
            } else if (name.equals("sentinel")) {
                if (argc != 1) {
                    throw new DirectiveException("sentinel directive while not in sentinel mode");
                }
                ignored.putIfAbsent(name, where);
            } else {
                throw new DirectiveException("Bad directive or wrong number of arguments");
            }
        }

        private void include(String pattern, int depth) throws DirectiveException, ConfigFileException {
            if (depth >= MAX_INCLUDE_DEPTH) {
                throw new DirectiveException("include nesting deeper than " + MAX_INCLUDE_DEPTH + " files (an include cycle?)");
            }
            Path path = resolvePath(draft.launcher.dir(), pattern, pattern);
            byte[] content;
            if (hasWildcard(pattern)) {
                content = readMatching(path, pattern);
            } else {
                content = readFile(path, pattern);
            }
            interpret(content, line -> "line " + line + " of " + pattern, depth + 1);
        }

        /** Redis's {@code glob(3)} case, for wildcards in the file name: every match, in order, one text. */
        private byte[] readMatching(Path path, String pattern) throws DirectiveException, ConfigFileException {
            Path parent = path.getParent();
            String fileGlob = path.getFileName().toString();
            if (parent == null || hasWildcard(parent.toString())) {
                throw new DirectiveException("Tandem supports wildcards in the file name of an include, not in its directories");
            }
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, fileGlob)) {
                for (Path entry : entries) {
                    boolean hidden = entry.getFileName().toString().startsWith(".");
                    if (!hidden || fileGlob.startsWith(".")) { // glob(3): a leading dot must be matched explicitly
                        matches.add(entry);
                    }
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                return new byte[0]; // glob matches nothing: Redis goes on
            } catch (PatternSyntaxException e) {
                // A bracket Java's glob cannot close, or a brace (which glob(3) does not expand):
                // glob(3) takes such a character literally, so the name only matches itself.
                Path literal = parent.resolve(fileGlob);
                return Files.isRegularFile(literal) ? readFile(literal, literal.toString()) : new byte[0];
            } catch (IOException e) {
                throw ConfigFileException.cannotOpen(pattern, describe(e));
            }
            matches.sort(null);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Path match : matches) {
                all.writeBytes(readFile(match, match.toString()));
            }
            return all.toByteArray();
        }

        LauncherConfig finish() throws ConfigFileException {
            LauncherConfig.Builder launcher = draft.launcher;
            ignored.forEach((name, where) -> launcher.warning(
                    "Ignoring '" + name + "' (" + where + "): Tandem does not implement this Redis directive"));
            if (!draft.logfile.isEmpty()) {
                if (draft.logfile.indexOf('\0') >= 0) {
                    // No path holds a NUL byte (a quoted "\x00"); Path.resolve would throw an unchecked exception.
                    throw ConfigFileException.afterReading("Can't open the log file: " + INVALID_ARGUMENT);
                }
                // Redis opens the log file once everything is read, to fail now rather than later.
                try {
                    Path logFile = launcher.dir().resolve(draft.logfile).normalize();
                    Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
                    launcher.logFile(logFile);
                } catch (IOException e) {
                    throw ConfigFileException.afterReading("Can't open the log file: " + describe(e));
                }
            }
            if (!draft.maxmemoryGiven) {
                long heap = Runtime.getRuntime().maxMemory();
                long derived = DefaultMaxMemory.forHeap(heap);
                if (derived > 0) {
                    DirectiveRegistry.applyAtStart(draft.node, "maxmemory", Long.toString(derived));
                    launcher.notice(DefaultMaxMemory.message(derived, heap));
                }
            }
            Settings node;
            try {
                node = draft.node.build();
            } catch (ConfigException e) {
                throw ConfigFileException.afterReading(e.getMessage());
            }
            return launcher.build(node);
        }
    }

    /** Redis splits a lone non-empty argument of a multi-argument directive again ({@code --save "900 1"}). */
    private static List<byte[]> resplit(List<byte[]> values) throws DirectiveException {
        if (values.size() == 1 && values.get(0).length > 0) {
            return ConfigArgs.split(values.get(0))
                    .orElseThrow(() -> new DirectiveException("Unbalanced quotes in configuration line"));
        }
        return values;
    }

    /** {@code strerror(EINVAL)}: what the C library says of a path it cannot take. */
    static final String INVALID_ARGUMENT = "Invalid argument";

    /**
     * {@code base.resolve(value)}, or "can't open" for a value that is no path. A quoted
     * {@code "\x00"} puts a NUL byte in an argument; Java refuses such a path with an unchecked
     * InvalidPathException (C would silently cut the name at the NUL).
     */
    private static Path resolvePath(Path base, String value, String given) throws ConfigFileException {
        try {
            return base.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw ConfigFileException.cannotOpen(given, INVALID_ARGUMENT);
        }
    }

    private static byte[] readFile(Path path, String given) throws ConfigFileException {
        if (Files.isDirectory(path)) {
            throw ConfigFileException.cannotOpen(given, "Is a directory");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw ConfigFileException.cannotOpen(given, describe(e));
        }
    }

    /** The C library's words for the usual failures, as Redis prints {@code strerror(errno)}. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static int indexOf(byte[] text, byte b, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return text.length;
    }

    /**
     * The line between {@code start} and {@code end} cut at its first NUL byte (where Redis's C
     * string ends), without leading and trailing spaces, tabs, CRs and LFs ({@code sdstrim}).
     */
    private static byte[] trim(byte[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text[i] == 0) {
                end = i;
                break;
            }
        }
        while (start < end && isTrimmed(text[start])) {
            start++;
        }
        while (end > start && isTrimmed(text[end - 1])) {
            end--;
        }
        byte[] line = new byte[end - start];
        System.arraycopy(text, start, line, 0, line.length);
        return line;
    }

    private static boolean isTrimmed(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** {@code sdstolower}: C's {@code tolower}, which changes ASCII letters only. */
    private static String asciiLowerCase(byte[] name) {
        byte[] lower = name.clone();
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] >= 'A' && lower[i] <= 'Z') {
                lower[i] += 'a' - 'A';
            }
        }
        return new String(lower, StandardCharsets.UTF_8);
    }

    /** Directives whose values are any bytes (a password need not be UTF-8, issue #14). */
    private static final java.util.Set<String> BYTE_VALUED = java.util.Set.of("requirepass", "masterauth", "masteruser");

    private static String strictUtf8(byte[] value) throws DirectiveException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DirectiveException("argument must be valid UTF-8 (Tandem keeps it as text)");
        }
    }
}
