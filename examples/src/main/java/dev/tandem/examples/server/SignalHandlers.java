/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import org.slf4j.Logger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handled as redis-server handles them: log {@code Received SIGTERM scheduling
 * shutdown...} and let the main thread shut down and exit with status 0. The JVM's own handling
 * (shutdown hooks) cannot tell which signal arrived and exits with 128 + the signal number, so
 * the launcher uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module, the JDK's
 * supported way to handle signals until a standard API exists.
 */
final class SignalHandlers {

    private SignalHandlers() {
    }

    /** Installs the handlers; a signal whose handler cannot be installed is left to the JVM (and logged). */
    static void install(ServerShutdown shutdown, Logger log) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal ->
                        shutdown.request("Received SIG" + signal.getName() + " scheduling shutdown..."));
            } catch (IllegalArgumentException e) {
                // -Xrs, or a platform without this signal: the JVM's shutdown hook still closes the node.
                log.debug("Cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
