/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the nodes of both sides with the same replication settings, given once here as
 * {@code redis.conf} directives: Tandem's builder and redis-server's command line take the same
 * names and values.
 */
final class Nodes {
    /**
     * Diskless full sync without delay on the master, {@code swapdb} loading on the replica (the
     * issue's Redis configuration, and Tandem's default behaviour), and a backlog big enough for
     * the partial-resync scenario's 5 s cut on both sides.
     */
    static final Map<String, String> REPLICATION = orderedMap(
            "repl-diskless-sync", "yes",
            "repl-diskless-sync-delay", "0",
            "repl-diskless-load", "swapdb",
            "repl-backlog-size", "256mb");

    private Nodes() {
    }

    /** An in-process Tandem node listening on an ephemeral loopback port (a master until told otherwise). */
    static ReplicatedKeyspace tandem(String name) {
        return ReplicatedKeyspace.builder().name(name).port(0).directives(REPLICATION).start();
    }

    /** A redis-server on an ephemeral loopback port, with {@link #REPLICATION} and any extra directives. */
    static RedisServerProcess redis(String... extra) throws IOException {
        List<String> args = new ArrayList<>();
        REPLICATION.forEach((name, value) -> {
            args.add("--" + name);
            args.add(value);
        });
        args.addAll(List.of(extra));
        return RedisServerProcess.start(args.toArray(String[]::new));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
