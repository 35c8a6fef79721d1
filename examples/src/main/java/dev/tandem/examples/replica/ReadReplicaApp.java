/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.replica;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A Java application that embeds a read replica of an existing Redis (or Tandem) master and
 * serves reads from its own memory: every lookup is answered in-process, without a network round
 * trip, while the replica follows the master's writes in the background.
 *
 * <pre>
 * java -cp examples/target/tandem-demo.jar dev.tandem.examples.replica.ReadReplicaApp \
 *     --replicaof 127.0.0.1 6379 [--masterauth secret]
 * </pre>
 *
 * <p>Once synced, it reads key names from standard input, one per line, and prints each key's
 * value from the local replica; an empty line or the end of input stops it. Link changes (the
 * master going away, a resync) are printed as they happen. The replica also listens on
 * 127.0.0.1 ({@code --port}, any free port by default), so {@code redis-cli} can read from it
 * too; it refuses writes, as a Redis replica does.
 */
public final class ReadReplicaApp {

    private ReadReplicaApp() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // The replica's own log lines would mix with the answers; -D...defaultLogLevel=info shows them.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, in, System.out, System.err));
    }

    /** Runs the application; returns the exit status (0 done, 1 no sync, 2 bad arguments). */
    static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        ReadReplicaOptions options;
        try {
            options = ReadReplicaOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(ReadReplicaOptions.USAGE);
            return 2;
        }
        ReplicatedKeyspace.Builder builder = ReplicatedKeyspace.builder()
                .name("read-replica")
                .listen("127.0.0.1", options.listenPort())
                .replicaOf(options.masterHost(), options.masterPort())
                .directive("replica-read-only", "yes")
                .listener(event -> describe(event, out));
        options.masterAuth().ifPresent(password -> builder.directive("masterauth", password));
        options.masterUser().ifPresent(user -> builder.directive("masteruser", user));
        try (ReplicatedKeyspace replica = builder.start()) {
            out.printf("Replica of %s:%d, listening on 127.0.0.1:%d; syncing...%n", options.masterHost(),
                    options.masterPort(), replica.port());
            if (!replica.awaitSynced(options.syncTimeout())) {
                err.printf("No sync with %s:%d within %d s (is the master reachable, is masterauth right?)%n",
                        options.masterHost(), options.masterPort(), options.syncTimeout().toSeconds());
                return 1;
            }
            out.printf("In sync: %d keys in database 0, replication offset %d.%n", replica.dbsize(),
                    replica.masterReplOffset());
            out.println("Type a key to read it from the local replica (an empty line ends):");
            String key;
            while ((key = in.readLine()) != null && !key.isEmpty()) {
                out.println(lookup(replica, key));
            }
            return 0;
        }
    }

    /** One key's value from the local replica, with its type, in one line. */
    static String lookup(ReplicatedKeyspace replica, String key) {
        Reply type = replica.execute("TYPE", key);
        String typeName = type instanceof Reply.SimpleReply simple ? simple.text() : type.toString();
        String value = switch (typeName) {
            case "none" -> "(no such key)";
            case "string" -> "\"" + replica.get(key) + "\"";
            case "list" -> replica.llen(key) + " items " + replica.lrange(key, 0, 9) + more(replica.llen(key), 10);
            case "set" -> replica.scard(key) + " members " + sorted(replica.smembers(key));
            case "hash" -> replica.hlen(key) + " fields " + replica.hgetAll(key);
            case "zset" -> replica.zcard(key) + " members " + replica.zrange(key, 0, 9) + more(replica.zcard(key), 10);
            default -> "(a " + typeName + ")";
        };
        return key + " (" + typeName + "): " + value;
    }

    private static String more(long size, int shown) {
        return size > shown ? " ..." : "";
    }

    private static List<String> sorted(Set<String> members) {
        return members.stream().sorted().toList();
    }

    private static void describe(ReplicationEvent event, PrintStream out) {
        if (event instanceof ReplicationEvent.SyncCompleted s) {
            out.println("[replica] " + s.kind() + " sync with " + s.master() + " completed"
                    + (s.keys() > 0 ? " (" + s.keys() + " keys)" : ""));
        } else if (event instanceof ReplicationEvent.LinkDown d) {
            out.println("[replica] link to " + d.master() + " down: " + d.reason()
                    + " (reads are served from the last data while it reconnects)");
        } else if (event instanceof ReplicationEvent.HandshakeFailed h) {
            out.println("[replica] cannot sync with " + h.master() + ": " + h.reason());
        } else if (event instanceof ReplicationEvent.SyncFailed f) {
            out.println("[replica] sync with " + f.master() + " failed: " + f.reason());
        }
    }
}
