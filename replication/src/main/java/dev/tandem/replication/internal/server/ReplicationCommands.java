/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static dev.tandem.replication.internal.server.ServerCommand.Flag.LOADING;
import static dev.tandem.replication.internal.server.ServerCommand.Flag.NO_MULTI;
import static dev.tandem.replication.internal.server.ServerCommand.Flag.STALE;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** ROLE, REPLICAOF/SLAVEOF, WAIT, REPLCONF, PSYNC and SYNC: the server's side of replication. */
public final class ReplicationCommands {

    public static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note "
            + "that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes "
            + "to replicas are just local and are not propagated.";

    private final RespServer server;

    private ReplicationCommands(RespServer server) {
        this.server = server;
    }

    static List<ServerCommand> all(RespServer server) {
        ReplicationCommands r = new ReplicationCommands(server);
        return List.of(
                ServerCommand.of("role", 1, r::role, LOADING, STALE),
                ServerCommand.of("replicaof", 3, r::replicaOf, STALE),
                ServerCommand.of("slaveof", 3, r::replicaOf, STALE),
                ServerCommand.of("wait", 3, r::waitForReplicas),
                ServerCommand.of("failover", -1, r::failover, STALE),
                ServerCommand.of("replconf", -1, r::replconf, LOADING, STALE),
                ServerCommand.of("psync", -3, ReplicationCommands::sync, NO_MULTI),
                ServerCommand.of("sync", 1, ReplicationCommands::sync, NO_MULTI),
                ReplDelayCommand.command(server));
    }

    private Reply role(ClientConnection client, byte[][] argv, boolean inTransaction) {
        return toReply(server.replication().replicationInfo().role().toElements());
    }

    /** ROLE's elements: String = bulk, Long/Integer = integer, List = array. */
    static Reply toReply(Object element) {
        if (element instanceof String s) {
            return Reply.bulk(s);
        }
        if (element instanceof Long || element instanceof Integer) {
            return Reply.integer(((Number) element).longValue());
        }
        if (element instanceof List<?> list) {
            List<Reply> items = new ArrayList<>(list.size());
            for (Object o : list) {
                items.add(toReply(o));
            }
            return Reply.array(items);
        }
        throw new IllegalArgumentException("unexpected ROLE element: " + element);
    }

    private Reply replicaOf(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (client.kind() == ClientKind.REPLICA) {
            return Reply.error("ERR Command is not valid when client is a replica.");
        }
        if (Args.is(argv[1], "no") && Args.is(argv[2], "one")) {
            return server.replication().promote();
        }
        long port = Args.parseLong(argv[2]);
        if (port < 0 || port > 65535) {
            throw RedisError.notInteger();
        }
        return server.replication().replicaOf(CommandDispatcher.text(argv[1]), (int) port);
    }

    /** {@code FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]}, parsed as Redis 7.0's failoverCommand. */
    private Reply failover(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length == 2 && Args.is(argv[1], "abort")) {
            return server.replication().abortFailover();
        }
        long timeout = 0;
        boolean force = false;
        long port = 0;
        String host = null;
        for (int j = 1; j < argv.length; j++) {
            if (Args.is(argv[j], "timeout") && j + 1 < argv.length && timeout == 0) {
                timeout = Args.parseLong(argv[j + 1]);
                if (timeout <= 0) {
                    return Reply.error("ERR FAILOVER timeout must be greater than 0");
                }
                j++;
            } else if (Args.is(argv[j], "to") && j + 2 < argv.length && host == null) {
                port = Args.parseLong(argv[j + 2]);
                host = CommandDispatcher.text(argv[j + 1]);
                j += 2;
            } else if (Args.is(argv[j], "force") && !force) {
                force = true;
            } else {
                throw RedisError.syntax();
            }
        }
        // A port no replica can listen on matches none (Redis compares its long the same way).
        int p = port < 0 || port > 65535 ? -1 : (int) port;
        return server.replication().failover(host, p, force, timeout);
    }

    private Reply waitForReplicas(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (server.replication().replicationInfo().isReplica()) {
            return Reply.error(WAIT_ON_REPLICA);
        }
        long numReplicas = Args.parseLong(argv[1]);
        long timeout = Args.parseLong(argv[2], "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            return Reply.error("ERR timeout is negative");
        }
        long acked = server.replication().acknowledgedReplicas(client.writeOffset);
        if (inTransaction || acked >= numReplicas) {
            return Reply.integer(acked);
        }
        int wanted = (int) Math.min(numReplicas, Integer.MAX_VALUE);
        CompletableFuture<Long> acks = server.replication()
                .waitForReplicas(client.writeOffset, wanted, timeout).toCompletableFuture();
        CompletableFuture<Reply> reply = acks.thenApply(Reply::integer);
        // A client that disconnects while blocked withdraws its wait (0 = forever would leak).
        reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) {
                acks.cancel(false);
            }
        });
        client.deferredReply = reply;
        return null;
    }

    private Reply replconf(ClientConnection client, byte[][] argv, boolean inTransaction) {
        return server.replication().replconf(client, argv);
    }

    /** The hand-off happens in the connection handler, once earlier replies are on their way. */
    private static Reply sync(ClientConnection client, byte[][] argv, boolean inTransaction) {
        client.pendingSync = argv;
        return null;
    }
}
