/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem-server}: a Tandem node started like {@code redis-server}, from a
 * {@code redis.conf} and command-line directives (see examples/README.md).
 *
 * <p>The order matters: the configuration is read and logging set up before the first logger
 * exists (slf4j-simple reads its settings once); the signal handlers are installed before the
 * node starts, so an early SIGTERM is not lost; the main thread then waits for a shutdown request
 * (SIGTERM, SIGINT or {@code SHUTDOWN}), closes the node and exits with status 0.
 */
public final class TandemServer {

    private TandemServer() {
    }

    public static void main(String[] args) {
        FatalErrors.install(System.err); // before any thread of ours exists
        int status;
        try {
            status = run(args, Path.of("").toAbsolutePath(), System.in, System.out, System.err);
        } catch (InterruptedException e) {
            status = 1;
        }
        System.exit(status);
    }

    /** Runs the server until it is asked to stop; returns the exit status. */
    static int run(String[] args, Path workingDirectory, InputStream stdin, PrintStream out, PrintStream err)
            throws InterruptedException {
        ServerStartup.Outcome outcome = ServerStartup.prepare(args, workingDirectory, stdin, out, err);
        if (outcome instanceof ServerStartup.Exit exit) {
            return exit.status();
        }
        ServerStartup.Run run = (ServerStartup.Run) outcome;
        try {
            LoggingSetup.apply(run.config());
        } catch (IOException e) {
            err.println("Can't open the log file: " + e.getMessage());
            return 1;
        }
        Logger log = LoggerFactory.getLogger(TandemServer.class);
        ServerStartup.logStart(log, run, ProcessHandle.current().pid());

        ServerShutdown shutdown = new ServerShutdown(log);
        SignalHandlers.install(shutdown, log);
        RunningNode node;
        try {
            node = NodeLauncher.start(run.config(), client -> shutdown.request(null), log);
        } catch (NodeStartException e) {
            for (String line : e.getMessage().split("\n")) {
                log.error(line);
            }
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(shutdown.jvmExitHook(node));
        log.info("Server initialized");
        log.info("Ready to accept connections");
        shutdown.awaitRequest();
        if (shutdown.requestedBySignal() && !run.config().savePoints().isEmpty()) {
            // Redis saves on SIGTERM when save points are set. Deviation: when that save fails
            // Redis keeps running; tandem-server logs it and stops all the same (a signal asked).
            try {
                node.node().save();
            } catch (RuntimeException e) {
                log.warn("Error trying to save the DB before exiting: {}", e.getMessage());
            }
        }
        shutdown.shutdown(node);
        return 0;
    }
}
