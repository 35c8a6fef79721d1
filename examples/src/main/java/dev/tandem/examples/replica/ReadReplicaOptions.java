/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.replica;

import java.time.Duration;
import java.util.Optional;

/**
 * The command line of {@link ReadReplicaApp}:
 * {@code --replicaof <host> <port> [--masterauth <password>] [--masteruser <user>]
 * [--port <port>] [--sync-timeout <seconds>]}.
 *
 * @param masterHost the master's host
 * @param masterPort the master's port
 * @param masterAuth {@code masterauth}, if the master requires a password
 * @param masterUser {@code masteruser}, for an ACL user on the master
 * @param listenPort where the replica's own RESP listener binds on 127.0.0.1 (0 = any free port)
 * @param syncTimeout how long to wait for the first sync before giving up
 */
record ReadReplicaOptions(String masterHost, int masterPort, Optional<String> masterAuth, Optional<String> masterUser,
        int listenPort, Duration syncTimeout) {

    static final String USAGE = "Usage: ReadReplicaApp --replicaof <host> <port> [--masterauth <password>] "
            + "[--masteruser <user>] [--port <port>] [--sync-timeout <seconds>]";

    /**
     * Reads the arguments.
     *
     * @throws IllegalArgumentException with a message for the user when they are wrong
     */
    static ReadReplicaOptions parse(String... args) {
        String host = null;
        int masterPort = -1;
        String auth = null;
        String user = null;
        int listenPort = 0;
        int syncSeconds = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--replicaof" -> {
                    host = value(args, ++i, "--replicaof <host> <port>");
                    masterPort = port(value(args, ++i, "--replicaof <host> <port>"), "--replicaof");
                }
                case "--masterauth" -> auth = value(args, ++i, "--masterauth <password>");
                case "--masteruser" -> user = value(args, ++i, "--masteruser <user>");
                case "--port" -> listenPort = port(value(args, ++i, "--port <port>"), "--port");
                case "--sync-timeout" -> syncSeconds = positive(value(args, ++i, "--sync-timeout <seconds>"));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (host == null) {
            throw new IllegalArgumentException("--replicaof <host> <port> is required");
        }
        return new ReadReplicaOptions(host, masterPort, Optional.ofNullable(auth), Optional.ofNullable(user),
                listenPort, Duration.ofSeconds(syncSeconds));
    }

    private static String value(String[] args, int index, String form) {
        if (index >= args.length) {
            throw new IllegalArgumentException("missing value: " + form);
        }
        return args[index];
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": '" + text + "' is not a port (0..65535)");
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--sync-timeout: '" + text + "' is not a positive number of seconds");
    }

    @Override
    public String toString() {
        return "ReadReplicaOptions[master=" + masterHost + ":" + masterPort + ", masteruser=" + masterUser.orElse("")
                + ", masterauth=" + (masterAuth.isPresent() ? "(set)" : "(none)") + ", port=" + listenPort
                + ", syncTimeout=" + syncTimeout + "]";
    }
}
