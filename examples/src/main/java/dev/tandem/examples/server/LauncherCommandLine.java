/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * redis-server's command line: {@code [config-file] [-] [--directive value ...]}.
 *
 * <p>As in Redis 7.0: a first argument not starting with {@code -} is the configuration file;
 * {@code -} as the first or last argument also reads configuration from standard input; every
 * {@code --name} starts a directive whose values are the following arguments up to the next
 * {@code --name} (a value may itself start with {@code --} when it directly follows a bare
 * name, as in {@code --masterauth --secret}); {@code --save} with nothing after it means
 * {@code save ""}. The directives become text lines appended after the file, each value quoted
 * so that it survives Redis's line syntax unchanged: {@code --port 7000} is the line
 * {@code port "7000"}, which is what an error message shows. {@code -v}/{@code --version} and
 * {@code -h}/{@code --help} as the first argument ask for the version or the usage.
 *
 * @param action what to do
 * @param configFile the configuration file as given
 * @param configFromStdin whether {@code -} was given
 * @param options the command-line directives as configuration text (empty if none)
 * @param hasArguments whether any argument was given; without any, Redis warns that it runs
 *     on defaults and appends nothing to the configuration
 */
public record LauncherCommandLine(Action action, Optional<String> configFile, boolean configFromStdin,
        byte[] options, boolean hasArguments) {

    /** What the command line asks for. */
    public enum Action {
        RUN, PRINT_VERSION, PRINT_USAGE
    }

    public LauncherCommandLine {
        options = options.clone();
    }

    @Override
    public byte[] options() {
        return options.clone();
    }

    /** Reads the arguments as redis-server's {@code main} does. */
    public static LauncherCommandLine parse(String... args) {
        if (args.length == 0) {
            return new LauncherCommandLine(Action.RUN, Optional.empty(), false, new byte[0], false);
        }
        if (args[0].equals("-v") || args[0].equals("--version")) {
            return new LauncherCommandLine(Action.PRINT_VERSION, Optional.empty(), false, new byte[0], true);
        }
        if (args[0].equals("-h") || args[0].equals("--help")) {
            return new LauncherCommandLine(Action.PRINT_USAGE, Optional.empty(), false, new byte[0], true);
        }
        int j = 0;
        Optional<String> configFile = Optional.empty();
        if (!args[0].startsWith("-")) {
            configFile = Optional.of(args[0]);
            j = 1;
        }
        boolean fromStdin = false;
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        // False right after a bare "--name": the next argument is its value even if it starts with "--".
        boolean lastDirectiveHasValue = true;
        for (; j < args.length; j++) {
            String arg = args[j];
            boolean last = j == args.length - 1;
            if (arg.equals("-") && (j == 0 || last)) {
                fromStdin = true;
            } else if (lastDirectiveHasValue && arg.startsWith("--")) {
                if (options.size() > 0) {
                    options.write('\n');
                }
                options.writeBytes(utf8(arg.substring(2)));
                options.write(' ');
                int words = ConfigArgs.split(utf8(arg)).map(java.util.List::size).orElse(0);
                if (words == 1) { // a bare name; a name with its value in one argument ("--port 7000") is complete
                    lastDirectiveHasValue = false;
                    boolean nextIsDirective = !last && args[j + 1].startsWith("--");
                    if (arg.equalsIgnoreCase("--save") && (nextIsDirective || last)) {
                        // Redis 7.0.1+: "--save" followed by another directive or nothing means save "".
                        options.writeBytes(utf8("\"\""));
                        lastDirectiveHasValue = nextIsDirective;
                    } else if (arg.equalsIgnoreCase("--sentinel") && nextIsDirective) {
                        lastDirectiveHasValue = true; // a pseudo directive without a value
                    }
                } else {
                    lastDirectiveHasValue = true;
                }
            } else {
                options.writeBytes(ConfigArgs.quote(utf8(arg)));
                options.write(' ');
                lastDirectiveHasValue = true;
            }
        }
        return new LauncherCommandLine(Action.RUN, configFile, fromStdin, options.toByteArray(), true);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LauncherCommandLine other && action == other.action && configFile.equals(other.configFile)
                && configFromStdin == other.configFromStdin && Arrays.equals(options, other.options)
                && hasArguments == other.hasArguments;
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(action, configFile, configFromStdin, hasArguments) + Arrays.hashCode(options);
    }

    @Override
    public String toString() {
        return "LauncherCommandLine[action=" + action + ", configFile=" + configFile + ", configFromStdin="
                + configFromStdin + ", options=" + options.length + " bytes (not shown: they may hold passwords)"
                + ", hasArguments=" + hasArguments + "]";
    }
}
