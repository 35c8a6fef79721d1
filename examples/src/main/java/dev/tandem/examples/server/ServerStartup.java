/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * The steps of {@code tandem-server} before a node exists: read the command line and the
 * configuration (printing the version, the usage or a fatal configuration error as
 * redis-server does), then, once logging is set up, log the start banner and one warning per
 * ignored directive. Nothing here creates a logger before {@link LoggingSetup#apply} has run.
 */
final class ServerStartup {

    /** What {@link #prepare} decided. */
    sealed interface Outcome permits Exit, Run {
    }

    /** Stop now with this exit status (version, usage, or a configuration error). */
    record Exit(int status) implements Outcome {
    }

    /** Start a node with this configuration. */
    record Run(LauncherConfig config, boolean hadArguments) implements Outcome {
    }

    private ServerStartup() {
    }

    static Outcome prepare(String[] args, Path workingDirectory, InputStream stdin, PrintStream out, PrintStream err) {
        LauncherCommandLine commandLine = LauncherCommandLine.parse(args);
        switch (commandLine.action()) {
            case PRINT_VERSION -> {
                out.println("Tandem server v=" + TandemVersion.get() + " (Redis 7.0 replication protocol)");
                return new Exit(0);
            }
            case PRINT_USAGE -> {
                out.print(usage());
                return new Exit(0);
            }
            case RUN -> {
                try {
                    LauncherConfig config = new ConfigFileLoader(workingDirectory, stdin).load(commandLine);
                    return new Run(config, commandLine.hasArguments());
                } catch (ConfigFileException e) {
                    err.print(e.report("Tandem " + TandemVersion.get()));
                    err.flush();
                    return new Exit(1);
                }
            }
            default -> throw new IllegalStateException("unknown action " + commandLine.action());
        }
    }

    /** Redis's start lines, then the configuration warnings, one each. */
    static void logStart(Logger log, Run run, long pid) {
        log.info("oO0OoO0OoO0Oo Tandem is starting oO0OoO0OoO0Oo");
        log.info("Tandem version={}, pid={}, just started", TandemVersion.get(), pid);
        if (run.hadArguments()) {
            log.info("Configuration loaded");
        } else {
            log.warn("Warning: no config file specified, using the default config. "
                    + "In order to specify a config file use java -jar tandem-server.jar /path/to/redis.conf");
        }
        for (String warning : run.config().warnings()) {
            log.warn(warning);
        }
        for (String notice : run.config().notices()) {
            log.info(notice);
        }
    }

    static String usage() {
        String jar = "java -jar tandem-server.jar";
        return "Usage: " + jar + " [/path/to/redis.conf] [options] [-]\n"
                + "       " + jar + " - (read config from stdin)\n"
                + "       " + jar + " -v or --version\n"
                + "       " + jar + " -h or --help\n"
                + "\n"
                + "Examples:\n"
                + "       " + jar + " (run the server with default conf)\n"
                + "       " + jar + " /etc/redis/6379.conf\n"
                + "       " + jar + " --port 7777\n"
                + "       " + jar + " --port 7777 --replicaof 127.0.0.1 8888\n"
                + "       " + jar + " /etc/myredis.conf --loglevel verbose -\n"
                + "\n"
                + "Directives are redis.conf's; examples/README.md lists those Tandem implements.\n";
    }
}
