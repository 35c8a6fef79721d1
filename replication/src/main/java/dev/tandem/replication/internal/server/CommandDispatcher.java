/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.AclGate;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.CommandFlag;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import dev.tandem.scripting.internal.ScriptingState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.tandem.core.internal.command.CommandKeys;
import dev.tandem.replication.internal.acl.AclDenial;
import dev.tandem.replication.internal.acl.AclUser;
import dev.tandem.replication.internal.config.ByteStrings;
import dev.tandem.resp.RespVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs one request for a connection, with the checks of Redis 7.0's {@code processCommand} in
 * its order: unknown command, arity, authentication, NOREPLICAS, READONLY, MASTERDOWN, LOADING, then MULTI
 * queueing, then execution. Server commands run here; data commands (and SELECT, MULTI, EXEC,
 * ...) run in the keyspace.
 */
final class CommandDispatcher {

    static final String NOAUTH = "NOAUTH Authentication required.";
    static final String LOADING = "LOADING Redis is loading the dataset in memory";
    static final String NOT_IN_MULTI = "ERR Command not allowed inside a transaction";
    static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

    /** What a RESP2 connection with subscriptions may run (Redis 7.0's processCommand). */
    private static final Set<String> SUBSCRIBED_MODE = Set.of("subscribe", "unsubscribe", "psubscribe",
            "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit", "reset");
    /** Container commands: Redis names their subcommands {@code container|sub} in errors. */
    private static final Set<String> CONTAINERS = Set.of("acl", "client", "cluster", "command", "config",
            "function", "latency", "memory", "module", "object", "pubsub", "script", "slowlog", "xgroup", "xinfo");

    private static final byte[] DISCARD = {'D', 'I', 'S', 'C', 'A', 'R', 'D'};

    private final RespServer server;
    private final Keyspace keyspace;
    private final ReplicationHooks replication;
    private final Map<String, ServerCommand> serverCommands = new HashMap<>();
    /** rename-command; empty unless the launcher's configuration renames commands. */
    private final CommandRenames renames;
    /** Server and keyspace commands by name bytes, in one lookup (built after the registrations). */
    private final CommandLookup lookup;

    CommandDispatcher(RespServer server) {
        this.server = server;
        this.keyspace = server.keyspace();
        this.replication = server.replication();
        this.renames = new CommandRenames(name -> RedisCommandNames.isRedisCommand(name)
                || serverCommands.containsKey(name) || keyspace.commands().lookup(name) != null);
        for (ServerCommand c : ConnectionCommands.all(server)) {
            serverCommands.put(c.name(), c);
        }
        for (ServerCommand c : AdminCommands.all(server)) {
            serverCommands.put(c.name(), c);
        }
        serverCommands.put("acl", AclCommand.command(server));
        for (ServerCommand c : ReplicationCommands.all(server)) {
            serverCommands.put(c.name(), c);
        }
        for (ServerCommand c : PubSubCommands.all(server)) {
            serverCommands.put(c.name(), c);
        }
        this.lookup = new CommandLookup(serverCommands, keyspace);
    }

    /**
     * The canonical (lower-case) name of the command {@code name} names, a shared String; for a
     * name that names no command, a new lower-cased String.
     */
    String commandName(byte[] name) {
        CommandLookup.Resolved resolved = lookup.resolve(name);
        return resolved != null ? resolved.name() : lowerName(name);
    }

    CommandRenames renames() {
        return renames;
    }

    Map<String, ServerCommand> serverCommands() {
        return serverCommands;
    }

    /** The lower-case name as Redis matches it (ASCII only). */
    static String lowerName(byte[] name) {
        char[] chars = new char[name.length];
        for (int i = 0; i < name.length; i++) {
            int ch = name[i] & 0xff;
            chars[i] = (char) (ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        return new String(chars);
    }

    /**
     * Executes {@code argv} for {@code client}.
     *
     * @return the reply, or null when the command left a deferred reply or a sync hand-off on
     *         the connection
     */
    Reply dispatch(ClientConnection client, byte[][] argv) {
        CommandLookup.Resolved resolved = renames.isEmpty() ? lookup.resolve(argv[0]) : null;
        if (resolved != null) {
            // The common case: one lookup over the name's bytes, no String built.
            return dispatch(client, argv, resolved.name(), resolved.server(), resolved.spec());
        }
        String name = lowerName(argv[0]);
        if (!renames.isEmpty()) {
            String real = renames.resolve(name);
            if (real == null) {
                return reject(client, name, Keyspace.unknownCommand(argv)); // renamed away: as if unknown
            }
            if (!real.equals(name)) {
                argv = argv.clone(); // the command runs, and propagates, under its real name
                argv[0] = real.getBytes(StandardCharsets.US_ASCII);
                name = real;
            }
        }
        ServerCommand serverCommand = serverCommands.get(name);
        CommandSpec spec = serverCommand == null ? keyspace.commands().lookup(argv[0]) : null;
        return dispatch(client, argv, name, serverCommand, spec);
    }

    private Reply dispatch(ClientConnection client, byte[][] argv, String name, ServerCommand serverCommand,
                           CommandSpec spec) {
        boolean inMulti = client.state.inMulti();

        if (serverCommand == null && spec == null) {
            return reject(client, name, RedisCommandNames.isRedisCommand(name)
                    ? RedisCommandNames.unsupported(name) : Keyspace.unknownCommand(argv));
        }
        if (serverCommand != null ? !serverCommand.arityMatches(argv.length) : !spec.arityMatches(argv.length)) {
            return reject(client, name, RedisError.wrongArity(name).text());
        }
        boolean noAuth = serverCommand != null && serverCommand.has(ServerCommand.Flag.NO_AUTH);
        boolean stale = serverCommand != null ? serverCommand.has(ServerCommand.Flag.STALE) : isStale(spec);
        boolean loading = serverCommand != null ? serverCommand.has(ServerCommand.Flag.LOADING) : stale;
        boolean execOfMulti = spec != null && inMulti && spec.name().equals("exec");
        boolean write = spec != null && (spec.isWrite() || execOfMulti && client.transaction.hasWrite());

        if (!noAuth && authRequired(client)) {
            return reject(client, name, NOAUTH);
        }
        if (client.state.aclGate() == null) {
            client.state.aclGate((called, logAs) -> scriptAclDenial(client, called, logAs));
        }
        if (!noAuth) {
            AclDenial denied = aclDenial(userOf(client), name, argv, spec);
            if (denied != null) {
                logDenial(client, denied.reason(), denied.object(), userOf(client).name());
                return reject(client, name, denied.noperm());
            }
        }
        if (client.protocol() == RespVersion.RESP2 && client.isSubscribed() && !SUBSCRIBED_MODE.contains(name)) {
            // A RESP2 subscriber cannot tell replies from messages, so Redis allows it only these.
            return reject(client, name, "ERR Can't execute '" + fullName(name, argv)
                    + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
        }
        if (client.monitor && spec != null && (spec.isWrite() || spec.flags().contains(CommandFlag.READONLY)
                || spec.flags().contains(CommandFlag.MAY_REPLICATE))) {
            // A MONITOR client is a replica for Redis 7.0, which keeps replicas off the keyspace.
            return reject(client, name, "ERR Replica can't interact with the keyspace");
        }
        if (!client.state.isFromMaster() && !write && name.equals("ping")) {
            // Redis refuses PING too while writes are refused for a failed save (MISCONF), so
            // that a health check notices the disk problem.
            String refused = server.persistence().pingRefusal();
            if (refused != null) {
                return reject(client, name, refused);
            }
        }
        Reply busy = busyScript(client, name, argv);
        if (busy == WAITING) {
            return null;
        }
        if (busy != null) {
            return busy;
        }
        if (!client.state.isFromMaster()) {
            // Replication's write policy; a write is asked again under the keyspace write lock.
            String refused = replication.refusal(write, stale && !(execOfMulti && client.transaction.hasNonStale()));
            if (refused != null) {
                return reject(client, name, refused);
            }
        }
        if (replication.isLoading() && (!loading || execOfMulti && client.transaction.hasNonLoading())) {
            return reject(client, name, LOADING);
        }
        if ((write || spec != null && spec.flags().contains(CommandFlag.MAY_REPLICATE))
                && client.kind() == ClientKind.NORMAL && !client.state.isFromMaster()) {
            // A failover's pause (Redis's CLIENT PAUSE WRITE): the command waits, then runs
            // through every check again — against a replica, it then gets READONLY.
            java.util.concurrent.CompletionStage<Void> pause = replication.writePause();
            if (pause != null) {
                client.postponedUntil = pause;
                return null;
            }
        }
        if (client.kind() != ClientKind.REPLICA && client.kind() != ClientKind.MASTER && !client.state.isFromMaster()
                && !client.monitor) {
            // CLIENT PAUSE: the command waits off the I/O thread, then runs every check again.
            java.util.concurrent.CompletionStage<Void> paused = server.clientPause().waitFor(
                    write || spec != null && spec.flags().contains(CommandFlag.MAY_REPLICATE));
            if (paused != null) {
                client.postponedUntil = paused;
                return null;
            }
        }
        if (inMulti && !isTransactionControl(name)) {
            return queue(client, serverCommand, spec, argv, stale, loading);
        }
        if (serverCommand != null) {
            server.stats().commandProcessed(1);
            return runServerCommand(serverCommand, client, argv, false);
        }
        if (execOfMulti) {
            return exec(client, argv);
        }
        return executeInKeyspace(client, spec, argv);
    }

    /** Redis's cmd->fullname: {@code config|get} for a known subcommand of a container. */
    private static String fullName(String name, byte[][] argv) {
        return CONTAINERS.contains(name) && argv.length > 1 ? name + "|" + lowerName(argv[1]) : name;
    }

    /**
     * While a script has run longer than busy-reply-threshold (holding the keyspace write lock),
     * other clients get BUSY instead of queueing on the lock, and SCRIPT KILL / FUNCTION KILL are
     * answered here, without the lock (Redis 7.0's processCommand and its allow-busy commands).
     * Null when the command goes on as usual.
     */
    /** busyScript's answer for a command left waiting for a running script (a deferred reply). */
    private static final Reply WAITING = Reply.simple("WAITING");

    private Reply busyScript(ClientConnection client, String name, byte[][] argv) {
        ScriptingState scripting = server.scripting();
        if (scripting == null || client.state.isFromMaster()) {
            return null;
        }
        String busy = scripting.busyError();
        if (busy == null) {
            CompletableFuture<Void> wait = scripting.untilEndOrBusy();
            if (wait == null || name.equals("auth") || name.equals("hello") || name.equals("quit")) {
                return null;
            }
            // A script holds the keyspace lock but is not yet BUSY: as in Redis, the command waits
            // (off this I/O thread, which other clients share) until the script ends, or crosses
            // the threshold and the command gets BUSY; then it is dispatched again.
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            client.deferredReply = reply;
            wait.thenRunAsync(() -> {
                try {
                    Reply r = dispatch(client, argv);
                    if (r == null && client.deferredReply instanceof CompletableFuture<Reply> inner && inner != reply) {
                        // The command deferred its own reply (a script): ours follows it.
                        client.deferredReply = reply;
                        inner.whenComplete((v, e) -> {
                            if (e != null) {
                                reply.completeExceptionally(e);
                            } else {
                                reply.complete(v);
                            }
                        });
                    } else {
                        reply.complete(r == null ? Reply.NULL : r);
                    }
                } catch (RuntimeException | Error e) {
                    reply.completeExceptionally(e);
                }
            }, ForkJoinPool.commonPool());
            return WAITING;
        }
        if ((name.equals("script") || name.equals("function")) && argv.length == 2
                && lowerName(argv[1]).equals("kill")) {
            return scripting.kill(name.equals("function"));
        }
        if (name.equals("function") && argv.length == 2 && lowerName(argv[1]).equals("stats")) {
            return scripting.functionStats();
        }
        switch (name) {
            case "auth", "hello", "quit", "shutdown" -> {
                return null;
            }
            default -> {
                return reject(client, name, busy);
            }
        }
    }

    boolean authRequired(ClientConnection client) {
        return !client.isAuthenticated() && server.acl().authRequired();
    }

    /** The connection's ACL user (the default user for connections made without a handler). */
    AclUser userOf(ClientConnection client) {
        AclUser user = client.user();
        return user != null ? user : server.acl().defaultUser();
    }

    /**
     * Redis 7.0's ACLCheckAllUserCommandPerm for one command: each of the user's permission sets
     * (its own rules, then its selectors) is tried — the command (or subcommand) bit, then every key
     * the command's key specs find, checked against the key-spec flags ({@link AclUser#canAccessKey(byte[], int)}),
     * then the channels of the pub/sub commands. Null when one set allows it all; else the most
     * relevant refusal (a channel over a key over a command; of two key refusals, the later key).
     */
    AclDenial aclDenial(AclUser user, String name, byte[][] argv, CommandSpec spec) {
        String full = fullName(name, argv);
        List<CommandKeys.KeyRef> keys = null;
        AclDenial relevant = null;
        int relevantRank = 0;
        int relevantPos = -1;
        for (AclUser set : user.permissionSets()) {
            String sub = CONTAINERS.contains(name) && argv.length > 1 ? lowerName(argv[1]) : null;
            AclDenial denied = null;
            int pos = -1;
            if (!set.canRun(name, sub)) {
                denied = AclDenial.command(full);
            } else if (!set.allKeys() && CommandKeys.hasKeys(full)) {
                if (keys == null) {
                    keys = CommandKeys.keys(full, argv);
                }
                for (CommandKeys.KeyRef key : keys) {
                    if (!set.canAccessKey(argv[key.pos()], key.flags())) {
                        denied = AclDenial.key(ByteStrings.decode(argv[key.pos()]));
                        pos = key.pos();
                        break;
                    }
                }
            }
            if (denied == null) {
                denied = channelDenial(set, name, argv);
            }
            if (denied == null) {
                return null;
            }
            int rank = switch (denied.reason()) {
                case "command" -> 1;
                case "key" -> 2;
                default -> 4;
            };
            if (rank > relevantRank || rank == relevantRank && pos > relevantPos) {
                relevant = denied;
                relevantRank = rank;
                relevantPos = pos;
            }
        }
        return relevant;
    }

    private static AclDenial channelDenial(AclUser user, String name, byte[][] argv) {
        switch (name) {
            case "publish", "spublish" -> {
                return user.canAccessChannel(argv[1], false) ? null : AclDenial.channel(ByteStrings.decode(argv[1]));
            }
            case "subscribe", "ssubscribe", "psubscribe" -> {
                for (int i = 1; i < argv.length; i++) {
                    if (!user.canAccessChannel(argv[i], name.equals("psubscribe"))) {
                        return AclDenial.channel(ByteStrings.decode(argv[i]));
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * ACL DRYRUN: whether {@code user} could run {@code argv}, with Redis 7.0's replies (the
     * command's existence and arity are checked first; nothing runs and nothing is logged).
     */
    Reply dryRun(AclUser user, byte[][] argv) {
        String name = lowerName(argv[0]);
        ServerCommand serverCommand = serverCommands.get(name);
        CommandSpec spec = serverCommand == null ? keyspace.commands().lookup(argv[0]) : null;
        if (serverCommand == null && spec == null) {
            return Reply.error("ERR Command '" + ByteStrings.decode(argv[0]) + "' not found");
        }
        if (serverCommand != null ? !serverCommand.arityMatches(argv.length) : !spec.arityMatches(argv.length)) {
            return Reply.error(RedisError.wrongArity(name).text());
        }
        AclDenial denied = aclDenial(user, name, argv, spec);
        return denied == null ? Reply.OK : Reply.bulk(denied.dryRun());
    }

    /** Adds an ACL LOG entry for {@code client} (context toplevel: Tandem checks before queueing). */
    void logDenial(ClientConnection client, String reason, String object, String username) {
        logDenial(client, reason, "toplevel", object, username);
    }

    private void logDenial(ClientConnection client, String reason, String context, String object, String username) {
        long now = server.keyspace().clock().nowMillis();
        server.acl().log().add(reason, context, object, username, now, ClientCommand.describe(client, now));
    }

    /**
     * The ACL check of a command a script of {@code client} calls ({@code redis.call}/{@code pcall},
     * {@code redis.acl_check_cmd}), with the client's current user; logged under {@code logAs}
     * ({@code lua}) when given, as Redis's scriptVerifyACL.
     */
    private AclGate.Denial scriptAclDenial(ClientConnection client, byte[][] argv, String logAs) {
        String name = lowerName(argv[0]);
        AclUser user = userOf(client);
        AclDenial denied = aclDenial(user, name, argv, keyspace.commands().lookup(argv[0]));
        if (denied == null) {
            return null;
        }
        if (logAs != null) {
            logDenial(client, denied.reason(), logAs, denied.object(), user.name());
        }
        return switch (denied.reason()) {
            case "command" -> AclGate.Denial.COMMAND;
            case "key" -> AclGate.Denial.KEY;
            default -> AclGate.Denial.CHANNEL;
        };
    }

    /** Transaction commands and SELECT run in the keyspace but carry Redis's LOADING and STALE flags. */
    private static boolean isStale(CommandSpec spec) {
        return spec.flags().contains(CommandFlag.TRANSACTION) || spec.name().equals("select")
                || spec.name().equals("publish") || spec.name().equals("spublish");
    }

    private static boolean isTransactionControl(String name) {
        switch (name) {
            case "exec":
            case "discard":
            case "multi":
            case "watch":
            case "quit":
            case "reset":
                return true;
            default:
                return false;
        }
    }

    /**
     * Refuses a command. Inside MULTI this poisons the transaction (EXEC will abort); a refused
     * EXEC itself aborts the transaction with the reason, as Redis's execCommandAbort.
     */
    private Reply reject(ClientConnection client, String name, String error) {
        server.stats().errorReply(error);
        if (serverCommands.containsKey(name)
                || keyspace.commands().lookup(name.getBytes(StandardCharsets.ISO_8859_1)) != null) {
            server.stats().commandStats().rejected(name); // Redis's rejected_calls: known, refused before running
        }
        if (client.state.inMulti()) {
            if (name.equals("exec")) {
                keyspace.execute(client.state, DISCARD);
                client.transaction.reset();
                return Reply.error("EXECABORT Transaction discarded because of: " + error);
            }
            client.transaction.poison();
        }
        return Reply.error(error);
    }

    private Reply queue(ClientConnection client, ServerCommand serverCommand, CommandSpec spec, byte[][] argv,
                        boolean stale, boolean loading) {
        if (serverCommand != null) {
            if (serverCommand.has(ServerCommand.Flag.NO_MULTI)) {
                return reject(client, serverCommand.name(), NOT_IN_MULTI);
            }
            client.transaction.queuedServer(serverCommand, argv);
            return Reply.QUEUED;
        }
        CommandResult result = keyspace.execute(client.state, argv);
        if (result.reply() == Reply.QUEUED) {
            client.transaction.queuedInKeyspace(argv, spec.isWrite(), stale, loading);
        }
        return result.reply();
    }

    private Reply exec(ClientConnection client, byte[][] argv) {
        TransactionOverlay transaction = client.transaction;
        if (transaction.isPoisoned()) {
            long start = System.nanoTime();
            keyspace.execute(client.state, DISCARD);
            transaction.reset();
            Reply aborted = Reply.error(EXECABORT);
            recordCall(client, "exec", argv, System.nanoTime() - start, aborted);
            return aborted;
        }
        List<TransactionOverlay.QueuedServerCommand> queuedServer = List.copyOf(transaction.serverCommands());
        List<byte[][]> queuedData = List.copyOf(transaction.keyspaceCommands());
        transaction.reset();
        long start = System.nanoTime();
        CommandResult result = keyspace.execute(client.state, argv);
        long nanos = System.nanoTime() - start;
        noteWrite(client, result);
        server.stats().commandProcessed(1);
        if (!(result.reply() instanceof Reply.ArrayReply array)) {
            recordCall(client, "exec", argv, nanos, result.reply());
            return result.reply();
        }
        server.stats().commandProcessed(array.items().size());
        if (queuedServer.isEmpty()) {
            for (int i = 0; i < array.items().size() && i < queuedData.size(); i++) {
                recordQueued(client, queuedData.get(i), array.items().get(i));
            }
            recordCall(client, "exec", argv, nanos, array);
            return array;
        }
        int total = array.items().size() + queuedServer.size();
        List<Reply> merged = new ArrayList<>(total);
        int nextData = 0;
        int nextServer = 0;
        for (int position = 0; position < total; position++) {
            if (nextServer < queuedServer.size() && queuedServer.get(nextServer).position() == position) {
                TransactionOverlay.QueuedServerCommand q = queuedServer.get(nextServer++);
                Reply reply = runServerCommand(q.command(), client, q.argv(), true);
                merged.add(reply == null ? Reply.NULL : reply);
            } else {
                Reply item = array.items().get(nextData);
                if (nextData < queuedData.size()) {
                    recordQueued(client, queuedData.get(nextData), item);
                }
                nextData++;
                merged.add(item);
            }
        }
        recordCall(client, "exec", argv, nanos, array);
        return Reply.array(merged);
    }

    private Reply executeInKeyspace(ClientConnection client, CommandSpec spec, byte[][] argv) {
        ScriptingState scripting = server.scripting();
        if (scripting != null && spec.flags().contains(CommandFlag.SCRIPT)) {
            // A script runs on the scripting thread, not this I/O thread, which stays free to
            // tell other clients BUSY; the reply (and this client's next commands) wait for it.
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            client.deferredReply = reply;
            // Redis feeds monitors before a command runs, so a script's line precedes the
            // "[db lua]" lines of the commands it calls (recordCall skips it afterwards).
            server.monitors().feed(fullName(spec.name(), argv), spec.name(), client, argv);
            scripting.executor().execute(() -> {
                try {
                    reply.complete(executeNow(client, spec, argv));
                } catch (RuntimeException | Error e) {
                    reply.completeExceptionally(e);
                }
            });
            return null;
        }
        return executeNow(client, spec, argv);
    }

    private Reply executeNow(ClientConnection client, CommandSpec spec, byte[][] argv) {
        long start = System.nanoTime();
        CommandResult result = keyspace.execute(client.state, argv);
        long nanos = System.nanoTime() - start;
        noteWrite(client, result);
        server.stats().commandProcessed(1);
        dev.tandem.core.internal.BlockedClient blocked = client.state.takeJustBlocked();
        if (blocked != null) {
            // BLPOP & co. found nothing: the reply comes when a key is served or on timeout.
            client.blockedOnKeys = true;
            client.deferredReply = blocked.reply();
            BlockedClientTimeouts.schedule(client.channel(), keyspace, blocked);
            recordWhenUnblocked(blocked, spec.name(), argv, nanos);
            return null;
        }
        if (spec.name().equals("multi") && result.reply() == Reply.OK) {
            client.transaction.reset();
        } else if (spec.name().equals("discard")) {
            client.transaction.reset();
        }
        recordCall(client, spec.name(), argv, nanos, result.reply());
        return result.reply();
    }

    /**
     * A blocked command counts when it is unblocked (served, timed out, or given an error such
     * as {@code -NOGROUP}), as Redis's updateStatsOnUnblock: one call, failed if its reply is an
     * error, which also counts in errorstats. A withdrawn one (its connection closed) counts
     * nothing. Runs on whichever thread completes the reply; the statistics are concurrent.
     */
    private void recordWhenUnblocked(dev.tandem.core.internal.BlockedClient blocked, String name, byte[][] argv,
                                     long nanos) {
        blocked.reply().whenComplete((reply, error) -> {
            if (reply == null) {
                return;
            }
            boolean failed = reply instanceof Reply.ErrorReply;
            if (failed) {
                server.stats().errorReply(((Reply.ErrorReply) reply).text());
            }
            server.stats().commandStats().called(fullName(name, argv), nanos, failed,
                    server.diagnostics().latencyTracking());
        });
    }

    /**
     * A command EXEC ran in the keyspace: its calls and failures, its error reply, MONITOR. Its
     * own duration is not known (the keyspace runs the transaction as one unit), so it adds no
     * time, no latency sample and no slow log entry.
     */
    private void recordQueued(ClientConnection client, byte[][] argv, Reply reply) {
        String name = lowerName(argv[0]);
        boolean failed = reply instanceof Reply.ErrorReply;
        if (failed) {
            server.stats().errorReply(((Reply.ErrorReply) reply).text());
        }
        String stat = fullName(name, argv);
        server.stats().commandStats().called(stat, 0, failed, false);
        server.monitors().feed(stat, name, client, argv);
    }

    /**
     * After a command ran: its error reply (errorstats), INFO commandstats/latencystats, the
     * slow log and the latency monitor, as Redis's call() and afterErrorReply. A container's
     * subcommand counts as {@code container|sub}; a subcommand the container does not know is no
     * command at all for Redis (only the error counts), and a subcommand's arity error is a
     * rejected call.
     */
    private void recordCall(ClientConnection client, String name, byte[][] argv, long nanos, Reply reply) {
        String stat = fullName(name, argv);
        CommandStats stats = server.stats().commandStats();
        boolean failed = false;
        if (reply instanceof Reply.ErrorReply error) {
            server.stats().errorReply(error.text());
            if (error.text().startsWith("ERR unknown subcommand")) {
                return;
            }
            if (error.text().startsWith("ERR wrong number of arguments for '" + stat + "'") && stat.indexOf('|') > 0) {
                stats.rejected(stat);
                return;
            }
            failed = true;
        }
        Diagnostics diagnostics = server.diagnostics();
        stats.called(stat, nanos, failed, diagnostics.latencyTracking());
        if (!name.equals("exec")) { // EXEC is not logged, its commands are (Redis's skip_slowlog flag)
            diagnostics.commandRan(nanos, client, argv);
        }
        if (!server.monitors().isEmpty() && !fedBeforeRunning(name)) {
            server.monitors().feed(stat, name, client, argv);
        }
    }

    /** A script command run outside MULTI was fed to monitors before it ran (executeInKeyspace). */
    private boolean fedBeforeRunning(String name) {
        if (server.scripting() == null) {
            return false;
        }
        CommandSpec spec = keyspace.commands().lookup(name.getBytes(StandardCharsets.ISO_8859_1));
        return spec != null && spec.flags().contains(CommandFlag.SCRIPT);
    }

    /** Redis's c->woff: WAIT waits for the offset after this client's last write. */
    private void noteWrite(ClientConnection client, CommandResult result) {
        if (!result.propagated().isEmpty()) {
            client.writeOffset = keyspace.propagationSink().offset();
        }
    }

    private Reply runServerCommand(ServerCommand command, ClientConnection client, byte[][] argv,
                                   boolean inTransaction) {
        Reply reply;
        long start = System.nanoTime();
        try {
            reply = command.body().execute(client, argv, inTransaction);
        } catch (RedisError e) {
            reply = Reply.error(e.text());
        }
        recordCall(client, command.name(), argv, System.nanoTime() - start, reply);
        return reply;
    }

    /** Renders an argument for error texts the way Redis prints %s of an sds (bytes as they are). */
    static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }
}
